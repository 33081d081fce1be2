package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cosell/cosell"
)

// writer is the one goroutine that writes. It takes the first queued
// request, then whatever else is already queued (up to maxBatch), and runs
// them in one BEGIN IMMEDIATE transaction, in order:
//   - each request sees the writes of those before it (same transaction),
//     so the batch is exactly the serial execution of its requests;
//   - a request that fails (fn's error, a duplicate token) writes nothing,
//     its writes being undone to a savepoint, and does not affect the others;
//   - if SQLite rolls the whole transaction back under a failing statement
//     (it may, on SQLITE_FULL, IOERR, NOMEM, BUSY), every request of the
//     batch fails and none runs after it (nothing was written);
//   - every request is answered after COMMIT returns; if COMMIT fails every
//     request that would have written gets that error (nothing was written).
//
// With one waiting writer this is a plain transaction per request; under
// load the commit cost (and with synchronous=full the fsync) is shared.
type writer struct {
	db       *sql.DB
	maxBatch int
	queue    chan *request
	quit     chan struct{}
	done     chan struct{}
	stmts    statements
	quitOnce sync.Once
	ckpt     *checkpointer

	batches, requests atomic.Int64 // for tests and benchmarks
	disk              diskState    // writes failing for lack of disk (readiness)
}

// request is one queued write. state moves queued → taken (by the writer)
// or queued → abandoned (by a caller whose context ended, or after the
// writer stopped), never both, so a caller returns early only for a write
// that will never run.
type request struct {
	apply  func(*sql.Tx) (*cosell.Opportunity, error)
	single bool // apply writes with at most one statement: no savepoint needed
	state  atomic.Int32
	done   chan struct{}
	result *cosell.Opportunity
	err    error
}

const (
	queued int32 = iota
	taken
	abandoned
)

func startWriter(db *sql.DB, maxBatch int, ckpt *checkpointer) (*writer, error) {
	w := &writer{db: db, maxBatch: maxBatch, ckpt: ckpt, queue: make(chan *request, 4*maxBatch), quit: make(chan struct{}), done: make(chan struct{})}
	if err := w.stmts.prepare(db); err != nil {
		return nil, err
	}
	go w.loop()
	return w, nil
}

// do queues apply and waits for its answer.
func (w *writer) do(ctx context.Context, apply func(*sql.Tx) (*cosell.Opportunity, error)) (*cosell.Opportunity, error) {
	return w.wait(ctx, &request{apply: apply, done: make(chan struct{})})
}

// doSingle is do for an apply that writes with at most one statement
// (which SQLite makes atomic by itself): a failure leaves nothing to undo,
// so it runs without a savepoint.
func (w *writer) doSingle(ctx context.Context, apply func(*sql.Tx) (*cosell.Opportunity, error)) (*cosell.Opportunity, error) {
	return w.wait(ctx, &request{apply: apply, single: true, done: make(chan struct{})})
}

func (w *writer) wait(ctx context.Context, r *request) (*cosell.Opportunity, error) {
	select {
	case w.queue <- r:
	case <-w.quit:
		return nil, errClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case <-r.done:
		return r.result, r.err
	case <-w.done:
		if r.state.CompareAndSwap(queued, abandoned) {
			return nil, errClosed
		}
	case <-ctx.Done():
		if r.state.CompareAndSwap(queued, abandoned) {
			return nil, ctx.Err()
		}
	}
	<-r.done // the writer took it: wait for the outcome
	return r.result, r.err
}

// BatchStats reports how many batches (transactions) the writer has run
// and how many requests they held, for tests and cosell-load's report.
func (s *Store) BatchStats() (batches, requests int64) {
	return s.w.batches.Load(), s.w.requests.Load()
}

func (w *writer) stop() {
	w.quitOnce.Do(func() { close(w.quit) })
	<-w.done
	w.stmts.close()
}

func (w *writer) stopped() bool {
	select {
	case <-w.quit:
		return true
	default:
		return false
	}
}

func (w *writer) loop() {
	defer close(w.done)
	batch := make([]*request, 0, w.maxBatch)
	for {
		select {
		case <-w.quit:
			return
		case r := <-w.queue:
			batch = append(batch[:0], r)
		}
		if len(w.queue) == 0 {
			// Let callers that are about to queue (woken by the last
			// batch's answers) do so, so that they share this commit.
			runtime.Gosched()
		}
	fill:
		for len(batch) < w.maxBatch {
			select {
			case r := <-w.queue:
				batch = append(batch, r)
			default:
				break fill
			}
		}
		w.run(batch)
		w.ckpt.tail(w.db)
	}
}

