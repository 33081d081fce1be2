package cosell_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/cosell/cosell"
)

// sortedEverywhere reports the path of the first object in v whose member
// names are not in byte order.
func sortedEverywhere(path string, v any) string {
	switch v := v.(type) {
	case cosell.Object:
		names := keys(v)
		if !slices.IsSortedFunc(names, strings.Compare) {
			return path + ": " + strings.Join(names, ",")
		}
		for _, f := range v {
			if bad := sortedEverywhere(path+"."+f.Name, f.Value); bad != "" {
				return bad
			}
		}
	case []any:
		for _, e := range v {
			if bad := sortedEverywhere(path+"[]", e); bad != "" {
				return bad
			}
		}
	}
	return ""
}

// Answers were written in model order; the real service writes members in
// alphabetical order at every level, and the AWS CLI prints them so
// [samples]. AwsMarketplaceOfferSets sorts before AwsMarketplaceOffers
// (byte order), as in the real answer.
func TestRenderAlphabetical(t *testing.T) {
	e := newEnv(t)
	got := e.create("AWS", nil)
	id := got.Str("Id")
	if err := e.call("AssociateOpportunity", cosell.Object{{"Catalog", "AWS"}, {"OpportunityIdentifier", id}, {"RelatedEntityType", "Solutions"}, {"RelatedEntityIdentifier", "S-1"}}); err != nil {
		t.Fatal(err)
	}
	req := updateFrom(e.get("AWS", id))
	set(req, []string{"LifeCycle", "NextSteps"}, "Call the CTO") // fills NextStepsHistory
	e.mustUpdate(req)
	list, err := e.svc.ListOpportunities(e.ctx, cosell.Object{{"Catalog", "AWS"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		doc  cosell.Object
	}{
		{name: "GetOpportunity", doc: e.get("AWS", id)},
		{name: "ListOpportunities summary", doc: list.List("OpportunitySummaries")[0].(cosell.Object)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if bad := sortedEverywhere("", tt.doc); bad != "" {
				t.Errorf("not alphabetical at %s", bad)
			}
		})
	}
	want := []string{"Arn", "Catalog", "CreatedDate", "Customer", "Id", "LastModifiedDate", "LifeCycle", "Marketing", "NationalSecurity",
		"OpportunityTeam", "OpportunityType", "PartnerOpportunityIdentifier", "PrimaryNeedsFromAws", "Project", "RelatedEntityIdentifiers", "SoftwareRevenue"}
	if d := diff(want, keys(tests[0].doc)); d != "" {
		t.Errorf("top level (-want +got):\n%s", d)
	}
	if d := diff([]string{"AwsMarketplaceOfferSets", "AwsMarketplaceOffers", "AwsProducts", "Solutions"}, keys(tests[0].doc.Obj("RelatedEntityIdentifiers"))); d != "" {
		t.Errorf("RelatedEntityIdentifiers (-want +got):\n%s", d)
	}
}

// Empty values the real service writes differently from a naive fill: a
// structure sent empty comes back null, not as an object of nulls, and an
// empty OpportunityTeam is [] [samples].
func TestRenderEmpty(t *testing.T) {
	t.Run("SoftwareRevenue {} is null", func(t *testing.T) {
		e := newEnv(t)
		got := e.create("AWS", func(o *cosell.Object) { o.Set("SoftwareRevenue", cosell.Object{}) })
		if v, ok := got.Lookup("SoftwareRevenue"); !ok || v != nil {
			t.Errorf("SoftwareRevenue = %v (present %v), want null", v, ok)
		}
		// Updating with what was read keeps it null.
		e.mustUpdate(updateFrom(got))
		if v := e.get("AWS", got.Str("Id")).Get("SoftwareRevenue"); v != nil {
			t.Errorf("after update: %v", v)
		}
	})
	t.Run("OpportunityTeam [] when empty", func(t *testing.T) {
		e := newEnv(t)
		o := &cosell.Opportunity{Catalog: "AWS", Body: cosell.Object{{"Project", cosell.Object{{"Title", "T"}}}}}
		stored, err := e.store.CreateOpportunity(e.ctx, o, "", "")
		if err != nil {
			t.Fatal(err)
		}
		got := e.get("AWS", stored.ID)
		if v, ok := got.Lookup("OpportunityTeam"); !ok || v == nil || len(v.([]any)) != 0 {
			t.Errorf("OpportunityTeam = %#v (present %v), want []", v, ok)
		}
		if v := got.Get("SoftwareRevenue"); v != nil {
			t.Errorf("unset SoftwareRevenue = %v", v)
		}
		if v, ok := got.Lookup("Marketing"); !ok || v != nil {
			t.Errorf("unset Marketing = %v (present %v), want null", v, ok)
		}
	})
}
