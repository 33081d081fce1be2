//go:build postgres

package postgres_test

import (
	"context"
	"flag"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/postgres"
	"github.com/cosell/cosell/storetest"
)

// benchRows sizes the listing benchmark's table. The schema bench_<rows>
// is kept between runs (seeding a million rows takes minutes); drop it by
// hand or with scripts/pg-stop.sh.
//
//	go test -tags postgres -run '^$' -bench List -pg.rows 1000000 ./postgres/
var benchRows = flag.Int("pg.rows", 100_000, "rows in the ListOpportunities benchmark table")

var benchStages = []string{"Prospect", "Qualified", "Technical Validation", "Business Validation", "Committed", "Launched", "Closed Lost"}

func benchRecord(i int) *cosell.Opportunity {
	t := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	created := t.Add(time.Duration(i) * time.Second)
	life := cosell.Object{
		{Name: "Stage", Value: benchStages[i%len(benchStages)]},
		{Name: "ReviewStatus", Value: "Pending Submission"},
		{Name: "TargetCloseDate", Value: created.AddDate(0, 6, i%90).Format(time.DateOnly)},
	}
	return &cosell.Opportunity{
		Catalog:          []string{"AWS", "Sandbox"}[i%5/4], // 80% AWS
		CreatedDate:      created,
		LastModifiedDate: created.Add(time.Duration(i*7919%86400) * time.Second),
		Origin:           "Partner Referral",
		Body: cosell.Object{
			{Name: "Customer", Value: cosell.Object{{Name: "Account", Value: cosell.Object{
				{Name: "CompanyName", Value: fmt.Sprintf("Company %07d", i*104729%1_000_003)},
				{Name: "Industry", Value: "Software and Internet"},
			}}}},
			{Name: "Project", Value: cosell.Object{{Name: "Title", Value: fmt.Sprintf("Project %d", i)}}},
			{Name: "LifeCycle", Value: life},
		},
	}
}

func benchStore(b *testing.B) *postgres.Store {
	b.Helper()
	ctx := context.Background()
	schema := fmt.Sprintf("bench_%d", *benchRows)
	s, err := postgres.Open(ctx, testURL(b), postgres.Options{Schema: schema})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	var have int
	if err := adminPool(b).QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{schema, "opportunities"}.Sanitize()).Scan(&have); err != nil {
		b.Fatal(err)
	}
	const batch = 5000
	for i := have; i < *benchRows; i += batch {
		opps := make([]*cosell.Opportunity, 0, batch)
		for j := i; j < min(i+batch, *benchRows); j++ {
			opps = append(opps, benchRecord(j))
		}
		if err := s.CreateOpportunities(ctx, opps); err != nil {
			b.Fatal(err)
		}
	}
	if have < *benchRows {
		if _, err := adminPool(b).Exec(ctx, `ANALYZE `+pgx.Identifier{schema, "opportunities"}.Sanitize()); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

// BenchmarkList times one page of 100, first and deep (after a cursor
// halfway through), for every sort, with and without a stage filter. The
// target is ≤ 20 ms per page at 1,000,000 rows.
func BenchmarkList(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	sorts := []cosell.OpportunitySortName{cosell.SortByLastModifiedDate, cosell.SortByIdentifier, cosell.SortByCompanyName, cosell.SortByCreatedDate, cosell.SortByTargetCloseDate}
	filters := []struct {
		name   string
		stages []string
	}{
		{"all", nil},
		{"stage", []string{"Qualified"}},
		{"two-stages", []string{"Qualified", "Committed"}},
	}
	// A deep page is a later page of a pass: it reads as of the pass's
	// snapshot (docs/sync.md), as a NextToken asks for it.
	first, err := s.ListOpportunities(ctx, cosell.ListQuery{Catalog: "AWS", Limit: 1})
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range filters {
		for _, by := range sorts {
			for _, deep := range []bool{false, true} {
				q := cosell.ListQuery{Catalog: "AWS", Stages: f.stages, SortBy: by, Descending: true, Limit: 100}
				if deep {
					mid := benchRecord(*benchRows / 2)
					mid.ID = cosell.FormatID(cosell.FirstID + int64(*benchRows/2))
					q.After = &cosell.Cursor{Key: cosell.SortKey(mid, by), ID: mid.IDNumber()}
					q.AsOf = first.AsOf
				}
				b.Run(fmt.Sprintf("%s/%s/deep=%v", f.name, by, deep), func(b *testing.B) {
					for b.Loop() {
						got, err := storetest.Records(s.ListOpportunities(ctx, q))
						if err != nil {
							b.Fatal(err)
						}
						if len(got) != 100 {
							b.Fatalf("%d records, want a full page", len(got))
						}
					}
				})
			}
		}
	}
}
