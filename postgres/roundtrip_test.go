//go:build postgres

package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/postgres"
)

// tripCounter counts round trips on the connections it dials: a write
// that follows a read (or opens the connection's traffic) starts one, as
// the client then waits for an answer before its next flight.
type tripCounter struct{ trips atomic.Int64 }

func (c *tripCounter) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return &countedConn{Conn: conn, c: c, read: true}, nil
}

type countedConn struct {
	net.Conn
	c    *tripCounter
	read bool // the last operation was a read
}

func (cc *countedConn) Write(p []byte) (int, error) {
	if cc.read {
		cc.c.trips.Add(1)
		cc.read = false
	}
	return cc.Conn.Write(p)
}

func (cc *countedConn) Read(p []byte) (int, error) {
	cc.read = true
	return cc.Conn.Read(p)
}

// counted opens a server on schema whose one connection counts its round
// trips.
func counted(t *testing.T, schema string) (*postgres.Store, *tripCounter) {
	t.Helper()
	c := &tripCounter{}
	s, err := postgres.Open(context.Background(), testURL(t), postgres.WithDial(postgres.Options{Schema: schema, MaxConns: 1}, c.dial))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	postgres.SkipPrune(s)
	return s, c
}

// withItems is an update that sets Step and, like the service's history
// and events, writes two items with the record.
func withItems(step int) func(*cosell.Opportunity) error {
	return func(o *cosell.Opportunity) error {
		o.Body.Set("Step", cosell.Number(fmt.Sprint(step)))
		o.Also = func(stored *cosell.Opportunity) []*cosell.Item {
			return []*cosell.Item{
				{Kind: "history", Catalog: stored.Catalog, ID: fmt.Sprintf("%s/%03d", stored.ID, step), Doc: []byte(`{}`)},
				{Kind: "outbox", Catalog: stored.Catalog, ID: fmt.Sprintf("e%03d", step), Doc: []byte(`{}`)},
			}
		}
		return nil
	}
}

