package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/listsql"
)

// selectDoc reads a record; selectVersioned also its write count.
const (
	selectDoc       = `SELECT doc FROM opportunities WHERE id_num = ? AND catalog = ?`
	selectVersioned = `SELECT doc, version FROM opportunities WHERE id_num = ? AND catalog = ?`
)

// optimisticTries bounds how many times UpdateOpportunity runs fn outside
// the writer before it falls back to running fn on the writer goroutine,
// under the write lock, where it cannot lose a race: a record written by
// many callers at once (the race proof, storetest's increments) then still
// makes progress instead of re-running fn indefinitely.
const optimisticTries = 3

// errStale is a conditional write that found the record changed since it
// was read: the caller reads again and re-runs fn.
var errStale = errors.New("sqlite: record changed since read")

// UpdateOpportunity implements cosell.Store with optimistic writes:
//
//  0. if this Store wrote the record last (as far as it knows: see
//     recordCache), run fn on a copy of what it wrote and queue the
//     conditional write of step 2 for that version; only a committed
//     success is answered from here, anything else goes on to step 1;
//  1. read the record and its version through the reader pool (a committed
//     snapshot), decode it, run fn on it and encode the result, all on the
//     caller's goroutine, so that callers use every core;
//  2. queue a conditional UPDATE … WHERE id_num = ? AND version = ? (which
//     also adds one to version) for the writer, which runs it in its next
//     group-commit batch;
//  3. if it changed no row, the record was written after step 1: go back
//     to 1 and run fn again on the newer record (fn is a function of the
//     record, the request and the clock), while ctx lasts;
//  4. the caller is answered only after the COMMIT holding its write.
//
// So fn's decision holds for the record as it is at commit time; of two
// racing updates with one LastModifiedDate the loser re-runs fn on the
// winner's record and fails (ConflictException); fn's error writes
// nothing. After optimisticTries lost races fn runs on the writer
// goroutine instead, inside the write transaction, as every update did
// before (see update). A private ":memory:" database has one connection,
// so nothing runs in parallel there: it always takes that path.
//
// The answer is fn's own copy: the store keeps only the encoded bytes, so
// nothing the caller does to it reaches the stored record.
func (s *Store) UpdateOpportunity(ctx context.Context, catalog, id string, fn func(*cosell.Opportunity) error) (*cosell.Opportunity, error) {
	o, err := s.updateOpportunity(ctx, catalog, id, fn)
	if err == nil {
		listsql.MaybePrune(&s.lastPrune, s.PruneVersions)
	}
	return o, err
}

func (s *Store) updateOpportunity(ctx context.Context, catalog, id string, fn func(*cosell.Opportunity) error) (*cosell.Opportunity, error) {
	if !validID(id) {
		return nil, notFound(catalog, id)
	}
	if s.readVersioned == nil {
		return s.update(ctx, catalog, id, fn)
	}
	num := cosell.IDNumber(id)
	if o, version, ok := s.cache.take(num, catalog); ok {
		// Only a success counts: fn's error, or a lost race, may come from
		// an outdated entry, so the record is read afresh below.
		if o, w, err := prepareWrite(o, version, catalog, id, fn); err == nil {
			err = s.conditionalWrite(ctx, id, w)
			if err == nil {
				s.cache.put(num, version+1, o)
				return o, nil
			}
			if !errors.Is(err, errStale) {
				return nil, err
			}
		}
	}
	for range optimisticTries {
		o, err := s.tryUpdate(ctx, catalog, id, fn)
		if !errors.Is(err, errStale) {
			return o, err
		}
	}
	return s.update(ctx, catalog, id, fn)
}

// pendingWrite is one prepared conditional write of a record.
type pendingWrite struct {
	mask     uint8          // which indexed columns changed (update's index)
	args     []any          // the changed columns, owner, doc, id_num, the version read
	prepared time.Time      // when fn ran (took the LastModifiedDate)
	items    []*cosell.Item // written with the record (Opportunity.Also)
	probe    *cosell.ItemProbe
}

