package cosell

import (
	"context"
	"fmt"
	"time"
)

// CheckRequest makes, without a store, every check the service makes on a
// request by itself: request validation against the operation's input shape
// and, for CreateOpportunity and UpdateOpportunity, the business rules on the
// record the request describes, as of now. It returns the same *Error the
// service would (nil when the request passes). The CLI's --dry-run uses it,
// so local validation and the server cannot disagree. Checks that need the
// stored record (LastModifiedDate, ReviewStatus gating, field locks,
// associations) are the server's alone.
func CheckRequest(op *Operation, doc Object, now time.Time) error {
	req, err := ValidateRequest(op.Input, doc)
	if err != nil {
		return err
	}
	var fields []FieldError
	switch op.Input {
	case CreateOpportunityInput:
		s := &OpportunityService{cfg: ServiceConfig{}}
		_, fields = s.newOpportunity(context.Background(), req, now.UTC())
	case UpdateOpportunityInput:
		fields = businessRules(partnerBody(op.Input, req), nil, nil, now.UTC().Format(time.DateOnly))
	case CreateEngagementInput, CreateEngagementContextInput, UpdateEngagementContextInput, CreateEngagementInvitationInput:
		// The payload unions: exactly the member the request's Type (or
		// invitation) names, checked before any store is read.
		if err := payloadRules(op.Input, req); err != nil {
			return err
		}
	}
	if len(fields) > 0 {
		return NewValidationError(ValidationReasonBiz, fields)
	}
	return nil
}

// payloadRules checks the union payloads of the engagement operations the
// way the service does before it reads anything.
func payloadRules(input *Shape, req Object) error {
	switch input {
	case CreateEngagementInput:
		for i, c := range req.List("Contexts") {
			c := c.(Object)
			if _, err := contextPayload(c.Str("Type"), c.Obj("Payload"), fmt.Sprintf("Contexts[%d].Payload", i)); err != nil {
				return err
			}
		}
	case CreateEngagementContextInput, UpdateEngagementContextInput:
		if _, err := contextPayload(req.Str("Type"), req.Obj("Payload"), "Payload"); err != nil {
			return err
		}
	case CreateEngagementInvitationInput:
		if len(req.Obj("Invitation", "Payload")) != 1 {
			return invitationPayloadError()
		}
	}
	return nil
}
