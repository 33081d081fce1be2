package cosell

import (
	"context"
	"time"
)

// StartOpportunityFromEngagementTask turns a Lead context into the
// caller's draft opportunity (fact sheet §6; UG-leads): the opportunity is
// Pending Submission at Stage Prospect, titled "Converted from Lead", with
// the lead's customer and the business problem of its latest interaction
// that has one, a service-set TargetCloseDate three months out, Marketing
// Source None, NationalSecurity No, Net New Business [S-lead step 8]. The
// engagement gains a CustomerProject context made from it, and a Running
// OpportunitySummaryView job links the two; a later
// StartEngagementFromOpportunityTask reuses the engagement.
//
// A context that does not exist ends the task FAILED with ContextNotFound,
// a context other than Lead with CustomerProjectContextNotPermitted, a lead
// whose QualificationStatus is Disqualified with DisqualifiedLeadNotPermitted
// [inferred from the ReasonCode names]. Tags go to the new opportunity.
func (s *OpportunityService) StartOpportunityFromEngagementTask(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(StartOpportunityFromEngagementTaskInput, in)
	if err != nil {
		return nil, err
	}
	account := s.account(ctx)
	begin := func(tx ItemTx, t *Task) error {
		e, err := loadEngagement(tx, t.Catalog, req.Str("Identifier"), account)
		if err != nil {
			return err
		}
		t.Identifier, t.EngagementID, t.Context = e.ID, e.ID, req.Str("ContextIdentifier")
		return nil
	}
	steps := func(t *Task) (string, error) {
		var lead Object
		if err := s.items().ViewItems(ctx, func(tx ItemTx) error {
			e, err := loadEngagement(tx, t.Catalog, t.EngagementID, account)
			if err != nil {
				return err
			}
			c := findContext(e, t.Context)
			switch {
			case c == nil:
				return fail("ContextNotFound", "Engagement %s has no context %s.", e.ID, t.Context)
			case c.Type != "Lead":
				return fail("CustomerProjectContextNotPermitted", "Context %s of engagement %s is a %s context; only a Lead context becomes an opportunity.", c.ID, e.ID, c.Type)
			case c.Payload.Str("QualificationStatus") == "Disqualified":
				return fail("DisqualifiedLeadNotPermitted", "The lead in context %s of engagement %s is Disqualified.", c.ID, e.ID)
			}
			lead = c.Payload
			return nil
		}); err != nil {
			return "Engagement", err
		}
		o, err := s.createForTask(ctx, "StartOpportunityFromEngagementTask", t, leadOpportunity(lead, s.now()), string(OriginPartnerReferral))
		if err != nil {
			return "Opportunity", err
		}
		t.OpportunityID = o.ID
		err = s.updateItems(ctx, func(tx ItemTx, box *outbox) error {
			e, err := loadEngagement(tx, t.Catalog, t.EngagementID, account)
			if err != nil {
				return err
			}
			now := s.now()
			id, err := e.addContext("CustomerProject", customerProject(o))
			if err != nil {
				return err
			}
			e.touch(account, now)
			if err := putEngagement(tx, e); err != nil {
				return err
			}
			s.engagementUpdated(box, e)
			if err := putLink(tx, o, &OpportunityLink{Catalog: t.Catalog, OpportunityID: o.ID, EngagementID: e.ID, Owner: account}); err != nil {
				return err
			}
			// The task's own snapshot (revision 1), then the job that follows the
			// opportunity from now on.
			if _, err := s.createSnapshot(tx, box, e, o, TemplateSummaryView, account, now); err != nil {
				return err
			}
			job, err := s.taskJob(ctx, tx, box, e, o, account, nil, now)
			if err != nil {
				return err
			}
			// The new opportunity is announced with the step that completes
			// the task, in its transaction.
			box.add(opportunityEvent(EventCreated, account, o))
			t.ContextID, t.JobID, t.Status = id, job.ID, TaskComplete
			return putTask(tx, t)
		})
		if err != nil {
			t.OpportunityID = ""
			return "Engagement", err
		}
		return "", nil
	}
	return s.startTask(ctx, "StartOpportunityFromEngagementTask", StartOpportunityFromEngagementTaskInput,
		StartOpportunityFromEngagementTaskOutput, req, TaskOpportunityFromEngage, begin, steps)
}

func findContext(e *Engagement, id string) *EngagementContext {
	for i := range e.Contexts {
		if e.Contexts[i].ID == id {
			return &e.Contexts[i]
		}
	}
	return nil
}

// leadOpportunity is the draft opportunity a Lead context becomes.
func leadOpportunity(lead Object, now time.Time) Object {
	cust := lead.Obj("Customer")
	addr := cust.Obj("Address")
	problem := ""
	for _, it := range lead.List("Interactions") {
		if p := it.(Object).Str("BusinessProblem"); p != "" {
			problem = p
		}
	}
	address := Object{}
	for _, k := range []string{"City", "PostalCode", "StateOrRegion", "CountryCode"} {
		if v := addr.Get(k); v != nil {
			address = append(address, Field{k, v})
		}
	}
	account := Object{{"CompanyName", cust.Get("CompanyName")}}
	for _, k := range []string{"Industry", "WebsiteUrl"} {
		if v := cust.Get(k); v != nil {
			account = append(account, Field{k, v})
		}
	}
	account = append(account, Field{"Address", address})
	project := Object{{"Title", "Converted from Lead"}}
	if problem != "" {
		project = append(project, Field{"CustomerBusinessProblem", problem})
	}
	return Object{
		{"NationalSecurity", "No"},
		{"Customer", Object{{"Account", account}}},
		{"Project", project},
		{"OpportunityType", "Net New Business"},
		{"Marketing", Object{{"Source", "None"}}},
		{"LifeCycle", Object{{"Stage", string(StageProspect)},
			{"TargetCloseDate", now.AddDate(0, 3, 0).Format(time.DateOnly)},
			{"ReviewStatus", string(StatusPendingSubmission)}}},
	}
}
