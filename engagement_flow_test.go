package cosell_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp"
)

// referral creates a Sandbox AWS referral as account and returns the
// opportunity id and the invitation id.
func referral(w *world, account string) (string, string) {
	w.t.Helper()
	id := w.opportunity(account, func(o *cosell.Object) { o.Set("Origin", "AWS Referral") })
	for _, s := range invitationsOf(w, account, "RECEIVER") {
		s := s.(cosell.Object)
		inv := w.must(account, "GetEngagementInvitation", sandbox(cosell.Field{"Identifier", s.Str("Id")}))
		if s.Str("Status") == "PENDING" && inv.Obj("Payload").Str("OpportunityInvitation", "Project", "Title") == w.getOppAsAWS(id).Body.Str("Project", "Title") {
			return id, s.Str("Id")
		}
	}
	w.t.Fatalf("no pending invitation for referral %s", id)
	return "", ""
}

func (w *world) getOppAsAWS(id string) *cosell.Opportunity {
	w.t.Helper()
	o, err := w.store.GetOpportunity(w.t.Context(), "Sandbox", id)
	if err != nil {
		w.t.Fatal(err)
	}
	return o
}

func acceptTask(w *world, account, invitation, token string) cosell.Object {
	w.t.Helper()
	return w.must(account, "StartEngagementByAcceptingInvitationTask", sandbox(cosell.Field{"ClientToken", token}, cosell.Field{"Identifier", invitation}))
}

