package storetest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp"
)

// listFixture is the data set of the listing tests. Records are created in
// this order, so identifier order is label order within a catalog; the
// values tie on purpose (modified 500, created 20 and 40, close
// 2026-01-10, company names differing only in case) so that the
// identifier tie-break is visible. Owners: "" (records stored before
// owners existed) for a, e and y; 111111111111 for b, d, g and x;
// 222222222222 for c and f.
var listFixture = []struct {
	label string
	spec  spec
}{
	{"a", spec{catalog: "AWS", stage: "Prospect", review: "Pending Submission", company: "Acme", close: "2026-01-10", created: 0, modified: 500}},
	{"x", spec{owner: "111111111111", catalog: "Sandbox", stage: "Prospect", review: "Pending Submission", company: "Acme", close: "2026-01-10", created: 5, modified: 400}},
	{"b", spec{owner: "111111111111", catalog: "AWS", stage: "Qualified", review: "Submitted", company: "acme", close: "2026-02-01", created: 10, modified: 100}},
	{"c", spec{owner: "222222222222", catalog: "AWS", stage: "Prospect", review: "Approved", company: "Beta Corp", close: "", created: 20, modified: 500}},
	{"y", spec{catalog: "Sandbox", stage: "Qualified", review: "Approved", company: "Acme", close: "2026-02-01", created: 15, modified: 600}},
	{"d", spec{owner: "111111111111", catalog: "AWS", stage: "Committed", review: "In review", company: "ACME", close: "2026-01-10", created: 20, modified: 300}},
	{"e", spec{catalog: "AWS", stage: "Prospect", review: "Pending Submission", company: "", close: "2025-12-31", created: 30, modified: 50}},
	{"f", spec{owner: "222222222222", catalog: "AWS", stage: "Launched", review: "Approved", company: "Zeta", close: "2026-03-01", created: 40, modified: 500}},
	{"g", spec{owner: "111111111111", catalog: "AWS", stage: "Qualified", review: "Pending Submission", company: "beta corp", close: "2026-01-09", created: 40, modified: 200}},
}

// listed is a store holding listFixture, with maps between labels and ids.
type listed struct {
	s     cosell.Store
	id    map[string]string // label → id
	label map[string]string // id → label
}

func loadListFixture(t *testing.T, s cosell.Store) *listed {
	l := &listed{s: s, id: map[string]string{}, label: map[string]string{}}
	for _, f := range listFixture {
		o := mustCreate(t, s, opp(f.spec))
		l.id[f.label], l.label[o.ID] = o.ID, f.label
	}
	return l
}

// labels lists q's result as fixture labels, in result order.
func (l *listed) labels(t *testing.T, q cosell.ListQuery) []string {
	t.Helper()
	got, err := Records(l.s.ListOpportunities(ctx(t), q))
	if err != nil {
		t.Fatalf("ListOpportunities(%+v): %v", q, err)
	}
	out := make([]string, len(got))
	for i, o := range got {
		out[i] = l.label[o.ID]
		if out[i] == "" {
			out[i] = "?" + o.ID
		}
	}
	return out
}

func testList(t *testing.T, open func(*testing.T) cosell.Store) {
	l := loadListFixture(t, open(t))
	t.Run("Filters", func(t *testing.T) { testFilters(t, l) })
	t.Run("Sort", func(t *testing.T) { testSort(t, l) })
	t.Run("Pages", func(t *testing.T) { testPages(t, l) })
}

