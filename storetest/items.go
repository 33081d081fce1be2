package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/cosell/cosell"
)

// testItems pins cosell.ItemStore: items keyed by (kind, catalog, id)
// holding exact bytes; Scan by literal id prefix in byte order, seeing the
// transaction's own writes; a failing UpdateItems (fn's error, a cancelled
// context) writes nothing; ViewItems never writes and reads one committed
// state; UpdateItems is serializable.
func testItems(t *testing.T, open func(*testing.T) cosell.Store, opts Options) {
	t.Run("Get missing", func(t *testing.T) { testItemsMissing(t, open) })
	t.Run("round trip", func(t *testing.T) { testItemsRoundTrip(t, open) })
	t.Run("replace and delete", func(t *testing.T) { testItemsReplaceDelete(t, open) })
	t.Run("Scan", func(t *testing.T) { testItemsScan(t, open) })
	t.Run("Scan sees own writes", func(t *testing.T) { testItemsScanOwnWrites(t, open) })
	t.Run("namespaces", func(t *testing.T) { testItemsNamespaces(t, open) })
	t.Run("failed transaction writes nothing", func(t *testing.T) { testItemsRollback(t, open) })
	t.Run("ViewItems is read only", func(t *testing.T) { testItemsReadOnly(t, open) })
	t.Run("cancelled context", func(t *testing.T) { testItemsCancelled(t, open) })
	t.Run("serializable", func(t *testing.T) {
		ItemCounter(t, []cosell.ItemStore{open(t)}, opts.Increments, 20)
	})
	t.Run("failures among concurrent transactions", func(t *testing.T) { testItemsMixed(t, open, opts) })
	t.Run("ViewItems is consistent", func(t *testing.T) { testItemsConsistentView(t, open) })
}

func update(t *testing.T, s cosell.ItemStore, fn func(cosell.ItemTx) error) {
	t.Helper()
	if err := s.UpdateItems(ctx(t), fn); err != nil {
		t.Fatalf("UpdateItems: %v", err)
	}
}

func putItems(t *testing.T, s cosell.ItemStore, items ...cosell.Item) {
	t.Helper()
	update(t, s, func(tx cosell.ItemTx) error {
		for _, it := range items {
			if err := tx.Put(&it); err != nil {
				return err
			}
		}
		return nil
	})
}

// viewItem reads one item in a fresh ViewItems.
func viewItem(t *testing.T, s cosell.ItemStore, kind cosell.ItemKind, catalog, id string) *cosell.Item {
	t.Helper()
	var got *cosell.Item
	if err := s.ViewItems(ctx(t), func(tx cosell.ItemTx) error {
		var err error
		got, err = tx.Get(kind, catalog, id)
		return err
	}); err != nil {
		t.Fatalf("ViewItems: %v", err)
	}
	return got
}

// scanIDs lists the ids Scan yields in a fresh ViewItems, checking each
// item's key.
func scanIDs(t *testing.T, s cosell.ItemStore, kind cosell.ItemKind, catalog, prefix string) []string {
	t.Helper()
	var got []string
	if err := s.ViewItems(ctx(t), func(tx cosell.ItemTx) error {
		var err error
		got, err = scanTx(tx, kind, catalog, prefix)
		return err
	}); err != nil {
		t.Fatalf("ViewItems: %v", err)
	}
	return got
}

func scanTx(tx cosell.ItemTx, kind cosell.ItemKind, catalog, prefix string) ([]string, error) {
	got := []string{}
	err := tx.Scan(kind, catalog, prefix, func(it *cosell.Item) error {
		if it.Kind != kind || it.Catalog != catalog {
			return fmt.Errorf("Scan(%s, %s, %q) yielded %s %s %q", kind, catalog, prefix, it.Kind, it.Catalog, it.ID)
		}
		got = append(got, it.ID)
		return nil
	})
	return got, err
}