// Issue 12: an UpdateOpportunity (record and items) is one round trip to
// PostgreSQL in the common case, a record this server wrote last. The
// first use of a connection also prepares its statements; that is not the
// common case, so the count starts after one warm-up update.
func TestUpdateIsOneRoundTrip(t *testing.T) {
	s, c := counted(t, freshSchema(t))
	ctx := context.Background()
	created, err := s.CreateOpportunity(ctx, &cosell.Opportunity{Catalog: "AWS", Body: cosell.Object{}}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateOpportunity(ctx, "AWS", created.ID, withItems(0)); err != nil {
		t.Fatal(err)
	}
	for step := 1; step <= 20; step++ {
		before := c.trips.Load()
		got, err := s.UpdateOpportunity(ctx, "AWS", created.ID, withItems(step))
		if err != nil {
			t.Fatal(err)
		}
		if n := c.trips.Load() - before; n != 1 {
			t.Errorf("update %d: %d round trips, want 1", step, n)
		}
		if got.Body.Get("Step") != cosell.Number(fmt.Sprint(step)) {
			t.Errorf("update %d answered Step=%v", step, got.Body.Get("Step"))
		}
	}
	err = s.ViewItems(ctx, func(tx cosell.ItemTx) error {
		n := 0
		if err := tx.Scan("history", "AWS", created.ID+"/", func(*cosell.Item) error { n++; return nil }); err != nil {
			return err
		}
		if n != 21 {
			return fmt.Errorf("%d history items, want 21", n)
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}

// When another server wrote the record since this one cached it, the
// version check fails, nothing is written, and fn runs again on the newest
// version: three round trips (failed write, read, write). An error fn
// returns on the outdated cached version is not the answer either: fn runs
// again on the newest version, whose outcome counts.
func TestUpdateAfterAnotherServerWrote(t *testing.T) {
	schema := freshSchema(t)
	a, c := counted(t, schema)
	b := openSchema(t, schema)
	ctx := context.Background()
	created, err := a.CreateOpportunity(ctx, &cosell.Opportunity{Catalog: "AWS", Body: cosell.Object{}}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	// Warm-up: the connection prepares the write's and the read's statements.
	if _, err := a.UpdateOpportunity(ctx, "AWS", created.ID, withItems(0)); err != nil {
		t.Fatal(err)
	}
	if _, err := a.GetOpportunity(ctx, "AWS", created.ID); err != nil {
		t.Fatal(err)
	}

	if _, err := b.UpdateOpportunity(ctx, "AWS", created.ID, withItems(1)); err != nil {
		t.Fatal(err)
	}
	var seen []any
	before := c.trips.Load()
	got, err := a.UpdateOpportunity(ctx, "AWS", created.ID, func(o *cosell.Opportunity) error {
		seen = append(seen, o.Body.Get("Step"))
		return withItems(2)(o)
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := c.trips.Load() - before; n != 3 || len(seen) != 2 || seen[1] != cosell.Number("1") || got.Body.Get("Step") != cosell.Number("2") {
		t.Errorf("after a foreign write: %d round trips, fn saw Step %v, stored %v; want 3 trips, fn run twice seeing 0 then 1, stored 2", n, seen, got.Body.Get("Step"))
	}

	if _, err := b.UpdateOpportunity(ctx, "AWS", created.ID, withItems(3)); err != nil {
		t.Fatal(err)
	}
	errStale := errors.New("stale")
	seen = nil
	got, err = a.UpdateOpportunity(ctx, "AWS", created.ID, func(o *cosell.Opportunity) error {
		seen = append(seen, o.Body.Get("Step"))
		if o.Body.Get("Step") != cosell.Number("3") {
			return errStale
		}
		return withItems(4)(o)
	})
	if err != nil || len(seen) != 2 || got.Body.Get("Step") != cosell.Number("4") {
		t.Errorf("fn failing on a cached version: error %v, fn saw %v; want no error, fn run on 2 then 3", err, seen)
	}
	// A failure on a version read for this call is the answer.
	if _, err := b.UpdateOpportunity(ctx, "AWS", created.ID, withItems(5)); err != nil {
		t.Fatal(err)
	}
	seen = nil
	_, err = a.UpdateOpportunity(ctx, "AWS", created.ID, func(o *cosell.Opportunity) error {
		seen = append(seen, o.Body.Get("Step"))
		return errStale
	})
	if !errors.Is(err, errStale) || len(seen) != 2 {
		t.Errorf("fn failing on the newest version: error %v, fn saw %v; want errStale after runs on 4 and 5", err, seen)
	}
}

// TestServiceUpdateRoundTrips: a whole UpdateOpportunity request costs one
// round trip (the store's write) for a record in no engagement, which
// carries the Unlinked mark, and two for any other, whose snapshot jobs
// the service looks up after the write (runJobs).
func TestServiceUpdateRoundTrips(t *testing.T) {
	tests := []struct {
		name     string
		unmarked bool // as stored before the mark, or linked since
		want     int64
	}{
		{name: "in no engagement", want: 1},
		{name: "without the mark", unmarked: true, want: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := counted(t, freshSchema(t))
			svc := cosell.NewService(s, cosell.ServiceConfig{})
			ctx := context.Background()
			out, err := svc.CreateOpportunity(ctx, createRequest(t, "trips"))
			if err != nil {
				t.Fatal(err)
			}
			if tt.unmarked {
				if _, err := s.UpdateOpportunity(ctx, "AWS", out.Str("Id"), func(o *cosell.Opportunity) error {
					o.Unlinked = false
					return nil
				}); err != nil {
					t.Fatal(err)
				}
			}
			req := updateRequest(t, svc, "AWS", out.Str("Id"))
			for step := 0; step <= 10; step++ {
				before := c.trips.Load()
				ans, err := svc.UpdateOpportunity(ctx, req)
				if err != nil {
					t.Fatalf("update %d: %v", step, err)
				}
				if n := c.trips.Load() - before; n != tt.want && step > 0 { // step 0 prepares the statements
					t.Errorf("update %d: %d round trips, want %d", step, n, tt.want)
				}
				req.Set("LastModifiedDate", ans.Get("LastModifiedDate"))
			}
		})
	}
}

// An update whose Also gives one item key twice stores the last, as a
// sequence of writes would.
func TestUpdateAlsoSameItemTwice(t *testing.T) {
	s := openSchema(t, freshSchema(t))
	ctx := context.Background()
	created, err := s.CreateOpportunity(ctx, &cosell.Opportunity{Catalog: "AWS", Body: cosell.Object{}}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.UpdateOpportunity(ctx, "AWS", created.ID, func(o *cosell.Opportunity) error {
		o.Also = func(*cosell.Opportunity) []*cosell.Item {
			return []*cosell.Item{
				{Kind: "history", Catalog: "AWS", ID: "x", Doc: []byte(`1`)},
				{Kind: "history", Catalog: "AWS", ID: "y", Doc: []byte(`2`)},
				{Kind: "history", Catalog: "AWS", ID: "x", Doc: []byte(`3`)},
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	err = s.ViewItems(ctx, func(tx cosell.ItemTx) error {
		return tx.Scan("history", "AWS", "", func(it *cosell.Item) error {
			got = append(got, it.ID+"="+string(it.Doc))
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"x=3", "y=2"}, got); d != "" {
		t.Errorf("items (-want +got):\n%s", d)
	}
}
