package cosell_test

import (
	"testing"

	"github.com/cosell/cosell"
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
		{name: "created has whole seconds", path: []string{"CreatedDate"}, want: "2026-03-04T05:06:08.000Z"},
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
	if d := diff(cosell.Object{{"AwsMarketplaceOffers", []any{}}, {"AwsMarketplaceOfferSets", []any{}}, {"Solutions", []any{}}, {"AwsProducts", []any{}}}, rel); d != "" {
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
