package cosell_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/cosell/cosell"
)

type manualClock struct{ now time.Time }

func (c *manualClock) Now() time.Time { return c.now }

func TestQuotas(t *testing.T) {
	e := newEnv(t)
	id := e.create("AWS", nil).Str("Id")
	clock := &manualClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	ops := cosell.WithQuotas(cosell.Operations, cosell.Quotas{ReadsPerSecond: 2, WritesPerSecond: 1, ReadsPerDay: 4, WritesPerDay: 100}, clock, "123456789012")
	svc := quotaCaller{ops: ops, svc: e.svc, ctx: e.ctx}
	get := func() error {
		_, err := svc.call("GetOpportunity", cosell.Object{{"Catalog", "AWS"}, {"Identifier", id}})
		return err
	}
	steps := []struct {
		name    string
		advance time.Duration
		call    func() error
		want    string
	}{
		{name: "first read", call: get},
		{name: "second read in the same second", call: get},
		{name: "third read over the rate", call: get, want: cosell.ThrottlingError},
		{name: "list shares the read bucket", call: func() error {
			_, err := svc.call("ListOpportunities", cosell.Object{{"Catalog", "AWS"}})
			return err
		}, want: cosell.ThrottlingError},
		{name: "a second later", advance: time.Second, call: get},
		{name: "fourth read", advance: time.Second, call: get},
		{name: "daily quota spent", advance: time.Second, call: get, want: cosell.ThrottlingError},
		{name: "a day later", advance: 24 * time.Hour, call: get},
		{name: "write", call: func() error {
			_, err := svc.call("AssociateOpportunity", cosell.Object{{"Catalog", "AWS"}, {"OpportunityIdentifier", id}, {"RelatedEntityType", "AwsProducts"}, {"RelatedEntityIdentifier", "p1"}})
			return err
		}},
		{name: "second write in the second", call: func() error {
			_, err := svc.call("SubmitOpportunity", cosell.Object{{"Catalog", "AWS"}, {"Identifier", id}, {"InvolvementType", "Co-Sell"}})
			return err
		}, want: cosell.ThrottlingError},
	}
	for _, s := range steps {
		clock.now = clock.now.Add(s.advance)
		if got := codeOf(s.call()); got != s.want && !(s.want == "" && got != cosell.ThrottlingError) {
			t.Errorf("%s: got %q, want %q", s.name, got, s.want)
		}
	}
}

// quotaCaller calls operations of a wrapped table, as wire does.
type quotaCaller struct {
	ops []*cosell.Operation
	svc cosell.Service
	ctx context.Context
}

func (q quotaCaller) call(name string, in cosell.Object) (cosell.Object, error) {
	for _, op := range q.ops {
		if op.Name == name {
			return op.Call(q.svc, q.ctx, in)
		}
	}
	return nil, fmt.Errorf("no operation %s", name)
}

// Each partner account has its own buckets: one account spending its
// quota leaves another's whole; a call without a caller counts against
// the default account.
func TestQuotasPerAccount(t *testing.T) {
	e := newEnv(t)
	id := e.create("AWS", nil).Str("Id")
	clock := &manualClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	ops := cosell.WithQuotas(cosell.Operations, cosell.Quotas{ReadsPerSecond: 1, WritesPerSecond: 1, ReadsPerDay: 100, WritesPerDay: 100}, clock, "123456789012")
	get := func(ctx context.Context) string {
		_, err := quotaCaller{ops: ops, svc: e.svc, ctx: ctx}.call("GetOpportunity", cosell.Object{{"Catalog", "AWS"}, {"Identifier", id}})
		return codeOf(err)
	}
	alpha := cosell.WithCaller(e.ctx, cosell.Caller{AccountID: "111111111111"})
	beta := cosell.WithCaller(e.ctx, cosell.Caller{AccountID: "222222222222"})
	dflt := cosell.WithCaller(e.ctx, cosell.Caller{AccountID: "123456789012"})
	tests := []struct {
		name string
		ctx  context.Context
		want string
	}{
		{name: "alpha's read", ctx: alpha},
		{name: "alpha over its rate", ctx: alpha, want: cosell.ThrottlingError},
		{name: "beta's own bucket", ctx: beta},
		{name: "no caller: the default account", ctx: e.ctx},
		{name: "the default account by name shares it", ctx: dflt, want: cosell.ThrottlingError},
	}
	for _, tt := range tests {
		if got := get(tt.ctx); got != tt.want && !(tt.want == "" && got != cosell.ThrottlingError) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