func wantDoc(t *testing.T, got *cosell.Item, kind cosell.ItemKind, catalog, id string, doc []byte) {
	t.Helper()
	switch {
	case doc == nil && got != nil:
		t.Errorf("Get(%s, %s, %q) = %q, want none", kind, catalog, id, got.Doc)
	case doc == nil:
	case got == nil:
		t.Errorf("Get(%s, %s, %q) = none, want %q", kind, catalog, id, doc)
	case got.Kind != kind || got.Catalog != catalog || got.ID != id || !bytes.Equal(got.Doc, doc) || got.Doc == nil:
		t.Errorf("Get(%s, %s, %q) = {%s %s %q %q}, want doc %q", kind, catalog, id, got.Kind, got.Catalog, got.ID, got.Doc, doc)
	}
}

func testItemsMissing(t *testing.T, open func(*testing.T) cosell.Store) {
	s := open(t)
	putItems(t, s, cosell.Item{Kind: cosell.KindTask, Catalog: "AWS", ID: "other", Doc: []byte(`{}`)})
	for _, view := range []bool{false, true} {
		run := s.UpdateItems
		if view {
			run = s.ViewItems
		}
		if err := run(ctx(t), func(tx cosell.ItemTx) error {
			it, err := tx.Get(cosell.KindTask, "AWS", "missing")
			if it != nil || err != nil {
				return fmt.Errorf("Get of a missing item = %v, %v; want nil, nil", it, err)
			}
			return nil
		}); err != nil {
			t.Errorf("view %v: %v", view, err)
		}
	}
}

