package cosell

import (
	"context"
	"time"
)

// Store keeps opportunities. Backends (sqlite, postgres, memory) pass one
// conformance suite (storetest). Every method is atomic: an error means
// nothing was written.
type Store interface {
	// CreateOpportunity assigns o a new identifier (unique across catalogs
	// and across servers sharing the store) and stores it. When token was
	// used before in o.Catalog it stores nothing: with the same fingerprint
	// it returns the opportunity that token created, with another it fails
	// with ConflictError.
	CreateOpportunity(ctx context.Context, o *Opportunity, token, fingerprint string) (*Opportunity, error)

	// GetOpportunity returns the record, or NotFoundError.
	GetOpportunity(ctx context.Context, catalog, id string) (*Opportunity, error)

	// UpdateOpportunity reads the record, calls fn with a copy and stores
	// the copy fn changed, such that fn's decision holds for the record as
	// it is when the write commits. The domain runs its checks
	// (LastModifiedDate, state gating, business rules) in fn, so two racing
	// updates with the same LastModifiedDate cannot both win, and no
	// read-modify-write is lost. A backend may either
	//   - run fn once, inside one transaction that excludes every other
	//     writer of that record (a row lock, or SQLite's write lock); or
	//   - run fn optimistically on a committed snapshot outside the write
	//     lock and write only if the record is still that snapshot (a
	//     version counter that every write of the record increments, since
	//     fn need not change LastModifiedDate); if it changed, read it again
	//     and call fn again on the newer record, while ctx lasts.
	// So fn may be called more than once: it must be a function of the
	// record it is given (and of its request and the clock), with no other
	// effect; only the last call's outcome counts. If that call fails,
	// nothing is written and its error is returned. A successful answer is
	// given only after the transaction holding the write has committed.
	//
	// Both writes commit within MaxCommitLag of the moment their
	// LastModifiedDate was taken (fn's run; CreateOpportunity's call), or
	// not at all: a backend whose write is later re-runs fn, or fails with
	// ErrCommitLag (nothing written).
	UpdateOpportunity(ctx context.Context, catalog, id string, fn func(*Opportunity) error) (*Opportunity, error)

	// ListOpportunities returns up to q.Limit records matching q, in q's
	// order, starting after q.After, as the catalog was at the snapshot
	// q.AsOf: each record is selected, ordered and returned in the version
	// it had then. A record created after the snapshot is not listed. With
	// q.AsOf "" the store reads its newest committed state and returns that
	// snapshot in ListPage.AsOf (which may be "" when the page is empty).
	// So the pages of one pass, all read at the first page's snapshot,
	// return every record of that snapshot exactly once, however the
	// records change meanwhile (docs/sync.md). A snapshot older than
	// SnapshotRetention may miss records changed since (their versions are
	// pruned); the service never asks for one, its tokens expire first.
	ListOpportunities(ctx context.Context, q ListQuery) (ListPage, error)

	// SellingSystemSettings returns the IAM role ARN that account stored
	// for catalog with PutSellingSystemSettings; ok is false when it never
	// stored one (a Put without a role stores "" with ok true).
	SellingSystemSettings(ctx context.Context, account, catalog string) (roleArn string, ok bool, err error)

	// PutSellingSystemSettings stores roleArn ("" for none) as account's
	// settings for catalog, replacing what was there. Settings of other
	// accounts and catalogs are untouched.
	PutSellingSystemSettings(ctx context.Context, account, catalog, roleArn string) error

	// TokenKey is the secret that signs this store's NextTokens: random,
	// made once per database, the same for every server sharing it.
	TokenKey() []byte

	// ItemStore keeps the engagement family's records (item_store.go).
	ItemStore

	Close() error
}

// MaxCommitLag bounds the time between a write taking its
// LastModifiedDate and its commit (Store). So a record that becomes visible
// after a reader saw LastModifiedDate t has a LastModifiedDate after
// t − MaxCommitLag (with the servers' clocks in step): the overlap of the
// incremental-sync recipe (docs/sync.md) rests on it.
const MaxCommitLag = time.Second

// ErrCommitLag is a write that could not commit within MaxCommitLag of its
// LastModifiedDate and so wrote nothing; the service takes a new timestamp
// and tries again, and answers ThrottlingException if that keeps failing.
var ErrCommitLag = &Error{Code: ThrottlingError, Message: "The service is too busy to commit this change in time; nothing was written. Retry the request."}

// Sort keys of ListOpportunities.
const (
	SortByLastModifiedDate = OpportunitySortName("LastModifiedDate")
	SortByIdentifier       = OpportunitySortName("Identifier")
	SortByCompanyName      = OpportunitySortName("CustomerCompanyName")
	SortByCreatedDate      = OpportunitySortName("CreatedDate")
	SortByTargetCloseDate  = OpportunitySortName("TargetCloseDate")
)

// ListQuery selects opportunities. Different filters AND; values within one
// filter OR. Empty filters match everything.
type ListQuery struct {
	Catalog        string
	Identifiers    []string
	Stages         []string
	ReviewStatuses []string
	CompanyNames   []string // matched exactly, ignoring case
	// Owners selects by Opportunity.Owner, matched exactly ("" is the owner
	// of records stored before owners existed). Empty is every owner: for
	// internal and bulk callers; the service always names the caller's.
	Owners []string

	ModifiedAfter, ModifiedBefore time.Time // After inclusive, Before exclusive; zero: no bound
	CreatedAfter, CreatedBefore   time.Time
	CloseAfter, CloseBefore       string // YYYY-MM-DD; After inclusive, Before exclusive

	SortBy     OpportunitySortName
	Descending bool
	Limit      int
	After      *Cursor // position of the last record of the previous page
	AsOf       string  // the snapshot of the pass (ListPage.AsOf of its first page); "" for now
}

// ListPage is one answer of Store.ListOpportunities.
type ListPage struct {
	Records   []*Opportunity // as of AsOf
	Positions []Cursor       // each record's position in the listing, as of AsOf
	AsOf      string         // the snapshot read, opaque to the domain
}

// SnapshotRetention is how long a store keeps what it needs to list a past
// snapshot (the superseded versions), and so how long a NextToken lasts.
// cosell's choice: the real service does not document its token lifetime;
// a day covers any sync pass (docs/sync.md).
const SnapshotRetention = 24 * time.Hour

// Cursor is a position in a sorted listing: the sort key of a record and its
// identifier number, which breaks ties.
type Cursor struct {
	Key string // the sort key rendered by SortKey
	ID  int64
}

// SortKey renders o's value for a sort column so that byte order is the
// column's order: times as fixed-width UTC milliseconds, names lower-cased.
func SortKey(o *Opportunity, by OpportunitySortName) string {
	switch by {
	case SortByIdentifier:
		return ""
	case SortByCompanyName:
		return Fold(o.CompanyName())
	case SortByCreatedDate:
		return TimeKey(o.CreatedDate)
	case SortByTargetCloseDate:
		return o.TargetCloseDate()
	}
	return TimeKey(o.LastModifiedDate)
}

// TimeKey renders t for ordering and for index columns.
func TimeKey(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// Clock tells the time; tests swap it.
type Clock interface{ Now() time.Time }

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }
