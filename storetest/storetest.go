// Package storetest is the conformance suite of cosell.Store: every backend
// (memory, sqlite, postgres) runs it unchanged from its own tests with
//
//	storetest.Run(t, func(t *testing.T) cosell.Store { return openFresh(t) })
//
// open must return an empty store that nobody else uses; the suite closes it.
// The suite pins the contract written on cosell.Store and cosell.ListQuery and
// the rules those comments leave open, so that backends agree:
//
//   - Identifiers come from one counter across catalogs: the first is
//     cosell.FirstID, later ones are larger (gaps allowed).
//   - An empty ClientToken is no token: every such create stores a record.
//   - ListQuery.Limit <= 0 means no limit.
//   - Sorting is by (cosell.SortKey, identifier number), both in the
//     requested direction, so a descending listing is the exact reverse of
//     the ascending one; Cursor holds the SortKey and number of the last
//     record of the previous page.
//   - Times compare at millisecond precision (spec §1.3), through
//     cosell.TimeKey; a record without a TargetCloseDate matches no
//     TargetCloseDate bound.
package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/cosell/cosell"
)

// Options sizes the concurrency subtests; zero fields take the defaults.
type Options struct {
	Racers     int // goroutines racing one LastModifiedDate check (default 32)
	Increments int // goroutines each incrementing one counter (default 64); also Items' counter (20 transactions each)
}

func (o Options) withDefaults() Options {
	if o.Racers <= 0 {
		o.Racers = 32
	}
	if o.Increments <= 0 {
		o.Increments = 64
	}
	return o
}

// Run runs the whole suite with default sizes.
func Run(t *testing.T, open func(t *testing.T) cosell.Store) {
	RunOptions(t, open, Options{})
}

// RunOptions runs the whole suite.
func RunOptions(t *testing.T, open func(t *testing.T) cosell.Store, opts Options) {
	opts = opts.withDefaults()
	fresh := func(t *testing.T) cosell.Store {
		t.Helper()
		s := open(t)
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
		return s
	}
	t.Run("Create", func(t *testing.T) { testCreate(t, fresh) })
	t.Run("Get", func(t *testing.T) { testGet(t, fresh) })
	t.Run("ClientToken", func(t *testing.T) { testClientToken(t, fresh) })
	t.Run("Update", func(t *testing.T) { testUpdate(t, fresh) })
	t.Run("Concurrency", func(t *testing.T) { testConcurrency(t, fresh, opts) })
	t.Run("List", func(t *testing.T) { testList(t, fresh) })
	t.Run("Snapshot", func(t *testing.T) { testSnapshot(t, fresh) })
	t.Run("SellingSystemSettings", func(t *testing.T) { testSettings(t, fresh) })
	t.Run("TagsOnly", func(t *testing.T) { testTagsOnly(t, fresh) })
	t.Run("CancelledContext", func(t *testing.T) { testCancelled(t, fresh) })
	t.Run("Items", func(t *testing.T) { testItems(t, fresh, opts) })
	t.Run("Also", func(t *testing.T) { testAlso(t, fresh) })
	t.Run("Outbox", func(t *testing.T) { testOutbox(t, fresh) })
}

// errorCode is the cosell.Error code in err's chain, or "" for none.
func errorCode(err error) string {
	var e *cosell.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func ctx(t *testing.T) context.Context { return t.Context() }

// mustCreate stores o with a fresh token and returns the stored record.
func mustCreate(t *testing.T, s cosell.Store, o *cosell.Opportunity) *cosell.Opportunity {
	t.Helper()
	got, err := s.CreateOpportunity(ctx(t), o, "", "")
	if err != nil {
		t.Fatalf("CreateOpportunity: %v", err)
	}
	return got
}

func mustGet(t *testing.T, s cosell.Store, catalog, id string) *cosell.Opportunity {
	t.Helper()
	got, err := s.GetOpportunity(ctx(t), catalog, id)
	if err != nil {
		t.Fatalf("GetOpportunity(%s, %s): %v", catalog, id, err)
	}
	return got
}

// count is the number of records in catalog.
func count(t *testing.T, s cosell.Store, catalog string) int {
	t.Helper()
	all, err := Records(s.ListOpportunities(ctx(t), cosell.ListQuery{Catalog: catalog}))
	if err != nil {
		t.Fatalf("ListOpportunities: %v", err)
	}
	return len(all)
}

// Records unwraps a ListOpportunities answer to its records, for callers
// that only look at what was listed.
func Records(p cosell.ListPage, err error) ([]*cosell.Opportunity, error) { return p.Records, err }
