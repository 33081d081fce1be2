// Package deliver hands the events in a store's outbox (cosell events.go)
// to their targets: webhooks, EventBridge, a JSON-lines file and in-process
// observers. docs/decisions.md "Events: outbox and delivery" gives the
// choices and their sources.
//
// The contract, per target:
//   - At least once. An event leaves the outbox only after every live
//     target has it; a crash at any point redelivers what was not recorded
//     as delivered. The envelope's id is the event's stable EventID, so a
//     consumer drops duplicates by id.
//   - In order. A target receives events in outbox order (the order they
//     were written on a server; see cosell.NewOutboxSeq), one at a time. An
//     event that fails blocks the later ones for that target, retried with
//     exponential backoff and jitter, capped (Options.MaxBackoff); the other
//     targets go on. An event whose transaction committed after later ones
//     had been delivered (concurrent writers) is delivered when it is
//     found, so order holds per resource (its writes are serialized), not
//     across resources.
//   - Once in the common case across servers. Servers sharing a store each
//     run a dispatcher; a target's work is leased (owner and expiry, kept in
//     the store) so one server at a time delivers to a target. A server that
//     dies holding a lease loses it at expiry and another takes over from
//     the first event not recorded as delivered.
//
// Progress is kept in the store, in serializable item transactions: a
// lease per target (KindTarget, ID the target's Name), and in each outbox
// item the names of the targets that have it (OutboxEvent.Delivered). The
// transaction that records the last live target's delivery deletes the
// event; a periodic sweep deletes those left when a target stopped
// counting. A target whose lease nobody renewed for Options.StaleAfter (no
// server is configured with it any more) is not live, so it cannot keep
// events forever.
package deliver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/cosell/cosell"
	"github.com/google/uuid"
)

// KindTarget is the item kind of the targets' leases, in
// cosell.OutboxCatalog; ID: the target's Name.
const KindTarget cosell.ItemKind = "outbox-target"

// Options tune a Dispatcher; zero values take the defaults.
type Options struct {
	// Poll is how often an idle target looks at the outbox without being
	// woken (events committed by another server, or left by a crash);
	// default 2 s.
	Poll time.Duration
	// Lease is how long a target's lease lasts without renewal; default
	// 30 s. A lease is renewed before each delivery attempt.
	Lease time.Duration
	// StaleAfter is how long a target's lease may go unrenewed before the
	// target stops counting for deletion; default 1 h.
	StaleAfter time.Duration
	// MinBackoff and MaxBackoff bound the wait between two attempts of one
	// event: MinBackoff doubled per failure, capped at MaxBackoff, with
	// jitter; defaults 500 ms and 1 min.
	MinBackoff, MaxBackoff time.Duration
	// Page is how many events a target reads from the store at a time;
	// default 100.
	Page int
	// Gather is how long a woken target waits for more commits before it
	// reads the outbox, so that a burst of writes is delivered in a few
	// pages instead of a round (and its store transactions) per commit;
	// default 50 ms.
	Gather time.Duration
	// Logger receives failed attempts; nil discards them.
	Logger *slog.Logger
	// Owner names this dispatcher in leases; default a random UUID. Two
	// running dispatchers must not share one. A restarted server that
	// keeps its Owner (cosell serve: host and listening address) takes its
	// own unexpired leases back at once instead of waiting Lease.
	Owner string
	// Now is the clock of leases; default time.Now.
	Now func() time.Time
	// Retired names targets no server is configured with any more, whose
	// leases Run deletes before it starts: a target gone from every
	// server's configuration otherwise counts as live for StaleAfter, and
	// the events it never marks stay in the outbox, scanned by every round,
	// until then. A name renamed by an upgrade belongs here.
	Retired []string
}

// Dispatcher delivers a store's outbox to its targets.
type Dispatcher struct {
	store   cosell.ItemStore
	opt     Options
	mu      sync.Mutex
	targets []*runner
	started bool

	sweepMu   sync.Mutex
	lastSweep time.Time
	swept     bool // the last sweep deleted something
}

