package cosell

import (
	"reflect"
	"strconv"
	"strings"
)

// forbiddenChanges walks a stored body and a would-be body along the shape
// and returns the path of every leaf that changed where forbidden(pattern)
// is true. Patterns write list elements as "[]" (Project.ExpectedCustomerSpend[].Amount);
// returned paths carry indexes. Null, absent, "" and [] compare equal, lists
// of scalars compare as one value, in order (spec §3.6).
func forbiddenChanges(s *Shape, old, new Object, forbidden func(pattern string) bool) []string {
	var out []string
	var walk func(s *Shape, old, new any, pattern, path string)
	walk = func(s *Shape, old, new any, pattern, path string) {
		switch {
		case s.Kind == KindStructure:
			o, _ := old.(Object)
			n, _ := new.(Object)
			for _, m := range s.Members {
				walk(m.Shape, o.Get(m.Name), n.Get(m.Name), join(pattern, m.Name), join(path, m.Name))
			}
		case s.Kind == KindList && s.Elem.Kind == KindStructure:
			o, _ := old.([]any)
			n, _ := new.([]any)
			for i := 0; i < max(len(o), len(n)); i++ {
				walk(s.Elem, at(o, i), at(n, i), pattern+"[]", path+"["+strconv.Itoa(i)+"]")
			}
		default:
			if !sameValue(old, new) && forbidden(pattern) {
				out = append(out, path)
			}
		}
	}
	walk(s, old, new, "", "")
	return out
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

func at(l []any, i int) any {
	if i < len(l) {
		return l[i]
	}
	return nil
}

func sameValue(a, b any) bool {
	if isEmpty(a) && isEmpty(b) {
		return true
	}
	return reflect.DeepEqual(a, b)
}

// pathSet matches patterns exactly, or by prefix for entries ending in ".".
type pathSet []string

func (p pathSet) has(pattern string) bool {
	for _, e := range p {
		if e == pattern || (strings.HasSuffix(e, ".") && strings.HasPrefix(pattern, e)) {
			return true
		}
	}
	return false
}

// readOnlyLifeCycle are the service-managed LifeCycle members: never compared
// as partner edits, never taken from a partner's payload.
var readOnlyLifeCycle = []string{"ReviewStatus", "ReviewComments", "ReviewStatusReason", "NextStepsHistory"}

// actionRequiredEditable is what a partner may change while AWS asks for
// action: the seed's 11 fields (ExpectedMonthlyAWSRevenue is today's
// ExpectedCustomerSpend) plus EstimationUrl, Frequency and TargetCompany
// from the newer user guide (spec §3.6).
var actionRequiredEditable = pathSet{
	"Customer.Account.Address.City",
	"Customer.Account.Address.CountryCode",
	"Customer.Account.Address.PostalCode",
	"Customer.Account.Address.StateOrRegion",
	"Customer.Account.Address.StreetAddress",
	"Customer.Account.WebsiteUrl",
	"LifeCycle.TargetCloseDate",
	"Project.ExpectedCustomerSpend[].Amount",
	"Project.ExpectedCustomerSpend[].CurrencyCode",
	"Project.ExpectedCustomerSpend[].EstimationUrl",
	"Project.ExpectedCustomerSpend[].Frequency",
	"Project.ExpectedCustomerSpend[].TargetCompany",
	"Project.CustomerBusinessProblem",
	"PartnerOpportunityIdentifier",
}

// approvedLocked cannot change once AWS approved the opportunity (user
// guide list, spec §3.7; the legacy guide's longer list is not followed).
var approvedLocked = pathSet{
	"Customer.Account.Address.CountryCode",
	"Customer.Account.Address.PostalCode",
	"Customer.Account.Industry",
	"Customer.Account.WebsiteUrl",
	"Project.CustomerBusinessProblem",
	"PartnerOpportunityIdentifier",
	"Project.Title",
}

// closedEditable is what stays editable once the stored Stage is Launched
// or Closed Lost: the spec's suggestion (§3.8 (?)) — next steps and the
// procurement terms, which partners keep updating after launch.
var closedEditable = pathSet{
	"LifeCycle.NextSteps",
	"SoftwareRevenue.",
}
