package cosell_test

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/cosell/cosell"
)

// Two partner accounts on one server (cosell serve --world), neither the
// configured one (DefaultAccountID).
const (
	accountA = "111111111111"
	accountB = "222222222222"
)

func as(account string) context.Context {
	return cosell.WithCaller(context.Background(), cosell.Caller{AccountID: account})
}

// stored is the record as the store holds it, encoded: what must not change.
func stored(t *testing.T, s cosell.Store, catalog, id string) []byte {
	t.Helper()
	o, err := s.GetOpportunity(context.Background(), catalog, id)
	if err != nil {
		t.Fatalf("store: %v", err)
	}
	b, err := cosell.EncodeRecord(o)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// listIDs is the ids ListOpportunities gives ctx's caller in catalog.
func listIDs(t *testing.T, svc *cosell.OpportunityService, ctx context.Context, catalog string) []string {
	t.Helper()
	out, err := svc.ListOpportunities(ctx, cosell.Object{{"Catalog", catalog}, {"MaxResults", cosell.Number("100")}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range out.List("OpportunitySummaries") {
		ids = append(ids, s.(cosell.Object).Str("Id"))
	}
	return ids
}

// TestOwnership: an opportunity belongs to the account that created it;
// to another account every operation on it answers exactly what a missing
// id gets, writes nothing, and ListOpportunities leaves it out.
func TestOwnership(t *testing.T) {
	e := newEnv(t)
	e.ctx = as(accountA)
	id := e.create("AWS", nil).Str("Id")
	if err := e.call("AssociateOpportunity", cosell.Object{{"Catalog", "AWS"}, {"OpportunityIdentifier", id}, {"RelatedEntityType", "Solutions"}, {"RelatedEntityIdentifier", "S-1"}}); err != nil {
		t.Fatal(err)
	}
	arnA := "arn:aws:partnercentral:us-east-1:" + accountA + ":catalog/AWS/opportunity/" + id
	if err := e.call("TagResource", cosell.Object{{"ResourceArn", arnA}, {"Tags", tagList("k", "v")}}); err != nil {
		t.Fatal(err)
	}
	if o, _ := e.store.GetOpportunity(context.Background(), "AWS", id); o.Owner != accountA {
		t.Fatalf("Owner = %q, want the creator %s", o.Owner, accountA)
	}
	if got := e.get("AWS", id).Str("Arn"); got != arnA {
		t.Errorf("Arn = %s, want %s", got, arnA)
	}

	arnB := "arn:aws:partnercentral:us-east-1:" + accountB + ":catalog/AWS/opportunity/" + id
	current := func() cosell.Object { return e.get("AWS", id) } // A's view, read when the request is made
	tests := []struct {
		name string
		op   string
		req  func() cosell.Object
	}{
		{name: "get", op: "GetOpportunity", req: func() cosell.Object { return cosell.Object{{"Catalog", "AWS"}, {"Identifier", id}} }},
		{name: "list tags, B's ARN", op: "ListTagsForResource", req: func() cosell.Object { return cosell.Object{{"ResourceArn", arnB}} }},
		{name: "list tags, A's ARN", op: "ListTagsForResource", req: func() cosell.Object { return cosell.Object{{"ResourceArn", arnA}} }},
		{name: "tag, B's ARN", op: "TagResource", req: func() cosell.Object { return cosell.Object{{"ResourceArn", arnB}, {"Tags", tagList("b", "x")}} }},
		{name: "tag, A's ARN", op: "TagResource", req: func() cosell.Object { return cosell.Object{{"ResourceArn", arnA}, {"Tags", tagList("b", "x")}} }},
		{name: "untag, B's ARN", op: "UntagResource", req: func() cosell.Object { return cosell.Object{{"ResourceArn", arnB}, {"TagKeys", []any{"k"}}} }},
		{name: "assign", op: "AssignOpportunity", req: func() cosell.Object {
			return doc(t, `{"Catalog":"AWS","Identifier":"`+id+`","Assignee":{"Email":"b@partner.example","FirstName":"B","LastName":"Owner","BusinessTitle":"PartnerAccountManager"}}`)
		}},
		{name: "associate", op: "AssociateOpportunity", req: func() cosell.Object {
			return cosell.Object{{"Catalog", "AWS"}, {"OpportunityIdentifier", id}, {"RelatedEntityType", "Solutions"}, {"RelatedEntityIdentifier", "S-2"}}
		}},
		{name: "disassociate", op: "DisassociateOpportunity", req: func() cosell.Object {
			return cosell.Object{{"Catalog", "AWS"}, {"OpportunityIdentifier", id}, {"RelatedEntityType", "Solutions"}, {"RelatedEntityIdentifier", "S-1"}}
		}},
		{name: "update", op: "UpdateOpportunity", req: func() cosell.Object {
			req := updateFrom(current())
			set(req, []string{"Project", "Title"}, "Taken over")
			return req
		}},
		{name: "submit", op: "SubmitOpportunity", req: func() cosell.Object {
			return cosell.Object{{"Catalog", "AWS"}, {"Identifier", id}, {"InvolvementType", "Co-Sell"}}
		}},
	}
	before := stored(t, e.store, "AWS", id)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := tc.req()
			_, err := cosell.OperationNamed(tc.op).Call(e.svc, as(accountB), cosell.Clone(req).(cosell.Object))
			// The same request where no record has that id.
			empty := newEnv(t)
			_, missing := cosell.OperationNamed(tc.op).Call(empty.svc, as(accountB), req)
			if codeOf(missing) != cosell.NotFoundError {
				t.Fatalf("missing id: %v, want ResourceNotFoundException", missing)
			}
			if err == nil || err.Error() != missing.Error() {
				t.Errorf("B: %v\nwant what a missing id gets: %v", err, missing)
			}
			if after := stored(t, e.store, "AWS", id); !bytes.Equal(before, after) {
				t.Errorf("B's call changed A's record:\n%s\n%s", before, after)
			}
		})
	}
	if got := listIDs(t, e.svc, as(accountB), "AWS"); len(got) != 0 {
		t.Errorf("B lists %v, want nothing", got)
	}
	if got := listIDs(t, e.svc, as(accountA), "AWS"); !slices.Equal(got, []string{id}) {
		t.Errorf("A lists %v, want [%s]", got, id)
	}
	if got := listIDs(t, e.svc, context.Background(), "AWS"); len(got) != 0 {
		t.Errorf("the configured account lists %v, want nothing", got)
	}
	// The owner itself can still do all of it.
	for _, tc := range tests {
		if tc.name == "tag, B's ARN" || tc.name == "list tags, B's ARN" || tc.name == "untag, B's ARN" {
			continue
		}
		if _, err := cosell.OperationNamed(tc.op).Call(e.svc, as(accountA), tc.req()); err != nil {
			t.Errorf("A %s: %v", tc.name, err)
		}
	}
}

