package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp"
)

// testSnapshot pins the paging guarantee of cosell.Store.ListOpportunities
// (docs/sync.md): the pages of one pass, all read at the first page's
// snapshot, return every record of that snapshot exactly once, in the
// order and in the versions they had then, whatever is written meanwhile;
// records created after the snapshot are not listed.
func testSnapshot(t *testing.T, open func(*testing.T) cosell.Store) {
	s := open(t)
	if k := s.TokenKey(); len(k) < 16 {
		t.Errorf("TokenKey is %d bytes, want at least 16", len(k))
	}
	t.Run("Interleaved", func(t *testing.T) { testSnapshotInterleaved(t, s) })
	t.Run("Filtered", func(t *testing.T) { testSnapshotFiltered(t, s) })
	t.Run("Owner", func(t *testing.T) { testSnapshotOwner(t, s) })
	t.Run("ConcurrentWriters", func(t *testing.T) { testSnapshotConcurrent(t, s) })
}

// pass pages through q with page size size, calling between with every
// page's records (last reports the last page); it returns the records in
// the order listed.
func pass(t *testing.T, s cosell.Store, q cosell.ListQuery, size int, between func(page int, got []*cosell.Opportunity, last bool)) []*cosell.Opportunity {
	t.Helper()
	q.Limit = size
	var all []*cosell.Opportunity
	for page := 0; ; page++ {
		if page > 1000 {
			t.Fatalf("still paging after %d pages", page)
		}
		got, err := s.ListOpportunities(ctx(t), q)
		if err != nil {
			t.Fatalf("page %d: %v", page, err)
		}
		if len(got.Records) != len(got.Positions) {
			t.Fatalf("page %d: %d records, %d positions", page, len(got.Records), len(got.Positions))
		}
		all = append(all, got.Records...)
		last := len(got.Records) < size
		if between != nil {
			between(page, got.Records, last)
		}
		if last {
			return all
		}
		if q.AsOf == "" {
			if got.AsOf == "" {
				t.Fatalf("page %d: a full first page names no snapshot", page)
			}
			q.AsOf = got.AsOf
		}
		q.After = &got.Positions[len(got.Positions)-1]
	}
}

func ids(os []*cosell.Opportunity) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.ID
	}
	return out
}

// churn rewrites o's every sort and filter column: a later
// LastModifiedDate, another company, close date and stage.
func churn(o *cosell.Opportunity, round int) {
	o.LastModifiedDate = o.LastModifiedDate.Add(100 * time.Second)
	setStage(o, []string{"Qualified", "Prospect", "Technical Validation"}[round%3])
	o.Body.Set("Customer", cosell.Object{{Name: "Account", Value: cosell.Object{{Name: "CompanyName", Value: fmt.Sprintf("%c churned %d", 'A'+rune(round%26), round)}}}})
	life := o.Body.Obj("LifeCycle")
	life.Set("TargetCloseDate", fmt.Sprintf("20%02d-01-01", 30+round%60))
	o.Body.Set("LifeCycle", life)
}

func testSnapshotInterleaved(t *testing.T, s cosell.Store) {
	for _, by := range sortKeys(t) {
		for _, desc := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/desc=%v", by, desc), func(t *testing.T) {
				catalog := fmt.Sprintf("snap-%s-%v", by, desc)
				for i := range 12 {
					mustCreate(t, s, opp(spec{catalog: catalog, stage: "Prospect", company: fmt.Sprintf("co %02d", i),
						close: fmt.Sprintf("2026-01-%02d", 1+i), created: i * 10, modified: 1000 + (i*7)%12}))
				}
				q := cosell.ListQuery{Catalog: catalog, SortBy: by, Descending: desc}
				before, err := s.ListOpportunities(ctx(t), q)
				if err != nil {
					t.Fatal(err)
				}
				want := ids(before.Records)
				round := 0
				then := map[string]time.Time{} // LastModifiedDate of each record at the snapshot
				for _, o := range before.Records {
					then[o.ID] = o.LastModifiedDate
				}
				got := pass(t, s, q, 2, func(page int, got []*cosell.Opportunity, last bool) {
					for _, o := range got {
						if !o.LastModifiedDate.Equal(then[o.ID]) {
							t.Errorf("%s listed at LastModifiedDate %v; it was %v at the snapshot", o.ID, o.LastModifiedDate, then[o.ID])
						}
					}
					if last {
						return
					}
					// Move the next two records to be listed and the last
					// two to the other end of the order, and add a record.
					for _, id := range []string{want[min(len(want)-1, 2*page+2)], want[len(want)-1-page%3]} {
						round++
						if _, err := s.UpdateOpportunity(ctx(t), catalog, id, func(o *cosell.Opportunity) error {
							churn(o, round)
							return nil
						}); err != nil {
							t.Fatal(err)
						}
					}
					mustCreate(t, s, opp(spec{catalog: catalog, stage: "Prospect", company: "new", close: "2026-01-01", modified: 0}))
				})
				if diff := cmp.Diff(want, ids(got)); diff != "" {
					t.Errorf("pass under writes (-as of its first page +got):\n%s", diff)
				}
			})
		}
	}
}

