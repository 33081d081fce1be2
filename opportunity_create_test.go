package cosell_test

import (
	"context"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/memory"
)

func TestCreateOpportunity(t *testing.T) {
	e := newEnv(t)
	req := fullCreate(t, "Sandbox")
	set(req, []string{"LifeCycle", "ReviewStatus"}, "Approved")
	set(req, []string{"LifeCycle", "NextStepsHistory"}, []any{cosell.Object{{"Value", "x"}, {"Time", "2020-01-01T00:00:00Z"}}})
	out, err := e.svc.CreateOpportunity(e.ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if out.Str("Id") != "O1000001" || out.Str("PartnerOpportunityIdentifier") != "CRM-0042" {
		t.Errorf("response %v", out)
	}
	got := e.get("Sandbox", out.Str("Id"))
	checks := []struct {
		name string
		path []string
		want string
	}{
		{name: "review status always starts pending", path: []string{"LifeCycle", "ReviewStatus"}, want: "Pending Submission"},
		{name: "target company forced to AWS", path: nil, want: ""},
		{name: "stage kept", path: []string{"LifeCycle", "Stage"}, want: "Qualified"},
		{name: "arn", path: []string{"Arn"}, want: "arn:aws:partnercentral:us-east-1:123456789012:catalog/Sandbox/opportunity/O1000001"},
		{name: "last modified equals response", path: []string{"LastModifiedDate"}, want: out.Str("LastModifiedDate")},
		{name: "created has whole seconds, written without a fraction", path: []string{"CreatedDate"}, want: "2026-03-04T05:06:08Z"},
		{name: "last modified keeps milliseconds", path: []string{"LastModifiedDate"}, want: "2026-03-04T05:06:08.623Z"},
	}
	for _, c := range checks {
		if c.path != nil && got.Str(c.path...) != c.want {
			t.Errorf("%s: %v = %q, want %q", c.name, c.path, got.Str(c.path...), c.want)
		}
	}
	if tc := got.List("Project", "ExpectedCustomerSpend")[0].(cosell.Object).Str("TargetCompany"); tc != "AWS" {
		t.Errorf("TargetCompany %q", tc)
	}
	if h := got.Obj("LifeCycle").Get("NextStepsHistory"); h != nil {
		t.Errorf("history seeded at create: %v", h)
	}
	if _, ok := got.Lookup("Origin"); ok {
		t.Error("Origin must not be returned")
	}
	rel := got.Obj("RelatedEntityIdentifiers")
	if d := diff(cosell.Object{{"AwsMarketplaceOfferSets", []any{}}, {"AwsMarketplaceOffers", []any{}}, {"AwsProducts", []any{}}, {"Solutions", []any{}}}, rel); d != "" {
		t.Errorf("related (-want +got):\n%s", d)
	}
	// Every modelled member is present, null when unset.
	if v, ok := got.Obj("Project").Lookup("RelatedOpportunityIdentifier"); !ok || v != nil {
		t.Errorf("unset member: %v %v", v, ok)
	}
}

func TestCreateDefaults(t *testing.T) {
	e := newEnv(t)
	got := e.create("AWS", func(o *cosell.Object) {
		o.Delete("NationalSecurity")
		o.Delete("OpportunityType")
		o.Delete("Marketing")
		set(*o, []string{"LifeCycle", "Stage"}, nil)
	})
	for path, want := range map[string]string{"LifeCycle.Stage": "Prospect", "NationalSecurity": "No", "OpportunityType": "Net New Business", "Marketing.Source": "None"} {
		if v := got.Str(splitPath(path)...); v != want {
			t.Errorf("%s = %q, want %q", path, v, want)
		}
	}
}

func TestCreateIdempotency(t *testing.T) {
	e := newEnv(t)
	req := fullCreate(t, "AWS")
	first, err := e.svc.CreateOpportunity(e.ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	again, err := e.svc.CreateOpportunity(e.ctx, fullCreate(t, "AWS"))
	if err != nil || again.Str("Id") != first.Str("Id") {
		t.Fatalf("replay: %v %v", again, err)
	}
	other := fullCreate(t, "AWS")
	set(other, []string{"Project", "Title"}, "Something else")
	if _, err := e.svc.CreateOpportunity(e.ctx, other); codeOf(err) != cosell.ConflictError {
		t.Fatalf("reused token with another body: %v", err)
	}
	if out, err := e.svc.CreateOpportunity(e.ctx, fullCreate(t, "Sandbox")); err != nil || out.Str("Id") == first.Str("Id") {
		t.Fatalf("tokens are per catalog: %v %v", out, err)
	}
}

func TestCreateRules(t *testing.T) {
	tests := []struct {
		name    string
		catalog string
		edit    func(*cosell.Object)
		want    []string
	}{
		{name: "aws referral only in sandbox", catalog: "AWS", edit: func(o *cosell.Object) { o.Set("Origin", "AWS Referral") }, want: []string{"Origin:INVALID_VALUE"}},
		{name: "aws referral in sandbox", catalog: "Sandbox", edit: func(o *cosell.Object) { o.Set("Origin", "AWS Referral") }},
		{name: "mandatory fields", catalog: "AWS", edit: func(o *cosell.Object) {
			set(*o, []string{"Customer", "Account", "Industry"}, nil)
			set(*o, []string{"Customer", "Account", "WebsiteUrl"}, nil)
			set(*o, []string{"Customer", "Account", "Address", "CountryCode"}, nil)
			set(*o, []string{"Project", "Title"}, nil)
			set(*o, []string{"Project", "CustomerBusinessProblem"}, nil)
			set(*o, []string{"LifeCycle", "TargetCloseDate"}, nil)
			set(*o, []string{"Customer", "Account", "Address", "StateOrRegion"}, nil)
		}, want: []string{"Customer.Account.Industry:REQUIRED_FIELD_MISSING", "Customer.Account.WebsiteUrl:REQUIRED_FIELD_MISSING",
			"Customer.Account.Address.CountryCode:REQUIRED_FIELD_MISSING", "Project.Title:REQUIRED_FIELD_MISSING",
			"Project.CustomerBusinessProblem:REQUIRED_FIELD_MISSING", "LifeCycle.TargetCloseDate:REQUIRED_FIELD_MISSING"}},
		{name: "no account", catalog: "AWS", edit: func(o *cosell.Object) { o.Delete("Customer") }, want: []string{"Customer.Account:REQUIRED_FIELD_MISSING"}},
		{name: "website optional for national security", catalog: "AWS", edit: func(o *cosell.Object) {
			o.Set("NationalSecurity", "Yes")
			set(*o, []string{"Customer", "Account", "Industry"}, "Government")
			set(*o, []string{"Customer", "Account", "WebsiteUrl"}, nil)
		}},
		{name: "national security needs government", catalog: "AWS", edit: func(o *cosell.Object) { o.Set("NationalSecurity", "Yes") }, want: []string{"NationalSecurity:INVALID_VALUE"}},
		{name: "use cases without funding", catalog: "AWS", edit: func(o *cosell.Object) { set(*o, []string{"Marketing", "AwsFundingUsed"}, "No") }, want: []string{"Marketing.UseCases:INVALID_VALUE"}},
		{name: "source none with campaign", catalog: "AWS", edit: func(o *cosell.Object) { set(*o, []string{"Marketing", "Source"}, "None") },
			want: []string{"Marketing.CampaignName:INVALID_VALUE", "Marketing.Channels:INVALID_VALUE", "Marketing.UseCases:INVALID_VALUE", "Marketing.AwsFundingUsed:INVALID_VALUE"}},
		{name: "marketing activity needs funding flag", catalog: "AWS", edit: func(o *cosell.Object) { set(*o, []string{"Marketing", "AwsFundingUsed"}, nil) }, want: []string{"Marketing.AwsFundingUsed:REQUIRED_FIELD_MISSING"}},
		{name: "other competitor names need *Other", catalog: "AWS", edit: func(o *cosell.Object) { set(*o, []string{"Project", "CompetitorName"}, "Akamai") }, want: []string{"Project.OtherCompetitorNames:INVALID_VALUE"}},
		{name: "flat renewal needs related opportunity", catalog: "AWS", edit: func(o *cosell.Object) { o.Set("OpportunityType", "Flat Renewal") }, want: []string{"Project.RelatedOpportunityIdentifier:REQUIRED_FIELD_MISSING"}},
		{name: "contract duration range", catalog: "AWS", edit: func(o *cosell.Object) { set(*o, []string{"Project", "ExpectedContractDuration", "Value"}, "145") }, want: []string{"Project.ExpectedContractDuration.Value:VALUE_OUT_OF_RANGE"}},
		{name: "contract duration integer", catalog: "AWS", edit: func(o *cosell.Object) { set(*o, []string{"Project", "ExpectedContractDuration", "Value"}, "1.5") }, want: []string{"Project.ExpectedContractDuration.Value:INVALID_VALUE"}},
		{name: "currency USD or EUR", catalog: "AWS", edit: func(o *cosell.Object) {
			s := (*o).List("Project", "ExpectedCustomerSpend")[0].(cosell.Object)
			s.Set("CurrencyCode", "GBP")
		}, want: []string{"Project.ExpectedCustomerSpend[0].CurrencyCode:INVALID_VALUE"}},
		{name: "eusc needs EUR", catalog: "AWS", edit: func(o *cosell.Object) { set(*o, []string{"Project", "AwsPartition"}, "aws-eusc") }, want: []string{"Project.ExpectedCustomerSpend[0].CurrencyCode:INVALID_VALUE"}},
		{name: "state only in the US", catalog: "AWS", edit: func(o *cosell.Object) { set(*o, []string{"Customer", "Account", "Address", "CountryCode"}, "CA") }, want: []string{"Customer.Account.Address.StateOrRegion:INVALID_VALUE"}},
		{name: "closed lost needs reason", catalog: "AWS", edit: func(o *cosell.Object) { set(*o, []string{"LifeCycle", "Stage"}, "Closed Lost") }, want: []string{"LifeCycle.ClosedLostReason:REQUIRED_FIELD_MISSING"}},
		{name: "reason only when closed lost", catalog: "AWS", edit: func(o *cosell.Object) { set(*o, []string{"LifeCycle", "ClosedLostReason"}, "Price") }, want: []string{"LifeCycle.ClosedLostReason:INVALID_VALUE"}},
		{name: "target close date in the past", catalog: "AWS", edit: func(o *cosell.Object) { set(*o, []string{"LifeCycle", "TargetCloseDate"}, "2026-03-03") }, want: []string{"LifeCycle.TargetCloseDate:INVALID_VALUE"}},
		{name: "target close date today", catalog: "AWS", edit: func(o *cosell.Object) { set(*o, []string{"LifeCycle", "TargetCloseDate"}, "2026-03-04") }},
		{name: "contract expires before start", catalog: "AWS", edit: func(o *cosell.Object) { set(*o, []string{"SoftwareRevenue", "ExpirationDate"}, "2029-12-31") }, want: []string{"SoftwareRevenue.ExpirationDate:INVALID_VALUE"}},
		{name: "visibility marker mixed with co-sell", catalog: "AWS", edit: func(o *cosell.Object) {
			o.Set("PrimaryNeedsFromAws", []any{"Do Not Need Support from AWS Sales Rep", "Co-Sell - Deal Support"})
		}, want: []string{"PrimaryNeedsFromAws:INVALID_VALUE"}},
		{name: "cannot start committed: nothing is associated yet", catalog: "AWS", edit: func(o *cosell.Object) { set(*o, []string{"LifeCycle", "Stage"}, "Committed") }, want: []string{"LifeCycle.Stage:INVALID_VALUE"}},
		{name: "contract duration leading zero", catalog: "AWS", edit: func(o *cosell.Object) { set(*o, []string{"Project", "ExpectedContractDuration", "Value"}, "012") }, want: []string{"Project.ExpectedContractDuration.Value:INVALID_VALUE"}},
		{name: "contract duration sign", catalog: "AWS", edit: func(o *cosell.Object) { set(*o, []string{"Project", "ExpectedContractDuration", "Value"}, "+12") }, want: []string{"Project.ExpectedContractDuration.Value:INVALID_VALUE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			req := fullCreate(t, tt.catalog)
			if tt.edit != nil {
				tt.edit(&req)
			}
			_, err := e.svc.CreateOpportunity(e.ctx, req)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected: %v", err)
				}
				return
			}
			reason, fields := fieldErrors(t, err)
			if reason != cosell.ValidationReasonBiz {
				t.Errorf("reason %s", reason)
			}
			if d := diff(tt.want, paths(fields)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			// The same checks run locally for the CLI's --dry-run.
			dry := cosell.CheckRequest(cosell.OperationNamed("CreateOpportunity"), req, newClock().Now())
			if _, dryFields := fieldErrors(t, dry); diff(paths(fields), paths(dryFields)) != "" {
				t.Errorf("dry run disagrees: %v", paths(dryFields))
			}
		})
	}
}

func splitPath(p string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(p); i++ {
		if i == len(p) || p[i] == '.' {
			out = append(out, p[start:i])
			start = i + 1
		}
	}
	return out
}

// wholeSecond starts a fakeClock so that its first reading, the create in a
// fresh env, falls on 2026-03-04T05:06:08.000Z.
var wholeSecond = time.Date(2026, 3, 4, 5, 6, 6, 500_000_000, time.UTC)

// newEnvAt is newEnv with the fake clock started at start.
func newEnvAt(t *testing.T, start time.Time) *env {
	t.Helper()
	e := newEnv(t)
	e.svc = cosell.NewService(e.store, cosell.ServiceConfig{Clock: &fakeClock{now: start}})
	return e
}

// stillClock always reads the same instant: every call happens in the same
// millisecond.
type stillClock struct{ t time.Time }

func (c stillClock) Now() time.Time { return c.t }

// CreateOpportunity truncated its instant to seconds for LastModifiedDate as
// well as CreatedDate, and wrote CreatedDate with ".000". The real service
// keeps LastModifiedDate's milliseconds and writes CreatedDate as whole
// seconds without a fraction [samples].
func TestCreateTimestamps(t *testing.T) {
	instant := time.Date(2026, 3, 4, 5, 6, 8, 623_456_789, time.UTC)
	store := memory.New()
	e := &env{t: t, store: store, ctx: context.Background(),
		svc: cosell.NewService(store, cosell.ServiceConfig{Clock: stillClock{instant}})}
	out, err := e.svc.CreateOpportunity(e.ctx, fullCreate(t, "AWS"))
	if err != nil {
		t.Fatal(err)
	}
	got := e.get("AWS", out.Str("Id"))
	// The same millisecond again: the update must still move LastModifiedDate on.
	upd := e.mustUpdate(updateFrom(got))
	list, err := e.svc.ListOpportunities(e.ctx, cosell.Object{{"Catalog", "AWS"}})
	if err != nil {
		t.Fatal(err)
	}
	summary := list.List("OpportunitySummaries")[0].(cosell.Object)
	tests := []struct {
		name, got, want string
	}{
		{name: "create answer keeps milliseconds", got: out.Str("LastModifiedDate"), want: "2026-03-04T05:06:08.623Z"},
		{name: "stored LastModifiedDate keeps milliseconds", got: got.Str("LastModifiedDate"), want: "2026-03-04T05:06:08.623Z"},
		{name: "CreatedDate whole seconds without fraction", got: got.Str("CreatedDate"), want: "2026-03-04T05:06:08Z"},
		{name: "summary CreatedDate", got: summary.Str("CreatedDate"), want: "2026-03-04T05:06:08Z"},
		{name: "update in the same millisecond is 1 ms later", got: upd.Str("LastModifiedDate"), want: "2026-03-04T05:06:08.624Z"},
		{name: "summary LastModifiedDate", got: summary.Str("LastModifiedDate"), want: "2026-03-04T05:06:08.624Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %s, want %s", tt.got, tt.want)
			}
		})
	}
	// Both spellings parse as RFC 3339, as clients read them.
	for _, v := range []string{got.Str("CreatedDate"), got.Str("LastModifiedDate")} {
		if _, err := cosell.ParseTime(v); err != nil {
			t.Errorf("%s: %v", v, err)
		}
	}
}