// TestOwnershipLegacy: a record stored before owners existed (Owner "")
// belongs to the configured account, with or without a caller naming it.
func TestOwnershipLegacy(t *testing.T) {
	e := newEnv(t)
	o := &cosell.Opportunity{Catalog: "AWS", CreatedDate: newClock().Now(), LastModifiedDate: newClock().Now(), Origin: "Partner Referral",
		Body: cosell.Object{{"LifeCycle", cosell.Object{{"Stage", "Prospect"}, {"ReviewStatus", "Pending Submission"}}}}}
	legacy, err := e.store.CreateOpportunity(context.Background(), o, "", "")
	if err != nil {
		t.Fatal(err)
	}
	id := legacy.ID
	tests := []struct {
		name    string
		ctx     context.Context
		visible bool
	}{
		{name: "no caller", ctx: context.Background(), visible: true},
		{name: "caller of the configured account", ctx: as(cosell.DefaultAccountID), visible: true},
		{name: "another account", ctx: as(accountB), visible: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := e.svc.GetOpportunity(tc.ctx, cosell.Object{{"Catalog", "AWS"}, {"Identifier", id}})
			switch {
			case tc.visible && err != nil:
				t.Fatalf("Get: %v", err)
			case tc.visible && got.Str("Arn") != "arn:aws:partnercentral:us-east-1:"+cosell.DefaultAccountID+":catalog/AWS/opportunity/"+id:
				t.Errorf("Arn = %s, want the configured account's", got.Str("Arn"))
			case !tc.visible && codeOf(err) != cosell.NotFoundError:
				t.Errorf("Get: %v, want ResourceNotFoundException", err)
			}
			listed := slices.Contains(listIDs(t, e.svc, tc.ctx, "AWS"), id)
			if listed != tc.visible {
				t.Errorf("listed = %v, want %v", listed, tc.visible)
			}
		})
	}
}

