package cosell

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// UpdateOpportunity replaces the partner-writable fields of an opportunity
// (spec §3). Processing order (§3.1): request validation; lookup; optimistic
// concurrency on LastModifiedDate; partner edit or Sandbox review
// simulation; state gating; the new record; business rules; commit. All
// checks after the lookup run inside the store's transaction, so two updates
// carrying the same LastModifiedDate cannot both succeed.
func (s *OpportunityService) UpdateOpportunity(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(UpdateOpportunityInput, in)
	if err != nil {
		return nil, err
	}
	sent, _ := TimeValue(req.Get("LastModifiedDate"))
	catalog, id := req.Str("Catalog"), req.Str("Identifier")
	var before string
	o, linked, err := s.updateOpportunityProbed(ctx, "UpdateOpportunity", s.as(ctx, EventUpdated), catalog, id, func(cur *Opportunity) error {
		if !s.visible(ctx, cur) {
			return notFound(catalog, id)
		}
		before = cur.ReviewStatus()
		return s.applyUpdate(cur, req, sent, s.now())
	})
	if err != nil {
		return nil, err
	}
	if !linked.Known || linked.Found { // no link as of the write: no job (runJobs)
		_ = s.runJobs(ctx, o) // Running snapshot jobs follow the committed change (snapshot_job.go)
	}
	if o.ReviewStatus() != before {
		s.afterReview(ctx, o)
	}
	return Object{{"Id", o.ID}, {"LastModifiedDate", FormatTime(o.LastModifiedDate)}}, nil
}

// sameInstant compares LastModifiedDate values at millisecond precision,
// whatever digits and offset the client used (spec §1.3, §3.3).
func sameInstant(a, b time.Time) bool {
	return a.Truncate(time.Millisecond).Equal(b.Truncate(time.Millisecond))
}

func conflict(o *Opportunity, sent time.Time) *Error {
	return Errorf(ConflictError,
		"Opportunity %s was modified at %s; the request carries LastModifiedDate %s. Get the opportunity and retry with its current LastModifiedDate.",
		o.ID, FormatTime(o.LastModifiedDate), FormatTime(sent))
}

func (s *OpportunityService) applyUpdate(cur *Opportunity, req Object, sent, now time.Time) error {
	if !sameInstant(cur.LastModifiedDate, sent) {
		return conflict(cur, sent)
	}
	stored := ReviewStatus(cur.ReviewStatus())
	requested := ReviewStatus(req.Str("LifeCycle", "ReviewStatus"))
	body := partnerBody(UpdateOpportunityInput, req)

	var blocked []FieldError
	if requested != "" && requested != stored {
		if Catalog(cur.Catalog) == CatalogSandbox {
			if long := longReviewTexts(req); len(long) > 0 {
				return NewValidationError(ValidationReasonReq, long)
			}
		}
		blocked = simulateReview(cur, req, &body, stored, requested)
	} else {
		blocked = gatePartnerEdit(cur, body, stored)
	}
	if len(blocked) > 0 {
		return NewValidationError(ValidationReasonBiz, blocked)
	}

	modified := nextModified(cur.LastModifiedDate, now)
	withHistory(&body, cur.Body, FormatTime(modified))
	if rules := businessRules(body, cur.Body, &cur.Related, modified.Format(time.DateOnly)); len(rules) > 0 {
		return NewValidationError(ValidationReasonBiz, rules)
	}
	cur.Body = body
	cur.LastModifiedDate = modified
	return nil
}

