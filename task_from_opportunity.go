package cosell

import "context"

// StartEngagementFromOpportunityTask submits a partner's opportunity to
// AWS through an engagement (fact sheet §6): "GetOpportunity,
// CreateEngagement (if it doesn't exist), CreateResourceSnapshot,
// CreateResourceSnapshotJob, CreateEngagementInvitation (if not already
// invited/accepted), and SubmitOpportunity" [model]. An opportunity already
// in an engagement (one made from a lead) reuses it, which must then hold a
// CustomerProject context [UG-leads], and no invitation is sent [S-lead step
// 10]. A new engagement is titled after the opportunity (its Project.Title
// cut to the engagement's 40 characters [inferred from "New Business Deal -
// 6118", S-pm]) and carries a CustomerProject context made from it.
//
// Before anything is created the submission rules run on a copy of the
// opportunity: a refusal ends the task FAILED with
// OpportunityValidationFailed and its Message names every field, so a
// failed submission leaves no engagement behind.
func (s *OpportunityService) StartEngagementFromOpportunityTask(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(StartEngagementFromOpportunityTaskInput, in)
	if err != nil {
		return nil, err
	}
	catalog, id := req.Str("Catalog"), req.Str("Identifier")
	if o, err := s.store.GetOpportunity(ctx, catalog, id); err != nil {
		return nil, err
	} else if !s.visible(ctx, o) {
		return nil, notFound(catalog, id)
	}
	involvement := SalesInvolvementType(req.Str("AwsSubmission", "InvolvementType"))
	begin := func(_ ItemTx, t *Task) error {
		t.Identifier, t.OpportunityID = id, id
		t.Involvement, t.Visibility = string(involvement), req.Str("AwsSubmission", "Visibility")
		return nil
	}
	steps := func(t *Task) (string, error) {
		o, err := s.store.GetOpportunity(ctx, catalog, id)
		if err != nil {
			return "Opportunity", err
		}
		if t.EngagementID == "" {
			// Not started yet: the submission must be possible first.
			if err := s.submit(o.Clone(), involvement); err != nil {
				return "Opportunity", err
			}
			if err := s.engage(ctx, t, o); err != nil {
				return "Engagement", err
			}
		}
		submitted, err := s.updateForTask(ctx, "StartEngagementFromOpportunityTask", s.as(ctx, EventUpdated), catalog, id, func(cur *Opportunity) error {
			if ReviewStatus(cur.ReviewStatus()) != StatusPendingSubmission {
				return errAlreadyDone // submitted by this task before a restart
			}
			if err := s.submit(cur, involvement); err != nil {
				return err
			}
			cur.Tags = mergeTags(cur.Tags, t.Tags)
			return nil
		})
		if err != nil {
			return "Opportunity", &taskFailure{Reason: "OpportunitySubmissionFailed", Message: errorMessage(err)}
		}
		if err := s.items().UpdateItems(ctx, func(tx ItemTx) error {
			t.Status = TaskComplete
			return putTask(tx, t)
		}); err != nil {
			return "Engagement", err
		}
		_ = s.runJobs(ctx, submitted)
		return "", nil
	}
	return s.startTask(ctx, "StartEngagementFromOpportunityTask", StartEngagementFromOpportunityTaskInput,
		StartEngagementFromOpportunityTaskOutput, req, TaskEngagementFromOpp, begin, steps)
}

// engage is the task's item step: the engagement (new or reused), the
// invitation to AWS, the first snapshot and the Running job, stored with
// the task's progress in one transaction.
func (s *OpportunityService) engage(ctx context.Context, t *Task, o *Opportunity) error {
	catalog, id, account := t.Catalog, t.OpportunityID, t.Account
	return s.linking(ctx, &o, func() error {
		return s.updateItems(ctx, func(tx ItemTx, box *outbox) error {
			now := s.now()
			link, err := linkOf(tx, catalog, id)
			if err != nil {
				return err
			}
			var e *Engagement
			if link != nil {
				if e, err = loadEngagement(tx, catalog, link.EngagementID, account); err != nil {
					return err
				}
				if !hasContext(e, "CustomerProject") {
					return fail("EngagementValidationFailed", "Engagement %s has no CustomerProject context; add one (StartOpportunityFromEngagementTask or CreateEngagementContext) before submitting.", e.ID)
				}
			} else {
				e = s.newEngagement(catalog, account, truncate(o.Body.Str("Project", "Title"), 40), truncate(o.Body.Str("Project", "CustomerBusinessProblem"), 255), now)
				if _, err := e.addContext("CustomerProject", customerProject(o)); err != nil {
					return err
				}
				inv, err := s.invite(tx, e, account, AWSParty, "", "OpportunityInvitation", submissionPayload(o), "Submission of opportunity "+o.ID+" for AWS co-sell review.", now)
				if err != nil {
					return err
				}
				inv.Opportunity = o.ID
				if err := putInvitation(tx, inv); err != nil {
					return err
				}
				if err := putEngagement(tx, e); err != nil {
					return err
				}
				box.add(engagementEvent(EventEngagementCreated, e, account))
				announce(box, EventInvitationCreated, inv, now)
				t.InvitationID = inv.ID
				link = &OpportunityLink{Catalog: catalog, OpportunityID: id, EngagementID: e.ID, Owner: account}
			}
			link.Involvement, link.Visibility = t.Involvement, t.Visibility
			if err := putLink(tx, o, link); err != nil {
				return err
			}
			if _, err := s.createSnapshot(tx, box, e, o, TemplateSummaryView, account, now); err != nil {
				return err
			}
			job, err := s.taskJob(ctx, tx, box, e, o, account, nil, now)
			if err != nil {
				return err
			}
			t.EngagementID, t.JobID = e.ID, job.ID
			return putTask(tx, t)
		})
	})
}

func errorMessage(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Message
	}
	return err.Error()
}

func hasContext(e *Engagement, typ string) bool {
	for _, c := range e.Contexts {
		if c.Type == typ {
			return true
		}
	}
	return false
}

// customerProject is the CustomerProject context made from an opportunity.
func customerProject(o *Opportunity) Object {
	return Object{
		{"Customer", engagementCustomer(o)},
		{"Project", Object{{"Title", truncate(o.Body.Str("Project", "Title"), 255)},
			{"BusinessProblem", o.Body.Str("Project", "CustomerBusinessProblem")},
			{"TargetCompletionDate", o.TargetCloseDate()}}},
	}
}

// submissionPayload is the OpportunityInvitation a partner's submission
// sends AWS: the referral payload with the opportunity owner as sender
// contact and AWS as co-sell facilitator [inferred].
func submissionPayload(o *Opportunity) Object {
	p := referralPayload(o)
	var contacts []any
	for _, m := range o.OpportunityTeam {
		m, _ := m.(Object)
		if m.Str("Email") == "" || len(contacts) == 3 {
			continue
		}
		c := Object{{"Email", m.Get("Email")}}
		for _, k := range []string{"FirstName", "LastName", "BusinessTitle", "Phone"} {
			if v := m.Get(k); v != nil {
				c = append(c, Field{k, v})
			}
		}
		contacts = append(contacts, c)
	}
	p.Set("SenderContacts", contacts)
	p.Set("ReceiverResponsibilities", []any{"Co-Sell Facilitator"})
	return p
}