// The create answer omitted PartnerOpportunityIdentifier when none was
// sent and listed LastModifiedDate last; the real one carries it as null,
// in alphabetical order [samples].
func TestCreateResponse(t *testing.T) {
	tests := []struct {
		name string
		edit func(*cosell.Object)
		want any
	}{
		{name: "identifier sent", want: "CRM-0042"},
		{name: "no identifier: null", edit: func(o *cosell.Object) { o.Delete("PartnerOpportunityIdentifier") }, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			req := fullCreate(t, "AWS")
			if tt.edit != nil {
				tt.edit(&req)
			}
			out, err := e.svc.CreateOpportunity(e.ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			want := cosell.Object{{"Id", "O1000001"}, {"LastModifiedDate", "2026-03-04T05:06:08.623Z"}, {"PartnerOpportunityIdentifier", tt.want}}
			if d := diff(want, out); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// OpportunityTeam listed only the request's members. On the real service
// the creator leads it as OpportunityOwner, before the request's members,
// and UpdateOpportunity (which has no OpportunityTeam member) leaves it as
// it is, even when the request sends "OpportunityTeam": [] [samples].
func TestCreateOpportunityTeam(t *testing.T) {
	placeholder := cosell.Object{{"BusinessTitle", "OpportunityOwner"}, {"Email", "partner-123456789012@example.com"},
		{"FirstName", "ACECRMI"}, {"LastName", "PartnerCentral"}, {"Phone", nil}}
	manager := cosell.Object{{"BusinessTitle", "PartnerAccountManager"}, {"Email", "pam@partner.example"},
		{"FirstName", "Sam"}, {"LastName", "Manager"}, {"Phone", "+14155559876"}}
	configured := cosell.Object{{"Email", "me@partner.example"}, {"FirstName", "Alex"}, {"LastName", "Lead"}}
	tests := []struct {
		name  string
		owner cosell.Object // ServiceConfig.DefaultOwner
		team  any           // the request's OpportunityTeam; nil: omitted
		want  []any
	}{
		{name: "none sent: the creator alone", want: []any{placeholder}},
		{name: "empty list sent", team: []any{}, want: []any{placeholder}},
		{name: "creator first, then the request's members", team: []any{cosell.Object{{"Email", "pam@partner.example"}, {"FirstName", "Sam"},
			{"LastName", "Manager"}, {"BusinessTitle", "PartnerAccountManager"}, {"Phone", "+14155559876"}}}, want: []any{placeholder, manager}},
		{name: "configured owner", owner: configured, want: []any{cosell.Object{{"BusinessTitle", "OpportunityOwner"}, {"Email", "me@partner.example"},
			{"FirstName", "Alex"}, {"LastName", "Lead"}, {"Phone", nil}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.svc = cosell.NewService(e.store, cosell.ServiceConfig{Clock: newClock(), DefaultOwner: tt.owner})
			got := e.create("AWS", func(o *cosell.Object) {
				o.Delete("OpportunityTeam")
				if tt.team != nil {
					o.Set("OpportunityTeam", tt.team)
				}
			})
			if d := diff(tt.want, got.List("OpportunityTeam")); d != "" {
				t.Fatalf("(-want +got):\n%s", d)
			}
			// A full-replacement update keeps the team, owner included.
			req := updateFrom(got)
			req.Set("OpportunityTeam", []any{})
			e.mustUpdate(req)
			if d := diff(tt.want, e.get("AWS", got.Str("Id")).List("OpportunityTeam")); d != "" {
				t.Errorf("after update (-want +got):\n%s", d)
			}
		})
	}
	t.Run("the owner entry is a valid contact", func(t *testing.T) {
		if typeErr, fields := cosell.Validate(cosell.CreateOpportunityInput.Member("OpportunityTeam").Shape, []any{placeholder}); typeErr != nil || len(fields) > 0 {
			t.Errorf("%v %v", typeErr, fields)
		}
	})
}

// With the creator in OpportunityTeam, AssignOpportunity kept the previous
// owner next to the assignee when their BusinessTitles differed: the
// assignee is the new owner and replaces the OpportunityOwner entry.
func TestAssignReplacesOwner(t *testing.T) {
	e := newEnv(t)
	got := e.create("AWS", func(o *cosell.Object) {
		o.Set("OpportunityTeam", []any{
			cosell.Object{{"Email", "pat@partner.example"}, {"FirstName", "Pat"}, {"LastName", "Owner"}, {"BusinessTitle", "OpportunityOwner"}},
			cosell.Object{{"Email", "pam@partner.example"}, {"FirstName", "Sam"}, {"LastName", "Manager"}, {"BusinessTitle", "PartnerAccountManager"}},
		})
	})
	id := got.Str("Id")
	err := e.call("AssignOpportunity", doc(t, `{"Catalog":"AWS","Identifier":"`+id+`","Assignee":{"Email":"new@partner.example","FirstName":"New","LastName":"Owner","BusinessTitle":"PartnerAccountManager"}}`))
	if err != nil {
		t.Fatal(err)
	}
	var emails []string
	for _, m := range e.get("AWS", id).List("OpportunityTeam") {
		emails = append(emails, m.(cosell.Object).Str("Email"))
	}
	if d := diff([]string{"new@partner.example"}, emails); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