// Flow 1: an AWS referral in Sandbox, rejected or accepted (issue 7).
func TestAWSReferralFlow(t *testing.T) {
	t.Run("accept", func(t *testing.T) {
		w := newWorld(t)
		opp, invID := referral(w, acctA)
		if got := w.events.take(acctA); !cmp.Equal(got, []string{cosell.EventInvitationCreated}) {
			t.Errorf("events after the referral: %v", got)
		}
		// AWS's side only: the creator cannot read the opportunity yet.
		w.refuse(acctA, "GetOpportunity", sandbox(cosell.Field{"Identifier", opp}), cosell.NotFoundError)
		w.refuse(acctA, "GetAwsOpportunitySummary", sandbox(cosell.Field{"RelatedOpportunityIdentifier", opp}), cosell.NotFoundError)

		inv := w.must(acctA, "GetEngagementInvitation", sandbox(cosell.Field{"Identifier", invID}))
		for path, want := range map[string]string{
			"Status": "PENDING", "SenderAwsAccountId": "aws", "SenderCompanyName": "AWS", "PayloadType": "OpportunityInvitation",
		} {
			if got := inv.Str(path); got != want {
				t.Errorf("%s = %q, want %q", path, got, want)
			}
		}
		if got := inv.Obj("Payload").Obj("OpportunityInvitation").Obj("Customer").Str("CompanyName"); got != "Example Corp" {
			t.Errorf("payload customer = %q", got)
		}
		// Hidden before acceptance [UG-aws]: street, city, postal code, the
		// customer's contact and AWS account id.
		for _, hidden := range []string{"410 Terry Ave N", "Seattle", "98101", "jane.doe@example.com", "111122223333"} {
			if b, _ := inv.MarshalJSON(); strings.Contains(string(b), hidden) {
				t.Errorf("invitation shows %q before acceptance", hidden)
			}
		}
		invited, _ := time.Parse(time.RFC3339Nano, inv.Str("InvitationDate"))
		expires, _ := time.Parse(time.RFC3339Nano, inv.Str("ExpirationDate"))
		if expires.Sub(invited) != 15*24*time.Hour {
			t.Errorf("expires %v after the invitation, want 15 days", expires.Sub(invited))
		}
		if got := inv.List("ExistingMembers"); len(got) != 1 || got[0].(cosell.Object).Str("CompanyName") != "AWS" {
			t.Errorf("ExistingMembers = %v", got)
		}

		task := acceptTask(w, acctA, invID, "accept-1")
		if task.Str("TaskStatus") != "COMPLETE" || task.Str("OpportunityId") != opp || task.Str("EngagementInvitationId") != invID || task.Str("ResourceSnapshotJobId") == "" {
			t.Fatalf("task = %v", task)
		}
		// The same token and body: the same task, as it is now.
		if again := acceptTask(w, acctA, invID, "accept-1"); !cmp.Equal(again, task) {
			t.Errorf("replay: %s", cmp.Diff(task, again))
		}
		w.refuse(acctA, "StartEngagementByAcceptingInvitationTask", sandbox(cosell.Field{"ClientToken", "accept-1"}, cosell.Field{"Identifier", invID}, cosell.Field{"Tags", []any{cosell.Object{{"Key", "k"}, {"Value", "v"}}}}), cosell.ConflictError)
		// A second accept with a new token: the invitation is no longer PENDING.
		w.refuse(acctA, "StartEngagementByAcceptingInvitationTask", sandbox(cosell.Field{"ClientToken", "accept-2"}, cosell.Field{"Identifier", invID}), cosell.ConflictError)

		got := w.getOpp(acctA, opp)
		if got.Str("Project", "Title") != "Data lake migration" {
			t.Errorf("opportunity after acceptance: %v", got)
		}
		w.must(acctA, "UpdateOpportunity", updateFrom(got))
		if st := w.must(acctA, "GetEngagementInvitation", sandbox(cosell.Field{"Identifier", invID})).Str("Status"); st != "ACCEPTED" {
			t.Errorf("invitation status %s", st)
		}
		members := w.must(acctA, "ListEngagementMembers", sandbox(cosell.Field{"Identifier", inv.Str("EngagementId")})).List("EngagementMemberList")
		var ids []string
		for _, m := range members {
			ids = append(ids, m.(cosell.Object).Str("AccountId"))
		}
		if !cmp.Equal(ids, []string{"aws", acctA}) {
			t.Errorf("members = %v", ids)
		}
		sum := w.must(acctA, "GetAwsOpportunitySummary", sandbox(cosell.Field{"RelatedOpportunityIdentifier", opp}))
		if sum.Str("Origin") != "AWS Referral" || sum.Str("RelatedOpportunityId") != opp {
			t.Errorf("summary = %v", sum)
		}
		evs := w.events.take(acctA)
		for _, want := range []string{cosell.EventInvitationAccepted, cosell.EventMemberAdded, cosell.EventMemberJoined, cosell.EventCreated, cosell.EventUpdated, cosell.EventSnapshotCreated, cosell.EventOwnSnapshotCreated} {
			if !slices.Contains(evs, want) {
				t.Errorf("events %v lack %s", evs, want)
			}
		}
		tasks := w.must(acctA, "ListEngagementByAcceptingInvitationTasks", sandbox()).List("TaskSummaries")
		if len(tasks) != 1 || tasks[0].(cosell.Object).Str("TaskId") != task.Str("TaskId") {
			t.Errorf("tasks = %v", tasks)
		}
		// Another account sees none of it.
		w.refuse(acctB, "GetEngagementInvitation", sandbox(cosell.Field{"Identifier", invID}), cosell.NotFoundError)
		w.refuse(acctB, "GetEngagement", sandbox(cosell.Field{"Identifier", inv.Str("EngagementId")}), cosell.NotFoundError)
		if got := w.must(acctB, "ListEngagementByAcceptingInvitationTasks", sandbox()).List("TaskSummaries"); len(got) != 0 {
			t.Errorf("B lists A's tasks: %v", got)
		}
	})
	t.Run("reject", func(t *testing.T) {
		w := newWorld(t)
		opp, invID := referral(w, acctA)
		w.must(acctA, "RejectEngagementInvitation", sandbox(cosell.Field{"Identifier", invID}, cosell.Field{"RejectionReason", "Customer problem unclear"}))
		inv := w.must(acctA, "GetEngagementInvitation", sandbox(cosell.Field{"Identifier", invID}))
		if inv.Str("Status") != "REJECTED" || inv.Get("Payload") != nil || inv.Str("RejectionReason") != "Customer problem unclear" {
			t.Errorf("rejected invitation = %v", inv)
		}
		w.refuse(acctA, "GetOpportunity", sandbox(cosell.Field{"Identifier", opp}), cosell.NotFoundError)
		w.refuse(acctA, "StartEngagementByAcceptingInvitationTask", sandbox(cosell.Field{"ClientToken", "t"}, cosell.Field{"Identifier", invID}), cosell.ConflictError)
		w.refuse(acctA, "RejectEngagementInvitation", sandbox(cosell.Field{"Identifier", invID}), cosell.ConflictError)
		if got := invitationsOf(w, acctA, "RECEIVER"); len(got) != 1 || got[0].(cosell.Object).Str("Status") != "REJECTED" {
			t.Errorf("rejected invitation not listed as REJECTED: %v", got)
		}
		if evs := w.events.take(acctA); !slices.Contains(evs, cosell.EventInvitationRejected) {
			t.Errorf("events %v", evs)
		}
	})
	t.Run("expire", func(t *testing.T) {
		w := newWorld(t)
		_, invID := referral(w, acctA)
		w.events.take(acctA)
		w.clock.jump(15 * 24 * time.Hour)
		if st := w.must(acctA, "GetEngagementInvitation", sandbox(cosell.Field{"Identifier", invID})).Str("Status"); st != "EXPIRED" {
			t.Errorf("status after 15 days = %s", st)
		}
		w.refuse(acctA, "StartEngagementByAcceptingInvitationTask", sandbox(cosell.Field{"ClientToken", "late"}, cosell.Field{"Identifier", invID}), cosell.ConflictError)
		w.refuse(acctA, "AcceptEngagementInvitation", sandbox(cosell.Field{"Identifier", invID}), cosell.ConflictError)
		if evs := w.events.take(acctA); !cmp.Equal(evs, []string{cosell.EventInvitationExpired}) {
			t.Errorf("events = %v, want one Expired", evs)
		}
		if got := w.must(acctA, "ListEngagementInvitations", sandbox(cosell.Field{"ParticipantType", "RECEIVER"}, cosell.Field{"Status", []any{"EXPIRED"}})).List("EngagementInvitationSummaries"); len(got) != 1 {
			t.Errorf("EXPIRED filter lists %d", len(got))
		}
	})
}

