package cosell

import "context"

// JoinEngagementForTest makes account a member of engagement id, as an
// accepted invitation would (the invitation flow has no creating operation
// in this branch yet).
func (s *OpportunityService) JoinEngagementForTest(ctx context.Context, catalog, id, account string) error {
	return s.updateItems(ctx, func(tx ItemTx, box *outbox) error {
		e, err := loadEngagement(tx, catalog, id, "")
		if err != nil {
			return err
		}
		now := s.now()
		if err := e.addMember(s.partner(account), now); err != nil {
			return err
		}
		return putEngagement(tx, e)
	})
}
