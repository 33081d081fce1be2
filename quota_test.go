package cosell_test

import (
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
	svc := cosell.WithQuotas(e.svc, cosell.Quotas{ReadsPerSecond: 2, WritesPerSecond: 1, ReadsPerDay: 4, WritesPerDay: 100}, clock)
	get := func() error {
		_, err := svc.GetOpportunity(e.ctx, cosell.Object{{"Catalog", "AWS"}, {"Identifier", id}})
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
			_, err := svc.ListOpportunities(e.ctx, cosell.Object{{"Catalog", "AWS"}})
			return err
		}, want: cosell.ThrottlingError},
		{name: "a second later", advance: time.Second, call: get},
		{name: "fourth read", advance: time.Second, call: get},
		{name: "daily quota spent", advance: time.Second, call: get, want: cosell.ThrottlingError},
		{name: "a day later", advance: 24 * time.Hour, call: get},
		{name: "write", call: func() error {
			_, err := svc.AssociateOpportunity(e.ctx, cosell.Object{{"Catalog", "AWS"}, {"OpportunityIdentifier", id}, {"RelatedEntityType", "AwsProducts"}, {"RelatedEntityIdentifier", "p1"}})
			return err
		}},
		{name: "second write in the second", call: func() error {
			_, err := svc.SubmitOpportunity(e.ctx, cosell.Object{{"Catalog", "AWS"}, {"Identifier", id}, {"InvolvementType", "Co-Sell"}})
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
