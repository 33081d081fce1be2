package seed

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/memory"
	"github.com/cosell/cosell/storetest"
)

var now = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

// Load writes exactly Count records, each one a valid opportunity that the
// service can read and update, with every Stage represented.
func TestLoad(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		count, batch, workers int
	}{
		{name: "one partial batch", count: 7, batch: 10, workers: 1},
		{name: "several batches, two workers", count: 700, batch: 64, workers: 2},
		{name: "exact batches", count: 300, batch: 100, workers: 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := memory.New()
			var progress int
			err := Load(context.Background(), store, Options{Count: tc.count, Batch: tc.batch, Workers: tc.workers, Now: now,
				Progress: func(n int) { progress += n }})
			if err != nil {
				t.Fatal(err)
			}
			if progress != tc.count {
				t.Errorf("progress reported %d, want %d", progress, tc.count)
			}
			got := 0
			stages := map[string]int{}
			for _, catalog := range cosell.Catalog("").Values() {
				recs, err := storetest.Records(store.ListOpportunities(context.Background(), cosell.ListQuery{Catalog: string(catalog), SortBy: cosell.SortByIdentifier, Limit: tc.count + 1}))
				if err != nil {
					t.Fatal(err)
				}
				got += len(recs)
				for _, o := range recs {
					stages[o.Stage()]++
					if o.ReviewStatus() != string(cosell.StatusPendingSubmission) {
						t.Errorf("%s: ReviewStatus %q", o.ID, o.ReviewStatus())
					}
					if o.CreatedDate.After(now) || o.CreatedDate.Before(now.Add(-span)) {
						t.Errorf("%s: CreatedDate %s outside the two years before %s", o.ID, o.CreatedDate, now)
					}
				}
			}
			if got != tc.count {
				t.Errorf("stored %d records, want %d", got, tc.count)
			}
			if tc.count >= 300 && len(stages) != len(cosell.Stage("").Values()) {
				t.Errorf("stages seen %v, want all of %v", stages, cosell.Stage("").Values())
			}
		})
	}
}

// A generated record is what CreateOpportunity stores: the service accepts
// an update that sends it back, and Get renders it.
func TestGeneratedRecordIsUpdatable(t *testing.T) {
	store := memory.New()
	if err := Load(context.Background(), store, Options{Count: 50, Workers: 1, Now: now}); err != nil {
		t.Fatal(err)
	}
	svc := cosell.NewService(store, cosell.ServiceConfig{})
	recs, err := storetest.Records(store.ListOpportunities(context.Background(), cosell.ListQuery{Catalog: "AWS", SortBy: cosell.SortByIdentifier, Limit: 50}))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 {
		t.Fatal("no AWS records")
	}
	for _, o := range recs {
		got, err := svc.GetOpportunity(context.Background(), cosell.Object{{Name: "Catalog", Value: "AWS"}, {Name: "Identifier", Value: o.ID}})
		if err != nil {
			t.Fatalf("get %s: %v", o.ID, err)
		}
		req := cosell.Object{{Name: "Catalog", Value: "AWS"}, {Name: "Identifier", Value: o.ID}, {Name: "LastModifiedDate", Value: got.Str("LastModifiedDate")}}
		for _, f := range o.Body {
			if f.Name != "LifeCycle" {
				req = append(req, f)
			}
		}
		life := cosell.Clone(o.Body.Obj("LifeCycle")).(cosell.Object)
		life.Delete("NextStepsHistory")
		life.Set("NextSteps", "seeded record updated")
		req = append(req, cosell.Field{Name: "LifeCycle", Value: life})
		if _, err := svc.UpdateOpportunity(context.Background(), req); err != nil {
			t.Errorf("update %s (stage %s): %v", o.ID, o.Stage(), err)
		}
	}
}

// The same index gives the same request; different indexes differ.
func TestRequestDeterministic(t *testing.T) {
	g1, err := NewGenerator(now, 1000)
	if err != nil {
		t.Fatal(err)
	}
	g2, _ := NewGenerator(now, 1000)
	if diff := cmp.Diff(g1.Request(42), g2.Request(42)); diff != "" {
		t.Errorf("Request(42) differs between generators (-g1 +g2):\n%s", diff)
	}
	if cmp.Equal(g1.Request(42), g1.Request(43)) {
		t.Error("Request(42) == Request(43)")
	}
}

func BenchmarkGenerate(b *testing.B) {
	g, err := NewGenerator(now, b.N)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		if _, err := g.Opportunity(i); err != nil {
			b.Fatal(err)
		}
	}
}