// gatePartnerEdit applies the ReviewStatus table of spec §3.5 and the field
// locks of §3.6–§3.8 to a partner's edit, and carries the service-managed
// LifeCycle members over from the stored record.
func gatePartnerEdit(cur *Opportunity, body Object, stored ReviewStatus) []FieldError {
	next := stored
	var forbidden func(pattern string) bool
	switch stored {
	case StatusSubmitted, StatusInReview, StatusRejected:
		return []FieldError{{FieldName: "LifeCycle.ReviewStatus", Code: CodeNotPermitted,
			Message: "the opportunity is " + string(stored) + " and cannot be updated until AWS finishes its review"}}
	case StatusActionRequired:
		// After the partner's corrections the opportunity re-enters
		// validation (seed: "re-enters the validation phase").
		forbidden, next = func(p string) bool { return !actionRequiredEditable.has(p) }, StatusSubmitted
	case StatusApproved:
		forbidden = approvedLocked.has
	}
	var out []FieldError
	if forbidden != nil {
		for _, p := range forbiddenChanges(UpdateOpportunityInput, cur.Body, body, func(pattern string) bool {
			return !isReadOnlyLifeCycle(pattern) && forbidden(pattern)
		}) {
			out = append(out, FieldError{FieldName: p, Code: CodeNotPermitted,
				Message: "cannot be changed while ReviewStatus is " + string(stored)})
		}
	}
	if st := Stage(cur.Stage()); st == StageLaunched || st == StageClosedLost {
		for _, p := range forbiddenChanges(UpdateOpportunityInput, cur.Body, body, func(pattern string) bool {
			return !isReadOnlyLifeCycle(pattern) && !closedEditable.has(pattern)
		}) {
			out = append(out, FieldError{FieldName: p, Code: CodeNotPermitted,
				Message: "cannot be changed once Stage is " + string(st)})
		}
	}
	if len(out) > 0 {
		return out
	}
	setLifeCycle(&body, "ReviewStatus", string(next))
	for _, name := range []string{"ReviewComments", "ReviewStatusReason"} {
		if v := cur.Body.Obj("LifeCycle").Get(name); v != nil {
			setLifeCycle(&body, name, v)
		}
	}
	return nil
}

func isReadOnlyLifeCycle(pattern string) bool {
	for _, name := range readOnlyLifeCycle {
		if p := "LifeCycle." + name; pattern == p || strings.HasPrefix(pattern, p+"[") {
			return true
		}
	}
	return false
}

// Review texts a Sandbox review simulation may store, in characters. The
// model gives ReviewComments and ReviewStatusReason no maximum; without one
// a simulated review stored texts of any length, which every list summary
// then carried (one ListOpportunities page was 53 MB, issue 9).
// ReviewStatusReason is a short reason like NextSteps (255 in the model);
// ReviewComments is reviewer prose. docs/decisions.md "Hostile clients".
const (
	MaxReviewComments     = 2000
	MaxReviewStatusReason = 255
)

// longReviewTexts refuses review texts over their cosell maximum, as
// request validation refuses any string over its model length.
func longReviewTexts(req Object) []FieldError {
	var out []FieldError
	for _, m := range [...]struct {
		name string
		max  int
	}{{"ReviewComments", MaxReviewComments}, {"ReviewStatusReason", MaxReviewStatusReason}} {
		s, _ := req.Obj("LifeCycle").Get(m.name).(string)
		if n := utf8.RuneCountInString(s); n > m.max {
			out = append(out, FieldError{FieldName: "LifeCycle." + m.name, Code: CodeInvalidFormat,
				Message: fmt.Sprintf("has %d characters; must have at most %d", n, m.max)})
		}
	}
	return out
}

// simulateReview is the Sandbox review simulation (spec §3.9): with no AWS
// reviewers, a partner plays the reviewer by sending the record with a
// changed ReviewStatus. Allowed from Submitted, In review or Action Required;
// the target is In review, Approved, Action Required or Rejected; the whole
// payload is applied without field locks, and ReviewComments and
// ReviewStatusReason are taken from it. Outside Sandbox a changed
// ReviewStatus is a partner editing a read-only field.
func simulateReview(cur *Opportunity, req Object, body *Object, stored, requested ReviewStatus) []FieldError {
	field := func(code FieldCode, msg string) []FieldError {
		return []FieldError{{FieldName: "LifeCycle.ReviewStatus", Code: code, Message: msg}}
	}
	if Catalog(cur.Catalog) != CatalogSandbox {
		return field(CodeNotPermitted, "is read-only; only the Sandbox catalog simulates AWS reviews")
	}
	switch stored {
	case StatusSubmitted, StatusInReview, StatusActionRequired:
	case StatusPendingSubmission:
		return field(CodeInvalidState, "the opportunity is Pending Submission; submit it before simulating a review")
	default:
		return field(CodeInvalidState, "the review is over (ReviewStatus "+string(stored)+"); it cannot be simulated again")
	}
	switch requested {
	case StatusInReview, StatusApproved, StatusActionRequired, StatusRejected:
	default:
		return field(CodeInvalidValue, "a simulated review can set In review, Approved, Action Required or Rejected, not "+string(requested))
	}
	setLifeCycle(body, "ReviewStatus", string(requested))
	for _, name := range []string{"ReviewComments", "ReviewStatusReason"} {
		setLifeCycle(body, name, req.Obj("LifeCycle").Get(name))
	}
	return nil
}
