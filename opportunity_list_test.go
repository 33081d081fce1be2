package cosell_test

import (
	"testing"

	"github.com/cosell/cosell"
)

func TestListOpportunities(t *testing.T) {
	e := newEnv(t)
	names := []string{"Acme", "beta", "Acme", "Delta", "echo"}
	var ids []string
	for i, n := range names {
		got := e.create("AWS", func(o *cosell.Object) {
			set(*o, []string{"Customer", "Account", "CompanyName"}, n)
			if i%2 == 1 {
				set(*o, []string{"LifeCycle", "Stage"}, "Prospect")
			}
		})
		ids = append(ids, got.Str("Id"))
	}
	e.create("Sandbox", nil) // another catalog never shows

	list := func(req cosell.Object) (ids []string, next string) {
		t.Helper()
		out, err := e.svc.ListOpportunities(e.ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range out.List("OpportunitySummaries") {
			ids = append(ids, s.(cosell.Object).Str("Id"))
		}
		return ids, out.Str("NextToken")
	}
	rev := func(in []string) []string {
		out := make([]string, len(in))
		for i, v := range in {
			out[len(in)-1-i] = v
		}
		return out
	}
	tests := []struct {
		name string
		req  string
		want []string
	}{
		{name: "default newest first", req: `{"Catalog":"AWS"}`, want: rev(ids)},
		{name: "stage filter", req: `{"Catalog":"AWS","LifeCycleStage":["Prospect"]}`, want: []string{ids[3], ids[1]}},
		{name: "company any case", req: `{"Catalog":"AWS","CustomerCompanyName":["acme","ECHO"],"Sort":{"SortBy":"Identifier","SortOrder":"ASCENDING"}}`, want: []string{ids[0], ids[2], ids[4]}},
		{name: "identifiers", req: `{"Catalog":"AWS","Identifier":["` + ids[1] + `","O1"]}`, want: []string{ids[1]}},
		{name: "company sort ties by id", req: `{"Catalog":"AWS","Sort":{"SortBy":"CustomerCompanyName","SortOrder":"ASCENDING"}}`, want: []string{ids[0], ids[2], ids[1], ids[3], ids[4]}},
		{name: "review status", req: `{"Catalog":"AWS","LifeCycleReviewStatus":["Submitted"]}`, want: nil},
		{name: "created after inclusive", req: `{"Catalog":"AWS","CreatedDate":{"AfterCreatedDate":"2026-03-04T05:06:11Z"},"Sort":{"SortBy":"CreatedDate","SortOrder":"ASCENDING"}}`, want: ids[2:]},
		{name: "modified before exclusive", req: `{"Catalog":"AWS","LastModifiedDate":{"BeforeLastModifiedDate":"2026-03-04T05:06:11Z"},"Sort":{"SortBy":"LastModifiedDate","SortOrder":"ASCENDING"}}`, want: ids[:2]},
		{name: "target close", req: `{"Catalog":"AWS","TargetCloseDate":{"AfterTargetCloseDate":"2030-07-01"}}`, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, next := list(doc(t, tt.req))
			if d := diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			if next != "" {
				t.Errorf("unexpected NextToken")
			}
		})
	}
	t.Run("pages", func(t *testing.T) {
		var all []string
		req := doc(t, `{"Catalog":"AWS","MaxResults":2,"Sort":{"SortBy":"Identifier","SortOrder":"ASCENDING"}}`)
		for range 10 {
			page, next := list(req)
			all = append(all, page...)
			if next == "" {
				break
			}
			req.Set("NextToken", next)
		}
		if d := diff(ids, all); d != "" {
			t.Errorf("(-want +got):\n%s", d)
		}
	})
	t.Run("token bound to its query", func(t *testing.T) {
		_, next := list(doc(t, `{"Catalog":"AWS","MaxResults":1}`))
		for _, bad := range []string{next + "x", "garbage", ""} {
			req := doc(t, `{"Catalog":"AWS","LifeCycleStage":["Prospect"]}`)
			req.Set("NextToken", bad)
			if bad == "" {
				req.Set("NextToken", next)
			}
			_, err := e.svc.ListOpportunities(e.ctx, req)
			wantFields(t, err, "NextToken:INVALID_VALUE")
		}
	})
	t.Run("summary shape", func(t *testing.T) {
		out, err := e.svc.ListOpportunities(e.ctx, doc(t, `{"Catalog":"AWS","MaxResults":1}`))
		if err != nil {
			t.Fatal(err)
		}
		s := out.List("OpportunitySummaries")[0].(cosell.Object)
		// Alphabetical, as the real service writes them [samples].
		if d := diff([]string{"Arn", "Catalog", "CreatedDate", "Customer", "Id", "LastModifiedDate", "LifeCycle", "OpportunityType", "PartnerOpportunityIdentifier", "Project"}, keys(s)); d != "" {
			t.Error(d)
		}
		if _, ok := s.Obj("Customer", "Account", "Address").Lookup("StreetAddress"); ok {
			t.Error("summaries carry no StreetAddress")
		}
		if _, ok := s.Obj("LifeCycle").Lookup("NextStepsHistory"); ok {
			t.Error("summaries carry no history")
		}
	})
}

func keys(o cosell.Object) []string {
	var out []string
	for _, f := range o {
		out = append(out, f.Name)
	}
	return out
}

