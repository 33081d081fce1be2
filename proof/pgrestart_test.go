//go:build crash_proof

package proof

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cosell/cosell"
)

// TestPostgresRestart proves issue 4's fault rule with a real database
// restart: while PostgreSQL is down, every answer is InternalServerException
// (5xx, which clients retry), never a 2xx for an update that is then missing
// and never a 4xx; /healthz stays 200 and /readyz is 503. When PostgreSQL is
// back (same data directory, same port), the SAME cosell serve process
// takes updates again and /readyz is 200, without a restart; every update
// answered 200 before, during or after the outage is in NextStepsHistory,
// and nothing is half written.
//
// It stops the cluster scripts/pg-start.sh runs in $COSELL_PG_DIR (default
// /tmp/cosell-pg) with pg_ctl stop -m immediate (no checkpoint: a crash)
// and always starts it again before returning. Every other test using that
// cluster at the same moment sees the outage too; run this one alone or on
// its own cluster (export COSELL_PG_DIR=/tmp/other; eval "$(scripts/pg-start.sh)").
func TestPostgresRestart(t *testing.T) {
	db := postgresURL(t)
	pg := requireCluster(t)
	t.Cleanup(func() { pg.ensureRunning(t) }) // runs before postgresURL drops the schema
	srv := startServer(t, db)

	const clients = 4
	cl := newClient(clients)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var clock outageClock
	chains := make([]*restartChain, clients)
	for i := range chains {
		chains[i] = &restartChain{chainer: chainer{id: i, opp: createOpportunity(t, cl, srv.URL, i), times: map[int]time.Time{}}, clock: &clock}
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	for _, c := range chains {
		wg.Add(1)
		go func() { defer wg.Done(); c.run(ctx, cl, srv.URL, &stop) }()
	}
	halt := func() { stop.Store(true); wg.Wait() }
	defer halt()
	fail := func(format string, args ...any) {
		t.Helper()
		halt()
		t.Fatalf(format+"\nserver log:\n%s", append(args, srv.stderr())...)
	}
	// failures reports the first chain that saw a forbidden answer.
	failures := func() string {
		for _, c := range chains {
			if f := c.failed(); f != "" {
				return fmt.Sprintf("client %d: %s", c.id, f)
			}
		}
		return ""
	}
	// waitAll polls until cond holds for every chain, or the bound passes.
	waitAll := func(what string, bound time.Duration, cond func(*restartChain) bool) {
		t.Helper()
		deadline := time.Now().Add(bound)
		for {
			if f := failures(); f != "" {
				fail("%s", f)
			}
			all := true
			for _, c := range chains {
				all = all && cond(c)
			}
			if all {
				return
			}
			if time.Now().After(deadline) {
				fail("not every client %s within %s", what, bound)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}

	// Load: every chain has updates acknowledged, and keeps sending.
	waitAll("had 3 updates acknowledged", 30*time.Second, func(c *restartChain) bool { return c.count(phaseBefore) >= 3 })

	// Outage, mid-load.
	clock.mark(&clock.stopBegin)
	if out, err := pg.ctl("stop", "-m", "immediate", "-w", "-t", "60").CombinedOutput(); err != nil {
		fail("pg_ctl stop: %v\n%s", err, out)
	}
	clock.mark(&clock.stopDone)
	waitAll("was answered InternalServerException during the outage", 15*time.Second, func(c *restartChain) bool { return c.count(phaseDuring) >= 3 })
	time.Sleep(time.Second) // a longer outage: every pooled connection is dead by now
	if got := probe(t, "/healthz", srv.URL); got != http.StatusOK {
		fail("GET /healthz during the outage: HTTP %d, want 200 (the process is alive)", got)
	}
	if got := probe(t, "/readyz", srv.URL); got != http.StatusServiceUnavailable {
		fail("GET /readyz during the outage: HTTP %d, want 503 (the database is down)", got)
	}

	// Recovery: same data directory, same port, same server process.
	clock.mark(&clock.startBegin)
	if out, err := pg.start().CombinedOutput(); err != nil {
		fail("pg_ctl restart: %v\n%s", err, out)
	}
	clock.mark(&clock.startDone)
	waitAll("had an update acknowledged after the restart", 30*time.Second, func(c *restartChain) bool { return c.count(phaseAfter) >= 1 })
	recovered := time.Now()
	deadline := time.Now().Add(30 * time.Second)
	for probe(t, "/readyz", srv.URL) != http.StatusOK {
		if time.Now().After(deadline) {
			fail("GET /readyz not 200 within 30s of PostgreSQL's restart")
		}
		time.Sleep(50 * time.Millisecond)
	}
	waitAll("had 3 updates acknowledged after the restart", 30*time.Second, func(c *restartChain) bool {
		return c.count(phaseAfter) >= 3 || c.full()
	})
	halt()
	if f := failures(); f != "" {
		fail("%s", f)
	}
	select {
	case <-srv.done:
		t.Fatalf("cosell serve exited:\n%s", srv.stderr())
	default:
	}

	t.Logf("pg_ctl stop -m immediate took %s; outage %s; pg_ctl restart took %s; every client had an update acknowledged %s after it",
		clock.stopDone.Sub(clock.stopBegin).Round(time.Millisecond), clock.startBegin.Sub(clock.stopDone).Round(time.Millisecond),
		clock.startDone.Sub(clock.startBegin).Round(time.Millisecond), recovered.Sub(clock.startDone).Round(time.Millisecond))

	// Every acknowledged update is in NextStepsHistory (a chain never
	// exceeds historyMax updates, so the history holds all of it), with the
	// LastModifiedDate its answer carried; the record decodes, and its
	// NextSteps and LastModifiedDate are the last acknowledged update's or
	// the one update whose answer was a 5xx but which committed (verify).
	for _, c := range chains {
		c.verify(t, cl, srv.URL)
		c.mu.Lock()
		t.Logf("client %d: %d updates committed; %d answers during the outage, all InternalServerException; %d/%d acknowledged before/after it; %d InternalServerException in all (%d updates answered 5xx yet committed)",
			c.id, c.seq, c.during, c.acks[phaseBefore], c.acks[phaseAfter], c.internal, c.committed5xx)
		c.mu.Unlock()
	}
}

// phase places one answer relative to the outage.
type phase int

const (
	phaseBefore phase = iota // answered before the stop began
	phaseDuring              // sent after the stop finished, answered before the start began
	phaseAfter               // sent after the start finished
	phaseSeam                // straddles a stop or a start: may go either way
)

// outageClock holds the instants of the stop and the start; zero: not yet.
type outageClock struct {
	mu                                         sync.Mutex
	stopBegin, stopDone, startBegin, startDone time.Time
}

func (c *outageClock) mark(at *time.Time) {
	c.mu.Lock()
	*at = time.Now()
	c.mu.Unlock()
}

func (c *outageClock) phase(sent, answered time.Time) phase {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.stopBegin.IsZero() || answered.Before(c.stopBegin):
		return phaseBefore
	case !c.stopDone.IsZero() && sent.After(c.stopDone) && (c.startBegin.IsZero() || answered.Before(c.startBegin)):
		return phaseDuring
	case !c.startDone.IsZero() && sent.After(c.startDone):
		return phaseAfter
	}
	return phaseSeam
}

// restartChain chains updates on one opportunity through the outage. An
// update answered 5xx has an unknown fate (the connection may have died
// after COMMIT); the chain re-reads the record to learn it before going on.
type restartChain struct {
	chainer
	clock *outageClock

	mu           sync.Mutex
	acks         [4]int // acknowledged updates by phase
	during       int    // answers of any operation in phaseDuring (all InternalServerException)
	internal     int    // InternalServerException answers
	committed5xx int    // updates answered 5xx that had committed
	failure      string
}

func (c *restartChain) count(p phase) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p == phaseDuring {
		return c.during
	}
	return c.acks[p]
}

func (c *restartChain) failed() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.failure
}