func testFilters(t *testing.T, l *listed) {
	tests := []struct {
		name string
		q    cosell.ListQuery
		want []string // labels, any order
	}{
		{name: "no filter", q: cosell.ListQuery{Catalog: "AWS"}, want: []string{"a", "b", "c", "d", "e", "f", "g"}},
		{name: "other catalog", q: cosell.ListQuery{Catalog: "Sandbox"}, want: []string{"x", "y"}},
		{name: "unknown catalog", q: cosell.ListQuery{Catalog: "Nope"}, want: nil},
		{name: "empty filter lists match everything", q: cosell.ListQuery{Catalog: "AWS", Identifiers: []string{}, Stages: []string{}, ReviewStatuses: []string{}, CompanyNames: []string{}}, want: []string{"a", "b", "c", "d", "e", "f", "g"}},
		{name: "identifiers stay in their catalog", q: cosell.ListQuery{Catalog: "AWS", Identifiers: []string{"@a", "@c", "@x"}}, want: []string{"a", "c"}},
		{name: "unknown and malformed identifiers match nothing", q: cosell.ListQuery{Catalog: "AWS", Identifiers: []string{"nope", cosell.FormatID(cosell.FirstID + 1000), "@b"}}, want: []string{"b"}},
		{name: "one stage", q: cosell.ListQuery{Catalog: "AWS", Stages: []string{"Prospect"}}, want: []string{"a", "c", "e"}},
		{name: "stages OR", q: cosell.ListQuery{Catalog: "AWS", Stages: []string{"Prospect", "Committed"}}, want: []string{"a", "c", "d", "e"}},
		{name: "stage not present", q: cosell.ListQuery{Catalog: "AWS", Stages: []string{"Closed Lost"}}, want: nil},
		{name: "one review status", q: cosell.ListQuery{Catalog: "AWS", ReviewStatuses: []string{"Approved"}}, want: []string{"c", "f"}},
		{name: "review statuses OR", q: cosell.ListQuery{Catalog: "AWS", ReviewStatuses: []string{"In review", "Submitted"}}, want: []string{"b", "d"}},
		{name: "review status is case-sensitive", q: cosell.ListQuery{Catalog: "AWS", ReviewStatuses: []string{"In Review"}}, want: nil},
		{name: "company name ignores case", q: cosell.ListQuery{Catalog: "AWS", CompanyNames: []string{"ACME"}}, want: []string{"a", "b", "d"}},
		{name: "company names OR", q: cosell.ListQuery{Catalog: "AWS", CompanyNames: []string{"beta CORP", "zeta"}}, want: []string{"c", "f", "g"}},
		{name: "company name is exact", q: cosell.ListQuery{Catalog: "AWS", CompanyNames: []string{"Acm", "Acme "}}, want: nil},
		{name: "modified after is inclusive", q: cosell.ListQuery{Catalog: "AWS", ModifiedAfter: at(300)}, want: []string{"a", "c", "d", "f"}},
		{name: "modified before is exclusive", q: cosell.ListQuery{Catalog: "AWS", ModifiedBefore: at(300)}, want: []string{"b", "e", "g"}},
		{name: "modified range", q: cosell.ListQuery{Catalog: "AWS", ModifiedAfter: at(100), ModifiedBefore: at(500)}, want: []string{"b", "d", "g"}},
		{name: "modified bound in another zone", q: cosell.ListQuery{Catalog: "AWS", ModifiedAfter: at(300).In(otherZone)}, want: []string{"a", "c", "d", "f"}},
		{name: "created after is inclusive", q: cosell.ListQuery{Catalog: "AWS", CreatedAfter: at(20)}, want: []string{"c", "d", "e", "f", "g"}},
		{name: "created before is exclusive", q: cosell.ListQuery{Catalog: "AWS", CreatedBefore: at(20)}, want: []string{"a", "b"}},
		{name: "created range", q: cosell.ListQuery{Catalog: "AWS", CreatedAfter: at(10), CreatedBefore: at(40)}, want: []string{"b", "c", "d", "e"}},
		{name: "close after is inclusive and skips records without a date", q: cosell.ListQuery{Catalog: "AWS", CloseAfter: "2026-01-10"}, want: []string{"a", "b", "d", "f"}},
		{name: "close before is exclusive and skips records without a date", q: cosell.ListQuery{Catalog: "AWS", CloseBefore: "2026-01-10"}, want: []string{"e", "g"}},
		{name: "close range", q: cosell.ListQuery{Catalog: "AWS", CloseAfter: "2026-01-01", CloseBefore: "2026-02-01"}, want: []string{"a", "d", "g"}},
		{name: "filters AND", q: cosell.ListQuery{Catalog: "AWS", Stages: []string{"Prospect"}, CompanyNames: []string{"acme"}}, want: []string{"a"}},
		{name: "status and time AND", q: cosell.ListQuery{Catalog: "AWS", ReviewStatuses: []string{"Pending Submission"}, ModifiedAfter: at(100)}, want: []string{"a", "g"}},
		{name: "one owner", q: cosell.ListQuery{Catalog: "AWS", Owners: []string{"111111111111"}}, want: []string{"b", "d", "g"}},
		{name: "the empty owner", q: cosell.ListQuery{Catalog: "AWS", Owners: []string{""}}, want: []string{"a", "e"}},
		{name: "owners OR, with the empty owner", q: cosell.ListQuery{Catalog: "AWS", Owners: []string{"111111111111", ""}}, want: []string{"a", "b", "d", "e", "g"}},
		{name: "every owner named", q: cosell.ListQuery{Catalog: "AWS", Owners: []string{"", "111111111111", "222222222222"}}, want: []string{"a", "b", "c", "d", "e", "f", "g"}},
		{name: "empty owner list matches everything", q: cosell.ListQuery{Catalog: "AWS", Owners: []string{}}, want: []string{"a", "b", "c", "d", "e", "f", "g"}},
		{name: "owner is exact", q: cosell.ListQuery{Catalog: "AWS", Owners: []string{"11111111111", "111111111111 "}}, want: nil},
		{name: "unknown owner", q: cosell.ListQuery{Catalog: "AWS", Owners: []string{"999999999999"}}, want: nil},
		{name: "owner stays in its catalog", q: cosell.ListQuery{Catalog: "Sandbox", Owners: []string{"111111111111"}}, want: []string{"x"}},
		{name: "owner and stage AND", q: cosell.ListQuery{Catalog: "AWS", Owners: []string{"111111111111"}, Stages: []string{"Qualified"}}, want: []string{"b", "g"}},
		{name: "owners and stages AND", q: cosell.ListQuery{Catalog: "AWS", Owners: []string{"222222222222", ""}, Stages: []string{"Prospect", "Launched"}}, want: []string{"a", "c", "e", "f"}},
		{name: "owner and time AND", q: cosell.ListQuery{Catalog: "AWS", Owners: []string{"111111111111"}, ModifiedAfter: at(200)}, want: []string{"d", "g"}},
		{name: "everything AND", q: cosell.ListQuery{Catalog: "AWS", Identifiers: []string{"@a", "@b", "@d"}, Stages: []string{"Prospect", "Committed"}, ReviewStatuses: []string{"In review"},
			CompanyNames: []string{"acme"}, ModifiedAfter: at(300), ModifiedBefore: at(301), CreatedAfter: at(20), CreatedBefore: at(21), CloseAfter: "2026-01-10", CloseBefore: "2026-01-11"}, want: []string{"d"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q
			q.Identifiers = nil
			if tc.q.Identifiers != nil {
				q.Identifiers = []string{}
			}
			for _, id := range tc.q.Identifiers {
				if len(id) > 1 && id[0] == '@' {
					id = l.id[id[1:]]
				}
				q.Identifiers = append(q.Identifiers, id)
			}
			got := l.labels(t, q)
			slices.Sort(got)
			if diff := cmp.Diff(tc.want, got, cmpEmpty); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// ascending is the order of the AWS records for each sort key, ties broken
// by identifier; descending is its exact reverse.
var ascending = map[cosell.OpportunitySortName][]string{
	cosell.SortByLastModifiedDate: {"e", "b", "g", "d", "a", "c", "f"},
	cosell.SortByIdentifier:       {"a", "b", "c", "d", "e", "f", "g"},
	cosell.SortByCompanyName:      {"e", "a", "b", "d", "c", "g", "f"}, // "" first; acme ×3 by id
	cosell.SortByCreatedDate:      {"a", "b", "c", "d", "e", "f", "g"},
	cosell.SortByTargetCloseDate:  {"c", "e", "g", "a", "d", "b", "f"}, // no date first
}

// sortKeys is every sort key of the model, plus "" (LastModifiedDate).
func sortKeys(t *testing.T) []cosell.OpportunitySortName {
	keys := append(cosell.OpportunitySortName("").Values(), "")
	for _, k := range keys[:len(keys)-1] {
		if ascending[k] == nil {
			t.Fatalf("storetest has no expected order for sort key %q", k)
		}
	}
	return keys
}

func expectedOrder(by cosell.OpportunitySortName, desc bool) []string {
	if by == "" {
		by = cosell.SortByLastModifiedDate
	}
	want := slices.Clone(ascending[by])
	if desc {
		slices.Reverse(want)
	}
	return want
}

func testSort(t *testing.T, l *listed) {
	for _, by := range sortKeys(t) {
		for _, desc := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/desc=%v", by, desc), func(t *testing.T) {
				got := l.labels(t, cosell.ListQuery{Catalog: "AWS", SortBy: by, Descending: desc})
				if diff := cmp.Diff(expectedOrder(by, desc), got); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			})
		}
	}
	t.Run("filtered and sorted", func(t *testing.T) {
		got := l.labels(t, cosell.ListQuery{Catalog: "AWS", Stages: []string{"Prospect", "Qualified"}, SortBy: cosell.SortByLastModifiedDate, Descending: true})
		if diff := cmp.Diff([]string{"c", "a", "g", "b", "e"}, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	limits := []struct {
		name  string
		limit int
		want  []string
	}{
		{name: "limit 1", limit: 1, want: []string{"e"}},
		{name: "limit 3", limit: 3, want: []string{"e", "b", "g"}},
		{name: "limit above count", limit: 100, want: ascending[cosell.SortByLastModifiedDate]},
		{name: "limit 0 is no limit", limit: 0, want: ascending[cosell.SortByLastModifiedDate]},
	}
	for _, tc := range limits {
		t.Run(tc.name, func(t *testing.T) {
			got := l.labels(t, cosell.ListQuery{Catalog: "AWS", SortBy: cosell.SortByLastModifiedDate, Limit: tc.limit})
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// testPages walks every sort order in pages, each starting after the last
// record of the one before, and expects every record exactly once in order.
func testPages(t *testing.T, l *listed) {
	filtered := []struct {
		name   string
		q      cosell.ListQuery
		expect func(by cosell.OpportunitySortName, desc bool) []string
	}{
		{name: "all", q: cosell.ListQuery{Catalog: "AWS"}, expect: expectedOrder},
		{name: "stages", q: cosell.ListQuery{Catalog: "AWS", Stages: []string{"Prospect", "Qualified"}}, expect: func(by cosell.OpportunitySortName, desc bool) []string {
			return slices.DeleteFunc(expectedOrder(by, desc), func(s string) bool { return s == "d" || s == "f" })
		}},
		{name: "owners", q: cosell.ListQuery{Catalog: "AWS", Owners: []string{"111111111111", ""}}, expect: func(by cosell.OpportunitySortName, desc bool) []string {
			return slices.DeleteFunc(expectedOrder(by, desc), func(s string) bool { return s == "c" || s == "f" })
		}},
		{name: "owners and stages", q: cosell.ListQuery{Catalog: "AWS", Owners: []string{"111111111111", ""}, Stages: []string{"Prospect", "Qualified"}}, expect: func(by cosell.OpportunitySortName, desc bool) []string {
			return slices.DeleteFunc(expectedOrder(by, desc), func(s string) bool { return s == "c" || s == "d" || s == "f" })
		}},
	}
	for _, f := range filtered {
		for _, by := range sortKeys(t) {
			for _, desc := range []bool{false, true} {
				for _, size := range []int{1, 2, 3, 7} {
					t.Run(fmt.Sprintf("%s/%s/desc=%v/size=%d", f.name, by, desc, size), func(t *testing.T) {
						q := f.q
						q.SortBy, q.Descending, q.Limit = by, desc, size
						var all []string
						for page := 0; ; page++ {
							if page > 10 {
								t.Fatalf("still paging after %d pages: %v", page, all)
							}
							got, err := Records(l.s.ListOpportunities(ctx(t), q))
							if err != nil {
								t.Fatal(err)
							}
							if len(got) > size {
								t.Fatalf("page %d has %d records, limit %d", page, len(got), size)
							}
							for _, o := range got {
								all = append(all, l.label[o.ID])
							}
							if len(got) < size {
								break
							}
							last := got[len(got)-1]
							q.After = &cosell.Cursor{Key: cosell.SortKey(last, by), ID: last.IDNumber()}
						}
						if diff := cmp.Diff(f.expect(by, desc), all); diff != "" {
							t.Errorf("pages joined (-want +got):\n%s", diff)
						}
					})
				}
			}
		}
	}
}
