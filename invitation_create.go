package cosell

import (
	"context"
	"time"
)

// CreateEngagementInvitation invites one partner to an engagement the
// caller is a member of (fact sheet §3). The receiver must be connected to
// the caller (Partner Central's connections [UG-multi]; otherwise
// ValidationException, BUSINESS_VALIDATION_FAILED); it must not be the
// caller (self-invitation is undocumented, Q3: refused), a member already,
// or hold a PENDING invitation to the same engagement (ConflictException).
// An engagement invites at most MaxInvitees partners and holds at most
// MaxMembers (ServiceQuotaExceededException) [UG-multi]. AWS is invited by
// StartEngagementFromOpportunityTask, not by this operation [inferred].
func (s *OpportunityService) CreateEngagementInvitation(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(CreateEngagementInvitationInput, in)
	if err != nil {
		return nil, err
	}
	catalog, account := req.Str("Catalog"), s.account(ctx)
	invitation := req.Obj("Invitation")
	payload := invitation.Obj("Payload")
	if len(payload) != 1 {
		return nil, invitationPayloadError()
	}
	receiver := invitation.Str("Receiver", "Account", "AwsAccountId")
	biz := func(msg string) error {
		return NewValidationError(ValidationReasonBiz, []FieldError{{FieldName: "Invitation.Receiver.Account.AwsAccountId", Code: CodeInvalidValue, Message: msg}})
	}
	switch {
	case receiver == account:
		return nil, biz("is the caller's own account; a partner cannot invite itself")
	case receiver == AWSParty:
		return nil, biz("AWS is invited by StartEngagementFromOpportunityTask, not by CreateEngagementInvitation")
	case !s.cfg.Partners.Connected(account, receiver):
		return nil, biz("account " + receiver + " is not connected to account " + account + "; partners must connect before they invite each other")
	}
	return s.engagementWrite(ctx, "CreateEngagementInvitation", CreateEngagementInvitationInput, req, func(tx ItemTx, box *outbox, e *Engagement) (Object, error) {
		inv, err := s.invite(tx, e, account, receiver, invitation.Str("Receiver", "Account", "Alias"),
			payload[0].Name, payload[0].Value.(Object), invitation.Str("Message"), s.now())
		if err != nil {
			return nil, err
		}
		// The sender's own opportunity in this engagement, if any, is what
		// an OpportunityInvitation is about (multi-partner flow).
		if l, err := s.linkedOpportunity(tx, e, account); err != nil {
			return nil, err
		} else if l != nil {
			inv.Opportunity = l.OpportunityID
		}
		if err := putInvitation(tx, inv); err != nil {
			return nil, err
		}
		announce(box, EventInvitationCreated, inv, inv.InvitedAt)
		return Object{{"Id", inv.ID}, {"Arn", InvitationArn(catalog, inv.ID)}}, nil
	})
}

// invite builds a PENDING invitation from sender to receiver after the
// engagement's limits and the receiver's state allow it.
func (s *OpportunityService) invite(tx ItemTx, e *Engagement, sender, receiver, alias, payloadType string, payload Object, message string, now time.Time) (*Invitation, error) {
	if e.isMember(receiver) {
		return nil, Errorf(ConflictError, "Account %s is already a member of engagement %s.", receiver, e.ID)
	}
	all, err := scanItems[Invitation](tx, KindInvitation, e.Catalog, "")
	if err != nil {
		return nil, err
	}
	invitees := 0
	for _, other := range all {
		if other.EngagementID != e.ID || other.Receiver == AWSParty {
			continue
		}
		st := other.status(now)
		if other.Receiver == receiver && st == InvitationPending {
			return nil, Errorf(ConflictError, "Account %s already has a pending invitation (%s) to engagement %s.", receiver, other.ID, e.ID)
		}
		if st == InvitationPending || st == InvitationAccepted {
			invitees++
		}
	}
	if receiver != AWSParty && invitees >= MaxInvitees {
		return nil, Errorf(QuotaExceededError, "Engagement %s already invited %d partners, the most one engagement can invite.", e.ID, MaxInvitees)
	}
	if len(e.Members) >= MaxMembers {
		return nil, Errorf(QuotaExceededError, "Engagement %s already has %d members, the most an engagement can have.", e.ID, MaxMembers)
	}
	now = now.UTC().Truncate(time.Microsecond)
	return &Invitation{
		Catalog: e.Catalog, ID: newID("engi-", 13), EngagementID: e.ID,
		EngagementTitle: e.Title, EngagementDescription: e.Description,
		Status: InvitationPending, PayloadType: payloadType, Payload: payload, Message: message,
		Sender: sender, SenderCompany: s.partner(sender).CompanyName, Receiver: receiver, ReceiverAlias: alias,
		InvitedAt: now, ExpiresAt: now.Add(InvitationLifetime),
	}, nil
}

// linkedOpportunity returns the link of account's opportunity in e, if any.
func (s *OpportunityService) linkedOpportunity(tx ItemTx, e *Engagement, account string) (*OpportunityLink, error) {
	links, err := scanItems[OpportunityLink](tx, KindOpportunityLink, e.Catalog, "")
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		if l.EngagementID == e.ID && l.Owner == account {
			return l, nil
		}
	}
	return nil, nil
}

func invitationPayloadError() *Error {
	return NewValidationError(ValidationReasonReq, []FieldError{{FieldName: "Invitation.Payload", Code: CodeInvalidValue,
		Message: "must set exactly one of OpportunityInvitation and LeadInvitation"}})
}