func (c *restartChain) full() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seq >= historyMax
}

// send calls op and checks the answer against the fault rule: 200, or
// InternalServerException (status 5xx, its JSON body) where the database
// may be unreachable; in the outage proper, only the latter. It reports
// whether the answer was 200; a forbidden answer sets failure.
func (c *restartChain) send(ctx context.Context, cl *client, url, op string, body cosell.Object, what string) (reply, phase, bool) {
	sent := time.Now()
	rep, err := cl.call(ctx, url, op, body)
	ph := c.clock.phase(sent, time.Now())
	c.mu.Lock()
	defer c.mu.Unlock()
	if ph == phaseDuring {
		c.during++
	}
	switch {
	case err != nil:
		c.failure = fmt.Sprintf("%s: %v (the server must answer, not drop the connection)", what, err)
	case rep.Status == http.StatusOK && ph == phaseDuring:
		c.failure = fmt.Sprintf("%s: HTTP 200 while PostgreSQL was down: %s", what, rep.Raw)
	case rep.Status == http.StatusOK:
		return rep, ph, true
	case rep.Status >= 500 && rep.Status <= 599 && rep.Type == "InternalServerException" && rep.Body.Str("Message") != "":
		c.internal++
		if ph == phaseBefore {
			c.failure = fmt.Sprintf("%s: HTTP %d before the outage: %s", what, rep.Status, rep.Raw)
		}
	default:
		c.failure = fmt.Sprintf("%s: HTTP %d %q in phase %d, want 200 or an InternalServerException JSON body: %s", what, rep.Status, rep.Type, ph, rep.Raw)
	}
	return rep, ph, false
}

