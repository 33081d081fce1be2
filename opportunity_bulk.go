package cosell

import "context"

// BulkCreator is an optional Store capability: storing many new
// opportunities at once, for seeding large data sets (cosell load). Each
// record gets a fresh identifier, as CreateOpportunity would give it, and
// records are written in slice order; no ClientToken is recorded. The call
// is atomic: an error means none of the batch was written.
type BulkCreator interface {
	CreateOpportunities(ctx context.Context, opps []*Opportunity) error
}

// CreateOpportunities stores opps through b when store implements
// BulkCreator, otherwise one CreateOpportunity call at a time (then an
// error can leave the records before the failing one written).
func CreateOpportunities(ctx context.Context, store Store, opps []*Opportunity) error {
	if b, ok := store.(BulkCreator); ok {
		return b.CreateOpportunities(ctx, opps)
	}
	for _, o := range opps {
		if _, err := store.CreateOpportunity(ctx, o, "", ""); err != nil {
			return err
		}
	}
	return nil
}