type runner struct {
	t    cosell.EventTarget
	wake chan struct{}
	// held is when this dispatcher's lease on the target, as last written,
	// expires (zero: not held). Only the target's goroutine uses it.
	held time.Time
}

// New returns a dispatcher of store's outbox; Add its targets, then Run it.
func New(store cosell.ItemStore, opt Options) *Dispatcher {
	if opt.Poll <= 0 {
		opt.Poll = 2 * time.Second
	}
	if opt.Lease <= 0 {
		opt.Lease = 30 * time.Second
	}
	if opt.StaleAfter <= 0 {
		opt.StaleAfter = time.Hour
	}
	if opt.MinBackoff <= 0 {
		opt.MinBackoff = 500 * time.Millisecond
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = time.Minute
	}
	if opt.Page <= 0 {
		opt.Page = 100
	}
	if opt.Gather <= 0 {
		opt.Gather = 50 * time.Millisecond
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Owner == "" {
		opt.Owner = uuid.NewString()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Dispatcher{store: store, opt: opt}
}

// Options returns the options the dispatcher runs with, defaults filled in.
func (d *Dispatcher) Options() Options { return d.opt }

// Add registers a target; call it before Run. Names must be unique.
func (d *Dispatcher) Add(t cosell.EventTarget) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.started {
		panic("deliver: Add after Run")
	}
	d.targets = append(d.targets, &runner{t: t, wake: make(chan struct{}, 1)})
}

// Notify wakes every target: events were committed
// (cosell.ServiceConfig.OutboxWritten). It never blocks.
func (d *Dispatcher) Notify() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, r := range d.targets {
		select {
		case r.wake <- struct{}{}:
		default:
		}
	}
}

// Run delivers until ctx is done. It first records each target as live,
// so the sweep never deletes an event before a target configured here
// had it.
func (d *Dispatcher) Run(ctx context.Context) error {
	d.mu.Lock()
	d.started = true
	targets := d.targets
	d.mu.Unlock()
	if len(d.opt.Retired) > 0 {
		if err := d.store.UpdateItems(ctx, func(tx cosell.ItemTx) error {
			for _, name := range d.opt.Retired {
				if err := tx.Delete(KindTarget, cosell.OutboxCatalog, name); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return fmt.Errorf("deliver: forget retired targets: %w", err)
		}
	}
	for _, r := range targets {
		if err := d.register(ctx, r); err != nil {
			return fmt.Errorf("deliver: register %s: %w", r.t.Name(), err)
		}
	}
	var wg sync.WaitGroup
	for _, r := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.runTarget(ctx, r)
		}()
	}
	wg.Wait()
	return nil
}

// lease is the document of a KindTarget item.
type lease struct {
	Owner string
	Until time.Time // the lease is free after this
	Seen  time.Time // last renewal by any owner: the target is live
	// Local marks a PerServer target: live only while its server holds
	// the lease (or just registered it), not for StaleAfter.
	Local bool `json:",omitempty"`
}

// register makes the target live without taking its lease.
func (d *Dispatcher) register(ctx context.Context, r *runner) error {
	name := r.t.Name()
	return d.store.UpdateItems(ctx, func(tx cosell.ItemTx) error {
		var l lease
		if _, err := get(tx, KindTarget, name, &l); err != nil {
			return err
		}
		l.Seen, l.Local = d.opt.Now(), isLocal(r.t)
		return put(tx, KindTarget, name, l)
	})
}

// acquire takes or renews the target's lease; false when another owner
// holds it. A lease this dispatcher holds with more than half its term left
// is not written again: the store sees one renewal per half term, not one
// per event.
func (d *Dispatcher) acquire(ctx context.Context, r *runner) (bool, error) {
	if now := d.opt.Now(); now.Before(r.held.Add(-d.opt.Lease / 2)) {
		return true, nil
	}
	name := r.t.Name()
	var ok bool
	var until time.Time
	err := d.store.UpdateItems(ctx, func(tx cosell.ItemTx) error {
		var l lease
		if _, err := get(tx, KindTarget, name, &l); err != nil {
			return err
		}
		now := d.opt.Now()
		ok = l.Owner == d.opt.Owner || l.Owner == "" || !now.Before(l.Until)
		if !ok {
			return nil
		}
		until = now.Add(d.opt.Lease)
		return put(tx, KindTarget, name, lease{Owner: d.opt.Owner, Until: until, Seen: now, Local: isLocal(r.t)})
	})
	r.held = time.Time{}
	if err == nil && ok {
		r.held = until
	}
	return ok, err
}

