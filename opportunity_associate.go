package cosell

import (
	"context"
	"errors"
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
	"AwsProducts":             shRelatedEntityIdentifiers.Member("AwsProducts").Shape.Elem,
	"Solutions":               shRelatedEntityIdentifiers.Member("Solutions").Shape.Elem,
	"AwsMarketplaceOffers":    shRelatedEntityIdentifiers.Member("AwsMarketplaceOffers").Shape.Elem,
	"AwsMarketplaceOfferSets": shRelatedEntityIdentifiers.Member("AwsMarketplaceOfferSets").Shape.Elem,
}

// AssociateOpportunity links a solution, AWS product or Marketplace offer
// (spec §4), in any stage. Associating an entity already linked changes
// nothing (?).
func (s *OpportunityService) AssociateOpportunity(ctx context.Context, in Object) (Object, error) {
	return nil, s.relate(ctx, AssociateOpportunityInput, in, func(list *[]string, typ RelatedEntityType, entity string, cur *Opportunity) (bool, error) {
		if slices.Contains(*list, entity) {
			return false, nil
		}
		if typ == "Solutions" {
			if err := s.checkSolution(ctx, cur.Catalog, entity); err != nil {
				return false, err
			}
		}
		if limit := associationLimits[typ]; len(*list) >= limit {
			return false, NewValidationError(ValidationReasonBiz, []FieldError{{FieldName: "RelatedEntityIdentifier", Code: CodeTooMany,
				Message: "an opportunity can have at most " + strconv.Itoa(limit) + " " + string(typ)}})
		}
		*list = append(*list, entity)
		if typ == "Solutions" {
			clearOtherSolution(cur)
		}
		return true, nil
	})
}

// checkSolution admits only a solution of the caller's catalog (ListSolutions
// lists them; the model's doc tells partners to take the identifier from
// there). An identifier the catalog lacks is ResourceNotFoundException:
// the model's "the resource might not exist, or isn't visible with the
// current credentials", the error the fact sheet's matrix (§11) gives an
// unknown id, as Disassociate answers for an entity not associated
// [samples]. A listed solution that is not Active is refused as
// BUSINESS_VALIDATION_FAILED: the model documents filtering for Active
// solutions for association (fact sheet §8) [inferred].
func (s *OpportunityService) checkSolution(ctx context.Context, catalog, id string) error {
	sol := s.findSolution(ctx, catalog, id)
	if sol == nil {
		return Errorf(NotFoundError, "Solution %s was not found in catalog %s.", id, catalog)
	}
	if sol.Status != "Active" {
		return NewValidationError(ValidationReasonBiz, []FieldError{{FieldName: "RelatedEntityIdentifier", Code: CodeInvalidValue,
			Message: "solution " + id + " is " + sol.Status + "; only an Active solution can be associated"}})
	}
	return nil
}

// clearOtherSolution drops Project.OtherSolutionDescription, which describes
// the solution only while none is associated (the "Other" solution [model
// doc]). The real service returns it null once a solution is associated: an
// opportunity that had "Acme Data Lake" there reads back null right after
// AssociateOpportunity [samples].
func clearOtherSolution(o *Opportunity) {
	p := o.Body.Obj("Project")
	if p.Get("OtherSolutionDescription") == nil {
		return
	}
	p = Clone(p).(Object)
	p.Delete("OtherSolutionDescription")
	o.Body.Set("Project", p)
}

// DisassociateOpportunity removes a link; removing one that is not there is
// ResourceNotFoundException [samples].
func (s *OpportunityService) DisassociateOpportunity(ctx context.Context, in Object) (Object, error) {
	return nil, s.relate(ctx, DisassociateOpportunityInput, in, func(list *[]string, typ RelatedEntityType, entity string, cur *Opportunity) (bool, error) {
		i := slices.Index(*list, entity)
		if i < 0 {
			return false, Errorf(NotFoundError, "%s %s is not associated with opportunity %s.", typ, entity, cur.ID)
		}
		*list = slices.Delete(*list, i, i+1)
		return true, nil
	})
}

// relate validates an Associate or Disassociate request and applies change
// to the related-entity list it names, in one store update. A change bumps
// LastModifiedDate and publishes an event; no change writes nothing new.
func (s *OpportunityService) relate(ctx context.Context, input *Shape, in Object,
	change func(list *[]string, typ RelatedEntityType, entity string, cur *Opportunity) (bool, error)) error {
	req, err := ValidateRequest(input, in)
	if err != nil {
		return err
	}
	typ, entity := RelatedEntityType(req.Str("RelatedEntityType")), req.Str("RelatedEntityIdentifier")
	if typeErr, fields := Validate(associationShapes[typ], entity); typeErr == nil && len(fields) > 0 {
		fields[0].FieldName = "RelatedEntityIdentifier"
		return NewValidationError(ValidationReasonReq, fields[:1])
	}
	var changed bool
	catalog, id := req.Str("Catalog"), req.Str("OpportunityIdentifier")
	o, err := s.updateOpportunity(ctx, input.Name[:len(input.Name)-len("Request")], s.as(ctx, EventUpdated), catalog, id, func(cur *Opportunity) error {
		if !s.visible(ctx, cur) {
			return notFound(catalog, id)
		}
		var err error
		if changed, err = change(cur.Related.Of(typ), typ, entity, cur); err != nil {
			return err
		}
		if !changed {
			return errAlreadyDone // nothing to write
		}
		cur.LastModifiedDate = nextModified(cur.LastModifiedDate, s.now())
		return nil
	})
	if errors.Is(err, errAlreadyDone) {
		return nil
	}
	if err == nil && changed {
		_ = s.runJobs(ctx, o) // RelatedEntityIdentifiers is on the summary view
	}
	return err
}

// AssignOpportunity makes the assignee the opportunity's owner (spec §4):
// the assignee leads OpportunityTeam and replaces the previous owner (the
// OpportunityOwner entry) and any member with the same BusinessTitle or
// email. The real service also checks that the assignee is a Partner
// Central user, which an emulator cannot know.
func (s *OpportunityService) AssignOpportunity(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(AssignOpportunityInput, in)
	if err != nil {
		return nil, err
	}
	assignee := Prune(AssignOpportunityInput.Member("Assignee").Shape, req.Get("Assignee")).(Object)
	catalog, id := req.Str("Catalog"), req.Str("Identifier")
	o, err := s.updateOpportunity(ctx, "AssignOpportunity", s.as(ctx, EventUpdated), catalog, id, func(cur *Opportunity) error {
		if !s.visible(ctx, cur) {
			return notFound(catalog, id)
		}
		team := []any{assignee}
		for _, m := range cur.OpportunityTeam {
			member, _ := m.(Object)
			if title := member.Str("BusinessTitle"); title == OwnerTitle || title == assignee.Str("BusinessTitle") || member.Str("Email") == assignee.Str("Email") {
				continue
			}
			team = append(team, m)
		}
		if len(team) > shPartnerOpportunityTeamMembersList.MaxItems {
			team = team[:shPartnerOpportunityTeamMembersList.MaxItems]
		}
		cur.OpportunityTeam = team
		cur.LastModifiedDate = nextModified(cur.LastModifiedDate, s.now())
		return nil
	})
	if err != nil {
		return nil, err
	}
	_ = s.runJobs(ctx, o) // OpportunityTeam is on the summary view
	return nil, nil
}
