package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/sqlite"
	"github.com/cosell/cosell/storetest"
)

func bulkRecord(stage, company string) *cosell.Opportunity {
	t := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	return &cosell.Opportunity{
		Catalog: "AWS", CreatedDate: t, LastModifiedDate: t, Origin: "Partner Referral",
		Body: cosell.Object{
			{Name: "Customer", Value: cosell.Object{{Name: "Account", Value: cosell.Object{{Name: "CompanyName", Value: company}}}}},
			{Name: "LifeCycle", Value: cosell.Object{{Name: "Stage", Value: stage}}},
		},
	}
}

// CreateOpportunities shares CreateOpportunity's identifier counter, writes
// the indexed columns (a stage filter finds the records) and stores every
// record of the batch.
func TestCreateOpportunities(t *testing.T) {
	ctx := context.Background()
	s := openFile(t, sqlite.Options{})
	defer s.Close()
	first, err := s.CreateOpportunity(ctx, bulkRecord("Prospect", "Before"), "", "")
	if err != nil {
		t.Fatal(err)
	}
	batch := []*cosell.Opportunity{bulkRecord("Qualified", "A"), bulkRecord("Committed", "B"), bulkRecord("Qualified", "C")}
	if err := s.CreateOpportunities(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateOpportunities(ctx, nil); err != nil {
		t.Fatalf("empty batch: %v", err)
	}
	last, err := s.CreateOpportunity(ctx, bulkRecord("Prospect", "After"), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := last.IDNumber(), first.IDNumber()+4; got != want {
		t.Errorf("identifier after the batch = %d, want %d", got, want)
	}
	for i, company := range []string{"A", "B", "C"} {
		o, err := s.GetOpportunity(ctx, "AWS", cosell.FormatID(first.IDNumber()+1+int64(i)))
		if err != nil {
			t.Fatal(err)
		}
		if o.CompanyName() != company {
			t.Errorf("record %d: company %q, want %q", i, o.CompanyName(), company)
		}
	}
	qualified, err := storetest.Records(s.ListOpportunities(ctx, cosell.ListQuery{Catalog: "AWS", Stages: []string{"Qualified"}, SortBy: cosell.SortByIdentifier, Limit: 10}))
	if err != nil {
		t.Fatal(err)
	}
	if len(qualified) != 2 || qualified[0].CompanyName() != "A" || qualified[1].CompanyName() != "C" {
		t.Errorf("stage filter found %d records, want A and C", len(qualified))
	}
}
