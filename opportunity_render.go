package cosell

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Responses carry every modelled member, null when unset, as the real
// service does; RelatedEntityIdentifiers always carries its four lists, and
// Customer.Contacts, Project.ExpectedCustomerSpend and OpportunityTeam come
// back as [] when empty while other empty lists are null (spec §1.2). A
// nested structure with no member set comes back null, not as an object of
// nulls (a create with "SoftwareRevenue": {} reads back null [samples]).
// Members are written in alphabetical (byte) order at every level, as the
// real service writes them [samples].

func (s *OpportunityService) render(ctx context.Context, o *Opportunity) Object {
	src := Object{
		{"Catalog", o.Catalog},
		{"Id", o.ID},
		{"Arn", o.Arn(s.ownerAccount(o))},
		{"LastModifiedDate", FormatTime(o.LastModifiedDate)},
		{"CreatedDate", FormatCreatedDate(o.CreatedDate)},
		{"RelatedEntityIdentifiers", Object{
			{"AwsMarketplaceOffers", anyList(o.Related.AwsMarketplaceOffers)},
			{"AwsMarketplaceOfferSets", anyList(o.Related.AwsMarketplaceOfferSets)},
			{"Solutions", anyList(o.Related.Solutions)},
			{"AwsProducts", anyList(o.Related.AwsProducts)},
		}},
		{"OpportunityTeam", o.OpportunityTeam},
	}
	src = append(src, o.Body...)
	return fillRoot(GetOpportunityOutput, src)
}

func (s *OpportunityService) renderSummary(ctx context.Context, o *Opportunity) Object {
	src := Object{
		{"Catalog", o.Catalog},
		{"Id", o.ID},
		{"Arn", o.Arn(s.ownerAccount(o))},
		{"PartnerOpportunityIdentifier", o.Body.Get("PartnerOpportunityIdentifier")},
		{"OpportunityType", o.Body.Get("OpportunityType")},
		{"LastModifiedDate", FormatTime(o.LastModifiedDate)},
		{"CreatedDate", FormatCreatedDate(o.CreatedDate)},
		{"LifeCycle", o.Body.Get("LifeCycle")},
		{"Customer", o.Body.Get("Customer")},
		{"Project", o.Body.Get("Project")},
	}
	return fillRoot(shOpportunitySummary, src)
}

// FormatCreatedDate writes a CreatedDate the way the service does: UTC,
// whole seconds, no fraction ("2025-12-15T23:33:13Z" [samples]), while
// LastModifiedDate carries milliseconds (FormatTime).
func FormatCreatedDate(t time.Time) string {
	return t.UTC().Truncate(time.Second).Format("2006-01-02T15:04:05Z")
}

// alwaysList are the list members returned as [] rather than null when empty.
var alwaysList = map[*Shape]bool{
	shCustomer.Member("Contacts").Shape:                                true,
	shExpectedCustomerSpendList:                                        true,
	shPartnerOpportunityTeamMembersList:                                true, // "OpportunityTeam": [] [samples]
	shRelatedEntityIdentifiers.Member("AwsMarketplaceOffers").Shape:    true,
	shRelatedEntityIdentifiers.Member("AwsMarketplaceOfferSets").Shape: true,
	shRelatedEntityIdentifiers.Member("Solutions").Shape:               true,
	shRelatedEntityIdentifiers.Member("AwsProducts").Shape:             true,
}

// alwaysObject are the structures returned even when none of their members
// is set: RelatedEntityIdentifiers is a required member of the output.
var alwaysObject = map[*Shape]bool{
	shRelatedEntityIdentifiers: true,
}

// fillRoot fills an output document: the top level is always an object.
func fillRoot(s *Shape, src Object) Object {
	out := make(Object, len(s.Members))
	for i, m := range sortedMembers(s) {
		out[i] = Field{m.Name, fill(m.Shape, src.Get(m.Name))}
	}
	return out
}

// fill copies v in alphabetical member order, emitting every member of
// every present structure (null when unset) and dropping members the shape
// lacks. A structure none of whose members is set is null.
func fill(s *Shape, v any) any {
	switch s.Kind {
	case KindStructure:
		src, ok := v.(Object)
		if !ok {
			return nil
		}
		if !alwaysObject[s] && !anySet(s, src) {
			return nil
		}
		if s.Union {
			// A union carries only the member that is set.
			out := Object{}
			for _, m := range sortedMembers(s) {
				if v := src.Get(m.Name); v != nil {
					out = append(out, Field{m.Name, fill(m.Shape, v)})
				}
			}
			return out
		}
		return fillRoot(s, src)
	case KindList:
		l, _ := v.([]any)
		if len(l) == 0 {
			if alwaysList[s] {
				return []any{}
			}
			return nil
		}
		out := make([]any, len(l))
		for i, e := range l {
			out[i] = fill(s.Elem, e)
		}
		return out
	}
	return v
}

// anySet reports whether src holds a value for a member of s.
func anySet(s *Shape, src Object) bool {
	for _, f := range src {
		if f.Value != nil && s.Member(f.Name) != nil {
			return true
		}
	}
	return false
}

// sortedMembers returns a structure's members in byte order of their names
// ("AwsMarketplaceOfferSets" before "AwsMarketplaceOffers"), computed once
// per shape.
func sortedMembers(s *Shape) []Member {
	if m, ok := memberOrder[s]; ok {
		return m
	}
	return sortMembers(s)
}

func sortMembers(s *Shape) []Member {
	m := slices.Clone(s.Members)
	slices.SortFunc(m, func(a, b Member) int { return strings.Compare(a.Name, b.Name) })
	return m
}

// memberOrder caches sortedMembers for every structure an output reaches;
// it is filled at init and only read afterwards.
var memberOrder = map[*Shape][]Member{}

func init() {
	var walk func(s *Shape)
	walk = func(s *Shape) {
		switch s.Kind {
		case KindStructure:
			if _, ok := memberOrder[s]; ok {
				return
			}
			memberOrder[s] = sortMembers(s)
			for _, m := range s.Members {
				walk(m.Shape)
			}
		case KindList:
			walk(s.Elem)
		}
	}
	for _, op := range AllOperations {
		if op.Output != nil {
			walk(op.Output)
		}
	}
}

func anyList(l []string) []any {
	out := make([]any, len(l))
	for i, v := range l {
		out[i] = v
	}
	return out
}
