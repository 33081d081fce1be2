package cosell

import "context"

// ItemKind names a family of the records the engagement operations keep
// (engagements, invitations, tasks, snapshot jobs, snapshots, resource
// associations, idempotency tokens). Opportunities are not items: they keep
// their own table, indexes and snapshot paging (Store).
type ItemKind string

// The kinds of items.
const (
	KindEngagement      ItemKind = "engagement"
	KindInvitation      ItemKind = "invitation"
	KindTask            ItemKind = "task"
	KindSnapshotJob     ItemKind = "snapshot-job"
	KindSnapshot        ItemKind = "snapshot"         // ID: engagement/type/resource/template/revision (zero-padded)
	KindAssociation     ItemKind = "association"      // ID: engagement/type/resource
	KindToken           ItemKind = "token"            // ID: operation/account/ClientToken
	KindReferral        ItemKind = "referral"         // ID: opportunity id of a Sandbox AWS referral
	KindOpportunityLink ItemKind = "opportunity-link" // ID: opportunity id
)

// Item is one stored record of a ItemKind: the domain's JSON document, opaque
// to the store, under (ItemKind, Catalog, ID).
type Item struct {
	Kind    ItemKind
	Catalog string
	ID      string
	Doc     []byte
}

// ItemTx reads and writes items inside one transaction (Store.UpdateItems,
// Store.ViewItems). What it returns reflects the transaction's own writes.
type ItemTx interface {
	// Get returns the item, or nil (and no error) when there is none.
	Get(kind ItemKind, catalog, id string) (*Item, error)
	// Scan calls fn for every item of kind in catalog whose ID starts with
	// prefix, in ascending byte order of ID; an error from fn stops the scan
	// and is returned.
	Scan(kind ItemKind, catalog, prefix string, fn func(*Item) error) error
	// Put inserts the item or replaces the one with the same key.
	Put(it *Item) error
	// Delete removes the item; deleting a missing item is no error.
	Delete(kind ItemKind, catalog, id string) error
}

// ItemStore keeps items. Every Store is one (Store embeds it); backends
// pass storetest's "Items" suite.
type ItemStore interface {
	// UpdateItems runs fn in one transaction that is serializable with
	// every other UpdateItems, on every server sharing the store, and
	// commits what fn wrote; if fn fails nothing is written and its error
	// is returned. fn may be called more than once (a backend may retry a
	// transaction that lost a race), so it must depend only on what it
	// reads through the ItemTx (and its request and the clock). An answer
	// is given only after the commit.
	UpdateItems(ctx context.Context, fn func(ItemTx) error) error
	// ViewItems runs fn on one consistent committed state; fn must not
	// write (Put and Delete fail).
	ViewItems(ctx context.Context, fn func(ItemTx) error) error
}

// ItemReader is an optional fast path of an ItemStore: one item as last
// committed, read without a transaction of its own. The service uses it for
// the lookups it makes after every opportunity change (runJobs' link
// check), where ViewItems' BEGIN, unprepared SELECT and ROLLBACK would be
// most of the cost. A store without it is read through ViewItems.
type ItemReader interface {
	// GetItem returns the item, or nil (and no error) when there is none.
	GetItem(ctx context.Context, kind ItemKind, catalog, id string) (*Item, error)
}

// ErrItemContention is an UpdateItems that kept losing races with other
// transactions (a backend that retries serialization failures gives up
// after a bounded number of attempts) and so wrote nothing; the service
// answers ThrottlingException and the caller retries later.
var ErrItemContention = &Error{Code: ThrottlingError, Message: "The service is too busy to commit this change; nothing was written. Retry the request."}