// submitted creates A's opportunity with a solution and submits it through
// StartEngagementFromOpportunityTask; it returns the opportunity and the task.
func submitted(w *world, account string) (string, cosell.Object) {
	w.t.Helper()
	opp := w.opportunity(account, nil)
	w.must(account, "AssociateOpportunity", sandbox(cosell.Field{"OpportunityIdentifier", opp},
		cosell.Field{"RelatedEntityType", "Solutions"}, cosell.Field{"RelatedEntityIdentifier", "S-1234567"}))
	task := w.must(account, "StartEngagementFromOpportunityTask", sandbox(cosell.Field{"ClientToken", "submit-" + opp},
		cosell.Field{"Identifier", opp}, cosell.Field{"AwsSubmission", cosell.Object{{"InvolvementType", "Co-Sell"}, {"Visibility", "Full"}}}))
	return opp, task
}

// Flow 2: a partner's opportunity submitted through an engagement, then
// approved or rejected by the Sandbox review simulation.
func TestPartnerOriginatedFlow(t *testing.T) {
	for _, tc := range []struct {
		name, outcome, invitation string
		awsMember                 bool
	}{
		{name: "approved", outcome: "Approved", invitation: "ACCEPTED", awsMember: true},
		{name: "rejected", outcome: "Rejected", invitation: "REJECTED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			opp, task := submitted(w, acctA)
			if task.Str("TaskStatus") != "COMPLETE" || task.Str("EngagementId") == "" || task.Str("EngagementInvitationId") == "" || task.Str("ResourceSnapshotJobId") == "" {
				t.Fatalf("task = %v", task)
			}
			if st := w.getOpp(acctA, opp).Str("LifeCycle", "ReviewStatus"); st != "Submitted" {
				t.Errorf("ReviewStatus = %s", st)
			}
			sent := invitationsOf(w, acctA, "SENDER")
			if len(sent) != 1 || sent[0].(cosell.Object).Str("Receiver", "Account", "AwsAccountId") != "aws" {
				t.Fatalf("sent invitations = %v", sent)
			}
			w.must(acctA, "GetAwsOpportunitySummary", sandbox(cosell.Field{"RelatedOpportunityIdentifier", opp}))
			w.events.take(acctA)
			w.review(acctA, opp, tc.outcome)
			outcome := map[string]string{"Approved": cosell.EventOpportunityAccepted, "Rejected": cosell.EventOpportunityRejected}[tc.outcome]
			if evs := w.events.take(acctA); !slices.Contains(evs, outcome) || !slices.Contains(evs, cosell.EventUpdated) {
				t.Errorf("events after %s: %v", tc.outcome, evs)
			}
			inv := w.must(acctA, "GetEngagementInvitation", sandbox(cosell.Field{"Identifier", task.Str("EngagementInvitationId")}))
			if inv.Str("Status") != tc.invitation {
				t.Errorf("invitation %s, want %s", inv.Str("Status"), tc.invitation)
			}
			n := w.must(acctA, "GetEngagement", sandbox(cosell.Field{"Identifier", task.Str("EngagementId")})).Get("MemberCount")
			want := cosell.Number("1")
			if tc.awsMember {
				want = "2"
			}
			if n != want {
				t.Errorf("MemberCount = %v, want %v", n, want)
			}
			list := w.must(acctA, "ListEngagementFromOpportunityTasks", sandbox(cosell.Field{"OpportunityIdentifier", []any{opp}})).List("TaskSummaries")
			if len(list) != 1 {
				t.Errorf("tasks = %v", list)
			}
		})
	}
	t.Run("submission rules fail the task and create nothing", func(t *testing.T) {
		w := newWorld(t)
		opp := w.opportunity(acctA, func(o *cosell.Object) { set(*o, []string{"Project", "OtherSolutionDescription"}, nil) })
		task := w.must(acctA, "StartEngagementFromOpportunityTask", sandbox(cosell.Field{"ClientToken", "x"},
			cosell.Field{"Identifier", opp}, cosell.Field{"AwsSubmission", cosell.Object{{"InvolvementType", "Co-Sell"}}}))
		if task.Str("TaskStatus") != "FAILED" || task.Str("ReasonCode") != "OpportunityValidationFailed" || task.Get("EngagementId") != nil {
			t.Errorf("task = %v", task)
		}
		if got := w.must(acctA, "ListEngagements", sandbox()).List("EngagementSummaryList"); len(got) != 0 {
			t.Errorf("engagements after a failed task: %v", got)
		}
	})
	t.Run("another account's opportunity", func(t *testing.T) {
		w := newWorld(t)
		opp := w.opportunity(acctA, nil)
		w.refuse(acctB, "StartEngagementFromOpportunityTask", sandbox(cosell.Field{"ClientToken", "x"},
			cosell.Field{"Identifier", opp}, cosell.Field{"AwsSubmission", cosell.Object{{"InvolvementType", "Co-Sell"}}}), cosell.NotFoundError)
	})
}

