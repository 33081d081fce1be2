package faults

import (
	"context"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/world"
)

type frozenClock struct{ t time.Time }

func (c frozenClock) Now() time.Time { return c.t }

// creator is a Service whose CreateOpportunity answers; the quota wrapper
// calls it once a call is admitted.
type creator struct {
	cosell.Service
	created int
}

func (c *creator) CreateOpportunity(context.Context, cosell.Object) (cosell.Object, error) {
	c.created++
	return cosell.Object{}, nil
}

// --throttle's quotas sit inside the fault layer: a faulted call uses no
// quota, and an admitted one does. The clock is frozen, so the write
// bucket (1 per second, burst 1) never refills: only the order decides.
func TestFaultsBeforeQuotas(t *testing.T) {
	svc := &creator{}
	quota := cosell.WithQuotas(cosell.Operations, cosell.Quotas{ReadsPerSecond: 1, WritesPerSecond: 1, ReadsPerDay: 10, WritesPerDay: 10},
		frozenClock{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, "123456789012")
	inj, err := New(Options{Rules: []*world.Fault{{Operations: []string{"CreateOpportunity"}, Error: cosell.InternalError}}})
	if err != nil {
		t.Fatal(err)
	}
	var create *cosell.Operation
	for _, op := range inj.Wrap(quota) {
		if op.Name == "CreateOpportunity" {
			create = op
		}
	}
	call := func() string {
		_, err := create.Call(svc, context.Background(), cosell.Object{})
		if err != nil {
			return cosell.ErrorCodeOf(err)
		}
		return "ok"
	}
	var got []string
	for range 3 {
		got = append(got, call()) // faulted: the quota is not asked
	}
	inj.Clear()
	got = append(got, call(), call()) // the one write token, then throttled
	want := []string{cosell.InternalError, cosell.InternalError, cosell.InternalError, "ok", cosell.ThrottlingError}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("calls answered %v, want %v", got, want)
		}
	}
	if svc.created != 1 {
		t.Errorf("the service ran %d times, want 1", svc.created)
	}
}