// prepareWrite runs fn on o, the record as of version, and encodes the
// result.
func prepareWrite(o *cosell.Opportunity, version int64, catalog, id string, fn func(*cosell.Opportunity) error) (*cosell.Opportunity, pendingWrite, error) {
	old := columnsOf(o).values()
	prepared := time.Now()
	if err := fn(o); err != nil {
		return nil, pendingWrite{}, err
	}
	o.Catalog, o.ID = catalog, id // the key is not fn's to change
	enc, err := cosell.EncodeRecord(o)
	if err != nil {
		return nil, pendingWrite{}, err
	}
	w := pendingWrite{args: make([]any, 0, len(old)+4), prepared: prepared}
	k := columnsOf(o)
	for i, v := range k.values() {
		if v != old[i] {
			w.mask |= 1 << i
			w.args = append(w.args, v)
		}
	}
	w.args = append(w.args, k.owner, enc, cosell.IDNumber(id), version)
	if o.Also != nil {
		w.items = o.Also(o)
	}
	w.probe, o.Probe = o.Probe, nil
	return o, w, nil
}

// tryUpdate is one optimistic attempt: errStale if another write came
// first.
func (s *Store) tryUpdate(ctx context.Context, catalog, id string, fn func(*cosell.Opportunity) error) (*cosell.Opportunity, error) {
	o, version, err := scanVersioned(s.readVersioned.QueryRowContext(ctx, cosell.IDNumber(id), catalog), catalog, id)
	if err != nil {
		return nil, err
	}
	o, w, err := prepareWrite(o, version, catalog, id, fn)
	if err != nil {
		return nil, err
	}
	if err := s.conditionalWrite(ctx, id, w); err != nil {
		return nil, err
	}
	s.cache.put(cosell.IDNumber(id), version+1, o)
	return o, nil
}

// conditionalWrite has the writer run w: errStale if the record's version
// is no longer the one w was prepared from.
func (s *Store) conditionalWrite(ctx context.Context, id string, w pendingWrite) error {
	st := &s.w.stmts
	do := s.w.doSingle
	if len(w.items) > 0 {
		do = s.w.do // several statements: a savepoint undoes them together
	}
	_, err := do(ctx, func(tx *sql.Tx) (*cosell.Opportunity, error) {
		if time.Since(w.prepared) > cosell.MaxCommitLag {
			return nil, errStale // too late for fn's timestamp: run fn again
		}
		res, err := tx.Stmt(st.update[w.mask]).Exec(w.args...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: update %s: %w", id, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return nil, fmt.Errorf("sqlite: update %s: %w", id, err)
		}
		if n == 0 {
			return nil, errStale // nothing written: no savepoint needed
		}
		if err := putItems(tx, st, w.items); err != nil {
			return nil, err
		}
		return nil, answer(tx, st, w.probe)
	})
	return err
}

// answer sets probe (if any) from tx, after the record's write. The caller
// reads it after the commit (the writer's answer orders the two).
func answer(tx *sql.Tx, st *statements, probe *cosell.ItemProbe) error {
	if probe == nil {
		return nil
	}
	var doc []byte
	err := tx.Stmt(st.getItem).QueryRow(string(probe.Kind), probe.Catalog, probe.ID).Scan(&doc)
	switch {
	case err == nil:
		probe.Known, probe.Found = true, true
	case errors.Is(err, sql.ErrNoRows):
		probe.Known, probe.Found = true, false
	default:
		return fmt.Errorf("sqlite: probe item %s %s %q: %w", probe.Kind, probe.Catalog, probe.ID, err)
	}
	return nil
}

// update runs fn on the writer goroutine, inside the write transaction:
// the record cannot change between the read and the write.
func (s *Store) update(ctx context.Context, catalog, id string, fn func(*cosell.Opportunity) error) (*cosell.Opportunity, error) {
	st := &s.w.stmts
	// do, not doSingle: the record's Also may add statements.
	return s.w.do(ctx, func(tx *sql.Tx) (*cosell.Opportunity, error) {
		o, version, err := scanVersioned(tx.Stmt(st.getVersioned).QueryRow(cosell.IDNumber(id), catalog), catalog, id)
		if err != nil {
			return nil, err
		}
		o, w, err := prepareWrite(o, version, catalog, id, fn)
		if err != nil {
			return nil, err
		}
		if _, err := tx.Stmt(st.update[w.mask]).Exec(w.args...); err != nil {
			return nil, fmt.Errorf("sqlite: update %s: %w", id, err)
		}
		if err := putItems(tx, st, w.items); err != nil {
			return nil, err
		}
		return o, answer(tx, st, w.probe)
	})
}

// scanVersioned reads one record and its version from a (doc, version) row.
func scanVersioned(row *sql.Row, catalog, id string) (*cosell.Opportunity, int64, error) {
	var doc []byte
	var version int64
	err := row.Scan(&doc, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, notFound(catalog, id)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("sqlite: read %s: %w", id, err)
	}
	o, err := cosell.DecodeRecord(doc)
	return o, version, err
}
