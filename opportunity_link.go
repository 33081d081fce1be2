package cosell

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

func putLink(tx ItemTx, l *OpportunityLink) error {
	return putItem(tx, KindOpportunityLink, l.Catalog, l.OpportunityID, l)
}