// release gives the lease up (a clean stop), so another server need not
// wait for it to expire.
func (d *Dispatcher) release(name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = d.store.UpdateItems(ctx, func(tx cosell.ItemTx) error {
		var l lease
		if _, err := get(tx, KindTarget, name, &l); err != nil || l.Owner != d.opt.Owner {
			return err
		}
		return put(tx, KindTarget, name, lease{Seen: l.Seen, Until: d.opt.Now(), Local: l.Local})
	})
}

func (d *Dispatcher) runTarget(ctx context.Context, r *runner) {
	name := r.t.Name()
	defer d.release(name)
	defer func() { r.held = time.Time{} }()
	for ctx.Err() == nil {
		delivered, err := d.round(ctx, r)
		if err != nil && ctx.Err() == nil {
			d.opt.Logger.LogAttrs(ctx, slog.LevelWarn, "events: delivery round failed", slog.String("target", name), slog.Any("error", err))
		}
		d.maybeSweep(ctx)
		if delivered > 0 {
			continue // more may be waiting
		}
		select {
		case <-ctx.Done():
		case <-r.wake:
			select {
			case <-ctx.Done():
			case <-time.After(d.opt.Gather):
			}
		case <-time.After(d.opt.Poll):
		}
	}
}

// maybeSweep sweeps after each round while sweeps delete something, so
// the outbox stays short under a steady flow; once one deleted nothing
// (the head waits for a slow target) it sweeps at most once per Poll.
func (d *Dispatcher) maybeSweep(ctx context.Context) {
	d.sweepMu.Lock()
	if !d.swept && time.Since(d.lastSweep) < d.opt.Poll {
		d.sweepMu.Unlock()
		return
	}
	d.lastSweep = time.Now()
	d.sweepMu.Unlock()
	n, err := d.sweep(ctx)
	if err != nil && ctx.Err() == nil {
		d.opt.Logger.LogAttrs(ctx, slog.LevelDebug, "events: sweep failed", slog.Any("error", err))
	}
	d.sweepMu.Lock()
	d.swept = n > 0
	d.sweepMu.Unlock()
}

// errLeaseLost ends a round whose lease another dispatcher took.
var errLeaseLost = errors.New("lease lost")

// round delivers one page of the target's pending events, under its lease;
// it returns how many it delivered. Deliveries are marked in one
// transaction at the end of the page, or before a retry waits: a crash
// redelivers at most the events of the page not yet marked.
func (d *Dispatcher) round(ctx context.Context, r *runner) (int, error) {
	ok, err := d.acquire(ctx, r)
	if err != nil || !ok {
		return 0, err
	}
	page, err := d.pending(ctx, r.t.Name())
	if err != nil {
		return 0, err
	}
	var done []*cosell.OutboxEvent // delivered, not yet marked
	flush := func() error {
		if len(done) == 0 {
			return nil
		}
		// Record them even if ctx just ended: the target has them.
		mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		err := d.mark(mctx, r.t.Name(), done)
		if err == nil {
			done = done[:0]
		}
		return err
	}
	n := 0
	for _, e := range page {
		if err := d.deliverOne(ctx, r, e, flush); err != nil {
			if errors.Is(err, errLeaseLost) {
				err = nil
			}
			return n, errors.Join(err, flush())
		}
		done = append(done, e)
		n++
	}
	return n, flush()
}

