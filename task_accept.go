package cosell

import (
	"context"
	"errors"
	"time"
)

// StartEngagementByAcceptingInvitationTask accepts an OpportunityInvitation
// and gives the receiver its opportunity (fact sheet §6):
//   - a Sandbox AWS referral hands the receiver the AWS-side opportunity,
//     same Id, Origin AWS Referral [S-ui];
//   - a partner's invitation creates the receiver's own opportunity from the
//     payload (customer, project title, business problem, spend; Stage
//     Prospect, TargetCloseDate = TargetCompletionDate, no support needed
//     from AWS, Marketing Source None, NationalSecurity No, Net New Business
//     [S-pm "Receiving Partner - GetOpportunity"]), whose ReviewStatus
//     mirrors the sender's opportunity from then on [UG-multi].
//
// Then the invitation is ACCEPTED, the receiver a member, and a Running
// OpportunitySummaryView snapshot job on the opportunity takes its first
// revision. The receiver gets Invitation Accepted, Member Added, Opportunity
// Created, Opportunity Updated and Snapshot Created; the sender Invitation
// Accepted and Member Added [UG-events]. Tags go to the opportunity (Q8
// [inferred]: the task's own resource is not taggable, the opportunity is
// what the partner syncs). A LeadInvitation is accepted with
// AcceptEngagementInvitation [S-lead]; this task refuses it.
func (s *OpportunityService) StartEngagementByAcceptingInvitationTask(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(StartEngagementByAcceptingInvitationTaskInput, in)
	if err != nil {
		return nil, err
	}
	account := s.account(ctx)
	var inv *Invitation
	begin := func(tx ItemTx, t *Task) error {
		box := &outbox{} // an expiry found here is announced by reads
		var err error
		inv, err = answerable(tx, box, t.Catalog, req.Str("Identifier"), account, s.now())
		if err != nil {
			return err
		}
		if inv.PayloadType != "OpportunityInvitation" {
			return NewValidationError(ValidationReasonBiz, []FieldError{{FieldName: "Identifier", Code: CodeInvalidValue,
				Message: "invitation " + inv.ID + " is a " + inv.PayloadType + "; accept it with AcceptEngagementInvitation"}})
		}
		t.Identifier, t.InvitationID, t.EngagementID = inv.ID, inv.ID, inv.EngagementID
		return nil
	}
	steps := func(t *Task) (string, error) {
		if inv == nil { // resumed: read the invitation again
			if err := s.items().ViewItems(ctx, func(tx ItemTx) error {
				var err error
				inv, err = loadInvitation(tx, t.Catalog, t.InvitationID, account)
				return err
			}); err != nil {
				return "Invitation", err
			}
		}
		o, err := s.receiverOpportunity(ctx, t, inv)
		if err != nil {
			return "Opportunity", err
		}
		t.OpportunityID = o.ID
		err = s.updateItems(ctx, func(tx ItemTx, box *outbox) error {
			cur, err := loadInvitation(tx, t.Catalog, t.InvitationID, account)
			if err != nil {
				return err
			}
			now := s.now()
			var e *Engagement
			if cur.Status == InvitationPending {
				if e, err = s.acceptInvitation(tx, box, cur, now); err != nil {
					return err
				}
			} else if cur.Status == InvitationAccepted {
				// Accepted by this task before a restart.
				if e, err = loadEngagement(tx, t.Catalog, cur.EngagementID, ""); err != nil {
					return err
				}
			} else {
				return fail("InvitationValidationFailed", "Engagement invitation %s is %s; only a PENDING invitation can be accepted.", cur.ID, cur.Status)
			}
			link := &OpportunityLink{Catalog: t.Catalog, OpportunityID: o.ID, EngagementID: e.ID, Owner: account}
			if cur.Opportunity != "" && cur.Opportunity != o.ID {
				link.MirrorOf = cur.Opportunity
			}
			if err := putLink(tx, o, link); err != nil {
				return err
			}
			// The task's own snapshot (revision 1), then the job that follows the
			// opportunity from now on.
			if _, err := s.createSnapshot(tx, box, e, o, TemplateSummaryView, account, now); err != nil {
				return err
			}
			if t.JobID == "" {
				job, err := s.taskJob(ctx, tx, box, e, o, account, nil, now)
				if err != nil {
					return err
				}
				t.JobID = job.ID
			}
			// The receiver's opportunity, new or handed over, is announced
			// with the step that completes the task, in its transaction.
			box.add(opportunityEvent(EventCreated, account, o))
			box.add(opportunityEvent(EventUpdated, account, o))
			t.Status = TaskComplete
			return putTask(tx, t)
		})
		if err != nil {
			return "Engagement", err
		}
		return "", nil
	}
	return s.startTask(ctx, "StartEngagementByAcceptingInvitationTask", StartEngagementByAcceptingInvitationTaskInput,
		StartEngagementByAcceptingInvitationTaskOutput, req, TaskAcceptInvitation, begin, steps)
}

