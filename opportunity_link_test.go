package cosell_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/memory"
)

// probeWatch is a memory store that records, for each UpdateOpportunity,
// whether the record the service wrote carried the link question
// (Opportunity.Probe).
type probeWatch struct {
	*memory.Store
	mu     sync.Mutex
	probes []bool
}

func (w *probeWatch) UpdateOpportunity(ctx context.Context, catalog, id string, fn func(*cosell.Opportunity) error) (*cosell.Opportunity, error) {
	var asked bool
	o, err := w.Store.UpdateOpportunity(ctx, catalog, id, func(cur *cosell.Opportunity) error {
		err := fn(cur)
		asked = cur.Probe != nil
		return err
	})
	if err == nil {
		w.mu.Lock()
		w.probes = append(w.probes, asked)
		w.mu.Unlock()
	}
	return o, err
}

// lastProbe reports whether the last write asked the link question.
func (w *probeWatch) lastProbe(t *testing.T) bool {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.probes) == 0 {
		t.Fatal("no write")
	}
	return w.probes[len(w.probes)-1]
}

func (w *probeWatch) stored(t *testing.T, catalog, id string) *cosell.Opportunity {
	t.Helper()
	o, err := w.Store.GetOpportunity(context.Background(), catalog, id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// TestUnlinkedMark: Opportunity.Unlinked spares an update of a record in
// no engagement the look-up of its snapshot jobs, and is cleared before
// any link of the record is written; a request refused before it links
// leaves the record as it was.
func TestUnlinkedMark(t *testing.T) {
	tests := []struct {
		name       string
		act        func(f *snapFix) // after the fixture's create
		wantMarked bool
		wantWrites int64 // the record's writes after act, then one update
	}{
		{name: "a new record is marked and its update asks nothing", act: func(*snapFix) {}, wantMarked: true, wantWrites: 2},
		{name: "a snapshot links it and clears the mark", act: func(f *snapFix) {
			if _, err := f.snapshot(p1, "OpportunitySummaryView"); err != nil {
				f.t.Fatal(err)
			}
		}, wantWrites: 2},
		{name: "a snapshot job links it and clears the mark", act: func(f *snapFix) {
			f.job(p1, "OpportunitySummaryView")
		}, wantWrites: 2},
		{name: "a refused snapshot keeps the mark and writes nothing", act: func(f *snapFix) {
			if _, err := f.snapshot(p2, "OpportunitySummaryView"); err == nil {
				f.t.Fatal("another account's opportunity: snapshot taken")
			}
		}, wantMarked: true, wantWrites: 2},
		{name: "a snapshot into an engagement the owner is not in keeps the mark", act: func(f *snapFix) {
			f.eng = f.engagement(p2)
			if _, err := f.snapshot(p1, "OpportunitySummaryView"); err == nil {
				f.t.Fatal("an engagement p1 is not in: snapshot taken")
			}
		}, wantMarked: true, wantWrites: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &probeWatch{Store: memory.New()}
			f := newSnapFixOn(t, w)
			if !w.stored(t, "Sandbox", f.opp).Unlinked {
				t.Fatal("a new partner record is not marked Unlinked")
			}
			tt.act(f)
			f.change(p1, func(req cosell.Object) { set(req, []string{"LifeCycle", "NextSteps"}, "Call the customer") })
			o := w.stored(t, "Sandbox", f.opp)
			if o.Unlinked != tt.wantMarked {
				t.Errorf("Unlinked = %v, want %v", o.Unlinked, tt.wantMarked)
			}
			if asked := w.lastProbe(t); asked != !tt.wantMarked {
				t.Errorf("update asked for the link: %v, want %v", asked, !tt.wantMarked)
			}
			if o.Writes != tt.wantWrites {
				t.Errorf("Writes = %d, want %d (the mark's own write is not the service's)", o.Writes, tt.wantWrites)
			}
		})
	}
}

// TestReferralIsNotMarked: a Sandbox AWS referral is linked by its
// engagement at once, so it is never marked Unlinked.
func TestReferralIsNotMarked(t *testing.T) {
	w := &probeWatch{Store: memory.New()}
	f := newSnapFixOn(t, w)
	req := fullCreate(t, "Sandbox")
	req.Set("Origin", "AWS Referral")
	ref, err := f.svc.CreateOpportunity(f.ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if w.stored(t, "Sandbox", ref.Str("Id")).Unlinked {
		t.Error("an AWS referral is marked Unlinked")
	}
}

// TestUnlinkedMarkRace: updates racing the creation and start of a
// Running snapshot job. Whichever commits first, the job's latest revision
// shows the record's final state: an update committed while the record was
// still marked is caught up by the job's start, and one committed after
// the mark was cleared runs the job itself.
func TestUnlinkedMarkRace(t *testing.T) {
	for round := range 20 {
		f := newSnapFix(t)
		f.role(p1)
		const updates = 15
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range updates {
				req := updateFrom(f.get("Sandbox", f.opp))
				set(req, []string{"LifeCycle", "NextSteps"}, fmt.Sprintf("step %d", i))
				if _, err := f.svc.UpdateOpportunity(as(p1), req); err != nil {
					errs <- err
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			req := f.key("OpportunitySummaryView")
			req.Set("ClientToken", "race")
			job, err := f.do(p1, "CreateResourceSnapshotJob", req)
			if err == nil {
				_, err = f.do(p1, "StartResourceSnapshotJob", f.jobReq(job.Str("Id")))
			}
			if err != nil {
				errs <- err
			}
		}()
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: %v", round, err)
		}
		latest := f.must(p1, "GetResourceSnapshot", f.key("OpportunitySummaryView"))
		want := fmt.Sprintf("step %d", updates-1)
		if got := fmt.Sprint(latest.Get("Payload")); !strings.Contains(got, want) {
			t.Fatalf("round %d: latest revision %v does not show %q", round, latest.Get("Revision"), want)
		}
	}
}
