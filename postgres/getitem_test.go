//go:build postgres

package postgres_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell"
)

// GetItem (cosell.ItemReader) answers what ViewItems' Get answers: the
// committed item, or nil for none.
func TestGetItemMatchesViewItems(t *testing.T) {
	s := openSchema(t, freshSchema(t))
	ctx := t.Context()
	if err := s.UpdateItems(ctx, func(tx cosell.ItemTx) error {
		return tx.Put(&cosell.Item{Kind: cosell.KindOpportunityLink, Catalog: "AWS", ID: "O1", Doc: []byte(`{"EngagementID":"eng-1"}`)})
	}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"O1", "O2"} {
		got, err := s.GetItem(ctx, cosell.KindOpportunityLink, "AWS", id)
		if err != nil {
			t.Fatal(err)
		}
		var want *cosell.Item
		if err := s.ViewItems(ctx, func(tx cosell.ItemTx) error {
			want, err = tx.Get(cosell.KindOpportunityLink, "AWS", id)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s: GetItem differs from ViewItems (-view +get):\n%s", id, d)
		}
	}
	if got, err := s.GetItem(ctx, cosell.KindOpportunityLink, "Sandbox", "O1"); got != nil || err != nil {
		t.Errorf("another catalog's item: %v, %v", got, err)
	}
}
