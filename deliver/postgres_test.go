//go:build postgres

package deliver_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/cosell/cosell/deliver"
	"github.com/cosell/cosell/postgres"
	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Two servers (two Stores on one schema), each with a dispatcher and the
// same target: every event is delivered once, in order, by the holder of
// the lease; after it stops, the other takes over.
func TestPostgresLeaseTwoServers(t *testing.T) {
	url := os.Getenv("COSELL_TEST_POSTGRES_URL")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(`COSELL_TEST_POSTGRES_URL is not set; run eval "$(scripts/pg-start.sh)" first`)
		}
		t.Skip(`skipping: COSELL_TEST_POSTGRES_URL is not set; run eval "$(scripts/pg-start.sh)" first`)
	}
	ctx := context.Background()
	schema := fmt.Sprintf("deliver_%d", os.Getpid())
	admin, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	t.Cleanup(func() { admin.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{schema}.Sanitize()+` CASCADE`) })
	open := func() *postgres.Store {
		s, err := postgres.Open(ctx, url, postgres.Options{Schema: schema})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	s1, s2 := open(), open()
	shared := &recorder{name: "shared"}
	d1, d2 := deliver.New(s1, fast("server-1")), deliver.New(s2, fast("server-2"))
	d1.Add(shared)
	d2.Add(shared)
	stop1 := run(t, d1, "server-1")
	eventually(t, "server-1's lease", func() bool { return leaseOwner(t, s1, "shared") == "server-1" })
	run(t, d2, "server-2")
	ids := opps(12)
	first := write(t, s1, ids[:8]...)
	d1.Notify()
	eventually(t, "eight events", func() bool { return len(shared.events()) >= 8 })
	stop1()
	second := write(t, s2, ids[8:]...)
	d2.Notify()
	eventually(t, "twelve events", func() bool { return len(shared.events()) >= 12 })
	if diff := cmp.Diff(want(append(first, second...), ids), shared.events()); diff != "" {
		t.Errorf("deliveries (-want +got):\n%s", diff)
	}
	shared.mu.Lock()
	by := slices.Clone(shared.by)
	shared.mu.Unlock()
	if diff := cmp.Diff(append(slices.Repeat([]string{"server-1"}, 8), slices.Repeat([]string{"server-2"}, 4)...), by); diff != "" {
		t.Errorf("who delivered (-want +got):\n%s", diff)
	}
	eventually(t, "an empty outbox", func() bool { return outboxLen(t, s2) == 0 })
}