func leadContext() cosell.Object {
	return cosell.Object{{"Lead", cosell.Object{
		{"QualificationStatus", "Qualified"},
		{"Customer", cosell.Object{{"CompanyName", "Lead Corp"}, {"Industry", "Software and Internet"}, {"WebsiteUrl", "https://lead.example.com"},
			{"Address", cosell.Object{{"City", "Austin"}, {"PostalCode", "78701"}, {"StateOrRegion", "Texas"}, {"CountryCode", "US"}}}}},
		{"Interactions", []any{cosell.Object{{"SourceType", "Website"}, {"SourceId", "form-1"}, {"SourceName", "Contact us"},
			{"CustomerAction", "Requested a call"}, {"BusinessProblem", "The customer needs to modernise its data platform."},
			{"Contact", cosell.Object{{"BusinessTitle", "CIO"}, {"Email", "cio@lead.example.com"}, {"FirstName", "Lee"}, {"LastName", "Ad"}}}}}},
	}}}
}

// Flow 3: a lead shared between two connected partners.
func TestLeadFlow(t *testing.T) {
	w := newWorld(t)
	eng := w.must(acctA, "CreateEngagement", sandbox(cosell.Field{"ClientToken", "lead-1"}, cosell.Field{"Title", "Lead Corp"},
		cosell.Field{"Description", "A lead"}, cosell.Field{"Contexts", []any{cosell.Object{{"Type", "Lead"}, {"Payload", leadContext()}}}})).Str("Id")
	invite := func(to string) (cosell.Object, error) {
		return w.call(acctA, "CreateEngagementInvitation", sandbox(cosell.Field{"ClientToken", "inv-" + to}, cosell.Field{"EngagementIdentifier", eng},
			cosell.Field{"Invitation", cosell.Object{{"Message", "Please help"}, {"Receiver", cosell.Object{{"Account", cosell.Object{{"AwsAccountId", to}}}}},
				{"Payload", cosell.Object{{"LeadInvitation", cosell.Object{
					{"Customer", cosell.Object{{"CompanyName", "Lead Corp"}, {"CountryCode", "US"}}},
					{"Interaction", cosell.Object{{"SourceType", "Website"}, {"SourceId", "form-1"}, {"SourceName", "Contact us"}, {"ContactBusinessTitle", "CIO"}}},
				}}}}}}))
	}
	if _, err := invite(acctC); codeOf(err) != cosell.ValidationError {
		t.Errorf("invite an unconnected partner: %v", err)
	}
	inv, err := invite(acctB)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := invite(acctB); err != nil {
		t.Errorf("same token and body: %v", err)
	}
	w.refuse(acctB, "GetEngagement", sandbox(cosell.Field{"Identifier", eng}), cosell.NotFoundError)
	got := invitationsOf(w, acctB, "RECEIVER")
	if len(got) != 1 || got[0].(cosell.Object).Str("SenderAwsAccountId") != acctA || got[0].(cosell.Object).Str("SenderCompanyName") != "Alpha Cloud Partners" {
		t.Fatalf("B's invitations = %v", got)
	}
	w.refuse(acctA, "AcceptEngagementInvitation", sandbox(cosell.Field{"Identifier", inv.Str("Id")}), cosell.AccessDeniedError)
	w.must(acctB, "AcceptEngagementInvitation", sandbox(cosell.Field{"Identifier", inv.Str("Arn")}))
	e := w.must(acctB, "GetEngagement", sandbox(cosell.Field{"Identifier", eng}))
	if e.Get("MemberCount") != cosell.Number("2") || e.Str("ModifiedBy") != acctB {
		t.Errorf("engagement after acceptance: %v", e)
	}
	contact := e.List("Contexts")[0].(cosell.Object).Obj("Payload").Obj("Lead").List("Interactions")[0].(cosell.Object).Obj("Contact")
	if contact.Str("Email") != "cio@lead.example.com" {
		t.Errorf("B does not see the lead's contact: %v", contact)
	}
	update := func(at any) (cosell.Object, error) {
		return w.call(acctB, "UpdateEngagementContext", sandbox(cosell.Field{"EngagementIdentifier", eng}, cosell.Field{"ContextIdentifier", "1"},
			cosell.Field{"EngagementLastModifiedAt", at}, cosell.Field{"Type", "Lead"},
			cosell.Field{"Payload", cosell.Object{{"Lead", cosell.Object{{"QualificationStatus", "Qualified"},
				{"Customer", leadContext().Obj("Lead").Obj("Customer")},
				{"Interaction", leadContext().Obj("Lead").List("Interactions")[0]}}}}}))
	}
	if _, err := update("2020-01-01T00:00:00Z"); codeOf(err) != cosell.ConflictError {
		t.Errorf("stale EngagementLastModifiedAt: %v", err)
	}
	up, err := update(e.Str("ModifiedAt"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = update(e.Str("ModifiedAt"))
	if codeOf(err) != cosell.ConflictError {
		t.Errorf("the value before the update is stale now: %v", err)
	}
	// Both times in the message at the precision compared (microseconds).
	if want := fmt.Sprintf("was modified at %s; the request carries EngagementLastModifiedAt %s.", up.Str("EngagementLastModifiedAt"), e.Str("ModifiedAt")); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("conflict message %v, want it to contain %q", err, want)
	}
	if up.Str("EngagementLastModifiedAt") == e.Str("ModifiedAt") {
		t.Errorf("ModifiedAt did not move")
	}
	task := w.must(acctB, "StartOpportunityFromEngagementTask", sandbox(cosell.Field{"ClientToken", "conv"}, cosell.Field{"Identifier", eng}, cosell.Field{"ContextIdentifier", "1"}))
	if task.Str("TaskStatus") != "COMPLETE" || task.Str("ContextId") != "2" || task.Str("EngagementId") != eng {
		t.Fatalf("task = %v", task)
	}
	opp := w.getOpp(acctB, task.Str("OpportunityId"))
	if opp.Str("Project", "Title") != "Converted from Lead" || opp.Str("Customer", "Account", "CompanyName") != "Lead Corp" || opp.Str("LifeCycle", "ReviewStatus") != "Pending Submission" {
		t.Errorf("converted opportunity = %v", opp)
	}
	w.refuse(acctA, "GetOpportunity", sandbox(cosell.Field{"Identifier", task.Str("OpportunityId")}), cosell.NotFoundError)
	// B completes the draft, associates a solution and submits: the lead's
	// engagement is reused and no invitation is sent [S-lead step 10].
	full := fullCreate(t, "Sandbox")
	req := updateFrom(opp)
	for _, m := range []string{"Customer", "Project", "PrimaryNeedsFromAws", "LifeCycle"} {
		req.Set(m, full.Get(m))
	}
	set(req, []string{"LifeCycle", "ReviewStatus"}, nil)
	w.must(acctB, "UpdateOpportunity", req)
	w.must(acctB, "AssociateOpportunity", sandbox(cosell.Field{"OpportunityIdentifier", opp.Str("Id")},
		cosell.Field{"RelatedEntityType", "Solutions"}, cosell.Field{"RelatedEntityIdentifier", "S-1234567"}))
	sub := w.must(acctB, "StartEngagementFromOpportunityTask", sandbox(cosell.Field{"ClientToken", "sub"},
		cosell.Field{"Identifier", opp.Str("Id")}, cosell.Field{"AwsSubmission", cosell.Object{{"InvolvementType", "Co-Sell"}}}))
	if sub.Str("TaskStatus") != "COMPLETE" || sub.Str("EngagementId") != eng || sub.Get("EngagementInvitationId") != nil {
		t.Errorf("submission task = %v", sub)
	}
	// Lead conversions that cannot work end FAILED with their reason.
	for _, tc := range []struct{ name, context, reason string }{
		{name: "missing context", context: "9", reason: "ContextNotFound"},
		{name: "customer project context", context: "2", reason: "CustomerProjectContextNotPermitted"},
	} {
		got := w.must(acctB, "StartOpportunityFromEngagementTask", sandbox(cosell.Field{"ClientToken", tc.name}, cosell.Field{"Identifier", eng}, cosell.Field{"ContextIdentifier", tc.context}))
		if got.Str("TaskStatus") != "FAILED" || got.Str("ReasonCode") != tc.reason || got.Str("Message") == "" {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
}

// Flow 4: two partners on one opportunity's engagement.
func TestMultiPartnerFlow(t *testing.T) {
	w := newWorld(t)
	oppA, sub := submitted(w, acctA)
	eng := sub.Str("EngagementId")
	inv := w.must(acctA, "CreateEngagementInvitation", sandbox(cosell.Field{"ClientToken", "mp"}, cosell.Field{"EngagementIdentifier", eng},
		cosell.Field{"Invitation", cosell.Object{{"Message", "Join us"}, {"Receiver", cosell.Object{{"Account", cosell.Object{{"AwsAccountId", acctB}}}}},
			{"Payload", cosell.Object{{"OpportunityInvitation", cosell.Object{
				{"ReceiverResponsibilities", []any{"Software Partner"}},
				{"Customer", cosell.Object{{"Industry", "Software and Internet"}, {"CompanyName", "Example Corp"}, {"WebsiteUrl", "https://example.com"}, {"CountryCode", "US"}}},
				{"Project", cosell.Object{{"BusinessProblem", "The customer needs a partner for the migration."}, {"Title", "Data lake migration"},
					{"TargetCompletionDate", "2027-01-31"}, {"ExpectedCustomerSpend", []any{}}}},
			}}}}}}))
	task := acceptTask(w, acctB, inv.Str("Id"), "b-accept")
	oppB := task.Str("OpportunityId")
	if task.Str("TaskStatus") != "COMPLETE" || oppB == "" || oppB == oppA {
		t.Fatalf("B's task = %v", task)
	}
	b := w.getOpp(acctB, oppB)
	if b.Str("LifeCycle", "ReviewStatus") != "Submitted" || b.Str("Customer", "Account", "CompanyName") != "Example Corp" || b.Str("LifeCycle", "TargetCloseDate") != "2027-01-31" {
		t.Errorf("B's opportunity = %v", b)
	}
	// Each sees only its own opportunity.
	w.refuse(acctB, "GetOpportunity", sandbox(cosell.Field{"Identifier", oppA}), cosell.NotFoundError)
	w.refuse(acctA, "GetOpportunity", sandbox(cosell.Field{"Identifier", oppB}), cosell.NotFoundError)
	w.review(acctA, oppA, "Approved")
	if st := w.getOpp(acctB, oppB).Str("LifeCycle", "ReviewStatus"); st != "Approved" {
		t.Errorf("B's ReviewStatus after A's approval = %s", st)
	}
	if !slices.Contains(w.events.take(acctB), cosell.EventUpdated) {
		t.Errorf("B got no Opportunity Updated")
	}
	members := w.must(acctB, "ListEngagementMembers", sandbox(cosell.Field{"Identifier", eng})).List("EngagementMemberList")
	if len(members) != 3 {
		t.Errorf("members = %v", members)
	}
}

// The structural limits: 9 invitees, 10 members, 5 contexts [UG-multi, model].
func TestEngagementLimits(t *testing.T) {
	w := newWorld(t)
	var partners []string
	for i := 0; i < 11; i++ {
		id := fmt.Sprintf("4000000000%02d", i)
		w.dir.add(id, "Partner "+id, acctA)
		partners = append(partners, id)
	}
	eng := w.must(acctA, "CreateEngagement", sandbox(cosell.Field{"ClientToken", "lim"}, cosell.Field{"Title", "Limits"}, cosell.Field{"Description", "d"})).Str("Id")
	var invitations []string
	invite := func(to string) error {
		out, err := w.call(acctA, "CreateEngagementInvitation", sandbox(cosell.Field{"ClientToken", time.Now().String() + to}, cosell.Field{"EngagementIdentifier", eng},
			cosell.Field{"Invitation", cosell.Object{{"Message", "m"}, {"Receiver", cosell.Object{{"Account", cosell.Object{{"AwsAccountId", to}}}}},
				{"Payload", cosell.Object{{"LeadInvitation", cosell.Object{{"Customer", cosell.Object{{"CompanyName", "C"}, {"CountryCode", "US"}}},
					{"Interaction", cosell.Object{{"SourceType", "s"}, {"SourceId", "i"}, {"SourceName", "n"}, {"ContactBusinessTitle", "t"}}}}}}}}}))
		if err == nil {
			invitations = append(invitations, out.Str("Id"))
		}
		return err
	}
	for i, p := range partners[:9] {
		if err := invite(p); err != nil {
			t.Fatalf("invitee %d: %v", i+1, err)
		}
	}
	if err := invite(partners[9]); codeOf(err) != cosell.QuotaExceededError {
		t.Errorf("10th invitee: %v", err)
	}
	if err := invite(partners[0]); codeOf(err) != cosell.ConflictError {
		t.Errorf("second pending invitation to the same partner: %v", err)
	}
	ctxReq := func(n int) cosell.Object {
		return sandbox(cosell.Field{"ClientToken", fmt.Sprint("c", n)}, cosell.Field{"EngagementIdentifier", eng}, cosell.Field{"Type", "CustomerProject"},
			cosell.Field{"Payload", cosell.Object{{"CustomerProject", cosell.Object{{"Customer", cosell.Object{{"Industry", "Other"}, {"CompanyName", "C"}, {"WebsiteUrl", "https://c.example.com"}, {"CountryCode", "US"}}}}}}})
	}
	for n := 1; n <= 5; n++ {
		if got := w.must(acctA, "CreateEngagementContext", ctxReq(n)).Str("ContextId"); got != fmt.Sprint(n) {
			t.Errorf("context %d got Id %s", n, got)
		}
	}
	w.refuse(acctA, "CreateEngagementContext", ctxReq(6), cosell.QuotaExceededError)
	w.refuse(acctB, "CreateEngagementContext", ctxReq(7), cosell.NotFoundError)

	// Ten members: the creator and the nine invitees, once they accept.
	for i, id := range invitations {
		w.must(partners[i], "AcceptEngagementInvitation", sandbox(cosell.Field{"Identifier", id}))
	}
	members := func() any {
		return w.must(acctA, "GetEngagement", sandbox(cosell.Field{"Identifier", eng})).Get("MemberCount")
	}
	if n := members(); n != cosell.Number("10") {
		t.Fatalf("MemberCount = %v after nine acceptances, want 10", n)
	}
	// An eleventh is refused, and the engagement keeps its ten members.
	if err := invite(partners[10]); codeOf(err) != cosell.QuotaExceededError {
		t.Errorf("an eleventh member's invitation: %v", err)
	}
	if n := members(); n != cosell.Number("10") {
		t.Errorf("MemberCount = %v after the refused invitation, want 10", n)
	}
	if sent := invitationsOf(w, acctA, "SENDER"); len(sent) != 9 {
		t.Errorf("%d invitations sent, want the nine partners' only", len(sent))
	}
}

// Engagement lists page through every item exactly once.
func TestListEngagementsPaging(t *testing.T) {
	w := newWorld(t)
	var want []string
	for i := 0; i < 7; i++ {
		id := w.must(acctA, "CreateEngagement", sandbox(cosell.Field{"ClientToken", fmt.Sprint("p", i)}, cosell.Field{"Title", fmt.Sprint("E", i)}, cosell.Field{"Description", ""})).Str("Id")
		want = append(want, id)
	}
	w.must(acctB, "CreateEngagement", sandbox(cosell.Field{"ClientToken", "b"}, cosell.Field{"Title", "B's"}, cosell.Field{"Description", ""}))
	for _, tc := range []struct {
		name  string
		order string
	}{{name: "ascending", order: "ASCENDING"}, {name: "descending", order: "DESCENDING"}} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			req := sandbox(cosell.Field{"MaxResults", cosell.Number("3")}, cosell.Field{"Sort", cosell.Object{{"SortBy", "CreatedDate"}, {"SortOrder", tc.order}}})
			for page := 0; page < 10; page++ {
				out := w.must(acctA, "ListEngagements", req)
				for _, s := range out.List("EngagementSummaryList") {
					got = append(got, s.(cosell.Object).Str("Id"))
				}
				tok := out.Get("NextToken")
				if tok == nil {
					break
				}
				req.Set("NextToken", tok)
			}
			exp := slices.Clone(want)
			if tc.order == "DESCENDING" {
				slices.Reverse(exp)
			}
			if !cmp.Equal(got, exp) {
				t.Errorf("paged %v, want %v", got, exp)
			}
		})
	}
	// A token from A's listing is not B's.
	out := w.must(acctA, "ListEngagements", sandbox(cosell.Field{"MaxResults", cosell.Number("1")}))
	w.refuse(acctB, "ListEngagements", sandbox(cosell.Field{"MaxResults", cosell.Number("1")}, cosell.Field{"NextToken", out.Get("NextToken")}), cosell.ValidationError)
}

