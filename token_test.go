package cosell_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/memory"
)

// TestNextToken pins what a NextToken is: signed by the store's key, bound
// to its query, alive for cosell.SnapshotRetention from its pass's first
// page; anything else is a ValidationException on NextToken, never a
// store error (issue 9: a forged key with U+0000 reached PostgreSQL as a
// 500).
func TestNextToken(t *testing.T) {
	store, clock := memory.New(), newClock()
	e := &env{t: t, svc: cosell.NewService(store, cosell.ServiceConfig{Clock: clock}), store: store, ctx: context.Background()}
	for range 3 {
		e.create("AWS", nil)
	}
	first := func(t *testing.T, svc *cosell.OpportunityService) string {
		t.Helper()
		out, err := svc.ListOpportunities(e.ctx, doc(t, `{"Catalog":"AWS","MaxResults":1}`))
		if err != nil {
			t.Fatal(err)
		}
		return out.Str("NextToken")
	}
	next := first(t, e.svc)
	raw, err := base64.RawURLEncoding.DecodeString(next)
	if err != nil {
		t.Fatalf("token %q is not base64url: %v", next, err)
	}
	flip := func(i int) string {
		b := append([]byte(nil), raw...)
		b[i] ^= 1
		return base64.RawURLEncoding.EncodeToString(b)
	}
	// An unsigned token in the old format, with a sort key PostgreSQL
	// cannot take as text.
	unsigned := base64.RawURLEncoding.EncodeToString([]byte(`{"b":"0000000000000000","k":"\u0000","i":1000001}`))
	other := memory.New()
	otherSvc := cosell.NewService(other, cosell.ServiceConfig{Clock: newClock()})
	if _, err := otherSvc.CreateOpportunity(e.ctx, fullCreate(t, "AWS")); err != nil {
		t.Fatal(err)
	}
	otherSvc.CreateOpportunity(e.ctx, set(fullCreate(t, "AWS"), []string{"ClientToken"}, "two")) //nolint:errcheck // a second record for a second page
	tests := []struct {
		name  string
		token string
		query string
	}{
		{name: "garbage", token: "garbage!"},
		{name: "too short for a tag", token: base64.RawURLEncoding.EncodeToString([]byte("short"))},
		{name: "tag altered", token: flip(0)},
		{name: "payload altered", token: flip(len(raw) - 3)},
		{name: "unsigned, NUL in the key", token: unsigned},
		{name: "another store's token", token: first(t, otherSvc)},
		{name: "another query's token", token: next, query: `{"Catalog":"AWS","LifeCycleStage":["Prospect"]}`},
		{name: "another sort's token", token: next, query: `{"Catalog":"AWS","MaxResults":1,"Sort":{"SortBy":"CustomerCompanyName","SortOrder":"ASCENDING"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.query
			if q == "" {
				q = `{"Catalog":"AWS","MaxResults":1}`
			}
			req := doc(t, q)
			req.Set("NextToken", tt.token)
			_, err := e.svc.ListOpportunities(e.ctx, req)
			wantFields(t, err, "NextToken:INVALID_VALUE")
		})
	}
	t.Run("the page size may change", func(t *testing.T) {
		// docs/sync.md: a token binds the filter and the sort, not MaxResults.
		out, err := e.svc.ListOpportunities(e.ctx, set(doc(t, `{"Catalog":"AWS","MaxResults":2}`), []string{"NextToken"}, next))
		if err != nil {
			t.Fatalf("the first page's token with MaxResults 2: %v", err)
		}
		if n := len(out.List("OpportunitySummaries")); n != 2 {
			t.Errorf("%d summaries, want 2 (the rest of the 3 records)", n)
		}
	})
	t.Run("valid until it expires", func(t *testing.T) {
		req := doc(t, `{"Catalog":"AWS","MaxResults":1}`)
		req.Set("NextToken", next)
		if _, err := e.svc.ListOpportunities(e.ctx, req); err != nil {
			t.Fatalf("a fresh token: %v", err)
		}
		clock.advance(cosell.SnapshotRetention)
		_, err := e.svc.ListOpportunities(e.ctx, req)
		wantFields(t, err, "NextToken:INVALID_VALUE")
	})
	t.Run("last page says null", func(t *testing.T) {
		out, err := e.svc.ListOpportunities(e.ctx, doc(t, `{"Catalog":"AWS"}`))
		if err != nil {
			t.Fatal(err)
		}
		v, ok := out.Lookup("NextToken")
		if !ok || v != nil {
			t.Errorf("NextToken = %v (present %v), want a JSON null [Postman collection]", v, ok)
		}
	})
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// TestNextTokenBelongsToItsOperation: a token from one List operation is
// refused by every other, even where the two requests look the same
// ({"Catalog"} alone): it positions a page in another ordering.
func TestNextTokenBelongsToItsOperation(t *testing.T) {
	w := newWorld(t)
	for i := range 3 {
		w.must(acctA, "CreateEngagement", sandbox(cosell.Field{"ClientToken", fmt.Sprint("e", i)}, cosell.Field{"Title", fmt.Sprint("E", i)}, cosell.Field{"Description", "d"}))
		w.opportunity(acctA, nil)
	}
	tokenOf := func(op string) string {
		t.Helper()
		tok := w.must(acctA, op, sandbox(cosell.Field{"MaxResults", cosell.Number("1")})).Str("NextToken")
		if tok == "" {
			t.Fatalf("%s gave no NextToken for 3 items, 1 a page", op)
		}
		return tok
	}
	tokens := map[string]string{"ListEngagements": tokenOf("ListEngagements"), "ListOpportunities": tokenOf("ListOpportunities")}
	tests := []struct {
		name, from, op string
	}{
		{name: "engagements' token on opportunities", from: "ListEngagements", op: "ListOpportunities"},
		{name: "opportunities' token on engagements", from: "ListOpportunities", op: "ListEngagements"},
		{name: "on solutions", from: "ListEngagements", op: "ListSolutions"},
		{name: "on snapshot jobs", from: "ListEngagements", op: "ListResourceSnapshotJobs"},
		{name: "on engagement-from-opportunity tasks", from: "ListEngagements", op: "ListEngagementFromOpportunityTasks"},
		{name: "on accepting-invitation tasks", from: "ListOpportunities", op: "ListEngagementByAcceptingInvitationTasks"},
		{name: "on resource associations", from: "ListEngagements", op: "ListEngagementResourceAssociations"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := w.call(acctA, tt.op, sandbox(cosell.Field{"MaxResults", cosell.Number("1")}, cosell.Field{"NextToken", tokens[tt.from]}))
			wantFields(t, err, "NextToken:INVALID_VALUE")
		})
	}
	t.Run("its own operation takes it", func(t *testing.T) {
		for op, tok := range tokens {
			if _, err := w.call(acctA, op, sandbox(cosell.Field{"MaxResults", cosell.Number("1")}, cosell.Field{"NextToken", tok})); err != nil {
				t.Errorf("%s with its own token: %v", op, err)
			}
		}
	})
}