// mark records that target name has the events, deleting those that every
// live target now has. An event whose Delivered list as pending read it,
// with name, already covers the live targets (read in this transaction) is
// deleted without reading it again: other targets' marks since then only
// added names. That is the common case of a server with one target, its
// in-process observers, and saves a read per event on the writer.
func (d *Dispatcher) mark(ctx context.Context, name string, events []*cosell.OutboxEvent) error {
	return d.store.UpdateItems(ctx, func(tx cosell.ItemTx) error {
		live, err := d.liveTargets(tx, false)
		if err != nil {
			return err
		}
		for _, e := range events {
			seq := e.Seq
			if covers(append(slices.Clip(e.Delivered), name), live) {
				if err := tx.Delete(cosell.KindOutbox, cosell.OutboxCatalog, seq); err != nil {
					return err
				}
				continue
			}
			it, err := tx.Get(cosell.KindOutbox, cosell.OutboxCatalog, seq)
			if err != nil {
				return err
			}
			if it == nil {
				continue // swept already
			}
			// The targets that have it first: an event the last live
			// target just got is deleted without decoding the rest.
			var head struct{ Delivered []string }
			if err := json.Unmarshal(it.Doc, &head); err != nil {
				return fmt.Errorf("decode outbox item %s: %w", seq, err)
			}
			delivered := head.Delivered
			if !slices.Contains(delivered, name) {
				delivered = append(delivered, name)
			}
			if covers(delivered, live) {
				if err := tx.Delete(cosell.KindOutbox, cosell.OutboxCatalog, seq); err != nil {
					return err
				}
				continue
			}
			e, err := cosell.DecodeOutboxItem(it)
			if err != nil {
				return err
			}
			e.Delivered = delivered
			it, err = cosell.EncodeOutboxItem(e)
			if err != nil {
				return err
			}
			if err := tx.Put(it); err != nil {
				return err
			}
		}
		return nil
	})
}

// covers reports whether every live target is in delivered.
func covers(delivered, live []string) bool {
	for _, l := range live {
		if !slices.Contains(delivered, l) {
			return false
		}
	}
	return true
}

// liveTargets names the targets whose lease was renewed within
// StaleAfter; with forget, it deletes the others' leases.
func (d *Dispatcher) liveTargets(tx cosell.ItemTx, forget bool) ([]string, error) {
	now := d.opt.Now()
	var live, stale []string
	err := tx.Scan(KindTarget, cosell.OutboxCatalog, "", func(it *cosell.Item) error {
		var l lease
		if err := json.Unmarshal(it.Doc, &l); err != nil {
			return err
		}
		switch {
		case now.Sub(l.Seen) > d.opt.StaleAfter:
			stale = append(stale, it.ID)
		case l.Local && !now.Before(l.Until) && now.Sub(l.Seen) > d.opt.Lease:
			// Its server stopped: events do not wait for it.
		default:
			live = append(live, it.ID)
		}
		return nil
	})
	if err != nil || !forget {
		return live, err
	}
	for _, id := range stale {
		if err := tx.Delete(KindTarget, cosell.OutboxCatalog, id); err != nil {
			return nil, err
		}
	}
	return live, nil
}

// pending reads, in outbox order, up to a page of the events the target
// has not marked.
func (d *Dispatcher) pending(ctx context.Context, name string) ([]*cosell.OutboxEvent, error) {
	var page []*cosell.OutboxEvent
	errFull := errors.New("page full")
	err := d.store.ViewItems(ctx, func(tx cosell.ItemTx) error {
		page = page[:0]
		err := tx.Scan(cosell.KindOutbox, cosell.OutboxCatalog, "", func(it *cosell.Item) error {
			e, err := cosell.DecodeOutboxItem(it)
			if err != nil || slices.Contains(e.Delivered, name) {
				return err
			}
			page = append(page, e)
			if len(page) == d.opt.Page {
				return errFull
			}
			return nil
		})
		if errors.Is(err, errFull) {
			return nil
		}
		return err
	})
	return page, err
}

