//go:build postgres

package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/postgres"
	"github.com/cosell/cosell/storetest"
)

// fixedClock is a server's clock: it reads what the test sets.
type fixedClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fixedClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *fixedClock) advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// createRequest is the domain's complete, valid CreateOpportunity request.
func createRequest(t *testing.T, token string) cosell.Object {
	t.Helper()
	b, err := os.ReadFile("../testdata/create-full.json")
	if err != nil {
		t.Fatal(err)
	}
	v, err := cosell.ParseJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	req := v.(cosell.Object)
	req.Set("Catalog", "AWS")
	req.Set("ClientToken", token)
	return req
}

// updateRequest is what a partner sends after Get: the record as read.
func updateRequest(t *testing.T, svc cosell.Service, catalog, id string) cosell.Object {
	t.Helper()
	got, err := svc.GetOpportunity(context.Background(), cosell.Object{{Name: "Catalog", Value: catalog}, {Name: "Identifier", Value: id}})
	if err != nil {
		t.Fatalf("get %s: %v", id, err)
	}
	req := cosell.Clone(got).(cosell.Object)
	req.Set("Identifier", id)
	return req
}

// Spec §2.1: LastModifiedDate strictly increases per record. Two servers
// whose clocks disagree by an hour update one record in turn: the one
// behind must still move the date forward, because it computes the new
// date from the version its write replaces, which the one ahead wrote.
func TestClockSkewKeepsLastModifiedIncreasing(t *testing.T) {
	schema := freshSchema(t)
	t0 := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	ahead, behind := &fixedClock{now: t0.Add(time.Hour)}, &fixedClock{now: t0}
	servers := []struct {
		name  string
		svc   cosell.Service
		clock *fixedClock
	}{
		{"ahead", cosell.NewService(openSchema(t, schema), cosell.ServiceConfig{Clock: ahead}), ahead},
		{"behind", cosell.NewService(openSchema(t, schema), cosell.ServiceConfig{Clock: behind}), behind},
	}
	ctx := context.Background()
	out, err := servers[0].svc.CreateOpportunity(ctx, createRequest(t, "skew"))
	if err != nil {
		t.Fatal(err)
	}
	id := out.Str("Id")
	prev, _ := time.Parse(time.RFC3339Nano, out.Str("LastModifiedDate"))
	for i := range 8 {
		srv := servers[(i+1)%2] // behind first
		req := updateRequest(t, srv.svc, "AWS", id)
		req.Set("PartnerOpportunityIdentifier", fmt.Sprintf("round-%d", i))
		got, err := srv.svc.UpdateOpportunity(ctx, req)
		if err != nil {
			t.Fatalf("round %d on %s: %v", i, srv.name, err)
		}
		modified, err := time.Parse(time.RFC3339Nano, got.Str("LastModifiedDate"))
		if err != nil {
			t.Fatal(err)
		}
		if !modified.After(prev) {
			t.Errorf("round %d on %s: LastModifiedDate %s, not after the previous %s", i, srv.name, modified.Format(time.RFC3339Nano), prev.Format(time.RFC3339Nano))
		}
		if srv.name == "behind" && !modified.After(ahead.Now().Add(-time.Hour)) {
			t.Errorf("round %d: the server behind used its own clock (%s)", i, modified)
		}
		prev = modified
		srv.clock.advance(time.Millisecond / 2) // sub-millisecond steps: the +1ms floor must apply
	}
}

