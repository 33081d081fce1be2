package memory

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/cosell/cosell"
)

type itemKey struct {
	kind        cosell.ItemKind
	catalog, id string
}

// errReadOnly is a write inside ViewItems.
var errReadOnly = errors.New("memory: write in a read-only item transaction")

// itemTx sees the committed items plus its own pending writes (a nil doc is
// a delete); UpdateItems applies the writes under the store's mutex, so
// transactions are serial.
type itemTx struct {
	s        *Store
	writes   map[itemKey][]byte
	readOnly bool
}

func (t *itemTx) Get(kind cosell.ItemKind, catalog, id string) (*cosell.Item, error) {
	k := itemKey{kind, catalog, id}
	doc, ok := t.writes[k]
	if !ok {
		doc, ok = t.s.items[k]
	}
	if !ok || doc == nil {
		return nil, nil
	}
	return &cosell.Item{Kind: kind, Catalog: catalog, ID: id, Doc: slices.Clone(doc)}, nil
}

func (t *itemTx) Scan(kind cosell.ItemKind, catalog, prefix string, fn func(*cosell.Item) error) error {
	seen := map[string][]byte{}
	for k, doc := range t.s.items {
		if k.kind == kind && k.catalog == catalog && strings.HasPrefix(k.id, prefix) {
			seen[k.id] = doc
		}
	}
	for k, doc := range t.writes {
		if k.kind == kind && k.catalog == catalog && strings.HasPrefix(k.id, prefix) {
			seen[k.id] = doc
		}
	}
	ids := make([]string, 0, len(seen))
	for id, doc := range seen {
		if doc != nil {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		if err := fn(&cosell.Item{Kind: kind, Catalog: catalog, ID: id, Doc: slices.Clone(seen[id])}); err != nil {
			return err
		}
	}
	return nil
}

func (t *itemTx) Put(it *cosell.Item) error {
	if t.readOnly {
		return errReadOnly
	}
	t.writes[itemKey{it.Kind, it.Catalog, it.ID}] = slices.Clone(it.Doc)
	if it.Doc == nil {
		t.writes[itemKey{it.Kind, it.Catalog, it.ID}] = []byte{}
	}
	return nil
}

func (t *itemTx) Delete(kind cosell.ItemKind, catalog, id string) error {
	if t.readOnly {
		return errReadOnly
	}
	t.writes[itemKey{kind, catalog, id}] = nil
	return nil
}

// UpdateItems implements cosell.ItemStore.
func (s *Store) UpdateItems(ctx context.Context, fn func(cosell.ItemTx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tx := &itemTx{s: s, writes: map[itemKey][]byte{}}
	if err := fn(tx); err != nil {
		return err
	}
	for k, doc := range tx.writes {
		if doc == nil {
			delete(s.items, k)
		} else {
			s.items[k] = doc
		}
	}
	return nil
}

// ViewItems implements cosell.ItemStore.
func (s *Store) ViewItems(ctx context.Context, fn func(cosell.ItemTx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return fn(&itemTx{s: s, writes: map[itemKey][]byte{}, readOnly: true})
}
