package cosell

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// HistoryLeaves names every leaf of a record by its path, with the
// service's fields beside the body; DiffLeaves lists what differs, sorted.
func TestHistoryLeaves(t *testing.T) {
	o := &Opportunity{Catalog: "Sandbox", ID: "O1", Owner: "111111111111", LastModifiedDate: time.Date(2026, 1, 2, 3, 4, 5, 600e6, time.UTC),
		Body: Object{
			{"Project", Object{{"Title", "Lake"}, {"ExpectedCustomerSpend", []any{Object{{"Amount", "100"}, {"CurrencyCode", "USD"}}}}}},
			{"Customer", Object{{"Account", Object{{"Address", Object{{"City", "Austin"}}}}}}},
			{"PrimaryNeedsFromAws", []any{"Co-Sell - Architectural Validation"}},
			{"Flag", true}, {"Count", Number("3")}, {"Gone", nil},
		},
		OpportunityTeam: []any{Object{{"Email", "a@example.com"}}},
		Tags:            []any{Object{{"Key", "k"}, {"Value", "v"}}},
		Related:         Related{Solutions: []string{"S-1"}, AwsProducts: []string{"p-1", "p-2"}},
	}
	want := []HistoryLeaf{
		{"Project.Title", "Lake"}, {"Project.ExpectedCustomerSpend[0].Amount", "100"}, {"Project.ExpectedCustomerSpend[0].CurrencyCode", "USD"},
		{"Customer.Account.Address.City", "Austin"}, {"PrimaryNeedsFromAws[0]", "Co-Sell - Architectural Validation"},
		{"Flag", "true"}, {"Count", "3"}, {"Owner", "111111111111"}, {"LastModifiedDate", "2026-01-02T03:04:05.600Z"},
		{"OpportunityTeam[0].Email", "a@example.com"}, {"Tags[0].Key", "k"}, {"Tags[0].Value", "v"},
		{"RelatedEntityIdentifiers.AwsProducts[0]", "p-1"}, {"RelatedEntityIdentifiers.AwsProducts[1]", "p-2"}, {"RelatedEntityIdentifiers.Solutions[0]", "S-1"},
	}
	if diff := cmp.Diff(want, HistoryLeaves(o)); diff != "" {
		t.Errorf("HistoryLeaves (-want +got):\n%s", diff)
	}
}

func TestDiffLeaves(t *testing.T) {
	type L = HistoryLeaf
	for _, tc := range []struct {
		name     string
		old, cur []HistoryLeaf
		want     []HistoryChange
	}{
		{name: "a create", cur: []L{{"b", "2"}, {"a", "1"}}, want: []HistoryChange{{Path: "a", New: "1"}, {Path: "b", New: "2"}}},
		{name: "no change", old: []L{{"a", "1"}}, cur: []L{{"a", "1"}}},
		{name: "a value changed in place", old: []L{{"b", "1"}, {"a", "1"}}, cur: []L{{"b", "2"}, {"a", "1"}},
			want: []HistoryChange{{Path: "b", Old: "1", New: "2"}}},
		{name: "changed, added, removed", old: []L{{"a", "1"}, {"gone", "x"}}, cur: []L{{"a", "2"}, {"new", "y"}},
			want: []HistoryChange{{Path: "a", Old: "1", New: "2"}, {Path: "gone", Old: "x"}, {Path: "new", New: "y"}}},
		{name: "a member inserted before others", old: []L{{"a", "1"}, {"c", "3"}, {"d", "4"}}, cur: []L{{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "5"}},
			want: []HistoryChange{{Path: "b", New: "2"}, {Path: "d", Old: "4", New: "5"}}},
		{name: "the same leaves in another order", old: []L{{"a", "1"}, {"b", "2"}}, cur: []L{{"b", "2"}, {"a", "1"}}},
		{name: "everything removed", old: []L{{"a", "1"}}, want: []HistoryChange{{Path: "a", Old: "1"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if d := cmp.Diff(tc.want, DiffLeaves(tc.old, tc.cur)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