// A task needs its dependent actions (issue 10; fact sheet §6): a key that
// may start the task but not perform one of them gets a FAILED task with the
// matching ReasonCode and IAM's refusal as Message, and nothing happens.
func TestTaskDependentActions(t *testing.T) {
	for _, tc := range []struct {
		name, deny, reason string
	}{
		{name: "submit", deny: "partnercentral:SubmitOpportunity", reason: "OpportunityAccessDenied"},
		{name: "accept invitation", deny: "partnercentral:AcceptEngagementInvitation", reason: "InvitationAccessDenied"},
		{name: "start job", deny: "partnercentral:StartResourceSnapshotJob", reason: "ResourceSnapshotJobAccessDenied"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			_, invID := referral(w, acctA)
			ctx := cosell.WithCaller(t.Context(), cosell.Caller{AccountID: acctA, AccessKeyID: "AKIAA", Denied: func(action, catalog string) string {
				if action == tc.deny && catalog == "Sandbox" {
					return "User: arn:aws:iam::" + acctA + ":user/u is not authorized to perform: " + action
				}
				return ""
			}})
			task, err := cosell.OperationNamed("StartEngagementByAcceptingInvitationTask").Call(w.svc, ctx,
				sandbox(cosell.Field{"ClientToken", "t"}, cosell.Field{"Identifier", invID}))
			if err != nil {
				t.Fatal(err)
			}
			if task.Str("TaskStatus") != "FAILED" || task.Str("ReasonCode") != tc.reason || !strings.Contains(task.Str("Message"), tc.deny) || task.Get("OpportunityId") != nil {
				t.Errorf("task = %v", task)
			}
			if st := w.must(acctA, "GetEngagementInvitation", sandbox(cosell.Field{"Identifier", invID})).Str("Status"); st != "PENDING" {
				t.Errorf("invitation %s after a refused task", st)
			}
			// With the action allowed again, a new token completes.
			if got := acceptTask(w, acctA, invID, "t2").Str("TaskStatus"); got != "COMPLETE" {
				t.Errorf("retry: %s", got)
			}
		})
	}
}

