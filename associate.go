package cosell

import (
	"context"
	"slices"
	"strconv"
)

// associationLimits caps each related-entity list [user guide: 20 AWS
// products, 10 solutions, 1 Marketplace private offer]; offer sets are
// capped like offers (?).
var associationLimits = map[RelatedEntityType]int{
	"AwsProducts":             20,
	"Solutions":               MaxSolutions,
	"AwsMarketplaceOffers":    1,
	"AwsMarketplaceOfferSets": 1,
}

// associationShapes give each entity type its identifier format.
var associationShapes = map[RelatedEntityType]*Shape{
	"AwsProducts":             shRelatedEntities.Member("AwsProducts").Shape.Elem,
	"Solutions":               shRelatedEntities.Member("Solutions").Shape.Elem,
	"AwsMarketplaceOffers":    shRelatedEntities.Member("AwsMarketplaceOffers").Shape.Elem,
	"AwsMarketplaceOfferSets": shRelatedEntities.Member("AwsMarketplaceOfferSets").Shape.Elem,
}

// AssociateOpportunity links a solution, AWS product or Marketplace offer
// (spec §4), in any stage. Associating an entity already linked changes
// nothing (?).
func (s *OpportunityService) AssociateOpportunity(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(AssociateOpportunityInput, in)
	if err != nil {
		return nil, err
	}
	typ, entity := RelatedEntityType(req.Str("RelatedEntityType")), req.Str("RelatedEntityIdentifier")
	if typeErr, fields := Validate(associationShapes[typ], entity); typeErr == nil && len(fields) > 0 {
		fields[0].FieldName = "RelatedEntityIdentifier"
		return nil, NewValidationError(ValidationReasonReq, fields[:1])
	}
	changed := false
	o, err := s.store.UpdateOpportunity(ctx, req.Str("Catalog"), req.Str("OpportunityIdentifier"), func(cur *Opportunity) error {
		list := cur.Related.Of(typ)
		if slices.Contains(*list, entity) {
			return nil
		}
		if limit := associationLimits[typ]; len(*list) >= limit {
			return NewValidationError(ValidationReasonBiz, []FieldError{{FieldName: "RelatedEntityIdentifier", Code: CodeTooMany,
				Message: "an opportunity can have at most " + strconv.Itoa(limit) + " " + string(typ)}})
		}
		*list = append(*list, entity)
		cur.LastModifiedDate = nextModified(cur.LastModifiedDate, s.now())
		changed = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	if changed {
		s.publish(ctx, EventUpdated, o)
	}
	return nil, nil
}

// DisassociateOpportunity removes a link; removing one that is not there is
// ResourceNotFoundException [samples].
func (s *OpportunityService) DisassociateOpportunity(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(DisassociateOpportunityInput, in)
	if err != nil {
		return nil, err
	}
	typ, entity := RelatedEntityType(req.Str("RelatedEntityType")), req.Str("RelatedEntityIdentifier")
	o, err := s.store.UpdateOpportunity(ctx, req.Str("Catalog"), req.Str("OpportunityIdentifier"), func(cur *Opportunity) error {
		list := cur.Related.Of(typ)
		i := slices.Index(*list, entity)
		if i < 0 {
			return Errorf(NotFoundError, "%s %s is not associated with opportunity %s.", typ, entity, cur.ID)
		}
		*list = slices.Delete(*list, i, i+1)
		cur.LastModifiedDate = nextModified(cur.LastModifiedDate, s.now())
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.publish(ctx, EventUpdated, o)
	return nil, nil
}

// AssignOpportunity makes the assignee the opportunity's owner (spec §4):
// the assignee leads OpportunityTeam and replaces any member with the same
// BusinessTitle or email. The real service also checks that the assignee is
// a Partner Central user, which an emulator cannot know.
func (s *OpportunityService) AssignOpportunity(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(AssignOpportunityInput, in)
	if err != nil {
		return nil, err
	}
	assignee := Prune(AssignOpportunityInput.Member("Assignee").Shape, req.Get("Assignee")).(Object)
	o, err := s.store.UpdateOpportunity(ctx, req.Str("Catalog"), req.Str("Identifier"), func(cur *Opportunity) error {
		team := []any{assignee}
		for _, m := range cur.OpportunityTeam {
			member, _ := m.(Object)
			if member.Str("BusinessTitle") == assignee.Str("BusinessTitle") || member.Str("Email") == assignee.Str("Email") {
				continue
			}
			team = append(team, m)
		}
		if len(team) > shTeam.MaxItems {
			team = team[:shTeam.MaxItems]
		}
		cur.OpportunityTeam = team
		cur.LastModifiedDate = nextModified(cur.LastModifiedDate, s.now())
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.publish(ctx, EventUpdated, o)
	return nil, nil
}
