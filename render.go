package cosell

// Responses carry every modelled member, null when unset, as the real
// service does; RelatedEntityIdentifiers always carries its four lists, and
// Customer.Contacts and Project.ExpectedCustomerSpend come back as [] when
// empty while other empty lists are null (spec §1.2).

func (s *OpportunityService) render(o *Opportunity) Object {
	src := Object{
		{"Catalog", o.Catalog},
		{"Id", o.ID},
		{"Arn", o.Arn(s.cfg.AccountID)},
		{"LastModifiedDate", FormatTime(o.LastModifiedDate)},
		{"CreatedDate", formatCreated(o)},
		{"RelatedEntityIdentifiers", Object{
			{"AwsMarketplaceOffers", anyList(o.Related.AwsMarketplaceOffers)},
			{"AwsMarketplaceOfferSets", anyList(o.Related.AwsMarketplaceOfferSets)},
			{"Solutions", anyList(o.Related.Solutions)},
			{"AwsProducts", anyList(o.Related.AwsProducts)},
		}},
		{"OpportunityTeam", o.OpportunityTeam},
	}
	src = append(src, o.Body...)
	return fill(GetOpportunityOutput, src).(Object)
}

func (s *OpportunityService) renderSummary(o *Opportunity) Object {
	src := Object{
		{"Catalog", o.Catalog},
		{"Id", o.ID},
		{"Arn", o.Arn(s.cfg.AccountID)},
		{"PartnerOpportunityIdentifier", o.Body.Get("PartnerOpportunityIdentifier")},
		{"OpportunityType", o.Body.Get("OpportunityType")},
		{"LastModifiedDate", FormatTime(o.LastModifiedDate)},
		{"CreatedDate", formatCreated(o)},
		{"LifeCycle", o.Body.Get("LifeCycle")},
		{"Customer", o.Body.Get("Customer")},
		{"Project", o.Body.Get("Project")},
	}
	return fill(shSummary, src).(Object)
}

func formatCreated(o *Opportunity) string { return FormatTime(o.CreatedDate) }

// alwaysList are the list members returned as [] rather than null when empty.
var alwaysList = map[*Shape]bool{
	shCustomer.Member("Contacts").Shape: true,
	shSpendList:                         true,
	shRelatedEntities.Member("AwsMarketplaceOffers").Shape:    true,
	shRelatedEntities.Member("AwsMarketplaceOfferSets").Shape: true,
	shRelatedEntities.Member("Solutions").Shape:               true,
	shRelatedEntities.Member("AwsProducts").Shape:             true,
}

// fill copies v in the shape's member order, emitting every member of every
// present structure (null when unset) and dropping members the shape lacks.
func fill(s *Shape, v any) any {
	switch s.Kind {
	case KindStructure:
		src, ok := v.(Object)
		if !ok {
			return nil
		}
		out := make(Object, len(s.Members))
		for i, m := range s.Members {
			out[i] = Field{m.Name, fill(m.Shape, src.Get(m.Name))}
		}
		return out
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

func anyList(l []string) []any {
	out := make([]any, len(l))
	for i, v := range l {
		out[i] = v
	}
	return out
}
