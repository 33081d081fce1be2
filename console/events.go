package console

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/cosell/cosell"
)

// Hub receives the service's events in process and fans them out to the
// open pages (server-sent events) and the Events page's recent list.
//
// Its one coupling to the event pipeline is cosell.EventTarget: cosell
// serve hands it to the outbox dispatcher (package deliver) with the
// metrics counter as one in-process target (deliver.Fanout), so it sees
// each event when it is delivered, after its change committed.
type Hub struct {
	mu     sync.Mutex
	subs   map[chan Note]struct{}
	recent []Note // the last recentEvents, oldest first
	done   chan struct{}
	once   sync.Once
}

// recentEvents is how many events the Events page lists on load.
const recentEvents = 100

// Note is an event as the console shows and streams it.
type Note struct {
	DetailType string    `json:"detailType"`
	Catalog    string    `json:"catalog"`
	ID         string    `json:"id"` // the opportunity's, or the engagement family's resource
	Account    string    `json:"account"`
	Time       time.Time `json:"time"`
	Resources  []string  `json:"resources"`
	// Kind says which pages it concerns: opportunity, invitation or
	// engagement.
	Kind string `json:"kind"`
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: map[chan Note]struct{}{}, done: make(chan struct{})} }

// Close ends every open stream (the server is shutting down: a stream
// would otherwise hold its connection until the grace period ends).
func (h *Hub) Close() { h.once.Do(func() { close(h.done) }) }

// Name implements cosell.EventTarget: the name the dispatcher would keep
// the hub's progress under as a target of its own (serve runs it inside a
// Fanout, whose name counts instead).
func (h *Hub) Name() string { return "console" }

// Deliver implements cosell.EventTarget. It never blocks and never fails:
// a page too slow to take an event misses it (it reloads the affected part
// on the next one).
func (h *Hub) Deliver(_ context.Context, oe *cosell.OutboxEvent) error {
	h.publish(oe.Event)
	return nil
}

func (h *Hub) publish(e cosell.Event) {
	n := Note{DetailType: e.DetailType, Catalog: e.Catalog, ID: e.ID, Account: e.Account, Time: e.Time.UTC(), Resources: e.Resources, Kind: kindOf(e)}
	if e.Detail != nil {
		n.ID = detailID(e.Detail)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.recent = append(h.recent, n)
	if len(h.recent) > recentEvents {
		h.recent = h.recent[len(h.recent)-recentEvents:]
	}
	for ch := range h.subs {
		select {
		case ch <- n:
		default:
		}
	}
}

func kindOf(e cosell.Event) string {
	switch e.DetailType {
	case cosell.EventCreated, cosell.EventUpdated:
		return "opportunity"
	case cosell.EventInvitationCreated, cosell.EventInvitationAccepted, cosell.EventInvitationRejected, cosell.EventInvitationExpired:
		return "invitation"
	}
	return "engagement"
}

// detailID is the identifier an engagement-family event's detail names:
// the invitation's, the engagement's or the snapshot's engagement.
func detailID(d cosell.Object) string {
	for _, f := range d {
		inner, ok := f.Value.(cosell.Object)
		if !ok {
			continue
		}
		for _, name := range []string{"id", "engagementId"} {
			if s := inner.Str(name); s != "" {
				return s
			}
		}
	}
	return ""
}

// Recent returns the last events, newest first.
func (h *Hub) Recent() []Note {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]Note, len(h.recent))
	for i, n := range h.recent {
		out[len(out)-1-i] = n
	}
	return out
}

func (h *Hub) subscribe() (chan Note, func()) {
	ch := make(chan Note, 64)
	h.mu.Lock()
	h.subs[ch] = struct{}{}
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.subs, ch)
		h.mu.Unlock()
	}
}

// sees reports whether the acting account should see n: events for it,
// and for the configured account's own (Account "") when it acts as that.
func (c *Console) sees(account string, n Note) bool {
	return n.Account == account || n.Account == "" && account == c.opts.DefaultAccount
}

// stream is the server-sent events endpoint: one "message" per event the
// acting account sees, as JSON (Note), and a comment every 15 s so proxies
// keep the connection.
func (c *Console) stream(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{}) // the stream outlives the server's write timeout
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("X-Accel-Buffering", "no")
	account := c.account(r)
	ch, cancel := c.hub.subscribe()
	defer cancel()
	fmt.Fprint(w, "retry: 1000\n\n")
	if err := rc.Flush(); err != nil {
		return
	}
	tick := time.NewTicker(15 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-c.hub.done:
			return
		case <-tick.C:
			fmt.Fprint(w, ": keep-alive\n\n")
		case n := <-ch:
			if !c.sees(account, n) {
				continue
			}
			data, _ := json.Marshal(n)
			fmt.Fprintf(w, "data: %s\n\n", data)
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}

func (c *Console) eventsPage(w http.ResponseWriter, r *http.Request) {
	account := c.account(r)
	var notes []Note
	for _, n := range c.hub.Recent() {
		if c.sees(account, n) {
			notes = append(notes, n)
		}
	}
	c.render(w, r, "event.list.html", "Events", map[string]any{"Events": notes})
}
