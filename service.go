package cosell

import (
	"context"
	"time"
)

// ServiceConfig configures the emulated service.
type ServiceConfig struct {
	Clock     Clock  // defaults to SystemClock
	AccountID string // the partner account in ARNs; defaults to DefaultAccountID
	// DefaultOwner, when set, becomes the OpportunityTeam of an opportunity
	// created without one (real records list their creator as OpportunityOwner).
	DefaultOwner Object
	// Solutions gives each account's solution catalog (ListSolutions,
	// AssociateOpportunity); nil is DefaultSolutions.
	Solutions SolutionSource
	// Partners describes the partner accounts and their connections;
	// nil is the one account AccountID, connected to nobody.
	Partners PartnerDirectory
	// OutboxWritten, when set, is called after every commit that wrote
	// events to the outbox (events.go), so a dispatcher delivers them
	// without waiting for its timer.
	OutboxWritten func()
}

// DefaultAccountID is the partner account the emulator pretends to be.
const DefaultAccountID = "123456789012"

// OpportunityService implements Service on top of a Store.
type OpportunityService struct {
	store Store
	clock Clock
	cfg   ServiceConfig
}

var _ Service = (*OpportunityService)(nil)

// NewService returns the opportunity service backed by store.
func NewService(store Store, cfg ServiceConfig) *OpportunityService {
	if cfg.Clock == nil {
		cfg.Clock = SystemClock{}
	}
	if cfg.AccountID == "" {
		cfg.AccountID = DefaultAccountID
	}
	if cfg.Partners == nil {
		cfg.Partners = soloDirectory{cfg.AccountID}
	}
	return &OpportunityService{store: store, clock: cfg.Clock, cfg: cfg}
}

func (s *OpportunityService) now() time.Time { return s.clock.Now().UTC() }

// nextModified is the LastModifiedDate of a change committed now. It moves
// forward by at least a millisecond even if this server's clock is behind
// the one that wrote the previous value (spec §2.1: strictly increasing).
func nextModified(prev, now time.Time) time.Time {
	now = now.UTC().Truncate(time.Millisecond)
	if min := prev.Truncate(time.Millisecond).Add(time.Millisecond); now.Before(min) {
		return min
	}
	return now
}

// GetOpportunity returns the whole record (spec §4 GetOpportunity).
func (s *OpportunityService) GetOpportunity(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(GetOpportunityInput, in)
	if err != nil {
		return nil, err
	}
	catalog, id := req.Str("Catalog"), req.Str("Identifier")
	o, err := s.store.GetOpportunity(ctx, catalog, id)
	if err != nil {
		return nil, err
	}
	if !s.visible(ctx, o) {
		return nil, notFound(catalog, id)
	}
	return s.render(ctx, o), nil
}

func notFound(catalog, id string) *Error {
	return Errorf(NotFoundError, "Opportunity %s was not found in catalog %s.", id, catalog)
}

// NotFound is the error a Store returns for a missing opportunity.
func NotFound(catalog, id string) *Error { return notFound(catalog, id) }
