package cosell

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"
)

// Event detail types (spec §6; fact sheet §13).
const (
	EventCreated            = "Opportunity Created"
	EventUpdated            = "Opportunity Updated"
	EventInvitationCreated  = "Engagement Invitation Created"
	EventInvitationAccepted = "Engagement Invitation Accepted"
	EventInvitationRejected = "Engagement Invitation Rejected"
	EventInvitationExpired  = "Engagement Invitation Expired"
	EventMemberAdded        = "Engagement Member Added"
	EventEngagementCreated  = "Engagement Created"
	EventEngagementUpdated  = "Engagement Updated"
	EventSnapshotCreated    = "Engagement Resource Snapshot Created"

	// The four detail types EventBridge's reference lists without a
	// documented payload (fact sheet §13, Q14). cosell's choices
	// (docs/decisions.md): Opportunity Accepted / Rejected go to the
	// opportunity's owner when AWS's review approves or rejects it, with
	// the opportunity events' detail; Engagement Member Joined goes to the
	// member that joined, with Member Added's detail; Resource Snapshot
	// Created goes to the snapshot's creator, with the engagement event's
	// detail.
	EventOpportunityAccepted = "Opportunity Accepted"
	EventOpportunityRejected = "Opportunity Rejected"
	EventMemberJoined        = "Engagement Member Joined"
	EventOwnSnapshotCreated  = "Resource Snapshot Created"
)

// EventSource and EventRegion are the envelope's source and region: Partner
// Central publishes on the default bus in us-east-1 (fact sheet §13).
const (
	EventSource = "aws.partnercentral-selling"
	EventRegion = "us-east-1"
)

// Event is one EventBridge event of source aws.partnercentral-selling.
type Event struct {
	DetailType string
	Catalog    string
	ID         string
	Time       time.Time
	// Account is the partner account the event is for (the recipient,
	// fact sheet §13); empty means the configured account.
	Account string
	// Detail, when set, is the event's detail after "catalog" (the
	// engagement family's events, fact sheet §13); nil means an opportunity
	// event, whose detail names opportunity ID.
	Detail Object `json:",omitempty"`
	// Resources are the ARNs the envelope's resources list names.
	Resources []string `json:",omitempty"`
}

// The outbox (docs/decisions.md "Events: outbox and delivery"). Every
// event is written as an item of KindOutbox in the same transaction as the
// change it reports: by the item transaction that queued it
// (OpportunityService.updateItems) or, for an opportunity write, through
// Opportunity.Also. A change that commits has its events; one that fails
// has none. Delivery (package deliver) reads the outbox after the commit,
// so a crash between the commit and the delivery loses nothing: events are
// delivered at least once, and OutboxEvent.EventID, fixed when the event is
// written, is the envelope's id on every attempt, so consumers can drop
// duplicates.

// KindOutbox is the item kind of outbox entries, all in OutboxCatalog.
// Their ID is OutboxSeq's: ascending ID order is the order the events were
// written in (on one server; see NewOutboxSeq).
const KindOutbox ItemKind = "outbox"

// OutboxCatalog is the one catalog the outbox's items are kept under (the
// event's own catalog is in the document), so one Scan reads them all in
// order.
const OutboxCatalog = "-"

// OutboxEvent is the document of an outbox item.
type OutboxEvent struct {
	Seq     string `json:"-"` // the item's ID
	EventID string // the envelope's id, a UUID
	Event
	// Delivered names the targets (EventTarget.Name) that have the event;
	// package deliver keeps it, and deletes the item once every live
	// target is in it.
	Delivered []string `json:",omitempty"`
}

// EncodeOutboxItem is the outbox item of e (after Delivered changed).
func EncodeOutboxItem(e *OutboxEvent) (*Item, error) {
	doc, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("encode outbox item %s: %w", e.Seq, err)
	}
	return &Item{Kind: KindOutbox, Catalog: OutboxCatalog, ID: e.Seq, Doc: doc}, nil
}

var outboxClock struct {
	sync.Mutex
	last int64
}

// NewOutboxSeq returns an outbox item ID: 16 hex digits of the wall clock
// in nanoseconds, strictly increasing within this process, then 8 random
// hex digits so that servers sharing a store never collide. Across servers
// the order is the clocks' order. Events of one resource keep their order
// because its writes are serialized by the store (a later write's
// transaction starts after the earlier one committed) and this clock only
// moves forward.
func NewOutboxSeq() string {
	outboxClock.Lock()
	n := time.Now().UnixNano()
	if n <= outboxClock.last {
		n = outboxClock.last + 1
	}
	outboxClock.last = n
	outboxClock.Unlock()
	return fmt.Sprintf("%016x-%s", n, uuid.NewString()[:8])
}

