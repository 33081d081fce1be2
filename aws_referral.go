package cosell

import (
	"context"
	"unicode/utf8"
)

// Sandbox AWS referrals (fact sheet §3 "Sandbox simulation"). In Sandbox,
// CreateOpportunity with Origin "AWS Referral" plays AWS's side: the
// opportunity exists only on AWS's side (owned by AWSParty, so the creator
// cannot read it yet), AWS creates an engagement with itself as member and
// sends the creator a PENDING OpportunityInvitation. Accepting it through
// StartEngagementByAcceptingInvitationTask hands the creator the same
// opportunity Id [S-ui].

// referralMessage is the invitation message the real Sandbox writes on an
// AWS referral [S-pm, real Sandbox].
const referralMessage = "This invite is for an AWS originated referral. Accepting this invitation will create an AWS originated opportunity in your pipeline."

// referralContact is the partner development manager AWS names as the
// sender's contact (the real Sandbox names a PDM; this one is cosell's).
var referralContact = Object{{"Email", "pdm@example.com"}, {"FirstName", "Pat"}, {"LastName", "Doe"}, {"BusinessTitle", "PDM"}}

// Referral is the item (KindReferral, ID = the opportunity's Id) that marks
// a Sandbox AWS referral as complete: its engagement and invitation exist.
type Referral struct {
	EngagementID string
	InvitationID string
}

// truncate cuts s to at most n characters.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// simulateReferral creates, once per opportunity, AWS's engagement and its
// invitation to the caller for the Sandbox referral o.
func (s *OpportunityService) simulateReferral(ctx context.Context, o *Opportunity) error {
	receiver := s.account(ctx)
	return s.updateItems(ctx, func(tx ItemTx, box *outbox) error {
		var done Referral
		if found, err := getItem(tx, KindReferral, o.Catalog, o.ID, &done); err != nil || found {
			return err
		}
		now := s.now()
		title := o.Body.Str("Project", "Title")
		e := s.newEngagement(o.Catalog, AWSParty, truncate(title, 40), truncate(o.Body.Str("Project", "CustomerBusinessProblem"), 255), now)
		// The engagement carries the customer project the invitation shows.
		if _, err := e.addContext("CustomerProject", Object{
			{"Customer", engagementCustomer(o)},
			{"Project", Object{{"Title", truncate(title, 255)}, {"BusinessProblem", o.Body.Str("Project", "CustomerBusinessProblem")},
				{"TargetCompletionDate", o.TargetCloseDate()}}},
		}); err != nil {
			return err
		}
		inv, err := s.invite(tx, e, AWSParty, receiver, "", "OpportunityInvitation", referralPayload(o), referralMessage, now)
		if err != nil {
			return err
		}
		inv.Opportunity = o.ID
		if err := putEngagement(tx, e); err != nil {
			return err
		}
		if err := putInvitation(tx, inv); err != nil {
			return err
		}
		if err := putLink(tx, o, &OpportunityLink{Catalog: o.Catalog, OpportunityID: o.ID, EngagementID: e.ID, Owner: AWSParty}); err != nil {
			return err
		}
		announce(box, EventInvitationCreated, inv, inv.InvitedAt)
		return putItem(tx, KindReferral, o.Catalog, o.ID, Referral{EngagementID: e.ID, InvitationID: inv.ID})
	})
}

// engagementCustomer is an opportunity's customer as engagements show it.
func engagementCustomer(o *Opportunity) Object {
	acct := o.Body.Obj("Customer", "Account")
	return Object{{"Industry", acct.Get("Industry")}, {"CompanyName", acct.Get("CompanyName")},
		{"WebsiteUrl", acct.Get("WebsiteUrl")}, {"CountryCode", acct.Obj("Address").Get("CountryCode")}}
}

// referralPayload is the OpportunityInvitation of a referral: the subset of
// the opportunity AWS shares before acceptance. Street address, contacts,
// the customer's AWS account id, OtherSolutionDescription and related
// entities stay hidden [UG-aws] (the payload shape has no place for them).
// TargetCompletionDate is the TargetCloseDate [real Sandbox].
func referralPayload(o *Opportunity) Object {
	spend := o.Body.List("Project", "ExpectedCustomerSpend")
	if len(spend) > 10 {
		spend = spend[:10]
	}
	return Object{
		{"SenderContacts", []any{referralContact}},
		{"ReceiverResponsibilities", []any{"Services Partner"}},
		{"Customer", engagementCustomer(o)},
		{"Project", Object{
			{"BusinessProblem", o.Body.Str("Project", "CustomerBusinessProblem")},
			{"Title", truncate(o.Body.Str("Project", "Title"), 255)},
			{"TargetCompletionDate", o.TargetCloseDate()},
			{"ExpectedCustomerSpend", Clone(spend)},
		}},
	}
}
