package storetest

import (
	"errors"
	"sync"
	"testing"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp"
)

// testAlso pins cosell.Opportunity.Also: the items it gives are written in
// the record's own transaction, from the record as stored (its identifier
// assigned); a create that replays its ClientToken, a failing fn and a lost
// race write none; of fn's runs only the last one's items are written.
func testAlso(t *testing.T, open func(*testing.T) cosell.Store) {
	also := func(tag string) func(*cosell.Opportunity) []*cosell.Item {
		return func(o *cosell.Opportunity) []*cosell.Item {
			return []*cosell.Item{{Kind: "also-test", Catalog: o.Catalog, ID: o.ID + "/" + tag, Doc: []byte(`"` + o.ID + `"`)}}
		}
	}
	ids := func(t *testing.T, s cosell.Store) []string {
		t.Helper()
		var out []string
		if err := s.ViewItems(ctx(t), func(tx cosell.ItemTx) error {
			return tx.Scan("also-test", "AWS", "", func(it *cosell.Item) error {
				out = append(out, it.ID+"="+string(it.Doc))
				return nil
			})
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	t.Run("create", func(t *testing.T) {
		s := open(t)
		o := full("AWS")
		o.Also = also("created")
		got, err := s.CreateOpportunity(ctx(t), o, "tok", "fp")
		if err != nil {
			t.Fatal(err)
		}
		want := []string{got.ID + "/created=\"" + got.ID + "\""}
		if diff := cmp.Diff(want, ids(t, s)); diff != "" {
			t.Fatalf("items after create (-want +got):\n%s", diff)
		}
		// The replay of the token writes nothing more.
		o.Also = also("replayed")
		if _, err := s.CreateOpportunity(ctx(t), o, "tok", "fp"); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, ids(t, s)); diff != "" {
			t.Errorf("items after a replay (-want +got):\n%s", diff)
		}
	})
	t.Run("update", func(t *testing.T) {
		s := open(t)
		o := mustCreate(t, s, full("AWS"))
		fail := errors.New("refused")
		if _, err := s.UpdateOpportunity(ctx(t), "AWS", o.ID, func(cur *cosell.Opportunity) error {
			cur.Also = also("failed")
			return fail
		}); !errors.Is(err, fail) {
			t.Fatalf("failing fn: %v", err)
		}
		if got := ids(t, s); len(got) != 0 {
			t.Fatalf("a failing fn wrote %v", got)
		}
		if _, err := s.UpdateOpportunity(ctx(t), "AWS", o.ID, func(cur *cosell.Opportunity) error {
			cur.Also = also("updated")
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{o.ID + "/updated=\"" + o.ID + "\""}, ids(t, s)); diff != "" {
			t.Errorf("items after update (-want +got):\n%s", diff)
		}
	})
	t.Run("probe", func(t *testing.T) {
		// A store that answers Opportunity.Probe answers as of the write:
		// an item put before it is found, one never put is not.
		s := open(t)
		o := mustCreate(t, s, full("AWS"))
		if err := s.UpdateItems(ctx(t), func(tx cosell.ItemTx) error {
			return tx.Put(&cosell.Item{Kind: "also-test", Catalog: "AWS", ID: o.ID + "/probed", Doc: []byte(`1`)})
		}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			id    string
			found bool
		}{{o.ID + "/probed", true}, {o.ID + "/absent", false}} {
			p := &cosell.ItemProbe{Kind: "also-test", Catalog: "AWS", ID: c.id}
			if _, err := s.UpdateOpportunity(ctx(t), "AWS", o.ID, func(cur *cosell.Opportunity) error {
				cur.Probe = p
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if p.Known && p.Found != c.found {
				t.Errorf("probe of %s: Found = %v, want %v", c.id, p.Found, c.found)
			}
		}
	})
	t.Run("racing updates write each winner's items once", func(t *testing.T) {
		s := open(t)
		o := mustCreate(t, s, full("AWS"))
		const n = 16
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.UpdateOpportunity(ctx(t), "AWS", o.ID, func(cur *cosell.Opportunity) error {
					// The item names the version fn saw: a rerun after a lost
					// race must not leave the earlier run's item behind.
					seen := len(cur.Tags)
					cur.Tags = append(cur.Tags, cosell.Object{{Name: "Key", Value: "k"}, {Name: "Value", Value: "v"}})
					cur.Also = func(st *cosell.Opportunity) []*cosell.Item {
						return []*cosell.Item{{Kind: "also-test", Catalog: st.Catalog, ID: st.ID + "/" + string(rune('a'+seen)), Doc: []byte(`1`)}}
					}
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		got := ids(t, s)
		if len(got) != n {
			t.Errorf("%d items for %d committed updates: %v", len(got), n, got)
		}
	})
}