// Tags given to a Start*Task go to the opportunity it creates or submits
// (issue 8; docs/decisions.md, "Tags on tasks").
func TestTaskTags(t *testing.T) {
	w := newWorld(t)
	tags := []any{cosell.Object{{"Key", "crm"}, {"Value", "hubspot"}}}
	tagsOf := func(id string) []any {
		t.Helper()
		arn := w.getOpp(acctA, id).Str("Arn")
		return w.must(acctA, "ListTagsForResource", cosell.Object{{"ResourceArn", arn}}).List("Tags")
	}
	// Accepting a referral: the handed-over opportunity.
	opp, invID := referral(w, acctA)
	w.must(acctA, "StartEngagementByAcceptingInvitationTask", sandbox(cosell.Field{"ClientToken", "tag-accept"}, cosell.Field{"Identifier", invID}, cosell.Field{"Tags", tags}))
	if got := tagsOf(opp); !cmp.Equal(got, tags) {
		t.Errorf("accepted referral's tags = %v", got)
	}
	// Submitting: merged into the opportunity's own tags.
	sub := w.opportunity(acctA, func(o *cosell.Object) { o.Set("Tags", []any{cosell.Object{{"Key", "own"}, {"Value", "1"}}}) })
	w.must(acctA, "AssociateOpportunity", sandbox(cosell.Field{"OpportunityIdentifier", sub}, cosell.Field{"RelatedEntityType", "Solutions"}, cosell.Field{"RelatedEntityIdentifier", "S-1234567"}))
	w.must(acctA, "StartEngagementFromOpportunityTask", sandbox(cosell.Field{"ClientToken", "tag-sub"}, cosell.Field{"Identifier", sub},
		cosell.Field{"AwsSubmission", cosell.Object{{"InvolvementType", "Co-Sell"}}}, cosell.Field{"Tags", tags}))
	want := append([]any{cosell.Object{{"Key", "own"}, {"Value", "1"}}}, tags...)
	if got := tagsOf(sub); !cmp.Equal(got, want) {
		t.Errorf("submitted opportunity's tags = %v, want %v", got, want)
	}
}

