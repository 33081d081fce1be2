// Package memory is an in-memory cosell.Store for fast tests: one mutex, a
// few maps, and a linear scan for listings. It keeps nothing on Close.
//
// Records are kept as cosell.EncodeRecord bytes, like every other backend,
// so what a caller gets back (nil versus empty lists included) is what the
// durable backends return, and no caller can reach the stored value.
package memory

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"github.com/cosell/cosell"
)

// Store is an in-memory cosell.Store. The zero value is not usable; call New.
type Store struct {
	mu     sync.Mutex
	next   int64
	byNum  map[int64][]byte // cosell.EncodeRecord
	tokens map[tokenKey]tokenUse
}

type tokenKey struct{ catalog, token string }

type tokenUse struct {
	num         int64
	fingerprint string
}

var _ cosell.Store = (*Store)(nil)

// New returns an empty store.
func New() *Store {
	return &Store{next: cosell.FirstID, byNum: map[int64][]byte{}, tokens: map[tokenKey]tokenUse{}}
}

// CreateOpportunity implements cosell.Store.
func (s *Store) CreateOpportunity(ctx context.Context, o *cosell.Opportunity, token, fingerprint string) (*cosell.Opportunity, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := tokenKey{o.Catalog, token}
	if use, ok := s.tokens[key]; ok && token != "" {
		if use.fingerprint != fingerprint {
			return nil, cosell.Errorf(cosell.ConflictError, "Conflicting client token submitted for a new request body.")
		}
		return cosell.DecodeRecord(s.byNum[use.num])
	}
	c := *o // shallow: only ID changes, and EncodeRecord copies the rest
	c.ID = cosell.FormatID(s.next)
	doc, err := cosell.EncodeRecord(&c)
	if err != nil {
		return nil, err
	}
	s.byNum[s.next] = doc
	if token != "" {
		s.tokens[key] = tokenUse{s.next, fingerprint}
	}
	s.next++
	return cosell.DecodeRecord(doc)
}

// lookup decodes the stored record, or fails with NotFoundError. Call with
// s.mu held.
func (s *Store) lookup(catalog, id string) (*cosell.Opportunity, error) {
	if doc, ok := s.byNum[cosell.IDNumber(id)]; ok {
		o, err := cosell.DecodeRecord(doc)
		if err != nil {
			return nil, err
		}
		if o.Catalog == catalog && o.ID == id {
			return o, nil
		}
	}
	return nil, cosell.Errorf(cosell.NotFoundError, "Opportunity %s not found in catalog %s.", id, catalog)
}

// GetOpportunity implements cosell.Store.
func (s *Store) GetOpportunity(ctx context.Context, catalog, id string) (*cosell.Opportunity, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lookup(catalog, id)
}

// UpdateOpportunity implements cosell.Store. fn runs under the store's one
// lock, so it excludes every other writer.
func (s *Store) UpdateOpportunity(ctx context.Context, catalog, id string, fn func(*cosell.Opportunity) error) (*cosell.Opportunity, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.lookup(catalog, id)
	if err != nil {
		return nil, err
	}
	num := o.IDNumber()
	if err := fn(o); err != nil {
		return nil, err
	}
	o.Catalog, o.ID = catalog, id // the key is not fn's to change
	doc, err := cosell.EncodeRecord(o)
	if err != nil {
		return nil, err
	}
	s.byNum[num] = doc
	return cosell.DecodeRecord(doc)
}

// ListOpportunities implements cosell.Store.
func (s *Store) ListOpportunities(ctx context.Context, q cosell.ListQuery) ([]*cosell.Opportunity, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f := newFilter(q)
	type row struct {
		key string
		num int64
		o   *cosell.Opportunity
	}
	var rows []row
	s.mu.Lock()
	defer s.mu.Unlock()
	for num, doc := range s.byNum {
		o, err := cosell.DecodeRecord(doc)
		if err != nil {
			return nil, err
		}
		if !f.match(o) {
			continue
		}
		r := row{cosell.SortKey(o, q.SortBy), num, o}
		if q.After != nil && !after(r.key, r.num, *q.After, q.Descending) {
			continue
		}
		rows = append(rows, r)
	}
	slices.SortFunc(rows, func(a, b row) int {
		c := cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.num, b.num))
		if q.Descending {
			return -c
		}
		return c
	})
	if q.Limit > 0 && len(rows) > q.Limit {
		rows = rows[:q.Limit]
	}
	out := make([]*cosell.Opportunity, len(rows))
	for i, r := range rows {
		out[i] = r.o
	}
	return out, nil
}

// after reports whether (key, num) comes after the cursor in the listing's
// direction.
func after(key string, num int64, c cosell.Cursor, desc bool) bool {
	d := cmp.Or(cmp.Compare(key, c.Key), cmp.Compare(num, c.ID))
	if desc {
		return d < 0
	}
	return d > 0
}

// Close implements cosell.Store; it drops nothing and never fails.
func (s *Store) Close() error { return nil }
