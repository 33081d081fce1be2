//go:build race_proof

package proof

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var (
	raceRounds  = flag.Int("race.rounds", 1000, "rounds of racing updates")
	raceClients = flag.Int("race.clients", 64, "clients racing in each round")
	raceMaxTime = flag.Duration("race.maxtime", 8*time.Minute, "fail if the rounds take longer than this")
)

// TestRaceSQLite: one server on one SQLite file.
func TestRaceSQLite(t *testing.T) {
	s := startServer(t, filepath.Join(t.TempDir(), "race.db"))
	race(t, []*server{s})
}

// TestRacePostgresTwoServers: two servers on one PostgreSQL schema, the
// clients of every round split between them.
func TestRacePostgresTwoServers(t *testing.T) {
	db := postgresURL(t)
	race(t, []*server{startServer(t, db), startServer(t, db)})
}

// winner is the update a round let through.
type winner struct {
	value string
	lmd   time.Time
}

// race is the proof of spec §3.1 step 5 (LastModifiedDate mismatch →
// ConflictException) under contention. Every round, all clients send an
// UpdateOpportunity carrying the SAME LastModifiedDate (read once before
// the round) and a NextSteps value of their own, released together. Exactly
// one may succeed; every other must get ConflictException (409), nothing
// else. The stored record must then hold the winner's NextSteps and
// LastModifiedDate, and its NextStepsHistory (§3.11) exactly the winners of
// the last 50 rounds, oldest first, each with its winner's LastModifiedDate.
func race(t *testing.T, servers []*server) {
	clients, rounds := *raceClients, *raceRounds
	if clients < 2 || rounds < 1 {
		t.Fatalf("need -race.clients ≥ 2 and -race.rounds ≥ 1")
	}
	c := newClient(clients)
	opp := createOpportunity(t, c, servers[0].URL, 0)
	ctx, cancel := context.WithTimeout(context.Background(), *raceMaxTime)
	defer cancel()

	var winners []winner
	lmd := opp.LMD
	start := time.Now()
	statuses := map[int]int{}
	for r := 1; r <= rounds; r++ {
		if ctx.Err() != nil {
			t.Fatalf("stopped after %d of %d rounds: -race.maxtime %s passed", r-1, rounds, *raceMaxTime)
		}
		bodies := make([]string, clients)
		replies := make([]reply, clients)
		errs := make([]error, clients)
		go1 := make(chan struct{})
		var wg sync.WaitGroup
		for i := range clients {
			bodies[i] = fmt.Sprintf("round %d client %d", r, i)
			body := opp.update(lmd, bodies[i])
			srv := servers[i%len(servers)]
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-go1 // released together
				replies[i], errs[i] = c.call(ctx, srv.URL, "UpdateOpportunity", body)
			}()
		}
		close(go1)
		wg.Wait()

		won := -1
		for i := range clients {
			if errs[i] != nil {
				t.Fatalf("round %d client %d: %v", r, i, errs[i])
			}
			rep := replies[i]
			statuses[rep.Status]++
			switch {
			case rep.Status == http.StatusOK && won < 0:
				won = i
			case rep.Status == http.StatusOK:
				t.Fatalf("round %d: clients %d and %d both succeeded with LastModifiedDate %s", r, won, i, lmd)
			case rep.Status == http.StatusConflict && rep.Type == "ConflictException":
			default:
				t.Fatalf("round %d client %d: HTTP %d %s, want 200 or 409 ConflictException: %s", r, i, rep.Status, rep.Type, rep.Raw)
			}
		}
		if won < 0 {
			t.Fatalf("round %d: no client succeeded (all %d got ConflictException with the current LastModifiedDate %s)", r, clients, lmd)
		}
		w := winner{value: bodies[won], lmd: mustTime(t, replies[won].Body.Str("LastModifiedDate"))}
		if replies[won].Body.Str("Id") != opp.ID {
			t.Fatalf("round %d: the winner's answer names %q, want %s", r, replies[won].Body.Str("Id"), opp.ID)
		}
		winners = append(winners, w)

		// Read back through the servers in turn: each must see the winner.
		rec := c.must(t, servers[r%len(servers)].URL, "GetOpportunity", opp.get())
		if got := rec.Str("LifeCycle", "NextSteps"); got != w.value {
			t.Fatalf("round %d: stored NextSteps %q, want the winner's %q", r, got, w.value)
		}
		if got := mustTime(t, rec.Str("LastModifiedDate")); !got.Equal(w.lmd) {
			t.Fatalf("round %d: stored LastModifiedDate %s, want the winner's %s", r, got, w.lmd)
		}
		want := make([]historyEntry, 0, historyMax)
		for _, w := range winners[max(0, len(winners)-historyMax):] {
			want = append(want, historyEntry{Value: w.value, Time: w.lmd})
		}
		if diff := cmp.Diff(want, history(t, rec)); diff != "" {
			t.Fatalf("round %d: NextStepsHistory is not the winners of the last %d rounds (-want +got):\n%s", r, historyMax, diff)
		}
		lmd = rec.Str("LastModifiedDate")
	}
	t.Logf("%d rounds × %d clients on %d server(s) in %s: statuses %v; one winner per round, history exact",
		rounds, clients, len(servers), time.Since(start).Round(time.Millisecond), statuses)
}
