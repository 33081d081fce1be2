package cosell

import (
	"context"
	"time"
)

// The helpers the task operations call, with the signatures they rely on.
var (
	_ func(*OpportunityService, ItemTx, *outbox, *Engagement, *Opportunity, string, string, time.Time) (*Snapshot, error)                                  = (*OpportunityService).createSnapshot
	_ func(*OpportunityService, context.Context, ItemTx, *outbox, *Engagement, *Opportunity, string, string, bool, []any, time.Time) (*SnapshotJob, error) = (*OpportunityService).createJob
	_ func(*OpportunityService, context.Context, *Opportunity) error                                                                                       = (*OpportunityService).runJobs
)

// JoinEngagementForTest makes account a member of engagement id, as an
// accepted invitation would (the invitation flow has no creating operation
// in this branch yet).
func (s *OpportunityService) JoinEngagementForTest(ctx context.Context, catalog, id, account string) error {
	return s.updateItems(ctx, func(tx ItemTx, box *outbox) error {
		e, err := loadEngagement(tx, catalog, id, "")
		if err != nil {
			return err
		}
		if err := e.addMember(s.partner(account), s.now()); err != nil {
			return err
		}
		return putEngagement(tx, e)
	})
}

// CreateJobForTest creates a job as the task operations do: createJob in
// their own item transaction.
func (s *OpportunityService) CreateJobForTest(ctx context.Context, catalog, engagement, opportunity, template, account string, running bool, tags []any) (string, error) {
	o, err := s.store.GetOpportunity(ctx, catalog, opportunity)
	if err != nil {
		return "", err
	}
	var id string
	err = s.linking(ctx, &o, func() error { // as the tasks do: the job's transaction links o
		return s.updateItems(ctx, func(tx ItemTx, box *outbox) error {
			e, err := loadEngagement(tx, catalog, engagement, account)
			if err != nil {
				return err
			}
			j, err := s.createJob(ctx, tx, box, e, o, template, account, running, tags, s.now())
			if err != nil {
				return err
			}
			id = j.ID
			return nil
		})
	})
	return id, err
}
