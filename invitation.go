package cosell

import (
	"context"
	"strings"
	"time"
)

// Engagement invitations (fact sheet §3). One sender invites one receiver
// to an engagement; AWS sends AWS referrals (in Sandbox, simulated by
// CreateOpportunity with Origin "AWS Referral") and partners invite
// connected partners. PENDING becomes ACCEPTED, REJECTED, or, 15 days after
// it was sent, EXPIRED; only a PENDING invitation can be answered (any other
// is ConflictException [inferred from the sample, which accepts only
// PENDING]). Only the sender and the receiver see an invitation.

// InvitationLifetime is how long an invitation waits for an answer [model:
// "automatically expire if not accepted within 15 days"; S-lead: ExpirationDate
// = InvitationDate + 15 d exactly].
const InvitationLifetime = 15 * 24 * time.Hour

// Invitation statuses [model].
const (
	InvitationPending  = "PENDING"
	InvitationAccepted = "ACCEPTED"
	InvitationRejected = "REJECTED"
	InvitationExpired  = "EXPIRED"
)

// Invitation is one stored invitation (item KindInvitation).
type Invitation struct {
	Catalog               string
	ID                    string
	EngagementID          string
	EngagementTitle       string
	EngagementDescription string
	Status                string
	PayloadType           string // OpportunityInvitation or LeadInvitation
	Payload               Object // the union member's body
	Message               string
	Sender                string // account id, or AWSParty
	SenderCompany         string
	Receiver              string
	ReceiverAlias         string
	InvitedAt             time.Time
	ExpiresAt             time.Time
	AnsweredAt            time.Time
	RejectionReason       string
	// Opportunity is the opportunity the invitation is about: a Sandbox AWS
	// referral's AWS-side opportunity, which accepting hands to the
	// receiver with the same Id [S-ui], or the sender's own opportunity.
	Opportunity string
	// ExpiryAnnounced records that Engagement Invitation Expired was sent.
	ExpiryAnnounced bool
}

// InvitationArn is an invitation's ARN: AWS's resource, no account [S-pm].
func InvitationArn(catalog, id string) string {
	return "arn:aws:partnercentral:us-east-1::catalog/" + catalog + "/engagement-invitation/" + id
}

// IdentifierOf is the identifier an ARN ends in ("arn:…/engi-x" → "engi-x");
// an identifier is its own. Inputs that take "an identifier or its ARN"
// (invitations, engagements, tasks) resolve through it.
func IdentifierOf(v string) string {
	if strings.HasPrefix(v, "arn:") {
		if i := strings.LastIndex(v, "/"); i >= 0 {
			return v[i+1:]
		}
	}
	return v
}

// status is the invitation's status at now: a PENDING invitation past its
// ExpirationDate is EXPIRED, stored or not.
func (inv *Invitation) status(now time.Time) string {
	if inv.Status == InvitationPending && !now.Before(inv.ExpiresAt) {
		return InvitationExpired
	}
	return inv.Status
}

func invitationNotFound(catalog, id string) *Error {
	return Errorf(NotFoundError, "Engagement invitation %s was not found in catalog %s.", id, catalog)
}

// loadInvitation returns the invitation if account sent or received it.
func loadInvitation(tx ItemTx, catalog, ident, account string) (*Invitation, error) {
	id := IdentifierOf(ident)
	var inv Invitation
	found, err := getItem(tx, KindInvitation, catalog, id, &inv)
	if err != nil {
		return nil, err
	}
	if !found || (inv.Sender != account && inv.Receiver != account) {
		return nil, invitationNotFound(catalog, id)
	}
	return &inv, nil
}

func putInvitation(tx ItemTx, inv *Invitation) error {
	return putItem(tx, KindInvitation, inv.Catalog, inv.ID, inv)
}

// invitationEvent is one of the Engagement Invitation events for account,
// which takes part as participant (SENDER or RECEIVER) (fact sheet §13; a
// real event carries participantType [S-pm log]).
func invitationEvent(kind string, inv *Invitation, account, participant string, at time.Time) Event {
	d := Object{{"arn", InvitationArn(inv.Catalog, inv.ID)}, {"id", inv.ID}, {"engagementId", inv.EngagementID},
		{"senderAccountId", inv.Sender}, {"receiverAccountId", inv.Receiver}}
	if kind == EventInvitationCreated {
		d = append(d, Field{"senderCompanyName", inv.SenderCompany}, Field{"expirationDate", FormatTime(inv.ExpiresAt)})
	}
	d = append(d, Field{"participantType", participant}, Field{"payloadType", inv.PayloadType})
	return Event{DetailType: kind, Catalog: inv.Catalog, Account: account, Time: at,
		Resources: []string{InvitationArn(inv.Catalog, inv.ID)}, Detail: Object{{"engagementInvitation", d}}}
}

