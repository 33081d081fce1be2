package cosell

import (
	"context"
	"time"
)

// Engagement contexts (fact sheet §5): at most MaxContexts per engagement,
// Ids "1", "2", … handed out by the service [S-lead]. Members add and
// change them; every change moves the engagement's ModifiedAt, which
// UpdateEngagementContext uses for optimistic concurrency.

// CreateEngagementContext adds a context to an engagement the caller is a
// member of. A sixth context is ServiceQuotaExceededException [inferred from
// the model's list size and its SQE].
func (s *OpportunityService) CreateEngagementContext(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(CreateEngagementContextInput, in)
	if err != nil {
		return nil, err
	}
	typ := req.Str("Type")
	body, verr := contextPayload(typ, req.Obj("Payload"), "Payload")
	if verr != nil {
		return nil, verr
	}
	catalog, account := req.Str("Catalog"), s.account(ctx)
	return s.engagementWrite(ctx, "CreateEngagementContext", CreateEngagementContextInput, req, func(tx ItemTx, box *outbox, e *Engagement) (Object, error) {
		id, err := e.addContext(typ, body)
		if err != nil {
			return nil, err
		}
		e.touch(account, s.now())
		if err := putEngagement(tx, e); err != nil {
			return nil, err
		}
		s.engagementUpdated(box, e)
		return Object{{"EngagementId", e.ID}, {"EngagementArn", EngagementArn(catalog, e.ID)},
			{"EngagementLastModifiedAt", formatMicro(e.ModifiedAt)}, {"ContextId", id}}, nil
	})
}

// engagementUpdated sends Engagement Updated to every partner member.
func (s *OpportunityService) engagementUpdated(box *outbox, e *Engagement) {
	for _, to := range e.memberAccounts() {
		if to != AWSParty {
			box.add(engagementEvent(EventEngagementUpdated, e, to))
		}
	}
}

// MaxLeadInteractions is the size limit of a Lead context's Interactions [model].
const MaxLeadInteractions = 10

// UpdateEngagementContext changes one context. EngagementLastModifiedAt must
// equal the engagement's ModifiedAt, compared at microsecond precision (the
// service keeps nanoseconds; boto3 parses timestamps to microseconds, so a
// value a client read back must still match) — else ConflictException
// [model: optimistic concurrency; fact sheet §5 [inferred]]. Type must be the
// context's stored type. A Lead update replaces Customer, sets
// QualificationStatus when given, and appends its Interaction [inferred,
// the sample sends one new interaction]; a CustomerProject update replaces
// the payload.
func (s *OpportunityService) UpdateEngagementContext(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(UpdateEngagementContextInput, in)
	if err != nil {
		return nil, err
	}
	typ := req.Str("Type")
	body, verr := contextPayload(typ, req.Obj("Payload"), "Payload")
	if verr != nil {
		return nil, verr
	}
	sent, _ := TimeValue(req.Get("EngagementLastModifiedAt"))
	catalog, account := req.Str("Catalog"), s.account(ctx)
	var answer Object
	err = s.updateItems(ctx, func(tx ItemTx, box *outbox) error {
		e, err := loadEngagement(tx, catalog, req.Str("EngagementIdentifier"), account)
		if err != nil {
			return err
		}
		if !e.ModifiedAt.Truncate(time.Microsecond).Equal(sent.Truncate(time.Microsecond)) {
			return Errorf(ConflictError, "Engagement %s was modified at %s; the request carries EngagementLastModifiedAt %s. Get the engagement and retry with its current ModifiedAt.",
				e.ID, formatMicro(e.ModifiedAt), formatMicro(sent))
		}
		var c *EngagementContext
		for i := range e.Contexts {
			if e.Contexts[i].ID == req.Str("ContextIdentifier") {
				c = &e.Contexts[i]
			}
		}
		if c == nil {
			return Errorf(NotFoundError, "Context %s was not found in engagement %s.", req.Str("ContextIdentifier"), e.ID)
		}
		if c.Type != typ {
			return NewValidationError(ValidationReasonBiz, []FieldError{{FieldName: "Type", Code: CodeInvalidValue,
				Message: "context " + c.ID + " is a " + c.Type + " context; its Type cannot change to " + typ}})
		}
		if typ == "Lead" {
			next := Clone(c.Payload).(Object)
			next.Set("Customer", body.Get("Customer"))
			if q := body.Get("QualificationStatus"); q != nil {
				next.Set("QualificationStatus", q)
			}
			if it := body.Get("Interaction"); it != nil {
				list := append(next.List("Interactions"), it)
				if len(list) > MaxLeadInteractions {
					return NewValidationError(ValidationReasonBiz, []FieldError{{FieldName: "Payload.Lead.Interaction", Code: CodeTooMany,
						Message: "the lead already has 10 interactions, the most a Lead context holds"}})
				}
				next.Set("Interactions", list)
			}
			c.Payload = next
		} else {
			c.Payload = body
		}
		e.touch(account, s.now())
		if err := putEngagement(tx, e); err != nil {
			return err
		}
		s.engagementUpdated(box, e)
		answer = Object{{"EngagementId", e.ID}, {"EngagementArn", EngagementArn(catalog, e.ID)},
			{"EngagementLastModifiedAt", formatMicro(e.ModifiedAt)}, {"ContextId", c.ID}}
		return nil
	})
	return answer, err
}