// deliverOne delivers e to r's target, retrying with backoff until it
// succeeds, the lease is lost or ctx ends; before waiting to retry it
// flushes the marks of the events delivered before e.
func (d *Dispatcher) deliverOne(ctx context.Context, r *runner, e *cosell.OutboxEvent, flush func() error) error {
	name := r.t.Name()
	for attempt := 1; ; attempt++ {
		ok, err := d.acquire(ctx, r) // renew: a long retry keeps its lease
		if err != nil {
			return err
		}
		if !ok {
			return errLeaseLost
		}
		err = r.t.Deliver(ctx, e)
		if err == nil {
			return nil
		}
		wait := Backoff(attempt, d.opt.MinBackoff, d.opt.MaxBackoff)
		d.opt.Logger.LogAttrs(ctx, slog.LevelWarn, "events: delivery failed; retrying",
			slog.String("target", name), slog.String("event", e.EventID), slog.String("detail_type", e.DetailType),
			slog.Int("attempt", attempt), slog.Duration("retry_in", wait), slog.Any("error", err))
		if err := flush(); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// Backoff is the wait before attempt+1 after attempt failures: min doubled
// per failure, capped at max, then "equal jitter" (half fixed, half
// random), so servers retrying the same receiver spread out.
func Backoff(attempt int, min, max time.Duration) time.Duration {
	d := min
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	return d/2 + rand.N(d/2+1)
}

// Sweep deletes, from the head of the outbox, the events that every live
// target has marked, with their marks, and the targets nobody renewed for
// StaleAfter. It looks at a bounded number of events per call.
func (d *Dispatcher) Sweep(ctx context.Context) error {
	_, err := d.sweep(ctx)
	return err
}

// sweep is Sweep; it returns how many events it deleted.
func (d *Dispatcher) sweep(ctx context.Context) (int, error) {
	const look = 1000
	deleted := 0
	err := d.store.UpdateItems(ctx, func(tx cosell.ItemTx) error {
		deleted = 0
		live, err := d.liveTargets(tx, true)
		if err != nil || len(live) == 0 {
			return err // nobody to deliver to: keep the events for whoever comes
		}
		var done []string
		seen := 0
		errEnough := errors.New("enough")
		err = tx.Scan(cosell.KindOutbox, cosell.OutboxCatalog, "", func(it *cosell.Item) error {
			if seen++; seen > look {
				return errEnough
			}
			e, err := cosell.DecodeOutboxItem(it)
			if err == nil && covers(e.Delivered, live) {
				done = append(done, it.ID)
			}
			return err
		})
		if err != nil && !errors.Is(err, errEnough) {
			return err
		}
		deleted = len(done)
		for _, seq := range done {
			if err := tx.Delete(cosell.KindOutbox, cosell.OutboxCatalog, seq); err != nil {
				return err
			}
		}
		return nil
	})
	return deleted, err
}

// PerServer makes t a target of this server alone, named t's Name then
// "@" and server (cosell serve: its host and listening address). Each
// server sharing the store then delivers every event to its own t (a
// console's live feed on every server), where a plain target's events go
// to whichever server holds its lease. It counts as live, holding events
// in the outbox, only while its server runs (holds the lease), so a server
// gone for good holds nothing back.
func PerServer(t cosell.EventTarget, server string) cosell.EventTarget {
	return perServer{t, t.Name() + "@" + server}
}

type perServer struct {
	cosell.EventTarget
	name string
}

func (p perServer) Name() string { return p.name }

func isLocal(t cosell.EventTarget) bool {
	_, ok := t.(perServer)
	return ok
}

func get(tx cosell.ItemTx, kind cosell.ItemKind, id string, v any) (bool, error) {
	it, err := tx.Get(kind, cosell.OutboxCatalog, id)
	if err != nil || it == nil {
		return false, err
	}
	return true, json.Unmarshal(it.Doc, v)
}

func put(tx cosell.ItemTx, kind cosell.ItemKind, id string, v any) error {
	doc, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return tx.Put(&cosell.Item{Kind: kind, Catalog: cosell.OutboxCatalog, ID: id, Doc: doc})
}