// run chains updates, paced so the load spans the stop and the start,
// until stop is set, a forbidden answer arrives, or the bounds pass. The
// chain stops growing at historyMax updates, so NextStepsHistory holds it
// all.
func (c *restartChain) run(ctx context.Context, cl *client, url string, stop *atomic.Bool) {
	for i := 0; i < 100_000 && ctx.Err() == nil && !stop.Load() && c.failed() == ""; i++ {
		time.Sleep(10 * time.Millisecond)
		c.mu.Lock()
		pending, n, lmd := c.pending, c.seq+1, c.opp.LMD
		c.mu.Unlock()
		if pending > 0 {
			rep, _, ok := c.send(ctx, cl, url, "GetOpportunity", c.opp.get(), fmt.Sprintf("GetOpportunity after update %d's 5xx", pending))
			if ok {
				c.resolve(rep.Body)
			}
			continue
		}
		if n > historyMax {
			continue
		}
		rep, ph, ok := c.send(ctx, cl, url, "UpdateOpportunity", c.opp.update(lmd, c.value(n)), fmt.Sprintf("update %d", n))
		c.mu.Lock()
		switch {
		case ok:
			tm, err := parseTime(rep.Body.Str("LastModifiedDate"))
			if err != nil {
				c.failure = fmt.Sprintf("update %d: LastModifiedDate: %v", n, err)
				break
			}
			c.seq, c.times[n], c.opp.LMD = n, tm, rep.Body.Str("LastModifiedDate")
			c.acks[ph]++
		case c.failure == "":
			c.pending = n // a 5xx: committed or not, the record tells
		}
		c.mu.Unlock()
	}
}

// resolve learns from the stored record whether the pending update (its
// answer a 5xx) committed. Either it did, whole — NextSteps is its value and
// LastModifiedDate moved — or nothing of it is stored: NextSteps and
// LastModifiedDate are the last known committed update's. Anything else is
// a half-written or lost update.
func (c *restartChain) resolve(rec cosell.Object) {
	c.mu.Lock()
	defer c.mu.Unlock()
	stored, lmd := rec.Str("LifeCycle", "NextSteps"), rec.Str("LastModifiedDate")
	tm, err := parseTime(lmd)
	switch {
	case err != nil:
		c.failure = fmt.Sprintf("stored LastModifiedDate: %v", err)
	case stored == c.value(c.pending) && lmd != c.opp.LMD:
		c.seq, c.times[c.pending] = c.pending, tm
		c.committed5xx++
	case lmd == c.opp.LMD && (c.seq == 0 || stored == c.value(c.seq)):
	default:
		c.failure = fmt.Sprintf("after update %d's 5xx the record holds NextSteps %q, LastModifiedDate %s; last committed: %q at %s",
			c.pending, stored, lmd, c.value(c.seq), c.opp.LMD)
	}
	c.pending, c.opp.LMD = 0, lmd
}