func testItemsRoundTrip(t *testing.T, open func(*testing.T) cosell.Store) {
	big := bytes.Repeat([]byte(`{"k":"0123456789abcdef"},`), 4096)
	tests := []struct {
		name string
		id   string
		doc  []byte
	}{
		{name: "empty object", id: "e", doc: []byte(`{}`)},
		{name: "document", id: "ENG-1", doc: []byte(`{"Id":"eng-1","Title":"Hello","N":1.50}`)},
		{name: "exact bytes: spacing, escapes, non-ASCII", id: "x", doc: []byte("{ \"a\" :\t\"\\u00e9\u00e9\u20ac\\n\" , \"b\":[ ] }\n")},
		{name: "every byte value", id: "bin", doc: func() []byte {
			b := make([]byte, 256)
			for i := range b {
				b[i] = byte(i)
			}
			return b
		}()},
		{name: "large", id: "big", doc: big},
		{name: "id with separators and wildcards", id: "eng/1/%_\\'\"", doc: []byte(`{"w":true}`)},
		{name: "non-ASCII id", id: "é/€", doc: []byte(`{}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			update(t, s, func(tx cosell.ItemTx) error {
				if err := tx.Put(&cosell.Item{Kind: cosell.KindEngagement, Catalog: "AWS", ID: tt.id, Doc: slices.Clone(tt.doc)}); err != nil {
					return err
				}
				got, err := tx.Get(cosell.KindEngagement, "AWS", tt.id) // the transaction's own write
				wantDoc(t, got, cosell.KindEngagement, "AWS", tt.id, tt.doc)
				return err
			})
			wantDoc(t, viewItem(t, s, cosell.KindEngagement, "AWS", tt.id), cosell.KindEngagement, "AWS", tt.id, tt.doc)
		})
	}
}

func testItemsReplaceDelete(t *testing.T, open func(*testing.T) cosell.Store) {
	const k, c = cosell.KindInvitation, "Sandbox"
	type op struct {
		del bool
		id  string
		doc string
	}
	tests := []struct {
		name string
		ops  [][]op            // transactions, in order
		want map[string][]byte // id → doc; nil: absent
	}{
		{name: "a later Put replaces",
			ops:  [][]op{{{id: "i", doc: `{"v":1}`}}, {{id: "i", doc: `{"v":2}`}}},
			want: map[string][]byte{"i": []byte(`{"v":2}`)}},
		{name: "a second Put in one transaction replaces the first",
			ops:  [][]op{{{id: "i", doc: `{"v":1}`}, {id: "i", doc: `{}`}}},
			want: map[string][]byte{"i": []byte(`{}`)}},
		{name: "Delete removes only its item",
			ops:  [][]op{{{id: "i", doc: `{}`}, {id: "j", doc: `{}`}}, {{del: true, id: "i"}}},
			want: map[string][]byte{"i": nil, "j": []byte(`{}`)}},
		{name: "Delete of a missing item is no error",
			ops:  [][]op{{{del: true, id: "never"}}},
			want: map[string][]byte{"never": nil}},
		{name: "Put after Delete in one transaction",
			ops:  [][]op{{{id: "i", doc: `{"v":1}`}}, {{del: true, id: "i"}, {id: "i", doc: `{"v":3}`}}},
			want: map[string][]byte{"i": []byte(`{"v":3}`)}},
		{name: "Delete after Put in one transaction",
			ops:  [][]op{{{id: "i", doc: `{"v":1}`}, {del: true, id: "i"}}},
			want: map[string][]byte{"i": nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			for _, ops := range tt.ops {
				update(t, s, func(tx cosell.ItemTx) error {
					for _, o := range ops {
						var err error
						if o.del {
							err = tx.Delete(k, c, o.id)
						} else {
							err = tx.Put(&cosell.Item{Kind: k, Catalog: c, ID: o.id, Doc: []byte(o.doc)})
						}
						if err != nil {
							return err
						}
					}
					return nil
				})
			}
			for id, doc := range tt.want {
				wantDoc(t, viewItem(t, s, k, c, id), k, c, id, doc)
			}
		})
	}
}

// scanFixture: ids whose byte order differs from any natural-language
// collation, and which LIKE would misread as patterns.
var scanFixture = []string{"b", "a/10", "a%", "a/2", "a_", "ab", "a/1", "B", "é", "z", "a", "a%x", "a\\"}

func testItemsScan(t *testing.T, open func(*testing.T) cosell.Store) {
	s := open(t)
	var items []cosell.Item
	for _, id := range scanFixture {
		items = append(items,
			cosell.Item{Kind: cosell.KindSnapshot, Catalog: "AWS", ID: id, Doc: []byte(`{"id":"` + id + `"}`)},
			// same ids in another catalog and another kind: never listed
			cosell.Item{Kind: cosell.KindSnapshot, Catalog: "Sandbox", ID: id + "-sandbox", Doc: []byte(`{}`)},
			cosell.Item{Kind: cosell.KindAssociation, Catalog: "AWS", ID: id + "-assoc", Doc: []byte(`{}`)})
	}
	putItems(t, s, items...)
	tests := []struct {
		name   string
		prefix string
		want   []string
	}{
		{name: "everything, in byte order", prefix: "", want: []string{"B", "a", "a%", "a%x", "a/1", "a/10", "a/2", "a\\", "a_", "ab", "b", "z", "é"}},
		{name: "one letter", prefix: "a", want: []string{"a", "a%", "a%x", "a/1", "a/10", "a/2", "a\\", "a_", "ab"}},
		{name: "path segment", prefix: "a/", want: []string{"a/1", "a/10", "a/2"}},
		{name: "a/1 is a prefix of a/10", prefix: "a/1", want: []string{"a/1", "a/10"}},
		{name: "% is literal", prefix: "a%", want: []string{"a%", "a%x"}},
		{name: "_ is literal", prefix: "a_", want: []string{"a_"}},
		{name: "backslash is literal", prefix: "a\\", want: []string{"a\\"}},
		{name: "case matters", prefix: "A", want: []string{}},
		{name: "whole id", prefix: "ab", want: []string{"ab"}},
		{name: "longer than any id", prefix: "ab/", want: []string{}},
		{name: "non-ASCII", prefix: "é", want: []string{"é"}},
		{name: "nothing", prefix: "c", want: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scanIDs(t, s, cosell.KindSnapshot, "AWS", tt.prefix); !slices.Equal(got, tt.want) {
				t.Errorf("Scan(%q) = %q, want %q", tt.prefix, got, tt.want)
			}
		})
	}
	t.Run("docs", func(t *testing.T) {
		if err := s.ViewItems(ctx(t), func(tx cosell.ItemTx) error {
			return tx.Scan(cosell.KindSnapshot, "AWS", "a/", func(it *cosell.Item) error {
				if want := `{"id":"` + it.ID + `"}`; string(it.Doc) != want {
					t.Errorf("Scan yielded %q with doc %q, want %q", it.ID, it.Doc, want)
				}
				return nil
			})
		}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("fn's error stops the scan", func(t *testing.T) {
		stop := errors.New("stop")
		calls := 0
		err := s.ViewItems(ctx(t), func(tx cosell.ItemTx) error {
			return tx.Scan(cosell.KindSnapshot, "AWS", "a/", func(*cosell.Item) error {
				calls++
				return stop
			})
		})
		if !errors.Is(err, stop) || calls != 1 {
			t.Errorf("ViewItems = %v after %d calls, want fn's error after 1", err, calls)
		}
	})
}

func testItemsScanOwnWrites(t *testing.T, open func(*testing.T) cosell.Store) {
	const k, c = cosell.KindTask, "AWS"
	s := open(t)
	putItems(t, s,
		cosell.Item{Kind: k, Catalog: c, ID: "a/1", Doc: []byte(`{"v":1}`)},
		cosell.Item{Kind: k, Catalog: c, ID: "a/2", Doc: []byte(`{"v":1}`)},
		cosell.Item{Kind: k, Catalog: c, ID: "a/3", Doc: []byte(`{"v":1}`)})
	update(t, s, func(tx cosell.ItemTx) error {
		if err := tx.Delete(k, c, "a/1"); err != nil {
			return err
		}
		if err := tx.Put(&cosell.Item{Kind: k, Catalog: c, ID: "a/2", Doc: []byte(`{"v":2}`)}); err != nil {
			return err
		}
		if err := tx.Put(&cosell.Item{Kind: k, Catalog: c, ID: "a/0", Doc: []byte(`{"v":2}`)}); err != nil {
			return err
		}
		if err := tx.Put(&cosell.Item{Kind: k, Catalog: c, ID: "b/0", Doc: []byte(`{"v":2}`)}); err != nil {
			return err
		}
		var got []string
		if err := tx.Scan(k, c, "a/", func(it *cosell.Item) error {
			got = append(got, it.ID+"="+string(it.Doc))
			return nil
		}); err != nil {
			return err
		}
		if want := []string{`a/0={"v":2}`, `a/2={"v":2}`, `a/3={"v":1}`}; !slices.Equal(got, want) {
			t.Errorf("Scan inside the transaction = %q, want %q", got, want)
		}
		// fn may write while Scan calls it.
		return tx.Scan(k, c, "a/", func(it *cosell.Item) error {
			return tx.Delete(k, c, it.ID)
		})
	})
	if got := scanIDs(t, s, k, c, ""); !slices.Equal(got, []string{"b/0"}) {
		t.Errorf("after deleting during a Scan: %q, want [b/0]", got)
	}
}

func testItemsNamespaces(t *testing.T, open func(*testing.T) cosell.Store) {
	s := open(t)
	keys := []struct {
		kind    cosell.ItemKind
		catalog string
	}{{cosell.KindEngagement, "AWS"}, {cosell.KindEngagement, "Sandbox"}, {cosell.KindTask, "AWS"}, {cosell.KindTask, "Sandbox"}}
	docOf := func(i int) []byte { return []byte(`{"n":` + strconv.Itoa(i) + `}`) }
	for i, k := range keys {
		putItems(t, s, cosell.Item{Kind: k.kind, Catalog: k.catalog, ID: "same", Doc: docOf(i)})
	}
	for i, k := range keys {
		wantDoc(t, viewItem(t, s, k.kind, k.catalog, "same"), k.kind, k.catalog, "same", docOf(i))
		if got := scanIDs(t, s, k.kind, k.catalog, ""); !slices.Equal(got, []string{"same"}) {
			t.Errorf("Scan(%s, %s) = %q, want [same]", k.kind, k.catalog, got)
		}
	}
	update(t, s, func(tx cosell.ItemTx) error { return tx.Delete(cosell.KindEngagement, "AWS", "same") })
	for i, k := range keys {
		want := docOf(i)
		if i == 0 {
			want = nil
		}
		wantDoc(t, viewItem(t, s, k.kind, k.catalog, "same"), k.kind, k.catalog, "same", want)
	}
	if got := scanIDs(t, s, cosell.KindReferral, "AWS", ""); len(got) != 0 {
		t.Errorf("Scan of an unused kind = %q, want none", got)
	}
}

// itemState is every item of a few kinds and catalogs, rendered.
func itemState(t *testing.T, s cosell.ItemStore) []string {
	t.Helper()
	var out []string
	if err := s.ViewItems(ctx(t), func(tx cosell.ItemTx) error {
		for _, k := range []cosell.ItemKind{cosell.KindEngagement, cosell.KindTask, cosell.KindToken} {
			for _, c := range []string{"AWS", "Sandbox"} {
				if err := tx.Scan(k, c, "", func(it *cosell.Item) error {
					out = append(out, fmt.Sprintf("%s %s %s %s", it.Kind, it.Catalog, it.ID, it.Doc))
					return nil
				}); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		t.Fatalf("ViewItems: %v", err)
	}
	return out
}

// writeSome puts, replaces and deletes items of the state itemState reads.
func writeSome(tx cosell.ItemTx, tag string) error {
	for _, it := range []cosell.Item{
		{Kind: cosell.KindEngagement, Catalog: "AWS", ID: "kept", Doc: []byte(`{"by":"` + tag + `"}`)},
		{Kind: cosell.KindTask, Catalog: "Sandbox", ID: "new-" + tag, Doc: []byte(`{}`)},
		{Kind: cosell.KindToken, Catalog: "AWS", ID: "op/acct/" + tag, Doc: []byte(`{}`)},
	} {
		if err := tx.Put(&it); err != nil {
			return err
		}
	}
	return tx.Delete(cosell.KindEngagement, "AWS", "gone")
}

func seedState(t *testing.T, s cosell.ItemStore) []string {
	t.Helper()
	putItems(t, s,
		cosell.Item{Kind: cosell.KindEngagement, Catalog: "AWS", ID: "kept", Doc: []byte(`{"by":"seed"}`)},
		cosell.Item{Kind: cosell.KindEngagement, Catalog: "AWS", ID: "gone", Doc: []byte(`{}`)})
	return itemState(t, s)
}

func testItemsRollback(t *testing.T, open func(*testing.T) cosell.Store) {
	boom := errors.New("boom")
	tests := []struct {
		name string
		fn   func(cosell.ItemTx) error
	}{
		{name: "fn's error after writes", fn: func(tx cosell.ItemTx) error {
			if err := writeSome(tx, "failed"); err != nil {
				return err
			}
			return boom
		}},
		{name: "fn's error wrapped, after reading its own writes", fn: func(tx cosell.ItemTx) error {
			if err := writeSome(tx, "failed"); err != nil {
				return err
			}
			if it, err := tx.Get(cosell.KindEngagement, "AWS", "kept"); err != nil || it == nil || string(it.Doc) != `{"by":"failed"}` {
				return fmt.Errorf("own write not seen: %v, %v", it, err)
			}
			return fmt.Errorf("wrapped: %w", boom)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			before := seedState(t, s)
			if err := s.UpdateItems(ctx(t), tt.fn); !errors.Is(err, boom) {
				t.Fatalf("UpdateItems = %v, want fn's error", err)
			}
			if after := itemState(t, s); !slices.Equal(before, after) {
				t.Errorf("a failed UpdateItems changed the items:\nbefore %q\nafter  %q", before, after)
			}
		})
	}
}

func testItemsReadOnly(t *testing.T, open func(*testing.T) cosell.Store) {
	s := open(t)
	before := seedState(t, s)
	var putErr, delErr error
	if err := s.ViewItems(ctx(t), func(tx cosell.ItemTx) error {
		putErr = tx.Put(&cosell.Item{Kind: cosell.KindEngagement, Catalog: "AWS", ID: "kept", Doc: []byte(`{"by":"view"}`)})
		delErr = tx.Delete(cosell.KindEngagement, "AWS", "gone")
		return nil
	}); err != nil {
		t.Logf("ViewItems: %v", err) // failing the whole view is allowed too
	}
	if putErr == nil || delErr == nil {
		t.Errorf("in ViewItems: Put = %v, Delete = %v; want errors", putErr, delErr)
	}
	if after := itemState(t, s); !slices.Equal(before, after) {
		t.Errorf("ViewItems changed the items:\nbefore %q\nafter  %q", before, after)
	}
}

func testItemsCancelled(t *testing.T, open func(*testing.T) cosell.Store) {
	s := open(t)
	before := seedState(t, s)
	done, cancel := context.WithCancel(ctx(t))
	cancel()
	for range 10 {
		if err := s.UpdateItems(done, func(tx cosell.ItemTx) error { return writeSome(tx, "cancelled") }); err == nil {
			t.Fatal("UpdateItems with a cancelled context succeeded")
		}
		if err := s.ViewItems(done, func(cosell.ItemTx) error { return nil }); err == nil {
			t.Fatal("ViewItems with a cancelled context succeeded")
		}
	}
	if after := itemState(t, s); !slices.Equal(before, after) {
		t.Errorf("a cancelled UpdateItems changed the items:\nbefore %q\nafter  %q", before, after)
	}
}

// ItemCounter checks that UpdateItems is serializable: goroutines (spread
// over stores in turn, which share one database) each run rounds
// transactions that read a counter item, parse it and put it back plus one,
// yielding in between to invite a racing write; the counter must end at
// exactly goroutines×rounds, which a lost update makes it miss.
func ItemCounter(t *testing.T, stores []cosell.ItemStore, goroutines, rounds int) {
	t.Helper()
	const k, c, id = cosell.KindToken, "AWS", "counter"
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, goroutines)
	for g := range goroutines {
		s := stores[g%len(stores)]
		wg.Go(func() {
			<-start
			for range rounds {
				err := s.UpdateItems(context.Background(), func(tx cosell.ItemTx) error {
					n := 0
					it, err := tx.Get(k, c, id)
					if err != nil {
						return err
					}
					if it != nil {
						if n, err = strconv.Atoi(string(it.Doc)); err != nil {
							return fmt.Errorf("counter %q: %w", it.Doc, err)
						}
					}
					runtime.Gosched()
					return tx.Put(&cosell.Item{Kind: k, Catalog: c, ID: id, Doc: []byte(strconv.Itoa(n + 1))})
				})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("UpdateItems: %v", err)
	}
	it := viewItem(t, stores[0], k, c, id)
	switch want := strconv.Itoa(goroutines * rounds); {
	case it == nil:
		t.Errorf("no counter, want %s", want)
	case string(it.Doc) != want:
		t.Errorf("counter = %s, want %s: an increment was lost", it.Doc, want)
	}
}

// testItemsMixed runs failing transactions (writes, then fn's error)
// alongside succeeding ones, so that a backend committing several in one
// database transaction (SQLite's group commit) must undo exactly each
// failed one's writes.
func testItemsMixed(t *testing.T, open func(*testing.T) cosell.Store, opts Options) {
	s := open(t)
	const k, c = cosell.KindTask, "Sandbox"
	boom := errors.New("boom")
	var wg sync.WaitGroup
	start := make(chan struct{})
	var mu sync.Mutex
	var wantIDs []string
	for g := range opts.Increments {
		wg.Go(func() {
			<-start
			for r := range 5 {
				id := fmt.Sprintf("g%03d/r%d", g, r)
				fail := (g+r)%2 == 1
				err := s.UpdateItems(ctx(t), func(tx cosell.ItemTx) error {
					if err := tx.Put(&cosell.Item{Kind: k, Catalog: c, ID: id, Doc: []byte(`{}`)}); err != nil {
						return err
					}
					if err := tx.Put(&cosell.Item{Kind: k, Catalog: "AWS", ID: id, Doc: []byte(`{}`)}); err != nil {
						return err
					}
					if err := tx.Delete(k, "AWS", id); err != nil {
						return err
					}
					if fail {
						return boom
					}
					return nil
				})
				switch {
				case fail && !errors.Is(err, boom):
					t.Errorf("%s: UpdateItems = %v, want fn's error", id, err)
				case !fail && err != nil:
					t.Errorf("%s: UpdateItems: %v", id, err)
				case !fail:
					mu.Lock()
					wantIDs = append(wantIDs, id)
					mu.Unlock()
				}
			}
		})
	}
	close(start)
	wg.Wait()
	slices.Sort(wantIDs)
	if got := scanIDs(t, s, k, c, ""); !slices.Equal(got, wantIDs) {
		t.Errorf("stored %d items, want the %d of the transactions that succeeded; extra %q, missing %q",
			len(got), len(wantIDs), minus(got, wantIDs), minus(wantIDs, got))
	}
	if got := scanIDs(t, s, k, "AWS", ""); len(got) != 0 {
		t.Errorf("items deleted in their own transactions remain: %q", got)
	}
}

// minus is up to 10 of the elements of a not in b.
func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if len(out) < 10 && !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// testItemsConsistentView moves units between two items in UpdateItems
// while ViewItems read both: every view must see the constant total.
func testItemsConsistentView(t *testing.T, open func(*testing.T) cosell.Store) {
	s := open(t)
	const k, c, total = cosell.KindEngagement, "AWS", 100
	putItems(t, s, cosell.Item{Kind: k, Catalog: c, ID: "left", Doc: []byte(strconv.Itoa(total))},
		cosell.Item{Kind: k, Catalog: c, ID: "right", Doc: []byte("0")})
	read := func(tx cosell.ItemTx, id string) (int, error) {
		it, err := tx.Get(k, c, id)
		if err != nil || it == nil {
			return 0, fmt.Errorf("get %s: %v, %w", id, it, err)
		}
		return strconv.Atoi(string(it.Doc))
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Go(func() {
			for i := range 40 {
				from, to := "left", "right"
				if (i+w)%2 == 1 {
					from, to = to, from
				}
				if err := s.UpdateItems(ctx(t), func(tx cosell.ItemTx) error {
					a, err := read(tx, from)
					if err != nil {
						return err
					}
					b, err := read(tx, to)
					if err != nil {
						return err
					}
					if err := tx.Put(&cosell.Item{Kind: k, Catalog: c, ID: from, Doc: []byte(strconv.Itoa(a - 1))}); err != nil {
						return err
					}
					return tx.Put(&cosell.Item{Kind: k, Catalog: c, ID: to, Doc: []byte(strconv.Itoa(b + 1))})
				}); err != nil {
					t.Errorf("UpdateItems: %v", err)
					return
				}
			}
		})
	}
	var readers sync.WaitGroup
	for range 2 {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				var sum []string
				if err := s.ViewItems(ctx(t), func(tx cosell.ItemTx) error {
					a, err := read(tx, "left")
					if err != nil {
						return err
					}
					runtime.Gosched()
					b, err := read(tx, "right")
					if a+b != total {
						sum = []string{strconv.Itoa(a), strconv.Itoa(b)}
					}
					return err
				}); err != nil {
					t.Errorf("ViewItems: %v", err)
					return
				}
				if sum != nil {
					t.Errorf("ViewItems saw left %s, right %s: not one committed state (total %d)", sum[0], sum[1], total)
					return
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	readers.Wait()
}
