package cosell

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Opportunity is one stored record.
type Opportunity struct {
	Catalog          string
	ID               string
	CreatedDate      time.Time
	LastModifiedDate time.Time
	Origin           string // stored, never returned by GetOpportunity (spec §2.1)

	// Owner is the partner account the record belongs to: only that
	// account reads, changes, tags or lists it; to every other account it
	// does not exist (ResourceNotFoundException, as for a missing id).
	// AWSParty owns a Sandbox AWS referral until a partner accepts its
	// engagement invitation. "" is the owner of records stored before
	// owners existed and stands for ServiceConfig.AccountID.
	Owner string

	// Body holds the partner-writable members (WritableMembers), including
	// the service-managed LifeCycle members ReviewStatus, ReviewComments,
	// ReviewStatusReason and NextStepsHistory.
	Body Object

	OpportunityTeam []any
	Related         Related
	Tags            []any
	// Writes counts the record's committed writes through the service
	// (its history's sequence numbers); 0 in records from before history.
	Writes int64
	// Unlinked promises that no OpportunityLink exists for the record as
	// stored, so that an update need not look for one (runJobs: a record
	// in no engagement has no snapshot job to run). CreateOpportunity sets
	// it on a partner's new record (not on a Sandbox AWS referral, which
	// its engagement links at once); a link is written only for a record
	// whose stored state no longer carries it (putLink, linking), so a
	// write that commits a record marked Unlinked commits before any link
	// of it. False promises nothing: records stored before the mark, those
	// the tasks create for an engagement, and linked ones.
	Unlinked bool

	// Also, when set on the record handed to Store.CreateOpportunity or
	// left on it by Store.UpdateOpportunity's fn, gives the items the store
	// writes in the same transaction as the record (the events' outbox, the
	// change history), from the record as it is stored (its identifier
	// assigned). It is not stored; a create that replays its ClientToken
	// writes none.
	Also func(stored *Opportunity) []*Item
	// Probe, when left on the record by Store.UpdateOpportunity's fn, asks
	// whether an item exists as of the write: a store that can tell from
	// the record's own write transaction, after the write, sets Known and
	// Found (SQLite, where it saves a read transaction per update, and
	// memory); one that cannot (PostgreSQL: it would cost a round trip)
	// leaves Known false and the caller reads the item itself.
	// It is not stored, and a store's copies of a record drop it.
	Probe *ItemProbe
}

// ItemProbe is Opportunity.Probe's question and answer.
type ItemProbe struct {
	Kind        ItemKind
	Catalog, ID string
	// Known: the store answered, Found: the item existed when the
	// record's write committed.
	Known, Found bool
}

// Related lists the entities associated with an opportunity; only
// AssociateOpportunity and DisassociateOpportunity change them.
type Related struct {
	AwsProducts             []string
	Solutions               []string
	AwsMarketplaceOffers    []string
	AwsMarketplaceOfferSets []string
}

// Of returns the list for a RelatedEntityType.
func (r *Related) Of(t RelatedEntityType) *[]string {
	switch t {
	case "AwsProducts":
		return &r.AwsProducts
	case "Solutions":
		return &r.Solutions
	case "AwsMarketplaceOffers":
		return &r.AwsMarketplaceOffers
	case "AwsMarketplaceOfferSets":
		return &r.AwsMarketplaceOfferSets
	}
	return nil
}

// Clone copies the record deeply.
func (o *Opportunity) Clone() *Opportunity {
	c := *o
	c.Body, _ = Clone(o.Body).(Object)
	c.OpportunityTeam, _ = Clone(o.OpportunityTeam).([]any)
	c.Tags, _ = Clone(o.Tags).([]any)
	c.Related = Related{
		AwsProducts:             append([]string(nil), o.Related.AwsProducts...),
		Solutions:               append([]string(nil), o.Related.Solutions...),
		AwsMarketplaceOffers:    append([]string(nil), o.Related.AwsMarketplaceOffers...),
		AwsMarketplaceOfferSets: append([]string(nil), o.Related.AwsMarketplaceOfferSets...),
	}
	return &c
}

// Stage, ReviewStatus, CompanyName and TargetCloseDate are the indexed fields.
func (o *Opportunity) Stage() string        { return o.Body.Str("LifeCycle", "Stage") }
func (o *Opportunity) ReviewStatus() string { return o.Body.Str("LifeCycle", "ReviewStatus") }
func (o *Opportunity) CompanyName() string  { return o.Body.Str("Customer", "Account", "CompanyName") }
func (o *Opportunity) TargetCloseDate() string {
	return o.Body.Str("LifeCycle", "TargetCloseDate")
}

// IDNumber is the numeric part of the identifier, for ordering.
func (o *Opportunity) IDNumber() int64 { return IDNumber(o.ID) }

// IDNumber parses the digits of an identifier such as O1000001.
func IDNumber(id string) int64 {
	n, _ := strconv.ParseInt(strings.TrimPrefix(id, "O"), 10, 64)
	return n
}

// FormatID renders the identifier for sequence number n.
func FormatID(n int64) string { return "O" + strconv.FormatInt(n, 10) }

// FirstID is the first identifier number a fresh store hands out, so that
// identifiers look like the real service's (O + 7 or more digits).
const FirstID = 1000001

// Arn is the opportunity's ARN (spec §2.1).
func (o *Opportunity) Arn(account string) string {
	return fmt.Sprintf("arn:aws:partnercentral:us-east-1:%s:catalog/%s/opportunity/%s", account, o.Catalog, o.ID)
}

// ParseID returns the number of an identifier in its one spelling: O and
// the number without leading zeros. "O01" and "X1" are not identifiers a
// store hands out, so they name no record.
func ParseID(id string) (int64, bool) {
	n := IDNumber(id)
	return n, n > 0 && FormatID(n) == id
}

// WritableMembers are the top-level members a partner writes with
// CreateOpportunity and replaces wholesale with UpdateOpportunity.
var WritableMembers = []string{
	"PrimaryNeedsFromAws", "NationalSecurity", "PartnerOpportunityIdentifier", "Customer",
	"Project", "OpportunityType", "Marketing", "SoftwareRevenue", "LifeCycle",
}

// ExpectedContractDurationMaxMonths bounds ExpectedContractDuration.Value,
// a free string in the model, which the service reads as 1 to 144 months.
const ExpectedContractDurationMaxMonths = 144
