package sqlite_test

import (
	"testing"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/sqlite"
	"github.com/google/go-cmp/cmp"
)

// GetItem (cosell.ItemReader) answers what ViewItems' Get answers: the
// committed item, or nil for none, on a file and on ":memory:".
func TestGetItemMatchesViewItems(t *testing.T) {
	mem, err := sqlite.Open(":memory:", sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mem.Close() })
	for _, tc := range []struct {
		name  string
		store *sqlite.Store
	}{
		{"file", openFile(t, sqlite.Options{})},
		{"memory", mem},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			if err := tc.store.UpdateItems(ctx, func(tx cosell.ItemTx) error {
				return tx.Put(&cosell.Item{Kind: cosell.KindOpportunityLink, Catalog: "AWS", ID: "O1", Doc: []byte(`{"EngagementID":"eng-1"}`)})
			}); err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{"O1", "O2"} {
				got, err := tc.store.GetItem(ctx, cosell.KindOpportunityLink, "AWS", id)
				if err != nil {
					t.Fatal(err)
				}
				var want *cosell.Item
				if err := tc.store.ViewItems(ctx, func(tx cosell.ItemTx) error {
					want, err = tx.Get(cosell.KindOpportunityLink, "AWS", id)
					return err
				}); err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(want, got); d != "" {
					t.Errorf("%s: GetItem differs from ViewItems (-view +get):\n%s", id, d)
				}
			}
			if got, _ := tc.store.GetItem(ctx, cosell.KindOpportunityLink, "Sandbox", "O1"); got != nil {
				t.Errorf("another catalog's item: %v", got)
			}
		})
	}
}