// run executes one batch and answers its requests.
func (w *writer) run(batch []*request) {
	live := batch[:0]
	for _, r := range batch {
		if r.state.CompareAndSwap(queued, taken) {
			live = append(live, r)
		}
	}
	if len(live) == 0 {
		return
	}
	w.batches.Add(1)
	w.requests.Add(int64(len(live)))
	defer func() {
		for _, r := range live {
			close(r.done)
		}
	}()
	committed := false
	defer func() { // runs before the answers: /readyz is current when a caller sees the error
		errs := make([]error, len(live))
		for i, r := range live {
			errs[i] = r.err
		}
		w.disk.observe(committed, errs...)
	}()
	tx, err := w.db.BeginTx(context.Background(), nil)
	if err != nil {
		for _, r := range live {
			r.err = fmt.Errorf("sqlite: begin: %w", err)
		}
		return
	}
	batched := len(live) > 1
	wrote := false
	for _, r := range live {
		r.result, r.err = w.applyOne(tx, r, batched && !r.single)
		if r.err != nil && batched && !txAlive(tx) {
			// SQLite rolled the whole transaction back (it may, on
			// SQLITE_FULL, IOERR, NOMEM, BUSY): the requests before this
			// one lost their writes, and the rest would run outside any
			// transaction, each committing on its own. None of them ran
			// or will: all fail, nothing written.
			lost := fmt.Errorf("sqlite: transaction rolled back: %w", r.err)
			for _, o := range live {
				if o.err == nil {
					o.result, o.err = nil, lost
				}
			}
			tx.Rollback() //nolint:errcheck // already rolled back
			return
		}
		wrote = wrote || r.err == nil
	}
	if !wrote {
		tx.Rollback() //nolint:errcheck // nothing to keep
		return
	}
	if err := tx.Commit(); err != nil {
		for _, r := range live {
			if r.err == nil {
				r.result, r.err = nil, fmt.Errorf("sqlite: commit: %w", err)
			}
		}
		return
	}
	committed = true
	w.ckpt.committed()
}

// txAlive reports whether tx's transaction is still open after a request
// failed. It asks with BEGIN, which SQLite refuses inside a transaction;
// if BEGIN succeeds the batch's transaction was gone, and the one BEGIN
// opened is rolled back by the caller with tx.Rollback. The probe runs only
// after a failure: an open savepoint around the whole batch (the probe
// before) made every page the batch wrote go to the statement journal
// too, which cost chained updates ~20% of their CPU (docs/benchmarks.md,
// "Engagement family (issue 7)").
func txAlive(tx *sql.Tx) bool {
	_, err := tx.Exec(`BEGIN`)
	return err != nil && strings.Contains(err.Error(), "within a transaction")
}

// applyOne runs one request inside the batch's transaction, within a
// savepoint when its failure could leave a partial write behind that the
// batch would otherwise commit. (Alone in its batch a request needs none:
// if nothing succeeded, run rolls the transaction back.)
func (w *writer) applyOne(tx *sql.Tx, r *request, savepoint bool) (o *cosell.Opportunity, err error) {
	if savepoint {
		if _, err := tx.Stmt(w.stmts.savepoint).Exec(); err != nil {
			return nil, fmt.Errorf("sqlite: savepoint: %w", err)
		}
	}
	defer func() {
		if p := recover(); p != nil {
			o, err = nil, fmt.Errorf("sqlite: write panicked: %v", p)
		}
		if !savepoint {
			return
		}
		if err != nil {
			if _, rbErr := tx.Stmt(w.stmts.rollbackTo).Exec(); rbErr != nil {
				o, err = nil, fmt.Errorf("sqlite: rollback to savepoint: %w (after %w)", rbErr, err)
			}
		}
		if _, relErr := tx.Stmt(w.stmts.release).Exec(); relErr != nil && err == nil {
			o, err = nil, fmt.Errorf("sqlite: release savepoint: %w", relErr)
		}
	}()
	return r.apply(tx)
}
