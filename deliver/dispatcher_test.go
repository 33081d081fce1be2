package deliver_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/deliver"
	"github.com/cosell/cosell/memory"
	"github.com/cosell/cosell/sqlite"
	"github.com/google/go-cmp/cmp"
)

// stores are the backends the dispatcher is tested on; two dispatchers on
// one store are two servers.
func stores(t *testing.T) []struct {
	name  string
	store cosell.ItemStore
} {
	sq, err := sqlite.Open(filepath.Join(t.TempDir(), "d.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sq.Close() })
	return []struct {
		name  string
		store cosell.ItemStore
	}{{"memory", memory.New()}, {"sqlite", sq}}
}

func opps(n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("O%d", i%3)) // three resources, interleaved
	}
	return out
}

// Every event reaches every target once, in outbox order, then leaves the
// outbox; events written while the dispatcher runs are woken for.
func TestDeliverAll(t *testing.T) {
	for _, st := range stores(t) {
		t.Run(st.name, func(t *testing.T) {
			ids := opps(20)
			before := write(t, st.store, ids[:10]...) // left from before a start
			a, b := &recorder{name: "a"}, &recorder{name: "b"}
			d := deliver.New(st.store, fast("one"))
			d.Add(a)
			d.Add(b)
			run(t, d, "one")
			after := write(t, st.store, ids[10:]...)
			d.Notify()
			all := want(append(before, after...), ids)
			eventually(t, "all events at both targets", func() bool { return len(a.events()) == 20 && len(b.events()) == 20 })
			for _, r := range []*recorder{a, b} {
				if diff := cmp.Diff(all, r.events()); diff != "" {
					t.Errorf("target %s (-want +got):\n%s", r.name, diff)
				}
			}
			eventually(t, "an empty outbox", func() bool { return outboxLen(t, st.store) == 0 })
		})
	}
}

