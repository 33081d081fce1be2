package cosell

import "context"

// Caller is who sent a request: the partner account its SigV4 access key
// belongs to (cosell serve --world), and the key. The transport puts it in
// the request's context; the service reads the account from there for
// everything account-specific (ARNs, the creator's placeholder, events).
// Without a world there is no Caller and the service uses
// ServiceConfig.AccountID, the one account every key belongs to.
type Caller struct {
	AccountID   string
	AccessKeyID string
	// Denied, when set, explains why the caller's key may not perform
	// action ("partnercentral:<Operation>") in catalog, in IAM's words, or
	// returns "" when it may. The auth package sets it from the key's
	// policy; operations that perform other actions on the caller's behalf
	// (the Start*Task operations' dependent actions) ask it. nil allows
	// everything.
	Denied func(action, catalog string) string
}

type callerKey struct{}

// WithCaller returns ctx carrying c.
func WithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFrom returns the caller ctx carries, if any.
func CallerFrom(ctx context.Context) (Caller, bool) {
	c, ok := ctx.Value(callerKey{}).(Caller)
	return c, ok
}

// account is the partner account a request acts as: its caller's, else
// the configured one.
func (s *OpportunityService) account(ctx context.Context) string {
	if c, ok := CallerFrom(ctx); ok && c.AccountID != "" {
		return c.AccountID
	}
	return s.cfg.AccountID
}

// ownerAccount is the account that owns o: its Owner, or for a record
// stored before owners existed (Owner ""), the configured account.
func (s *OpportunityService) ownerAccount(o *Opportunity) string {
	if o.Owner == "" {
		return s.cfg.AccountID
	}
	return o.Owner
}

// visible reports whether the caller may see o: an opportunity belongs to
// one partner account, and to any other it does not exist (every operation
// on it answers the ResourceNotFoundException a missing id gets, and
// ListOpportunities leaves it out). A record AWSParty owns is visible to
// no partner.
func (s *OpportunityService) visible(ctx context.Context, o *Opportunity) bool {
	return s.ownerAccount(o) == s.account(ctx)
}

// listOwners are the Owner values of the records the caller may list:
// its account, and "" when it is the configured account.
func (s *OpportunityService) listOwners(ctx context.Context) []string {
	account := s.account(ctx)
	if account == s.cfg.AccountID {
		return []string{account, ""}
	}
	return []string{account}
}

// denied is the refusal of action in catalog for the caller of ctx, or "".
func denied(ctx context.Context, action, catalog string) string {
	if c, ok := CallerFrom(ctx); ok && c.Denied != nil {
		return c.Denied(action, catalog)
	}
	return ""
}