// OutboxItem is the outbox item that records e, with a new stable event id.
func OutboxItem(e Event) (*Item, error) {
	doc, err := json.Marshal(OutboxEvent{EventID: uuid.NewString(), Event: e})
	if err != nil {
		return nil, fmt.Errorf("encode event %s: %w", e.DetailType, err)
	}
	return &Item{Kind: KindOutbox, Catalog: OutboxCatalog, ID: NewOutboxSeq(), Doc: doc}, nil
}

// DecodeOutboxItem reads an outbox item.
func DecodeOutboxItem(it *Item) (*OutboxEvent, error) {
	var e OutboxEvent
	if err := json.Unmarshal(it.Doc, &e); err != nil {
		return nil, fmt.Errorf("decode outbox item %s: %w", it.ID, err)
	}
	e.Seq = it.ID
	return &e, nil
}

// Envelope is the event as EventBridge delivers it (fact sheet §13):
// version, id (the stable EventID), detail-type, source, account (the
// recipient; defaultAccount when the event names none), time, region,
// resources and detail, as compact JSON.
func (e *OutboxEvent) Envelope(defaultAccount string) []byte {
	account := e.Account
	if account == "" {
		account = defaultAccount
	}
	resources := make([]any, len(e.Resources))
	for i, r := range e.Resources {
		resources[i] = r
	}
	env := Object{
		{"version", "0"},
		{"id", e.EventID},
		{"detail-type", e.DetailType},
		{"source", EventSource},
		{"account", account},
		{"time", e.Time.UTC().Format(time.RFC3339)},
		{"region", EventRegion},
		{"resources", resources},
		{"detail", e.DetailObject()},
	}
	var buf bytes.Buffer
	_ = AppendJSON(&buf, env)
	return buf.Bytes()
}

// DetailObject is the envelope's detail.
func (e *Event) DetailObject() Object {
	if e.Detail != nil {
		// The engagement family's events carry schemaVersion "1.0" [S-pm log].
		return append(Object{{"schemaVersion", "1.0"}, {"catalog", e.Catalog}}, e.Detail...)
	}
	return Object{{"schemaVersion", "1"}, {"catalog", e.Catalog}, {"opportunity", Object{{"identifier", e.ID}}}}
}

// EventTarget is where package deliver's dispatcher hands each outbox
// event: a webhook, EventBridge, the JSON-lines file, or an in-process
// observer (metrics, a console's live feed). Register one with
// deliver.Dispatcher.Add.
//
// The contract: Deliver is called for each event at least once, in outbox
// order, one call at a time per target, and should return within 10 s (the
// target's lease is renewed between calls); a nil error means the target has
// the event and it is not offered again (barring a crash before that was
// recorded); an error means it is retried later with backoff, and the
// events after it wait. Name identifies the target's progress in the store
// and must stay the same across restarts; servers sharing a store that
// configure the same Name share its progress, so only one of them delivers
// each event to it.
type EventTarget interface {
	Name() string
	Deliver(ctx context.Context, e *OutboxEvent) error
}

// opportunityEvent is the event a write of o publishes for account.
func opportunityEvent(detailType, account string, o *Opportunity) Event {
	return Event{DetailType: detailType, Catalog: o.Catalog, ID: o.ID, Time: o.LastModifiedDate, Account: account}
}

// publishAs names the event an opportunity write publishes (none when
// detailType is empty) and its recipient.
type publishAs struct{ detailType, account string }

// noEvent is a write that publishes nothing (a tag change, fact sheet §13
// lists no event for it).
var noEvent publishAs

// reviewOutcome is the event a write that moves ReviewStatus from before
// to after publishes besides Opportunity Updated: Opportunity Accepted when
// it becomes Approved, Opportunity Rejected when it becomes Rejected.
func reviewOutcome(before, after string, to publishAs) publishAs {
	if before == after || to.detailType == "" {
		return noEvent
	}
	switch ReviewStatus(after) {
	case StatusApproved:
		return publishAs{EventOpportunityAccepted, to.account}
	case StatusRejected:
		return publishAs{EventOpportunityRejected, to.account}
	}
	return noEvent
}

// as publishes detailType to the caller of ctx.
func (s *OpportunityService) as(ctx context.Context, detailType string) publishAs {
	return publishAs{detailType, s.account(ctx)}
}

// written tells the dispatcher that a commit wrote outbox items.
func (s *OpportunityService) written() {
	if s.cfg.OutboxWritten != nil {
		s.cfg.OutboxWritten()
	}
}