func TestSubmitOpportunity(t *testing.T) {
	t.Run("needs a solution", func(t *testing.T) {
		e := newEnv(t)
		got := e.create("AWS", nil)
		err := e.call("SubmitOpportunity", cosell.Object{{"Catalog", "AWS"}, {"Identifier", got.Str("Id")}, {"InvolvementType", "Co-Sell"}})
		wantFields(t, err, "RelatedEntityIdentifiers.Solutions:NOT_ENOUGH_VALUES")
	})
	t.Run("other industry enforced at submit", func(t *testing.T) {
		l := newLifecycle(t)
		l.mustUpdate(set(updateFrom(l.get("Sandbox", l.id)), []string{"Customer", "Account", "Industry"}, "Other"))
		wantFields(t, l.submit(), "Customer.Account.OtherIndustry:REQUIRED_FIELD_MISSING")
	})
	t.Run("for visibility only", func(t *testing.T) {
		l := newLifecycle(t)
		before := l.get("Sandbox", l.id)
		if err := l.call("SubmitOpportunity", cosell.Object{{"Catalog", "Sandbox"}, {"Identifier", l.id}, {"InvolvementType", "For Visibility Only"}, {"Visibility", "Limited"}}); err != nil {
			t.Fatal(err)
		}
		after := l.get("Sandbox", l.id)
		if d := diff([]any{"Do Not Need Support from AWS Sales Rep"}, after.List("PrimaryNeedsFromAws")); d != "" {
			t.Error(d)
		}
		if after.Str("LastModifiedDate") <= before.Str("LastModifiedDate") || after.Str("LifeCycle", "ReviewStatus") != "Submitted" {
			t.Errorf("after submit: %s %s", after.Str("LastModifiedDate"), after.Str("LifeCycle", "ReviewStatus"))
		}
		// The marker is accepted when the record is echoed back later.
		if err := l.review("Approved"); err != nil {
			t.Fatal(err)
		}
		if err := l.edit([]string{"LifeCycle", "NextSteps"}, "go"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("co-sell needs a need", func(t *testing.T) {
		l := newLifecycle(t)
		l.mustUpdate(set(updateFrom(l.get("Sandbox", l.id)), []string{"PrimaryNeedsFromAws"}, nil))
		wantFields(t, l.submit(), "PrimaryNeedsFromAws:REQUIRED_FIELD_MISSING")
	})
}

func TestAssociations(t *testing.T) {
	e := newEnv(t)
	id := e.create("AWS", nil).Str("Id")
	assoc := func(op, typ, entity string) error {
		return e.call(op, cosell.Object{{"Catalog", "AWS"}, {"OpportunityIdentifier", id}, {"RelatedEntityType", typ}, {"RelatedEntityIdentifier", entity}})
	}
	before := e.get("AWS", id).Str("LastModifiedDate")
	if err := assoc("AssociateOpportunity", "Solutions", "S-1"); err != nil {
		t.Fatal(err)
	}
	if after := e.get("AWS", id).Str("LastModifiedDate"); after <= before {
		t.Error("associate must bump LastModifiedDate")
	}
	if err := assoc("AssociateOpportunity", "Solutions", "S-1"); err != nil {
		t.Fatalf("re-associating is a no-op: %v", err)
	}
	wantFields(t, assoc("AssociateOpportunity", "Solutions", "solution-1"), "RelatedEntityIdentifier:INVALID_STRING_FORMAT")
	offer := "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/offer-1"
	if err := assoc("AssociateOpportunity", "AwsMarketplaceOffers", offer); err != nil {
		t.Fatal(err)
	}
	wantFields(t, assoc("AssociateOpportunity", "AwsMarketplaceOffers", offer+"2"), "RelatedEntityIdentifier:TOO_MANY_VALUES")
	if got := e.get("AWS", id).List("RelatedEntityIdentifiers", "Solutions"); len(got) != 1 {
		t.Errorf("solutions %v", got)
	}
	if err := assoc("DisassociateOpportunity", "Solutions", "S-1"); err != nil {
		t.Fatal(err)
	}
	if err := assoc("DisassociateOpportunity", "Solutions", "S-1"); codeOf(err) != cosell.NotFoundError {
		t.Fatalf("disassociating what is not there: %v", err)
	}
	if err := e.call("AssociateOpportunity", cosell.Object{{"Catalog", "Sandbox"}, {"OpportunityIdentifier", id}, {"RelatedEntityType", "Solutions"}, {"RelatedEntityIdentifier", "S-2"}}); codeOf(err) != cosell.NotFoundError {
		t.Fatalf("other catalog: %v", err)
	}
}

func TestAssignOpportunity(t *testing.T) {
	e := newEnv(t)
	id := e.create("AWS", nil).Str("Id")
	err := e.call("AssignOpportunity", doc(t, `{"Catalog":"AWS","Identifier":"`+id+`","Assignee":{"Email":"new@partner.example","FirstName":"New","LastName":"Owner","BusinessTitle":"OpportunityOwner"}}`))
	if err != nil {
		t.Fatal(err)
	}
	team := e.get("AWS", id).List("OpportunityTeam")
	if len(team) != 1 || team[0].(cosell.Object).Str("Email") != "new@partner.example" {
		t.Errorf("team %v", team)
	}
	err = e.call("AssignOpportunity", doc(t, `{"Catalog":"AWS","Identifier":"`+id+`","Assignee":{"Email":"x@partner.example"}}`))
	wantFields(t, err, "Assignee.FirstName:REQUIRED_FIELD_MISSING", "Assignee.LastName:REQUIRED_FIELD_MISSING", "Assignee.BusinessTitle:REQUIRED_FIELD_MISSING")
}