// TestOwnershipToken: a NextToken is bound to the caller's account; another
// account's is refused as any token for another query is.
func TestOwnershipToken(t *testing.T) {
	e := newEnv(t)
	e.ctx = as(accountA)
	e.create("AWS", nil)
	e.create("AWS", nil)
	out, err := e.svc.ListOpportunities(as(accountA), cosell.Object{{"Catalog", "AWS"}, {"MaxResults", cosell.Number("1")}})
	if err != nil {
		t.Fatal(err)
	}
	next := out.Str("NextToken")
	if next == "" {
		t.Fatal("no NextToken")
	}
	req := cosell.Object{{"Catalog", "AWS"}, {"MaxResults", cosell.Number("1")}, {"NextToken", next}}
	if _, err := e.svc.ListOpportunities(as(accountA), cosell.Clone(req).(cosell.Object)); err != nil {
		t.Fatalf("A's own token: %v", err)
	}
	_, err = e.svc.ListOpportunities(as(accountB), req)
	wantFields(t, err, "NextToken:INVALID_VALUE")
}

// TestAWSReferralOwner: a simulated AWS referral exists only on AWS's side
// (Owner AWSParty) until a partner accepts its invitation: its creator
// neither reads nor lists it, nor does anyone else.
func TestAWSReferralOwner(t *testing.T) {
	e := newEnv(t)
	req := fullCreate(t, "Sandbox")
	req.Set("Origin", "AWS Referral")
	out, err := e.svc.CreateOpportunity(e.ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	id := out.Str("Id")
	o, err := e.store.GetOpportunity(context.Background(), "Sandbox", id)
	if err != nil {
		t.Fatal(err)
	}
	if o.Owner != cosell.AWSParty || o.Origin != "AWS Referral" {
		t.Errorf("Owner, Origin = %q, %q; want %q, AWS Referral", o.Owner, o.Origin, cosell.AWSParty)
	}
	for _, ctx := range []context.Context{e.ctx, as(accountA)} {
		if _, err := e.svc.GetOpportunity(ctx, cosell.Object{{"Catalog", "Sandbox"}, {"Identifier", id}}); codeOf(err) != cosell.NotFoundError {
			t.Errorf("Get: %v, want ResourceNotFoundException", err)
		}
		if got := listIDs(t, e.svc, ctx, "Sandbox"); slices.Contains(got, id) {
			t.Errorf("listed: %v", got)
		}
	}
}

// TestClientTokenPerAccount: one account's ClientToken never replays
// another's create, whose id it would reveal.
func TestClientTokenPerAccount(t *testing.T) {
	e := newEnv(t)
	req := fullCreate(t, "AWS")
	var ids []string
	for _, ctx := range []context.Context{as(accountA), as(accountB), context.Background()} {
		out, err := e.svc.CreateOpportunity(ctx, cosell.Clone(req).(cosell.Object))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, out.Str("Id"))
	}
	if ids[0] == ids[1] || ids[1] == ids[2] || ids[0] == ids[2] {
		t.Errorf("ids %v: one token replayed another account's create", ids)
	}
	again, err := e.svc.CreateOpportunity(as(accountB), cosell.Clone(req).(cosell.Object))
	if err != nil || again.Str("Id") != ids[1] {
		t.Errorf("B's replay: %v %v, want %s", again, err, ids[1])
	}
}
