package cosell

import (
	"context"
	"strconv"
	"time"
)

// SubmitOpportunity sends a Pending Submission opportunity to AWS for review
// (spec §4 SubmitOpportunity). It needs at least one associated solution or,
// for the "Other" solution, a Project.OtherSolutionDescription (see
// submissionRules), a Stage other than Closed Lost, the field rules of §3.10 (including
// OtherIndustry for Industry Other, which the real service accepts missing
// at create and enforces here (?)), and for Co-Sell at least one need from
// AWS (?). For Visibility Only replaces PrimaryNeedsFromAws with the
// no-support marker, as the real service does [samples].
func (s *OpportunityService) SubmitOpportunity(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(SubmitOpportunityInput, in)
	if err != nil {
		return nil, err
	}
	involvement := SalesInvolvementType(req.Str("InvolvementType"))
	catalog, id := req.Str("Catalog"), req.Str("Identifier")
	o, err := s.updateOpportunity(ctx, "SubmitOpportunity", s.as(ctx, EventUpdated), catalog, id, func(cur *Opportunity) error {
		if !s.visible(ctx, cur) {
			return notFound(catalog, id)
		}
		return s.submit(cur, involvement)
	})
	if err != nil {
		return nil, err
	}
	_ = s.runJobs(ctx, o) // ReviewStatus is on the summary view
	return nil, nil
}

// submit moves cur from Pending Submission to Submitted, after the
// submission and business rules (SubmitOpportunity,
// StartEngagementFromOpportunityTask).
func (s *OpportunityService) submit(cur *Opportunity, involvement SalesInvolvementType) error {
	if st := ReviewStatus(cur.ReviewStatus()); st != StatusPendingSubmission {
		return NewValidationError(ValidationReasonBiz, []FieldError{{FieldName: "LifeCycle.ReviewStatus", Code: CodeInvalidState,
			Message: "only a Pending Submission opportunity can be submitted; this one is " + string(st)}})
	}
	modified := nextModified(cur.LastModifiedDate, s.now())
	body := Clone(cur.Body).(Object)
	prev := cur.Body
	if involvement == InvolvementVisibilityOnly {
		// The service, not the partner, switches the needs here.
		body.Set("PrimaryNeedsFromAws", []any{string(NoSupportNeeded)})
		prev = Clone(body).(Object)
	}
	fields := submissionRules(body, &cur.Related, involvement)
	fields = append(fields, businessRules(body, prev, &cur.Related, modified.Format(time.DateOnly))...)
	if len(fields) > 0 {
		return NewValidationError(ValidationReasonBiz, fields)
	}
	setLifeCycle(&body, "ReviewStatus", string(StatusSubmitted))
	cur.Body = body
	if len(cur.Related.Solutions) > 0 {
		// An update after the association may have sent it again.
		clearOtherSolution(cur)
	}
	cur.LastModifiedDate = modified
	return nil
}

// MaxSolutions is how many solutions an opportunity can carry [user guide].
const MaxSolutions = 10

func submissionRules(body Object, related *Related, involvement SalesInvolvementType) []FieldError {
	var out []FieldError
	fail := func(path string, code FieldCode, msg string) {
		out = append(out, FieldError{FieldName: path, Code: code, Message: msg})
	}
	// The solution offered is mandatory, and "Other" (described in
	// OtherSolutionDescription) stands for one until the Committed stage
	// [model doc; legacy field guide]. The API has no solution identifier
	// for "Other": a real opportunity with no associated solution and an
	// OtherSolutionDescription was submitted and approved [samples].
	if n := len(related.Solutions); n == 0 && body.Str("Project", "OtherSolutionDescription") == "" {
		fail("RelatedEntityIdentifiers.Solutions", CodeNotEnough,
			"associate at least one solution, or describe the solution offered in Project.OtherSolutionDescription, before submitting")
	} else if n > MaxSolutions {
		fail("RelatedEntityIdentifiers.Solutions", CodeTooMany, strconv.Itoa(n)+" solutions are associated; at most 10 allowed")
	}
	if Stage(body.Str("LifeCycle", "Stage")) == StageClosedLost {
		fail("LifeCycle.Stage", CodeInvalidValue, "a Closed Lost opportunity cannot be submitted")
	}
	if body.Str("Customer", "Account", "Industry") == "Other" && body.Str("Customer", "Account", "OtherIndustry") == "" {
		fail("Customer.Account.OtherIndustry", CodeRequired, "is required when Industry is Other")
	}
	if involvement == InvolvementCoSell && !hasCoSellNeed(body.List("PrimaryNeedsFromAws")) {
		fail("PrimaryNeedsFromAws", CodeRequired, "a Co-Sell submission needs at least one co-sell need from AWS")
	}
	return out
}
