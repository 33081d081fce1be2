package deliver_test

import (
	"errors"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/deliver"
	"github.com/google/go-cmp/cmp"
)

// A Fanout is one target: every observer gets every event in order, the
// events leave the outbox after one mark, and a failing observer makes the
// attempt fail (retried), the others seeing the event again.
func TestFanout(t *testing.T) {
	tests := []struct {
		name      string
		failFirst bool // the second observer refuses each event's first attempt
		wantOther int  // attempts the first observer sees, per event
	}{
		{name: "observers that never fail", wantOther: 1},
		{name: "one observer fails once per event", failFirst: true, wantOther: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, st := range stores(t) {
				t.Run(st.name, func(t *testing.T) {
					a, b := &recorder{name: "a"}, &recorder{name: "b"}
					if tt.failFirst {
						seen := map[string]bool{}
						b.fail = func(e *cosell.OutboxEvent) error {
							if seen[e.EventID] {
								return nil
							}
							seen[e.EventID] = true
							return errors.New("not yet")
						}
					}
					d := deliver.New(st.store, fast("server-1"))
					d.Add(deliver.Fanout("observers", a, b))
					run(t, d, "server-1")
					ids := opps(5)
					events := write(t, st.store, ids...)
					d.Notify()
					eventually(t, "both observers", func() bool { return len(a.events()) >= 5*tt.wantOther && len(b.events()) == 5 })
					if diff := cmp.Diff(want(events, ids), b.events()); diff != "" {
						t.Errorf("second observer (-want +got):\n%s", diff)
					}
					var wantA []string
					for _, e := range want(events, ids) {
						for range tt.wantOther {
							wantA = append(wantA, e)
						}
					}
					if diff := cmp.Diff(wantA, a.events()); diff != "" {
						t.Errorf("first observer (-want +got):\n%s", diff)
					}
					eventually(t, "an empty outbox", func() bool { return outboxLen(t, st.store) == 0 })
					if got := leaseOwner(t, st.store, "observers"); got != "server-1" {
						t.Errorf("lease of the fanout's name held by %q, want server-1", got)
					}
				})
			}
		})
	}
}

// A target renamed by an upgrade (serve's "metrics" joined the in-process
// Fanout) leaves its lease behind; listed in Options.Retired it is
// forgotten when the dispatcher starts, and the events drain, where it
// would otherwise keep them in the outbox for StaleAfter.
func TestRetiredTargets(t *testing.T) {
	tests := []struct {
		name      string
		retired   []string
		wantEmpty bool
	}{
		{name: "the old target retired: the outbox drains", retired: []string{"metrics"}, wantEmpty: true},
		{name: "not retired: it keeps the events", wantEmpty: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, st := range stores(t) {
				t.Run(st.name, func(t *testing.T) {
					// Before the upgrade: a server with a target named metrics.
					old := deliver.New(st.store, fast("server-1"))
					old.Add(&recorder{name: "metrics"})
					stop := run(t, old, "server-1")
					eventually(t, "the old target's lease", func() bool { return leaseOwner(t, st.store, "metrics") == "server-1" })
					stop()

					obs := &recorder{name: "counter"}
					opt := fast("server-1")
					opt.Retired = tt.retired
					d := deliver.New(st.store, opt)
					d.Add(deliver.Fanout("in-process", obs))
					run(t, d, "server-1")
					write(t, st.store, opps(3)...)
					d.Notify()
					eventually(t, "the observer", func() bool { return len(obs.events()) == 3 })
					if tt.wantEmpty {
						eventually(t, "an empty outbox", func() bool { return outboxLen(t, st.store) == 0 })
						return
					}
					time.Sleep(100 * time.Millisecond) // a few of fast's polls and sweeps
					if n := outboxLen(t, st.store); n != 3 {
						t.Errorf("%d events in the outbox, want the 3 the unretired target holds", n)
					}
				})
			}
		})
	}
}
