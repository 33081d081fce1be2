// Package memory is an in-memory cosell.Store for fast tests: one mutex, a
// few maps, and a linear scan for listings. It keeps nothing on Close.
//
// Snapshots are change sequence numbers: every write takes the next one,
// and a record keeps each version it had, so a listing as of snapshot S
// reads and returns every record's last version numbered S or less. Superseded
// versions are kept for cosell.SnapshotRetention.
//
// Records are kept as cosell.EncodeRecord bytes, like every other backend,
// so what a caller gets back (nil versus empty lists included) is what the
// durable backends return, and no caller can reach the stored value.
package memory

import (
	"cmp"
	"context"
	"crypto/rand"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/cosell/cosell"
)

// Store is an in-memory cosell.Store. The zero value is not usable; call New.
type Store struct {
	mu     sync.Mutex
	next   int64
	seq    int64            // the last change's sequence number
	byNum  map[int64][]byte // cosell.EncodeRecord
	past   map[int64][]version
	tokens map[tokenKey]tokenUse
	key    []byte

	settings map[settingsKey]string // role ARN by (account, catalog)
	items    map[itemKey][]byte     // cosell.ItemStore
}

type settingsKey struct{ account, catalog string }

// version is one state of a record: the doc it had from change seq on,
// until it was superseded (zero while it is the newest).
type version struct {
	seq        int64
	doc        []byte
	superseded time.Time
}

type tokenKey struct{ catalog, token string }

type tokenUse struct {
	num         int64
	fingerprint string
}

var _ cosell.Store = (*Store)(nil)

// New returns an empty store.
func New() *Store {
	key := make([]byte, 32)
	rand.Read(key) //nolint:errcheck // crypto/rand.Read never fails
	return &Store{next: cosell.FirstID, byNum: map[int64][]byte{}, past: map[int64][]version{}, tokens: map[tokenKey]tokenUse{}, key: key, settings: map[settingsKey]string{}, items: map[itemKey][]byte{}}
}

// TokenKey implements cosell.Store.
func (s *Store) TokenKey() []byte { return s.key }

// SellingSystemSettings implements cosell.Store.
func (s *Store) SellingSystemSettings(ctx context.Context, account, catalog string) (string, bool, error) {
	if err := ctx.Err(); err != nil {
		return "", false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	arn, ok := s.settings[settingsKey{account, catalog}]
	return arn, ok, nil
}

// PutSellingSystemSettings implements cosell.Store.
func (s *Store) PutSellingSystemSettings(ctx context.Context, account, catalog, roleArn string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settings[settingsKey{account, catalog}] = roleArn
	return nil
}

// put stores doc as record num's newest version. Call with s.mu held.
func (s *Store) put(num int64, doc []byte) {
	s.seq++
	now := time.Now()
	vs := s.past[num]
	if n := len(vs); n > 0 {
		vs[n-1].superseded = now
	}
	vs = slices.DeleteFunc(vs, func(v version) bool {
		return !v.superseded.IsZero() && now.Sub(v.superseded) > cosell.SnapshotRetention
	})
	s.past[num] = append(vs, version{seq: s.seq, doc: doc})
	s.byNum[num] = doc
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
	s.put(s.next, doc)
	if token != "" {
		s.tokens[key] = tokenUse{s.next, fingerprint}
	}
	s.next++
	s.putAlso(&c)
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
	return nil, cosell.NotFound(catalog, id)
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
	s.put(num, doc)
	s.putAlso(o)
	if p := o.Probe; p != nil { // under the lock: as of this write
		_, p.Found = s.items[itemKey{p.Kind, p.Catalog, p.ID}]
		p.Known = true
	}
	return cosell.DecodeRecord(doc)
}

// putAlso stores the items o.Also gives, with the record (s.mu held).
func (s *Store) putAlso(o *cosell.Opportunity) {
	if o.Also == nil {
		return
	}
	for _, it := range o.Also(o) {
		s.items[itemKey{it.Kind, it.Catalog, it.ID}] = slices.Clone(it.Doc)
	}
}

// ListOpportunities implements cosell.Store.
func (s *Store) ListOpportunities(ctx context.Context, q cosell.ListQuery) (cosell.ListPage, error) {
	if err := ctx.Err(); err != nil {
		return cosell.ListPage{}, err
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
	asOf := s.seq
	if q.AsOf != "" {
		n, err := strconv.ParseInt(q.AsOf, 10, 64)
		if err != nil || n < 0 {
			return cosell.ListPage{}, fmt.Errorf("memory: snapshot %q", q.AsOf)
		}
		asOf = n
	}
	for num, vs := range s.past {
		// The version as of the snapshot: the last one numbered asOf or less.
		i := len(vs) - 1
		for i >= 0 && vs[i].seq > asOf {
			i--
		}
		if i < 0 {
			continue // created after the snapshot
		}
		then, err := cosell.DecodeRecord(vs[i].doc)
		if err != nil {
			return cosell.ListPage{}, err
		}
		if !f.match(then) {
			continue
		}
		r := row{cosell.SortKey(then, q.SortBy), num, then}
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
	page := cosell.ListPage{AsOf: strconv.FormatInt(asOf, 10), Records: make([]*cosell.Opportunity, len(rows)), Positions: make([]cosell.Cursor, len(rows))}
	for i, r := range rows {
		page.Records[i], page.Positions[i] = r.o, cosell.Cursor{Key: r.key, ID: r.num}
	}
	return page, nil
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