// A ClientToken is unique per catalog across servers: of racing creates
// with one token on two servers exactly one record is stored; the racers
// that sent the winner's body get it, the others ConflictError.
func TestClientTokenRaceAcrossServers(t *testing.T) {
	schema := freshSchema(t)
	stores := []cosell.Store{openSchema(t, schema), openSchema(t, schema)}
	const racers = 16
	type result struct {
		fp  string
		o   *cosell.Opportunity
		err error
	}
	results := make([]result, racers)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range racers {
		results[i].fp = []string{"fp-a", "fp-b"}[i/2%2] // both bodies on both servers
		wg.Go(func() {
			<-start
			o := &cosell.Opportunity{Catalog: "AWS", CreatedDate: time.Now(), LastModifiedDate: time.Now(), Body: cosell.Object{{Name: "Racer", Value: fmt.Sprint(i)}}}
			results[i].o, results[i].err = stores[i%2].CreateOpportunity(context.Background(), o, "one-token", results[i].fp)
		})
	}
	close(start)
	wg.Wait()

	all, err := storetest.Records(stores[0].ListOpportunities(context.Background(), cosell.ListQuery{Catalog: "AWS"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 {
		t.Fatalf("%d records stored, want 1", len(all))
	}
	winner := all[0]
	var winnerFP string
	for _, r := range results {
		if r.err == nil && r.o.Body.Str("Racer") == winner.Body.Str("Racer") {
			winnerFP = r.fp
		}
	}
	if winnerFP == "" {
		t.Fatalf("no racer got the stored record %s", winner.ID)
	}
	for i, r := range results {
		var e *cosell.Error
		switch {
		case r.fp == winnerFP && (r.err != nil || r.o.ID != winner.ID || r.o.Body.Str("Racer") != winner.Body.Str("Racer")):
			t.Errorf("racer %d (winner's body): %v, %v; want the stored record %s", i, r.o, r.err, winner.ID)
		case r.fp != winnerFP && (!errors.As(r.err, &e) || e.Code != cosell.ConflictError):
			t.Errorf("racer %d (other body): error %v, want %s", i, r.err, cosell.ConflictError)
		}
	}
}

// UpdateItems is serializable across servers: goroutines spread over two
// Stores on one schema increment one counter item; none is lost.
func TestItemCounterAcrossServers(t *testing.T) {
	schema := freshSchema(t)
	storetest.ItemCounter(t, []cosell.ItemStore{openSchema(t, schema), openSchema(t, schema)}, 32, 20)
}

// A transaction that loses its race every time is run postgres.ItemTries
// times, then fails with cosell.ErrItemContention (ThrottlingException),
// having written nothing: here another server changes the item fn read
// before fn writes it.
func TestItemContentionGivesUp(t *testing.T) {
	schema := freshSchema(t)
	a, b := openSchema(t, schema), openSchema(t, schema)
	ctx := context.Background()
	const k, c = cosell.KindTask, "AWS"
	put := func(tx cosell.ItemTx, id, doc string) error {
		return tx.Put(&cosell.Item{Kind: k, Catalog: c, ID: id, Doc: []byte(doc)})
	}
	if err := a.UpdateItems(ctx, func(tx cosell.ItemTx) error { return put(tx, "hot", "0") }); err != nil {
		t.Fatal(err)
	}
	calls := 0
	err := a.UpdateItems(ctx, func(tx cosell.ItemTx) error {
		calls++
		if _, err := tx.Get(k, c, "hot"); err != nil {
			return err
		}
		if err := b.UpdateItems(ctx, func(tx cosell.ItemTx) error { return put(tx, "hot", fmt.Sprint(calls)) }); err != nil {
			return fmt.Errorf("the other server: %w", err)
		}
		if err := put(tx, "side", "loser"); err != nil {
			return err
		}
		return put(tx, "hot", "loser")
	})
	if !errors.Is(err, cosell.ErrItemContention) || cosell.ErrorCodeOf(err) != cosell.ThrottlingError {
		t.Fatalf("UpdateItems = %v, want ErrItemContention", err)
	}
	if calls != postgres.ItemTries {
		t.Errorf("fn ran %d times, want %d", calls, postgres.ItemTries)
	}
	if err := a.ViewItems(ctx, func(tx cosell.ItemTx) error {
		hot, err := tx.Get(k, c, "hot")
		if err != nil {
			return err
		}
		side, err := tx.Get(k, c, "side")
		if err != nil {
			return err
		}
		if hot == nil || string(hot.Doc) != fmt.Sprint(calls) || side != nil {
			t.Errorf("after the failed UpdateItems: hot %v, side %v; want the other server's %d and no side", hot, side, calls)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
