package cosell

import (
	"bytes"
	"context"
	"io"
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
)

// Event is one EventBridge event of source aws.partnercentral-selling.
type Event struct {
	DetailType string
	Catalog    string
	ID         string
	Time       time.Time
	// Account is the partner account the event is for (the caller's);
	// empty means the sink's default account.
	Account string
	// Detail, when set, is the event's detail after "catalog" (the
	// engagement family's events, fact sheet §13); nil means an opportunity
	// event, whose detail names opportunity ID.
	Detail Object
	// Resources are the ARNs the envelope's resources list names.
	Resources []string
}

// EventSink receives events after their change is committed. Delivery is
// best effort, as on AWS: consumers must tolerate loss and duplicates.
type EventSink interface {
	Publish(ctx context.Context, e Event)
}

type discardEvents struct{}

func (discardEvents) Publish(context.Context, Event) {}

// JSONLinesEvents writes each event as one line of EventBridge JSON.
type JSONLinesEvents struct {
	mu      sync.Mutex
	w       io.Writer
	Account string
}

// NewJSONLinesEvents writes events to w.
func NewJSONLinesEvents(w io.Writer, account string) *JSONLinesEvents {
	return &JSONLinesEvents{w: w, Account: account}
}

// Publish writes the event envelope the real service sends.
func (j *JSONLinesEvents) Publish(_ context.Context, e Event) {
	account := e.Account
	if account == "" {
		account = j.Account
	}
	resources := make([]any, len(e.Resources))
	for i, r := range e.Resources {
		resources[i] = r
	}
	detail := Object{{"schemaVersion", "1"}, {"catalog", e.Catalog}, {"opportunity", Object{{"identifier", e.ID}}}}
	if e.Detail != nil {
		// The engagement family's events carry schemaVersion "1.0" [S-pm log].
		detail = append(Object{{"schemaVersion", "1.0"}, {"catalog", e.Catalog}}, e.Detail...)
	}
	env := Object{
		{"version", "0"},
		{"id", uuid.NewString()},
		{"detail-type", e.DetailType},
		{"source", "aws.partnercentral-selling"},
		{"account", account},
		{"time", e.Time.UTC().Format(time.RFC3339)},
		{"region", "us-east-1"},
		{"resources", resources},
		{"detail", detail},
	}
	var buf bytes.Buffer
	_ = AppendJSON(&buf, env)
	buf.WriteByte('\n')
	j.mu.Lock()
	defer j.mu.Unlock()
	_, _ = j.w.Write(buf.Bytes())
}

func (s *OpportunityService) publish(ctx context.Context, kind string, o *Opportunity) {
	s.events.Publish(ctx, Event{DetailType: kind, Catalog: o.Catalog, ID: o.ID, Time: o.LastModifiedDate, Account: s.account(ctx)})
}
