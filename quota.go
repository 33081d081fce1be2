package cosell

import (
	"context"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Quotas are Partner Central's per-account request quotas (spec §7, user
// guide): reads 10 per second and 100,000 per rolling 24 hours; writes 1
// per second and 10,000 per rolling 24 hours. SubmitOpportunity is not
// listed and counts as a write [inferred].
type Quotas struct {
	ReadsPerSecond, WritesPerSecond float64
	ReadsPerDay, WritesPerDay       int
	// CreateEngagementPerSecond is CreateEngagement's own rate; it has no
	// published daily quota [UG-quotas]. Zero counts CreateEngagement as a
	// write.
	CreateEngagementPerSecond float64
}

// DefaultQuotas are the published values.
var DefaultQuotas = Quotas{ReadsPerSecond: 10, WritesPerSecond: 1, ReadsPerDay: 100_000, WritesPerDay: 10_000, CreateEngagementPerSecond: 15}

// WithQuotas returns ops with every call admitted by its caller account's
// quotas first: a request beyond them fails with ThrottlingException, which
// SDKs retry with backoff, and reaches nothing behind. Each partner account
// has its own buckets (the quotas are per account [UG-quotas]); a call
// without a caller (no --world) counts against defaultAccount. The emulator
// runs without quotas unless asked (cosell serve --throttle), so test
// suites stay fast; with them, a partner can test their backoff handling.
// Like fault rules and key policies, quotas wrap the one operation table,
// not the service's methods.
func WithQuotas(ops []*Operation, q Quotas, clock Clock, defaultAccount string) []*Operation {
	if clock == nil {
		clock = SystemClock{}
	}
	qs := &quotas{limits: q, clock: clock, dflt: defaultAccount, accounts: map[string]*accountQuotas{}}
	out := make([]*Operation, len(ops))
	for i, op := range ops {
		w := *op
		call, name, write := op.Call, op.Name, op.Write
		w.Call = func(svc Service, ctx context.Context, in Object) (Object, error) {
			if err := qs.admit(ctx, name, write); err != nil {
				return nil, err
			}
			return call(svc, ctx, in)
		}
		out[i] = &w
	}
	return out
}

// quotas are the buckets of every account seen so far.
type quotas struct {
	limits   Quotas
	clock    Clock
	dflt     string
	mu       sync.Mutex
	accounts map[string]*accountQuotas
}

type accountQuotas struct{ reads, writes, engagements *quota }

func (qs *quotas) admit(ctx context.Context, op string, write bool) error {
	account := qs.dflt
	if c, ok := CallerFrom(ctx); ok && c.AccountID != "" {
		account = c.AccountID
	}
	qs.mu.Lock()
	a := qs.accounts[account]
	if a == nil {
		a = &accountQuotas{reads: newQuota(qs.limits.ReadsPerSecond, qs.limits.ReadsPerDay), writes: newQuota(qs.limits.WritesPerSecond, qs.limits.WritesPerDay)}
		if qs.limits.CreateEngagementPerSecond > 0 {
			a.engagements = newQuota(qs.limits.CreateEngagementPerSecond, math.MaxInt)
		}
		qs.accounts[account] = a
	}
	qs.mu.Unlock()
	q, kind := a.reads, "read"
	switch {
	case op == "CreateEngagement" && a.engagements != nil:
		q, kind = a.engagements, "CreateEngagement"
	case write:
		q, kind = a.writes, "write"
	}
	if !q.allow(qs.clock.Now()) {
		return Errorf(ThrottlingError, "Rate exceeded: %s is over the %s quota of partner account %s; retry with backoff.", op, kind, account)
	}
	return nil
}

// quota is a token bucket for the per-second rate plus a rolling 24-hour
// count kept in one-minute buckets.
type quota struct {
	mu      sync.Mutex
	limiter *rate.Limiter
	perDay  int
	minutes map[int64]int
	total   int
}

func newQuota(perSecond float64, perDay int) *quota {
	return &quota{limiter: rate.NewLimiter(rate.Limit(perSecond), max(1, int(perSecond))), perDay: perDay, minutes: map[int64]int{}}
}

func (q *quota) allow(now time.Time) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	minute := now.Unix() / 60
	for m, n := range q.minutes {
		if m <= minute-24*60 {
			q.total -= n
			delete(q.minutes, m)
		}
	}
	if q.total >= q.perDay || !q.limiter.AllowN(now, 1) {
		return false
	}
	q.minutes[minute]++
	q.total++
	return true
}