// pgCluster is the cluster scripts/pg-start.sh runs.
type pgCluster struct{ dir, data, bin string }

// requireCluster finds the cluster in $COSELL_PG_DIR (default
// /tmp/cosell-pg) and checks that COSELL_TEST_POSTGRES_URL names it (same
// port): the test must stop the database the server uses, and no other.
// Without it the test is skipped, or fails under CI=true.
func requireCluster(t *testing.T) *pgCluster {
	t.Helper()
	skip := func(format string, args ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, args...)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (CI=true requires it)")
		}
		t.Skip("PostgreSQL restart skipped: " + msg)
	}
	pg := &pgCluster{dir: os.Getenv("COSELL_PG_DIR"), bin: os.Getenv("PGBIN")}
	if pg.dir == "" {
		pg.dir = "/tmp/cosell-pg"
	}
	if pg.bin == "" {
		pg.bin = "/usr/lib/postgresql/15/bin"
	}
	pg.data = filepath.Join(pg.dir, "data")
	if _, err := os.Stat(filepath.Join(pg.data, "PG_VERSION")); err != nil {
		skip(`no cluster in %s (scripts/pg-start.sh makes it): %v`, pg.dir, err)
	}
	port, err := os.ReadFile(filepath.Join(pg.dir, "port"))
	if err != nil {
		skip("cluster port: %v", err)
	}
	u, err := url.Parse(os.Getenv("COSELL_TEST_POSTGRES_URL"))
	if err != nil || u.Port() != strings.TrimSpace(string(port)) {
		skip("COSELL_TEST_POSTGRES_URL does not name the cluster in %s (port %s); set COSELL_PG_DIR to its directory",
			pg.dir, strings.TrimSpace(string(port)))
	}
	if _, err := os.Stat(filepath.Join(pg.bin, "pg_ctl")); err != nil {
		skip("pg_ctl: %v (set PGBIN)", err)
	}
	return pg
}

// ctl runs pg_ctl on the cluster as its owner: the postgres user when we
// are root, like scripts/pg-start.sh.
func (p *pgCluster) ctl(args ...string) *exec.Cmd {
	argv := append([]string{filepath.Join(p.bin, "pg_ctl"), "-D", p.data}, args...)
	if os.Geteuid() == 0 {
		argv = append([]string{"runuser", "-u", "postgres", "--"}, argv...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = p.dir // the server user must be able to enter the working directory
	return cmd
}

// start starts the stopped cluster with exactly the options of its last
// start: pg_ctl restart on a stopped server starts it with the command line
// saved in postmaster.opts (same port, socket directory, settings).
func (p *pgCluster) start() *exec.Cmd {
	return p.ctl("restart", "-w", "-t", "60", "-l", filepath.Join(p.dir, "server.log"))
}

// ensureRunning starts the cluster if it is down: later tests need it.
func (p *pgCluster) ensureRunning(t *testing.T) {
	if p.ctl("status").Run() == nil {
		return
	}
	if out, err := p.start().CombinedOutput(); err != nil {
		t.Errorf("restarting PostgreSQL in %s: %v\n%s", p.dir, err, out)
	}
}

// probe answers the status of GET base+path (0 when it got no answer).
func probe(t *testing.T, path, base string) int {
	t.Helper()
	hc := &http.Client{Timeout: 10 * time.Second}
	resp, err := hc.Get(base + path)
	if err != nil {
		t.Logf("GET %s: %v", path, err)
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}