// A revision that a stop between an opportunity's commit and its job run
// left out is taken by ReconcileJobs (cosell serve runs it at start-up),
// once.
func TestReconcileJobs(t *testing.T) {
	w := newWorld(t)
	w.must(acctA, "PutSellingSystemSettings", sandbox(cosell.Field{"ResourceSnapshotJobRoleIdentifier", "SnapshotRole"}))
	opp, task := submitted(w, acctA)
	revisions := func() int {
		t.Helper()
		return len(w.must(acctA, "ListResourceSnapshots", sandbox(cosell.Field{"EngagementIdentifier", task.Str("EngagementId")})).List("ResourceSnapshotSummaries"))
	}
	before := revisions()
	// The write commits, the job never runs: a server stopped in between.
	if _, err := w.store.UpdateOpportunity(t.Context(), "Sandbox", opp, func(cur *cosell.Opportunity) error {
		set(cur.Body, []string{"LifeCycle", "NextSteps"}, "Call the customer's CTO")
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := revisions(); got != before {
		t.Fatalf("revisions %d before reconciling, want %d", got, before)
	}
	if err := w.svc.ReconcileJobs(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := revisions(); got != before+1 {
		t.Errorf("revisions after reconciling = %d, want %d", got, before+1)
	}
	if err := w.svc.ReconcileJobs(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := revisions(); got != before+1 {
		t.Errorf("a second reconcile added revisions: %d", got)
	}
}