// announce queues an invitation event for both parties (AWS gets none).
func announce(box *outbox, kind string, inv *Invitation, at time.Time) {
	if inv.Receiver != AWSParty {
		box.add(invitationEvent(kind, inv, inv.Receiver, "RECEIVER", at))
	}
	if inv.Sender != AWSParty {
		box.add(invitationEvent(kind, inv, inv.Sender, "SENDER", at))
	}
}

// settleExpiry stores EXPIRED on an invitation whose time ran out and
// announces it once ("15 days idle → Engagement Invitation Expired to both
// sides", fact sheet §13). It reports whether it changed inv.
func settleExpiry(box *outbox, inv *Invitation, now time.Time) bool {
	if inv.Status != InvitationPending || now.Before(inv.ExpiresAt) {
		return false
	}
	inv.Status = InvitationExpired
	if !inv.ExpiryAnnounced {
		inv.ExpiryAnnounced = true
		announce(box, EventInvitationExpired, inv, inv.ExpiresAt)
	}
	return true
}

// expireDue stores and announces the expiry of invitations a read found
// past their date, in its own transaction (reads never write).
func (s *OpportunityService) expireDue(ctx context.Context, catalog string, ids []string) {
	if len(ids) == 0 {
		return
	}
	_ = s.updateItems(ctx, func(tx ItemTx, box *outbox) error {
		for _, id := range ids {
			var inv Invitation
			if found, err := getItem(tx, KindInvitation, catalog, id, &inv); err != nil || !found {
				continue
			}
			if settleExpiry(box, &inv, s.now()) {
				if err := putInvitation(tx, &inv); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// GetEngagementInvitation returns an invitation to its sender or receiver.
// A REJECTED invitation keeps its summary but loses its Payload ("all
// related data will become inaccessible" [model], while it stays in the
// rejected list [UG-leads]; fact sheet §3 [inferred]).
func (s *OpportunityService) GetEngagementInvitation(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(GetEngagementInvitationInput, in)
	if err != nil {
		return nil, err
	}
	catalog, account := req.Str("Catalog"), s.account(ctx)
	var out Object
	var due []string
	err = s.items().ViewItems(ctx, func(tx ItemTx) error {
		inv, err := loadInvitation(tx, catalog, req.Str("Identifier"), account)
		if err != nil {
			return err
		}
		now := s.now()
		status := inv.status(now)
		if status != inv.Status {
			due = append(due, inv.ID)
		}
		var payload any
		if status != InvitationRejected {
			payload = Object{{inv.PayloadType, inv.Payload}}
		}
		members := []any{}
		// Only the members: decoding the whole engagement (contexts and
		// all) was most of this read's cost.
		var e struct{ Members []EngagementMember }
		if found, err := getItem(tx, KindEngagement, catalog, inv.EngagementID, &e); err != nil {
			return err
		} else if found {
			for _, m := range e.Members {
				members = append(members, Object{{"CompanyName", m.CompanyName}, {"WebsiteUrl", m.WebsiteURL}})
			}
		}
		var reason any
		if inv.RejectionReason != "" {
			reason = inv.RejectionReason
		}
		out = fillRoot(GetEngagementInvitationOutput, append(inv.summary(status), Object{
			{"Payload", payload}, {"InvitationMessage", inv.Message}, {"EngagementDescription", inv.EngagementDescription},
			{"RejectionReason", reason}, {"ExistingMembers", members},
		}...))
		return nil
	})
	s.expireDue(ctx, catalog, due)
	return out, err
}

// summary is what Get and List share of an invitation.
func (inv *Invitation) summary(status string) Object {
	receiver := Object{{"AwsAccountId", inv.Receiver}}
	if inv.ReceiverAlias != "" {
		receiver = append(receiver, Field{"Alias", inv.ReceiverAlias})
	}
	return Object{
		{"Arn", InvitationArn(inv.Catalog, inv.ID)}, {"PayloadType", inv.PayloadType}, {"Id", inv.ID},
		{"EngagementId", inv.EngagementID}, {"EngagementTitle", inv.EngagementTitle}, {"Status", status},
		{"InvitationDate", formatMicro(inv.InvitedAt)}, {"ExpirationDate", formatMicro(inv.ExpiresAt)},
		{"SenderAwsAccountId", inv.Sender}, {"SenderCompanyName", inv.SenderCompany},
		{"Receiver", Object{{"Account", receiver}}}, {"Catalog", inv.Catalog},
	}
}

// ListEngagementInvitations lists the invitations the caller sent
// (ParticipantType SENDER) or received (RECEIVER), newest first unless Sort
// says otherwise [inferred].
func (s *OpportunityService) ListEngagementInvitations(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(ListEngagementInvitationsInput, in)
	if err != nil {
		return nil, err
	}
	catalog, account := req.Str("Catalog"), s.account(ctx)
	participant := req.Str("ParticipantType")
	var rows []listRow
	var due []string
	err = s.items().ViewItems(ctx, func(tx ItemTx) error {
		all, err := scanItems[Invitation](tx, KindInvitation, catalog, "")
		if err != nil {
			return err
		}
		now := s.now()
		for _, inv := range all {
			if (participant == "SENDER" && inv.Sender != account) || (participant == "RECEIVER" && inv.Receiver != account) {
				continue
			}
			status := inv.status(now)
			if !anyOf(req.List("PayloadType"), inv.PayloadType) || !anyOf(req.List("Status"), status) ||
				!anyOf(req.List("EngagementIdentifier"), inv.EngagementID) || !anyOf(req.List("SenderAwsAccountId"), inv.Sender) {
				continue
			}
			if status != inv.Status {
				due = append(due, inv.ID)
			}
			rows = append(rows, listRow{key: formatMicro(inv.InvitedAt), id: inv.ID,
				out: fillRoot(shEngagementInvitationSummary, append(inv.summary(status), Field{"ParticipantType", participant}))})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.expireDue(ctx, catalog, due)
	return s.pageRows(ListEngagementInvitationsInput, req, account, rows, req.Str("Sort", "SortOrder") != "ASCENDING", 100, "EngagementInvitationSummaries")
}

// answerable loads an invitation the caller received and may still answer:
// the sender gets AccessDeniedException, a non-PENDING one
// ConflictException (fact sheet §11).
func answerable(tx ItemTx, box *outbox, catalog, ident, account string, now time.Time) (*Invitation, error) {
	inv, err := loadInvitation(tx, catalog, ident, account)
	if err != nil {
		return nil, err
	}
	if inv.Receiver != account {
		return nil, Errorf(AccessDeniedError, "Only the receiver of engagement invitation %s can answer it.", inv.ID)
	}
	if settleExpiry(box, inv, now) {
		if err := putInvitation(tx, inv); err != nil {
			return nil, err
		}
	}
	switch inv.Status {
	case InvitationPending:
		return inv, nil
	case InvitationExpired:
		return nil, Errorf(ConflictError, "Engagement invitation %s expired on %s and can no longer be accepted or rejected; ask the sender for a new invitation.", inv.ID, FormatTime(inv.ExpiresAt))
	}
	return nil, Errorf(ConflictError, "Engagement invitation %s is %s; only a PENDING invitation can be answered.", inv.ID, inv.Status)
}

// acceptInvitation makes the receiver a member of the engagement and the
// invitation ACCEPTED, queuing Invitation Accepted (both sides) and Member
// Added (every member) (fact sheet §6, §13).
func (s *OpportunityService) acceptInvitation(tx ItemTx, box *outbox, inv *Invitation, now time.Time) (*Engagement, error) {
	e, err := loadEngagement(tx, inv.Catalog, inv.EngagementID, "")
	if err != nil {
		return nil, err
	}
	p := s.partner(inv.Receiver)
	if err := e.addMember(p, now); err != nil {
		return nil, err
	}
	e.touch(inv.Receiver, now)
	inv.Status, inv.AnsweredAt = InvitationAccepted, now
	if err := putEngagement(tx, e); err != nil {
		return nil, err
	}
	if err := putInvitation(tx, inv); err != nil {
		return nil, err
	}
	announce(box, EventInvitationAccepted, inv, now)
	s.memberAdded(box, e, p, now)
	if p.AccountID != AWSParty {
		box.add(memberEvent(EventMemberJoined, e, p, p.AccountID, now))
	}
	return e, nil
}

// AcceptEngagementInvitation makes the caller a member of the engagement
// (the lead flow: contacts become readable in the engagement's Lead
// context [UG-leads]). It creates no opportunity, also for an
// OpportunityInvitation: that is StartEngagementByAcceptingInvitationTask's
// work (fact sheet Q4 [inferred]).
func (s *OpportunityService) AcceptEngagementInvitation(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(AcceptEngagementInvitationInput, in)
	if err != nil {
		return nil, err
	}
	catalog, account := req.Str("Catalog"), s.account(ctx)
	return nil, s.updateItems(ctx, func(tx ItemTx, box *outbox) error {
		now := s.now()
		inv, err := answerable(tx, box, catalog, req.Str("Identifier"), account, now)
		if err != nil {
			return err
		}
		_, err = s.acceptInvitation(tx, box, inv, now)
		return err
	})
}

// RejectEngagementInvitation declines an invitation; the receiver loses
// access to its data, and a Sandbox AWS referral's opportunity stays on
// AWS's side.
func (s *OpportunityService) RejectEngagementInvitation(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(RejectEngagementInvitationInput, in)
	if err != nil {
		return nil, err
	}
	catalog, account := req.Str("Catalog"), s.account(ctx)
	return nil, s.updateItems(ctx, func(tx ItemTx, box *outbox) error {
		now := s.now()
		inv, err := answerable(tx, box, catalog, req.Str("Identifier"), account, now)
		if err != nil {
			return err
		}
		inv.Status, inv.AnsweredAt, inv.RejectionReason = InvitationRejected, now, req.Str("RejectionReason")
		if err := putInvitation(tx, inv); err != nil {
			return err
		}
		announce(box, EventInvitationRejected, inv, now)
		return nil
	})
}