// receiverOpportunity gives the receiver of inv its opportunity: the
// referral's AWS-side one, handed over, or a new one (idempotent under the
// task's own ClientToken).
func (s *OpportunityService) receiverOpportunity(ctx context.Context, t *Task, inv *Invitation) (*Opportunity, error) {
	account := t.Account
	if inv.Sender == AWSParty && inv.Opportunity != "" {
		return s.updateForTask(ctx, "StartEngagementByAcceptingInvitationTask", noEvent, t.Catalog, inv.Opportunity, func(cur *Opportunity) error {
			switch cur.Owner {
			case account:
				return errAlreadyDone
			case AWSParty:
			default:
				return fail("OpportunityConflict", "Opportunity %s already belongs to another account.", cur.ID)
			}
			cur.Owner = account
			cur.Tags = mergeTags(cur.Tags, t.Tags)
			cur.LastModifiedDate = nextModified(cur.LastModifiedDate, s.now())
			return nil
		})
	}
	p := inv.Payload
	body := Object{
		{"PrimaryNeedsFromAws", []any{string(NoSupportNeeded)}},
		{"NationalSecurity", "No"},
		{"Customer", Object{{"Account", Object{
			{"Industry", p.Obj("Customer").Get("Industry")},
			{"CompanyName", p.Obj("Customer").Get("CompanyName")},
			{"WebsiteUrl", p.Obj("Customer").Get("WebsiteUrl")},
			{"Address", Object{{"CountryCode", p.Obj("Customer").Get("CountryCode")}}},
		}}}},
		{"Project", Object{
			{"Title", p.Obj("Project").Get("Title")},
			{"CustomerBusinessProblem", p.Obj("Project").Get("BusinessProblem")},
			{"ExpectedCustomerSpend", Clone(p.Obj("Project").Get("ExpectedCustomerSpend"))},
		}},
		{"OpportunityType", "Net New Business"},
		{"Marketing", Object{{"Source", "None"}}},
		{"LifeCycle", Object{{"Stage", string(StageProspect)}, {"TargetCloseDate", p.Obj("Project").Get("TargetCompletionDate")},
			{"ReviewStatus", string(StatusPendingSubmission)}}},
	}
	if inv.Opportunity != "" {
		// The receiver's review status mirrors the sender's [UG-multi].
		if sender, err := s.store.GetOpportunity(ctx, t.Catalog, inv.Opportunity); err == nil {
			setLifeCycle(&body, "ReviewStatus", mirroredStatus(sender.ReviewStatus()))
		}
	}
	return s.createForTask(ctx, "StartEngagementByAcceptingInvitationTask", t, body, string(OriginPartnerReferral))
}

// mirroredStatus is the ReviewStatus a receiver's opportunity takes from
// the sender's: Submitted while AWS has not decided, then the decision.
func mirroredStatus(sender string) string {
	switch ReviewStatus(sender) {
	case StatusApproved, StatusRejected, StatusActionRequired, StatusInReview, StatusSubmitted:
		return sender
	}
	return string(StatusPendingSubmission)
}

// errAlreadyDone ends an idempotent update step that finds its work done.
var errAlreadyDone = errors.New("already done")

// updateForTask runs an idempotent update step on an opportunity: fn
// returning errAlreadyDone means the record is already as the step wants.
func (s *OpportunityService) updateForTask(ctx context.Context, op string, ev publishAs, catalog, id string, fn func(*Opportunity) error) (*Opportunity, error) {
	o, err := s.updateOpportunity(ctx, op, ev, catalog, id, fn)
	if errors.Is(err, errAlreadyDone) {
		return s.store.GetOpportunity(ctx, catalog, id)
	}
	return o, err
}

// createForTask stores an opportunity the service writes for the task's
// caller; the task's item step publishes its events. The task id is its ClientToken, so a resumed task finds the
// opportunity it created instead of making another.
func (s *OpportunityService) createForTask(ctx context.Context, op string, t *Task, body Object, origin string) (*Opportunity, error) {
	for try := 1; ; try++ {
		now := s.now()
		o := &Opportunity{Catalog: t.Catalog, CreatedDate: now.Truncate(time.Second), LastModifiedDate: now.Truncate(time.Millisecond),
			Origin: origin, Body: Clone(body).(Object), OpportunityTeam: []any{s.ownerOf(t.Account)}, Tags: mergeTags(nil, t.Tags), Owner: t.Account}
		stored, err := s.createOpportunity(ctx, op, noEvent, o, "task:"+t.ID, "task:"+t.ID)
		if err == nil || !errors.Is(err, ErrCommitLag) || try == commitLagTries {
			return stored, err
		}
	}
}

// mergeTags sets each tag of add on tags, replacing a tag of the same key.
func mergeTags(tags, add []any) []any {
	out, _ := Clone(tags).([]any)
	if out == nil {
		out = []any{}
	}
	for _, a := range add {
		key := a.(Object).Str("Key")
		replaced := false
		for i, t := range out {
			if t.(Object).Str("Key") == key {
				out[i], replaced = Clone(a), true
			}
		}
		if !replaced {
			out = append(out, Clone(a))
		}
	}
	return out
}
