//go:build crash_proof

package proof

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite" // the integrity check reads the file directly
)

var (
	crashCycles  = flag.Int("crash.cycles", 3, "kill-and-restart cycles")
	crashClients = flag.Int("crash.clients", 16, "clients, each chaining updates on its own opportunity")
	crashSeed    = flag.Uint64("crash.seed", 0, "seed of the kill delays (0: from the clock; the log names it)")
	crashMin     = flag.Duration("crash.min", 300*time.Millisecond, "shortest load before the kill")
	crashMax     = flag.Duration("crash.max", 1500*time.Millisecond, "longest load before the kill")
)

// TestCrashSQLite kills a server on SQLite with --sync normal, the default
// the README documents: in WAL mode a commit is in the operating system's
// hands when the answer leaves, so a crash of the process (not of the
// machine) loses nothing answered. --sync full adds an fsync per commit
// for power loss; a process kill cannot tell the two apart.
func TestCrashSQLite(t *testing.T) {
	db := filepath.Join(t.TempDir(), "crash.db")
	srv := startServer(t, db, "--sync", "normal")
	crash(t, srv, func(t *testing.T) { integrityCheck(t, db) })
}

// TestCrashPostgres kills a server on PostgreSQL: its transactions commit
// in the database, so a restarted server must find every answered update.
func TestCrashPostgres(t *testing.T) {
	db := postgresURL(t)
	srv := startServer(t, db)
	crash(t, srv, func(t *testing.T) {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, db)
		if err != nil {
			t.Fatalf("connect after the crash: %v", err)
		}
		defer conn.Close(ctx)
		var n int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM opportunities`).Scan(&n); err != nil {
			t.Fatalf("query after the crash: %v", err)
		}
		if n != *crashClients {
			t.Errorf("%d opportunities stored, want %d", n, *crashClients)
		}
	})
}

// integrityCheck runs PRAGMA integrity_check on the SQLite file, beside
// the restarted server (WAL mode lets another process read).
func integrityCheck(t *testing.T, path string) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`PRAGMA integrity_check`)
	if err != nil {
		t.Fatalf("integrity_check: %v", err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != "ok" {
		t.Errorf("PRAGMA integrity_check = %q, want [ok]", got)
	}
}

// chainer is one client's view of its opportunity: the values it knows to
// be committed (acknowledged, or found stored after a restart), and the
// one update in flight when the server died, whose fate is unknown.
type chainer struct {
	id      int
	opp     *opportunity
	seq     int               // last known-committed update number
	times   map[int]time.Time // update number → its LastModifiedDate, when known
	pending int               // update number sent but not answered; 0: none
	acked   int               // acknowledgements this cycle
	failure string            // an answer that is neither 200 nor a lost connection
}

func (c *chainer) value(n int) string { return fmt.Sprintf("client %d update %d", c.id, n) }

// run chains updates until the server stops answering or ctx ends: each
// update carries the LastModifiedDate of the previous answer.
func (c *chainer) run(ctx context.Context, cl *client, url string) {
	for n := c.seq + 1; n < c.seq+1_000_000 && ctx.Err() == nil; n++ {
		rep, err := cl.call(ctx, url, "UpdateOpportunity", c.opp.update(c.opp.LMD, c.value(n)))
		switch {
		case err != nil, rep.Status >= 500:
			// The connection died (or the server failed): the update may
			// or may not have committed. Stop; the restart tells.
			c.pending = n
			return
		case rep.Status != http.StatusOK:
			c.failure = fmt.Sprintf("update %d: HTTP %d: %s", n, rep.Status, rep.Raw)
			return
		}
		tm, perr := parseTime(rep.Body.Str("LastModifiedDate"))
		if perr != nil {
			c.failure = fmt.Sprintf("update %d: LastModifiedDate: %v", n, perr)
			return
		}
		c.opp.LMD = rep.Body.Str("LastModifiedDate")
		c.seq, c.times[n] = n, tm
		c.acked++
	}
}

// verify reads the record from the restarted server. Every acknowledged
// update must be there: NextSteps is the last acknowledged value, or the
// in-flight one if that committed before the kill (its answer was lost:
// allowed); NextStepsHistory (§3.11) is exactly the last 50 values of the
// chain up to it, each acknowledged one with the LastModifiedDate its
// answer carried. A missing acknowledged update fails the proof.
func (c *chainer) verify(t *testing.T, cl *client, url string) (lostAnswer bool) {
	t.Helper()
	rec := cl.must(t, url, "GetOpportunity", c.opp.get())
	stored := rec.Str("LifeCycle", "NextSteps")
	lmd := mustTime(t, rec.Str("LastModifiedDate"))
	last := c.seq
	switch {
	case c.seq > 0 && stored == c.value(c.seq):
	case c.seq == 0 && !strings.HasPrefix(stored, fmt.Sprintf("client %d update ", c.id)):
	case c.pending > 0 && stored == c.value(c.pending):
		last, lostAnswer = c.pending, true
		c.times[last] = lmd
	default:
		t.Fatalf("client %d: stored NextSteps %q; acknowledged up to %q (in flight: update %d): an acknowledged update is lost",
			c.id, stored, c.value(c.seq), c.pending)
	}
	if last > 0 && !lmd.Equal(c.times[last]) {
		t.Errorf("client %d: stored LastModifiedDate %s, want %s (update %d's)", c.id, lmd, c.times[last], last)
	}
	var want []historyEntry
	for n := max(1, last-historyMax+1); n <= last; n++ {
		want = append(want, historyEntry{Value: c.value(n), Time: c.times[n]})
	}
	if diff := cmp.Diff(want, history(t, rec)); diff != "" {
		t.Fatalf("client %d: NextStepsHistory is not the last %d committed updates (-want +got):\n%s", c.id, historyMax, diff)
	}
	c.seq, c.pending = last, 0
	c.opp.LMD = rec.Str("LastModifiedDate")
	return lostAnswer
}

// crash runs the kill cycles against srv; checkDB inspects the database
// after each restart.
func crash(t *testing.T, srv *server, checkDB func(*testing.T)) {
	seed := *crashSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("kill delays from -crash.seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	cl := newClient(*crashClients)
	chains := make([]*chainer, *crashClients)
	for i := range chains {
		chains[i] = &chainer{id: i, opp: createOpportunity(t, cl, srv.URL, i), times: map[int]time.Time{}}
	}
	for cycle := 1; cycle <= *crashCycles; cycle++ {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		var wg sync.WaitGroup
		for _, c := range chains {
			c.acked = 0
			wg.Add(1)
			go func() { defer wg.Done(); c.run(ctx, cl, srv.URL) }()
		}
		delay := *crashMin + time.Duration(rng.Int64N(int64(*crashMax-*crashMin)+1))
		time.Sleep(delay)
		srv.kill() // SIGKILL mid-load
		wg.Wait()
		cancel()
		cl.http.CloseIdleConnections()

		acked, inFlight := 0, 0
		for _, c := range chains {
			if c.failure != "" {
				t.Fatalf("cycle %d client %d: %s", cycle, c.id, c.failure)
			}
			acked += c.acked
			if c.pending > 0 {
				inFlight++
			}
		}
		if acked == 0 {
			t.Fatalf("cycle %d: no update was acknowledged in %s: nothing to prove (raise -crash.min)", cycle, delay)
		}

		srv = srv.restart()
		lost := 0
		for _, c := range chains {
			if c.verify(t, cl, srv.URL) {
				lost++
			}
		}
		checkDB(t)
		t.Logf("cycle %d: killed after %s; %d updates acknowledged, all present; %d in flight, of which %d committed with the answer lost",
			cycle, delay.Round(time.Millisecond), acked, inFlight, lost)
	}
	// The restarted server takes writes again.
	for _, c := range chains {
		rep := cl.must(t, srv.URL, "UpdateOpportunity", c.opp.update(c.opp.LMD, "after the crashes "+strconv.Itoa(c.id)))
		if rep.Str("Id") != c.opp.ID {
			t.Errorf("client %d: update after the crashes answered %v", c.id, rep)
		}
	}
}
