package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cosell/cosell"
)

// SQLite may roll back a whole transaction when a statement fails
// (SQLITE_FULL, IOERR, NOMEM, BUSY). In a group-commit batch, the requests
// before the failing one then lost their writes, and those after it must
// not run outside the transaction (each would commit on its own): every
// request of the batch fails and nothing is stored. A request that runs
// ROLLBACK itself stands in for SQLite here.
func TestBatchRolledBackMidway(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "cosell.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	put := func(id string) func(*sql.Tx) (*cosell.Opportunity, error) {
		return func(tx *sql.Tx) (*cosell.Opportunity, error) {
			_, err := tx.Exec(`INSERT INTO items (kind, catalog, id, doc) VALUES ('task', 'AWS', ?, x'7b7d')`, id)
			return nil, err
		}
	}
	killed := errors.New("statement failed, transaction rolled back")
	kill := func(tx *sql.Tx) (*cosell.Opportunity, error) {
		if _, err := tx.Exec(`ROLLBACK`); err != nil {
			return nil, err
		}
		return nil, killed
	}

	// A blocker holds the writer so that the next requests queue up and
	// run as one batch.
	release, holding := make(chan struct{}), make(chan struct{})
	go s.w.do(ctx, func(*sql.Tx) (*cosell.Opportunity, error) { //nolint:errcheck // only holds the writer
		close(holding)
		<-release
		return nil, nil
	})
	<-holding
	requests := []struct {
		name  string
		apply func(*sql.Tx) (*cosell.Opportunity, error)
	}{
		{"before", put("before")}, {"killer", kill}, {"after", put("after")}, {"after-single", put("after-single")},
	}
	errs := make([]error, len(requests))
	var wg sync.WaitGroup
	for i, r := range requests {
		wg.Go(func() {
			if r.name == "after-single" {
				_, errs[i] = s.w.doSingle(ctx, r.apply)
			} else {
				_, errs[i] = s.w.do(ctx, r.apply)
			}
		})
		for deadline := time.Now().Add(5 * time.Second); len(s.w.queue) < i+1; {
			if time.Now().After(deadline) {
				t.Fatal("request not queued")
			}
			time.Sleep(time.Millisecond)
		}
	}
	batches := s.w.batches.Load()
	close(release)
	wg.Wait()
	if got := s.w.batches.Load() - batches; got != 1 {
		t.Fatalf("the requests ran in %d batches, want 1", got)
	}
	for i, r := range requests {
		if errs[i] == nil {
			t.Errorf("%s: succeeded in a rolled-back transaction", r.name)
		}
	}
	var n int
	if err := s.read.QueryRow(`SELECT COUNT(*) FROM items`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d items stored (%v), want none", n, err)
	}
	// The writer goes on.
	if _, err := s.w.do(ctx, put("later")); err != nil {
		t.Fatalf("next write: %v", err)
	}
	if err := s.read.QueryRow(`SELECT COUNT(*) FROM items`).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d items stored (%v), want 1", n, err)
	}
}