// testSnapshotFiltered: a filter applies to the versions of the snapshot.
func testSnapshotFiltered(t *testing.T, s cosell.Store) {
	const catalog = "snap-filtered"
	var made []string
	for i := range 6 {
		stage := "Prospect"
		if i%2 == 1 {
			stage = "Qualified"
		}
		made = append(made, mustCreate(t, s, opp(spec{catalog: catalog, stage: stage, modified: i})).ID)
	}
	q := cosell.ListQuery{Catalog: catalog, Stages: []string{"Prospect"}, SortBy: cosell.SortByIdentifier}
	got := pass(t, s, q, 1, func(_ int, _ []*cosell.Opportunity, last bool) {
		if last {
			return
		}
		for _, id := range made { // every record swaps stage after each page
			if _, err := s.UpdateOpportunity(ctx(t), catalog, id, func(o *cosell.Opportunity) error {
				setStage(o, map[string]string{"Prospect": "Qualified", "Qualified": "Prospect"}[o.Stage()])
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
	})
	want := []string{made[0], made[2], made[4]}
	if diff := cmp.Diff(want, ids(got)); diff != "" {
		t.Errorf("Prospect as of the first page (-want +got):\n%s", diff)
	}
	for _, o := range got {
		if o.Stage() != "Prospect" {
			t.Errorf("%s listed at stage %q, not in its version of the snapshot", o.ID, o.Stage())
		}
	}
}

// testSnapshotOwner: the owner filter also applies to the versions of the
// snapshot, so a record whose owner changed after the first page is listed
// under the owner it had then, and not under its new one.
func testSnapshotOwner(t *testing.T, s cosell.Store) {
	const catalog = "snap-owner"
	var made []string
	for _, owner := range []string{"p", "p", "q", "", "p"} {
		made = append(made, mustCreate(t, s, opp(spec{catalog: catalog, owner: owner, stage: "Prospect"})).ID)
	}
	moved := false
	give := func(id, owner string) {
		t.Helper()
		if _, err := s.UpdateOpportunity(ctx(t), catalog, id, func(o *cosell.Opportunity) error {
			o.Owner = owner
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	q := cosell.ListQuery{Catalog: catalog, Owners: []string{"p"}, SortBy: cosell.SortByIdentifier}
	got := pass(t, s, q, 1, func(page int, _ []*cosell.Opportunity, last bool) {
		if page != 0 || last {
			return
		}
		// After the first page: p's second record goes to q, q's to p, and
		// the legacy record ("") to p.
		give(made[1], "q")
		give(made[2], "p")
		give(made[3], "p")
		moved = true
	})
	if !moved {
		t.Fatal("the pass ended before the owners changed")
	}
	if diff := cmp.Diff([]string{made[0], made[1], made[4]}, ids(got)); diff != "" {
		t.Errorf("owner p as of the first page (-want +got):\n%s", diff)
	}
	for _, o := range got {
		if o.Owner != "p" {
			t.Errorf("%s listed with Owner %q, not in its version of the snapshot", o.ID, o.Owner)
		}
	}
	// A snapshot, then one more owner change: listings now see it, listings
	// as of the snapshot do not.
	first, err := s.ListOpportunities(ctx(t), cosell.ListQuery{Catalog: catalog, SortBy: cosell.SortByIdentifier, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	asOf := first.AsOf
	give(made[0], "")
	for _, tc := range []struct {
		name   string
		owners []string
		want   []string
	}{
		{name: "now, p", owners: []string{"p"}, want: []string{made[2], made[3], made[4]}},
		{name: "now, q", owners: []string{"q"}, want: []string{made[1]}},
		{name: "now, empty owner", owners: []string{""}, want: []string{made[0]}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Records(s.ListOpportunities(ctx(t), cosell.ListQuery{Catalog: catalog, Owners: tc.owners, SortBy: cosell.SortByIdentifier}))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, ids(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	for _, tc := range []struct {
		name   string
		owners []string
		want   []string
	}{
		{name: "p", owners: []string{"p"}, want: []string{made[0], made[2], made[3], made[4]}},
		{name: "empty owner", owners: []string{""}, want: nil},
		{name: "p or empty owner", owners: []string{"p", ""}, want: []string{made[0], made[2], made[3], made[4]}},
	} {
		t.Run("as of before the last change, "+tc.name, func(t *testing.T) {
			got, err := Records(s.ListOpportunities(ctx(t), cosell.ListQuery{Catalog: catalog, Owners: tc.owners, SortBy: cosell.SortByIdentifier, AsOf: asOf}))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, ids(got), cmpEmpty); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// testSnapshotConcurrent pages through every sort order while writers
// churn the records' sort columns and create more.
func testSnapshotConcurrent(t *testing.T, s cosell.Store) {
	const catalog, records, writers = "snap-concurrent", 40, 4
	var made []string
	for i := range records {
		made = append(made, mustCreate(t, s, opp(spec{catalog: catalog, stage: "Prospect", company: fmt.Sprintf("co %02d", i), close: "2026-02-01", modified: i})).ID)
	}
	known := slices.Clone(made) // every record created before the pass
	for _, by := range sortKeys(t) {
		for _, desc := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/desc=%v", by, desc), func(t *testing.T) {
				c, stop := context.WithCancel(ctx(t))
				var wg sync.WaitGroup
				created := make([]int, writers)
				for w := range writers {
					wg.Go(func() {
						r := rand.New(rand.NewPCG(uint64(w), 7))
						for round := w; c.Err() == nil; round += writers {
							if round%5 == 0 {
								if created[w] < 3 {
									s.CreateOpportunity(c, opp(spec{catalog: catalog, stage: "Prospect", company: "new"}), "", "") //nolint:errcheck // counted below
									created[w]++
								}
								continue
							}
							s.UpdateOpportunity(c, catalog, made[r.IntN(len(made))], func(o *cosell.Opportunity) error { //nolint:errcheck // ends with ctx
								churn(o, round)
								return nil
							})
						}
					})
				}
				got := ids(pass(t, s, cosell.ListQuery{Catalog: catalog, SortBy: by, Descending: desc}, 3, nil))
				stop()
				wg.Wait()
				seen := map[string]int{}
				for _, id := range got {
					seen[id]++
				}
				for _, id := range known {
					if seen[id] != 1 {
						t.Errorf("%s listed %d times, want once", id, seen[id])
					}
				}
				// Every record created during the pass, including those whose
				// create committed but answered the cancellation.
				now, err := Records(s.ListOpportunities(ctx(t), cosell.ListQuery{Catalog: catalog}))
				if err != nil {
					t.Fatal(err)
				}
				extra := slices.DeleteFunc(ids(now), func(id string) bool { return slices.Contains(known, id) })
				for id, n := range seen {
					if !slices.Contains(known, id) && (n != 1 || !slices.Contains(extra, id)) {
						t.Errorf("%s listed %d times: not a record of the pass's snapshot", id, n)
					}
				}
				known = append(known, extra...)
			})
		}
	}
}
