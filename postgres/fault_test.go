//go:build postgres

package postgres_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/postgres"
	"github.com/cosell/cosell/wire"
)

// openNamed opens a server whose connections carry application_name app,
// so a test can find and kill exactly them.
func openNamed(t *testing.T, schema, app string) *postgres.Store {
	t.Helper()
	u := testURL(t)
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	s, err := postgres.Open(context.Background(), u+sep+"application_name="+app, postgres.Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// terminate kills the backends of app (only those idle inside a
// transaction when inTx) and waits until they are gone; it returns how
// many it killed.
func terminate(t *testing.T, app string, inTx bool) int {
	t.Helper()
	ctx := context.Background()
	cond := `application_name = $1`
	if inTx {
		cond += ` AND state = 'idle in transaction'`
	}
	// OFFSET 0 keeps the filter from being merged with (and evaluated
	// after) pg_terminate_backend.
	rows, err := adminPool(t).Query(ctx, `SELECT pid FROM (SELECT pid FROM pg_stat_activity WHERE `+cond+` OFFSET 0) s WHERE pg_terminate_backend(pid)`, app)
	if err != nil {
		t.Fatal(err)
	}
	var pids []int32
	for rows.Next() {
		var pid int32
		if err := rows.Scan(&pid); err != nil {
			t.Fatal(err)
		}
		pids = append(pids, pid)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for {
		var alive int
		if err := adminPool(t).QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE pid = ANY($1)`, pids).Scan(&alive); err != nil {
			t.Fatal(err)
		}
		if alive == 0 {
			return len(pids)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

var appSeq struct {
	sync.Mutex
	n int
}

func appName() string {
	appSeq.Lock()
	defer appSeq.Unlock()
	appSeq.n++
	return fmt.Sprintf("cosell-fault-%d", appSeq.n)
}

func newRecord() *cosell.Opportunity {
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	return &cosell.Opportunity{Catalog: "AWS", CreatedDate: now, LastModifiedDate: now, Body: cosell.Object{{Name: "Step", Value: "created"}}}
}

// The connections die while fn runs, between the store's read and its
// write (fn runs outside any transaction, update.go): the write fails on
// the dead connection, a fresh read finds the record as fn saw it, so
// nothing was written, fn runs again and its second outcome is stored.
func TestConnectionDropBeforeWrite(t *testing.T) {
	ctx := context.Background()
	app := appName()
	s := openNamed(t, freshSchema(t), app)
	created, err := s.CreateOpportunity(ctx, newRecord(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	killed, calls := 0, 0
	got, err := s.UpdateOpportunity(ctx, "AWS", created.ID, func(o *cosell.Opportunity) error {
		if calls++; calls == 1 {
			killed = terminate(t, app, false)
		}
		o.Body.Set("Step", fmt.Sprint("updated by run ", calls))
		return nil
	})
	if killed == 0 {
		t.Fatal("no connection to kill")
	}
	if err != nil || calls != 2 || got.Body.Str("Step") != "updated by run 2" {
		t.Fatalf("update across dead connections: %v, fn ran %d times; want run 2's outcome", err, calls)
	}
	if got, err := s.GetOpportunity(ctx, "AWS", created.ID); err != nil || got.Body.Str("Step") != "updated by run 2" {
		t.Fatalf("stored: %v, %v; want run 2's outcome", got, err)
	}
}

// After every connection of the pool died (a database restart looks like
// this to the client), the next calls succeed without reopening the Store.
func TestPoolRecoversAfterAllConnectionsDie(t *testing.T) {
	ctx := context.Background()
	app := appName()
	s := openNamed(t, freshSchema(t), app)
	created, err := s.CreateOpportunity(ctx, newRecord(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		call func() error
	}{
		{name: "Ping", call: func() error { return s.Ping(ctx) }},
		{name: "Get", call: func() error { _, err := s.GetOpportunity(ctx, "AWS", created.ID); return err }},
		{name: "List", call: func() error { _, err := s.ListOpportunities(ctx, cosell.ListQuery{Catalog: "AWS"}); return err }},
		{name: "Update", call: func() error {
			_, err := s.UpdateOpportunity(ctx, "AWS", created.ID, func(*cosell.Opportunity) error { return nil })
			return err
		}},
		{name: "Create", call: func() error { _, err := s.CreateOpportunity(ctx, newRecord(), "tok", "fp"); return err }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Fill the pool with idle connections, then kill them all.
			var wg sync.WaitGroup
			for range 8 {
				wg.Go(func() { s.ListOpportunities(ctx, cosell.ListQuery{Catalog: "AWS"}) }) //nolint:errcheck // warming only
			}
			wg.Wait()
			if n := terminate(t, app, false); n == 0 {
				t.Fatal("no connection to kill")
			}
			if err := tc.call(); err != nil {
				t.Errorf("first call after every connection died: %v", err)
			}
		})
	}
}

// killingClock terminates the store's connections whenever the service
// reads the time, which it does in fn, between the store's read and its
// write (update.go).
type killingClock struct {
	t    *testing.T
	app  string
	arm  bool
	kill int
}

func (c *killingClock) Now() time.Time {
	if c.arm {
		c.kill += terminate(c.t, c.app, false)
	}
	return time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
}

// End to end: connections that keep dying under an update (more times than
// the pool has connections) reach an SDK as a 500 InternalServerException,
// which SDKs retry (spec §1.4), and nothing is written.
func TestConnectionDropIsInternalServerException(t *testing.T) {
	app := appName()
	clock := &killingClock{t: t, app: app}
	st := openNamed(t, freshSchema(t), app)
	svc := cosell.NewService(st, cosell.ServiceConfig{Clock: clock})
	ctx := context.Background()
	out, err := svc.CreateOpportunity(ctx, createRequest(t, "e2e"))
	if err != nil {
		t.Fatal(err)
	}
	before, err := st.GetOpportunity(ctx, "AWS", out.Str("Id"))
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	if err := cosell.AppendJSON(&body, updateRequest(t, svc, "AWS", out.Str("Id"))); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/", &body)
	req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling.UpdateOpportunity")
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	rec := httptest.NewRecorder()
	clock.arm = true
	wire.NewHandler(svc, wire.Options{}).ServeHTTP(rec, req)
	clock.arm = false
	if clock.kill == 0 {
		t.Fatal("killed no backend")
	}
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), `"__type":"InternalServerException"`) {
		t.Errorf("response %d %s; want 500 InternalServerException", rec.Code, rec.Body)
	}
	after, err := st.GetOpportunity(ctx, "AWS", out.Str("Id"))
	if err != nil || !after.LastModifiedDate.Equal(before.LastModifiedDate) {
		t.Errorf("after the failed update: %v, %v; want the record unchanged", after, err)
	}
}

func TestPingAfterClose(t *testing.T) {
	s := openSchema(t, freshSchema(t))
	if err := s.Ping(context.Background()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	s.Close()
	if err := s.Ping(context.Background()); err == nil {
		t.Error("Ping succeeded on a closed store")
	}
}
