package cosell

import (
	"context"
	"errors"
)

// OpportunityLink ties an opportunity to the one engagement it belongs to
// (item KindOpportunityLink, ID = the opportunity's Id): the engagement a
// task created or reused for it, or the one whose invitation produced it.
// StartEngagementFromOpportunityTask reuses it [S-lead step 10], snapshot
// jobs and AWS's review outcome follow it.
type OpportunityLink struct {
	Catalog       string
	OpportunityID string
	EngagementID  string
	Owner         string // the account whose opportunity it is
	// MirrorOf is the sender's opportunity whose ReviewStatus this one
	// mirrors (a partner's opportunity made by accepting another partner's
	// invitation [UG-multi]).
	MirrorOf string
	// Involvement and Visibility are the AwsSubmission of the task that
	// submitted the opportunity through this engagement.
	Involvement string
	Visibility  string
}

// linkOf returns the link of opportunity id, or nil.
func linkOf(tx ItemTx, catalog, id string) (*OpportunityLink, error) {
	var l OpportunityLink
	found, err := getItem(tx, KindOpportunityLink, catalog, id, &l)
	if err != nil || !found {
		return nil, err
	}
	return &l, nil
}

// putLink stores l, the link of o as the transaction read it. A record
// still marked Unlinked is not linked: the transaction stops with
// errMarkedUnlinked, writing nothing, and linking clears the mark first.
func putLink(tx ItemTx, o *Opportunity, l *OpportunityLink) error {
	if o.Unlinked {
		return errMarkedUnlinked
	}
	return putItem(tx, KindOpportunityLink, l.Catalog, l.OpportunityID, l)
}

// errMarkedUnlinked is putLink's refusal; linking handles it, and no
// caller sees it.
var errMarkedUnlinked = errors.New("cosell: opportunity marked Unlinked")

// linking runs attempt, an item transaction that may link *o (putLink).
// If attempt stopped at the Unlinked mark, nothing of it was written: the
// mark is cleared by a record write of its own, committed before the
// link can be, and attempt runs again on the record as now stored. So
// the mark is kept while no link is about to exist; a request that
// fails before linking (an engagement it may not use, say) leaves the
// record as it was.
func (s *OpportunityService) linking(ctx context.Context, o **Opportunity, attempt func() error) error {
	err := attempt()
	if !errors.Is(err, errMarkedUnlinked) {
		return err
	}
	fresh, err := s.store.UpdateOpportunity(ctx, (*o).Catalog, (*o).ID, func(cur *Opportunity) error {
		if !cur.Unlinked {
			return errUnchanged // cleared meanwhile
		}
		cur.Unlinked = false
		return nil
	})
	if errors.Is(err, errUnchanged) {
		fresh, err = s.store.GetOpportunity(ctx, (*o).Catalog, (*o).ID)
	}
	if err != nil {
		return err
	}
	*o = fresh
	return attempt()
}

// errUnchanged is an update fn's "nothing to write".
var errUnchanged = errors.New("cosell: nothing to change")
