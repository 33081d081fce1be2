package cosell_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/memory"
)

// Accounts of the engagement tests: A and B are connected partners, C is
// connected to nobody.
const (
	acctA = "111111111111"
	acctB = "222222222222"
	acctC = "333333333333"
)

// directory is a PartnerDirectory for tests.
type directory struct {
	partners map[string]cosell.Partner
	links    map[[2]string]bool
}

func (d *directory) Partner(id string) (cosell.Partner, bool) { p, ok := d.partners[id]; return p, ok }
func (d *directory) Connected(a, b string) bool {
	return d.links[[2]string{a, b}] || d.links[[2]string{b, a}]
}

func (d *directory) add(id, name string, connectTo ...string) {
	d.partners[id] = cosell.Partner{AccountID: id, CompanyName: name, WebsiteURL: "https://" + id + ".example.com"}
	for _, c := range connectTo {
		d.links[[2]string{id, c}] = true
	}
}

// recorder keeps every event the service wrote to its store's outbox.
type recorder struct {
	mu     sync.Mutex
	t      testing.TB
	store  cosell.ItemStore
	events []cosell.Event
}

// drainOutbox returns the outbox's events in order and deletes them, as a
// dispatcher whose targets all took them would.
func drainOutbox(t testing.TB, store cosell.ItemStore) []*cosell.OutboxEvent {
	t.Helper()
	var out []*cosell.OutboxEvent
	err := store.UpdateItems(context.Background(), func(tx cosell.ItemTx) error {
		out = nil
		var seqs []string
		err := tx.Scan(cosell.KindOutbox, cosell.OutboxCatalog, "", func(it *cosell.Item) error {
			e, err := cosell.DecodeOutboxItem(it)
			out, seqs = append(out, e), append(seqs, it.ID)
			return err
		})
		for _, s := range seqs {
			if err == nil {
				err = tx.Delete(cosell.KindOutbox, cosell.OutboxCatalog, s)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// kinds lists the detail types account received, in order, and forgets them.
func (r *recorder) take(account string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range drainOutbox(r.t, r.store) {
		r.events = append(r.events, e.Event)
	}
	var out []string
	var rest []cosell.Event
	for _, e := range r.events {
		if e.Account == account {
			out = append(out, e.DetailType)
		} else {
			rest = append(rest, e)
		}
	}
	r.events = rest
	return out
}

// jumpClock is the tests' clock: it advances 1.5 s per read, and jump moves
// it further.
type jumpClock struct{ fakeClock }

func (c *jumpClock) jump(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// world is a service with several partner accounts.
type world struct {
	t      *testing.T
	svc    *cosell.OpportunityService
	store  cosell.Store
	dir    *directory
	events *recorder
	clock  *jumpClock
}

func newWorld(t *testing.T) *world {
	t.Helper()
	dir := &directory{partners: map[string]cosell.Partner{}, links: map[[2]string]bool{}}
	dir.add(acctA, "Alpha Cloud Partners", acctB)
	dir.add(acctB, "Beta Data Partners")
	dir.add(acctC, "Gamma Unconnected")
	clock := &jumpClock{*newClock()}
	store := memory.New()
	ev := &recorder{t: t, store: store}
	svc := cosell.NewService(store, cosell.ServiceConfig{Clock: clock, AccountID: acctA, Solutions: testSolutions, Partners: dir})
	return &world{t: t, svc: svc, store: store, dir: dir, events: ev, clock: clock}
}

// call runs op as account through the operation table, as the server does.
func (w *world) call(account, op string, req cosell.Object) (cosell.Object, error) {
	w.t.Helper()
	ctx := cosell.WithCaller(context.Background(), cosell.Caller{AccountID: account, AccessKeyID: "AKIA" + account})
	return cosell.OperationNamed(op).Call(w.svc, ctx, req)
}

func (w *world) must(account, op string, req cosell.Object) cosell.Object {
	w.t.Helper()
	out, err := w.call(account, op, req)
	if err != nil {
		w.t.Fatalf("%s as %s: %v", op, account, err)
	}
	return out
}

// refuse checks that op fails with code.
func (w *world) refuse(account, op string, req cosell.Object, code string) {
	w.t.Helper()
	_, err := w.call(account, op, req)
	var e *cosell.Error
	if !errors.As(err, &e) || e.Code != code {
		w.t.Fatalf("%s as %s: got %v, want %s", op, account, err, code)
	}
}

// opportunity creates a complete Sandbox opportunity as account.
func (w *world) opportunity(account string, edit func(*cosell.Object)) string {
	w.t.Helper()
	req := fullCreate(w.t, "Sandbox")
	req.Set("ClientToken", w.t.Name()+time.Now().String())
	if edit != nil {
		edit(&req)
	}
	return w.must(account, "CreateOpportunity", req).Str("Id")
}

func (w *world) getOpp(account, id string) cosell.Object {
	w.t.Helper()
	return w.must(account, "GetOpportunity", cosell.Object{{"Catalog", "Sandbox"}, {"Identifier", id}})
}

// review plays AWS's reviewer in Sandbox: the opportunity's owner sends it
// back with ReviewStatus status.
func (w *world) review(account, id, status string) {
	w.t.Helper()
	req := updateFrom(w.getOpp(account, id))
	set(req, []string{"LifeCycle", "ReviewStatus"}, status)
	w.must(account, "UpdateOpportunity", req)
}

func sandbox(fields ...cosell.Field) cosell.Object {
	return append(cosell.Object{{"Catalog", "Sandbox"}}, fields...)
}

func invitationsOf(w *world, account, participant string) []any {
	w.t.Helper()
	return w.must(account, "ListEngagementInvitations", sandbox(cosell.Field{"ParticipantType", participant})).List("EngagementInvitationSummaries")
}
