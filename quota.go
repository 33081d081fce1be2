package cosell

import (
	"context"
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
}

// DefaultQuotas are the published values.
var DefaultQuotas = Quotas{ReadsPerSecond: 10, WritesPerSecond: 1, ReadsPerDay: 100_000, WritesPerDay: 10_000}

// WithQuotas wraps a service so that requests beyond the quotas fail with
// ThrottlingException, which SDKs retry with backoff. The emulator runs
// without quotas unless asked (cosell serve --throttle), so test suites stay
// fast; with them, a partner can test their backoff handling.
func WithQuotas(svc Service, q Quotas, clock Clock) Service {
	if clock == nil {
		clock = SystemClock{}
	}
	return &quotaService{Service: svc, clock: clock,
		reads:  newQuota(q.ReadsPerSecond, q.ReadsPerDay),
		writes: newQuota(q.WritesPerSecond, q.WritesPerDay)}
}

type quotaService struct {
	Service
	clock         Clock
	reads, writes *quota
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

func (s *quotaService) check(op string) error {
	q, kind := s.reads, "read"
	if OperationNamed(op).Write {
		q, kind = s.writes, "write"
	}
	if !q.allow(s.clock.Now()) {
		return Errorf(ThrottlingError, "Rate exceeded: %s is over the %s quota of this partner account; retry with backoff.", op, kind)
	}
	return nil
}

type serviceCall func(context.Context, Object) (Object, error)

func (s *quotaService) admit(ctx context.Context, op string, in Object, next serviceCall) (Object, error) {
	if err := s.check(op); err != nil {
		return nil, err
	}
	return next(ctx, in)
}

func (s *quotaService) CreateOpportunity(ctx context.Context, in Object) (Object, error) {
	return s.admit(ctx, "CreateOpportunity", in, s.Service.CreateOpportunity)
}
func (s *quotaService) UpdateOpportunity(ctx context.Context, in Object) (Object, error) {
	return s.admit(ctx, "UpdateOpportunity", in, s.Service.UpdateOpportunity)
}
func (s *quotaService) GetOpportunity(ctx context.Context, in Object) (Object, error) {
	return s.admit(ctx, "GetOpportunity", in, s.Service.GetOpportunity)
}
func (s *quotaService) ListOpportunities(ctx context.Context, in Object) (Object, error) {
	return s.admit(ctx, "ListOpportunities", in, s.Service.ListOpportunities)
}
func (s *quotaService) SubmitOpportunity(ctx context.Context, in Object) (Object, error) {
	return s.admit(ctx, "SubmitOpportunity", in, s.Service.SubmitOpportunity)
}
func (s *quotaService) AssociateOpportunity(ctx context.Context, in Object) (Object, error) {
	return s.admit(ctx, "AssociateOpportunity", in, s.Service.AssociateOpportunity)
}
func (s *quotaService) DisassociateOpportunity(ctx context.Context, in Object) (Object, error) {
	return s.admit(ctx, "DisassociateOpportunity", in, s.Service.DisassociateOpportunity)
}
func (s *quotaService) AssignOpportunity(ctx context.Context, in Object) (Object, error) {
	return s.admit(ctx, "AssignOpportunity", in, s.Service.AssignOpportunity)
}
func (s *quotaService) ListSolutions(ctx context.Context, in Object) (Object, error) {
	return s.admit(ctx, "ListSolutions", in, s.Service.ListSolutions)
}
func (s *quotaService) TagResource(ctx context.Context, in Object) (Object, error) {
	return s.admit(ctx, "TagResource", in, s.Service.TagResource)
}
func (s *quotaService) UntagResource(ctx context.Context, in Object) (Object, error) {
	return s.admit(ctx, "UntagResource", in, s.Service.UntagResource)
}
func (s *quotaService) ListTagsForResource(ctx context.Context, in Object) (Object, error) {
	return s.admit(ctx, "ListTagsForResource", in, s.Service.ListTagsForResource)
}
func (s *quotaService) GetSellingSystemSettings(ctx context.Context, in Object) (Object, error) {
	return s.admit(ctx, "GetSellingSystemSettings", in, s.Service.GetSellingSystemSettings)
}
func (s *quotaService) PutSellingSystemSettings(ctx context.Context, in Object) (Object, error) {
	return s.admit(ctx, "PutSellingSystemSettings", in, s.Service.PutSellingSystemSettings)
}
