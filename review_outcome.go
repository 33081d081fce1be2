package cosell

import "context"

// afterReview carries AWS's review outcome of opportunity o (the Sandbox
// review simulation, spec §3.9) to its engagement (fact sheet §6, §13):
//   - Approved: the submission's invitation to AWS becomes ACCEPTED and AWS
//     a member (Invitation Accepted and Member Added to the partners);
//   - Rejected: that invitation becomes REJECTED (Invitation Rejected);
//   - every partner opportunity that mirrors o (accepted from o's owner's
//     invitation [UG-multi]) takes o's ReviewStatus, with an Opportunity
//     Updated event to its owner.
//
// It runs after o's change committed, in its own transactions, and is
// idempotent: it compares and sets, so running it twice changes nothing
// more. A failure here leaves the opportunity's change in place; the next
// review change of o settles the engagement again.
func (s *OpportunityService) afterReview(ctx context.Context, o *Opportunity) {
	status := ReviewStatus(o.ReviewStatus())
	var mirrors []*OpportunityLink
	err := s.updateItems(ctx, func(tx ItemTx, box *outbox) error {
		mirrors = nil
		link, err := linkOf(tx, o.Catalog, o.ID)
		if err != nil || link == nil {
			return err
		}
		e, err := loadEngagement(tx, o.Catalog, link.EngagementID, "")
		if err != nil {
			return err
		}
		now := s.now()
		if status == StatusApproved || status == StatusRejected {
			invs, err := scanItems[Invitation](tx, KindInvitation, o.Catalog, "")
			if err != nil {
				return err
			}
			for _, inv := range invs {
				if inv.EngagementID != e.ID || inv.Receiver != AWSParty || inv.Opportunity != o.ID || inv.Status != InvitationPending {
					continue
				}
				if status == StatusApproved {
					if _, err := s.acceptInvitation(tx, box, inv, now); err != nil {
						return err
					}
					continue
				}
				inv.Status, inv.AnsweredAt = InvitationRejected, now
				if err := putInvitation(tx, inv); err != nil {
					return err
				}
				announce(box, EventInvitationRejected, inv, now)
			}
		}
		links, err := scanItems[OpportunityLink](tx, KindOpportunityLink, o.Catalog, "")
		if err != nil {
			return err
		}
		for _, l := range links {
			if l.MirrorOf == o.ID {
				mirrors = append(mirrors, l)
			}
		}
		return nil
	})
	if err != nil {
		return
	}
	want := mirroredStatus(string(status))
	for _, l := range mirrors {
		m, err := s.updateForTask(ctx, "UpdateOpportunity", publishAs{EventUpdated, l.Owner}, o.Catalog, l.OpportunityID, func(cur *Opportunity) error {
			if cur.ReviewStatus() == want {
				return errAlreadyDone
			}
			setLifeCycle(&cur.Body, "ReviewStatus", want)
			cur.LastModifiedDate = nextModified(cur.LastModifiedDate, s.now())
			return nil
		})
		if err != nil {
			continue
		}
		_ = s.runJobs(ctx, m)
	}
}