// A failing target retries its first undelivered event with backoff and
// holds the later ones back (order per target); the other target goes on
// and is not delivered to again. Once the failing one recovers, it gets
// everything, in order, with the same event ids; the outbox keeps each
// event until both have it.
func TestPerTargetProgress(t *testing.T) {
	for _, st := range stores(t) {
		t.Run(st.name, func(t *testing.T) {
			ids := opps(12)
			down := errors.New("receiver down")
			good, flaky := &recorder{name: "good"}, &recorder{name: "flaky"}
			var refused []string
			flaky.fail = func(e *cosell.OutboxEvent) error {
				refused = append(refused, e.EventID)
				return down
			}
			d := deliver.New(st.store, fast("one"))
			d.Add(good)
			d.Add(flaky)
			run(t, d, "one")
			events := write(t, st.store, ids...)
			d.Notify()
			eventually(t, "the good target", func() bool { return len(good.events()) == 12 })
			eventually(t, "a few retries", func() bool { flaky.mu.Lock(); defer flaky.mu.Unlock(); return flaky.n >= 3 })
			flaky.mu.Lock()
			for _, id := range refused {
				if id != events[0] {
					t.Errorf("the failing target was offered %s before %s was delivered", id, events[0])
				}
			}
			flaky.mu.Unlock()
			if n := outboxLen(t, st.store); n != 12 {
				t.Errorf("%d events in the outbox while a target lacks them, want 12", n)
			}
			flaky.setFail(nil)
			eventually(t, "the recovered target", func() bool { return len(flaky.events()) == 12 })
			if diff := cmp.Diff(want(events, ids), flaky.events()); diff != "" {
				t.Errorf("recovered target (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want(events, ids), good.events()); diff != "" {
				t.Errorf("good target delivered again or out of order (-want +got):\n%s", diff)
			}
			eventually(t, "an empty outbox", func() bool { return outboxLen(t, st.store) == 0 })
		})
	}
}

// Two dispatchers (two servers) on one store with the same target: the
// lease lets one deliver at a time, so each event arrives once and in
// order; when the holder stops cleanly the other takes over at once, and
// a lease left by a server that died is taken over when it expires.
func TestLeaseTwoDispatchers(t *testing.T) {
	for _, st := range stores(t) {
		t.Run(st.name, func(t *testing.T) {
			shared := &recorder{name: "shared"}
			d1, d2 := deliver.New(st.store, fast("server-1")), deliver.New(st.store, fast("server-2"))
			d1.Add(shared)
			d2.Add(shared)
			stop1 := run(t, d1, "server-1")
			eventually(t, "server-1's lease", func() bool { return leaseOwner(t, st.store, "shared") == "server-1" })
			stop2 := run(t, d2, "server-2")
			ids := opps(15)
			first := write(t, st.store, ids[:10]...)
			d1.Notify()
			d2.Notify()
			eventually(t, "ten events", func() bool { return len(shared.events()) >= 10 })
			stop1()
			second := write(t, st.store, ids[10:]...)
			d2.Notify()
			eventually(t, "fifteen events", func() bool { return len(shared.events()) >= 15 })
			time.Sleep(50 * time.Millisecond) // room for a double delivery to show
			if diff := cmp.Diff(want(append(first, second...), ids), shared.events()); diff != "" {
				t.Errorf("deliveries (-want +got):\n%s", diff)
			}
			shared.mu.Lock()
			by := slices.Clone(shared.by)
			shared.mu.Unlock()
			if diff := cmp.Diff(slices.Repeat([]string{"server-1"}, 10), by[:10]); diff != "" {
				t.Errorf("the lease holder did not deliver alone (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(slices.Repeat([]string{"server-2"}, 5), by[10:]); diff != "" {
				t.Errorf("after server-1 stopped (-want +got):\n%s", diff)
			}
			stop2()

			// A dead server's lease: nobody delivers until it expires.
			setLease(t, st.store, "shared", "dead-server", time.Now().Add(300*time.Millisecond))
			d3 := deliver.New(st.store, fast("server-3"))
			d3.Add(shared)
			start := time.Now()
			run(t, d3, "server-3")
			third := write(t, st.store, "O9")
			d3.Notify()
			eventually(t, "the event after the expiry", func() bool { return len(shared.events()) == 16 })
			if waited := time.Since(start); waited < 250*time.Millisecond {
				t.Errorf("delivered %s after start, before the dead server's lease expired", waited)
			}
			if got := shared.events()[15]; got != third[0]+" O9" {
				t.Errorf("last delivery %q", got)
			}
		})
	}
}

// A target nobody renews for StaleAfter stops holding events in the
// outbox; Sweep forgets it.
func TestStaleTarget(t *testing.T) {
	store := memory.New()
	var nowNano atomic.Int64
	nowNano.Store(time.Now().UnixNano())
	clock := func() time.Time { return time.Unix(0, nowNano.Load()) }
	opt := fast("one")
	opt.Now, opt.StaleAfter = clock, time.Minute
	gone := deliver.New(store, opt)
	gone.Add(&recorder{name: "gone", fail: func(*cosell.OutboxEvent) error { return errors.New("never") }})
	stopGone := run(t, gone, "one")
	eventually(t, "the gone target's lease", func() bool { return leaseOwner(t, store, "gone") == "one" })
	stopGone()
	live := &recorder{name: "live"}
	d := deliver.New(store, opt)
	d.Add(live)
	run(t, d, "two")
	write(t, store, "O1", "O2")
	d.Notify()
	eventually(t, "two events", func() bool { return len(live.events()) == 2 })
	if err := d.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := outboxLen(t, store); n != 2 {
		t.Errorf("%d events kept while the gone target is live, want 2", n)
	}
	nowNano.Add(int64(2 * time.Minute))
	if err := d.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
	// "live" renews on its next round; with the clock moved it may look
	// stale too, and then the sweep keeps everything: renew it first.
	setLease(t, store, "live", "two", clock().Add(time.Minute))
	if err := d.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := outboxLen(t, store); n != 0 {
		t.Errorf("%d events kept for a stale target, want 0", n)
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		name     string
		attempt  int
		min, max time.Duration
	}{
		{name: "first", attempt: 1, min: 500 * time.Millisecond, max: time.Minute},
		{name: "fourth", attempt: 4, min: 500 * time.Millisecond, max: time.Minute},
		{name: "capped", attempt: 40, min: 500 * time.Millisecond, max: time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			full := tt.min << (tt.attempt - 1)
			if tt.attempt > 20 || full > tt.max {
				full = tt.max
			}
			for range 200 {
				got := deliver.Backoff(tt.attempt, tt.min, tt.max)
				if got < full/2 || got > full {
					t.Fatalf("Backoff(%d) = %s, want in [%s, %s]", tt.attempt, got, full/2, full)
				}
			}
		})
	}
}

func leaseOwner(t testing.TB, store cosell.ItemStore, name string) string {
	t.Helper()
	var owner string
	err := store.ViewItems(context.Background(), func(tx cosell.ItemTx) error {
		it, err := tx.Get(deliver.KindTarget, cosell.OutboxCatalog, name)
		if err != nil || it == nil {
			return err
		}
		var l struct{ Owner string }
		if err := jsonUnmarshal(it.Doc, &l); err != nil {
			return err
		}
		owner = l.Owner
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return owner
}

func setLease(t testing.TB, store cosell.ItemStore, name, owner string, until time.Time) {
	t.Helper()
	doc, _ := jsonMarshal(map[string]any{"Owner": owner, "Until": until, "Seen": until})
	if err := store.UpdateItems(context.Background(), func(tx cosell.ItemTx) error {
		return tx.Put(&cosell.Item{Kind: deliver.KindTarget, Catalog: cosell.OutboxCatalog, ID: name, Doc: doc})
	}); err != nil {
		t.Fatal(err)
	}
}

// A PerServer target is each server's own: two servers on one store each
// deliver every event to theirs. Once a server stops, its target no longer
// holds events in the outbox.
func TestPerServerTargets(t *testing.T) {
	for _, st := range stores(t) {
		t.Run(st.name, func(t *testing.T) {
			opt := func(owner string) deliver.Options {
				o := fast(owner)
				o.Lease = time.Second
				return o
			}
			feed1, feed2, shared := &recorder{name: "feed"}, &recorder{name: "feed"}, &recorder{name: "shared"}
			d1, d2 := deliver.New(st.store, opt("server-1")), deliver.New(st.store, opt("server-2"))
			d1.Add(deliver.PerServer(feed1, "server-1"))
			d1.Add(shared)
			d2.Add(deliver.PerServer(feed2, "server-2"))
			d2.Add(shared)
			run(t, d1, "server-1")
			stop2 := run(t, d2, "server-2")
			// A target gets the events still in the outbox when it starts:
			// wait for both feeds to be there.
			eventually(t, "both feeds' leases", func() bool {
				return leaseOwner(t, st.store, "feed@server-1") == "server-1" && leaseOwner(t, st.store, "feed@server-2") == "server-2"
			})
			ids := opps(6)
			events := write(t, st.store, ids...)
			d1.Notify()
			d2.Notify()
			eventually(t, "both feeds", func() bool { return len(feed1.events()) == 6 && len(feed2.events()) == 6 })
			for _, r := range []*recorder{feed1, feed2, shared} {
				eventually(t, "the shared target", func() bool { return len(shared.events()) == 6 })
				if diff := cmp.Diff(want(events, ids), r.events()); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			}
			eventually(t, "an empty outbox", func() bool { return outboxLen(t, st.store) == 0 })
			stop2()
			write(t, st.store, "O7")
			d1.Notify()
			eventually(t, "an empty outbox without server-2's feed", func() bool { return outboxLen(t, st.store) == 0 })
			if n := len(feed2.events()); n != 6 {
				t.Errorf("the stopped server's feed got %d events, want 6", n)
			}
		})
	}
}

// TestDefaultOptions: the defaults the README states for cosell serve's
// delivery ("retried with backoff, up to 1 min between attempts").
func TestDefaultOptions(t *testing.T) {
	got := deliver.New(memory.New(), deliver.Options{}).Options()
	tests := []struct {
		name      string
		got, want time.Duration
	}{
		{name: "first retry after", got: got.MinBackoff, want: 500 * time.Millisecond},
		{name: "longest wait between attempts", got: got.MaxBackoff, want: time.Minute},
		{name: "lease", got: got.Lease, want: 30 * time.Second},
		{name: "poll", got: got.Poll, want: 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("%s = %s, want %s", tt.name, tt.got, tt.want)
			}
		})
	}
}
