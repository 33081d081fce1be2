//go:build hostile_proof

package proof

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/seed"
)

var (
	hostileConns      = flag.Int("hostile.conns", 2000, "connections that send headers announcing a 1 MiB body and no body")
	hostileNonReaders = flag.Int("hostile.nonreaders", 30, "clients that request a large ListOpportunities page and never read it")
	hostileRecords    = flag.Int("hostile.records", 150, "Sandbox records seeded with the longest review texts")
	hostileServed     = flag.Int("hostile.clients", 8, "well-behaved clients whose latency is measured")
	hostileDuration   = flag.Duration("hostile.duration", 20*time.Second, "how long the served clients run under attack")
	hostilePipeline   = flag.Int("hostile.pipeline", 3, "requests each deaf client sends back to back (the first answers fill the socket buffers)")
	hostileUpdates    = flag.Duration("hostile.update-interval", time.Second, "each served client sends an UpdateOpportunity this often, GetOpportunity calls in between (0: gets only)")
	hostileCut        = flag.Bool("hostile.cut", true, "wait until the server has closed every attacking connection")
)

// rssLimit is issue 9's bound on the server's resident memory under attack.
const rssLimit = 256 << 20

// TestHostileClients is issue 9's proof: a real cosell serve on SQLite,
// seeded so that a page of 100 list summaries is large (every review text
// at its cap, written with characters JSON escapes six bytes wide), is
// attacked by 2,000 connections that announce a 1 MiB body and send none,
// and by 30 clients that request a page of 100 summaries on a tiny receive
// window and never read it; meanwhile well-behaved clients get records back
// to back and update their own once a second (Partner Central's write
// quota; each update also keeps a superseded version, which grows the
// database and SQLite's page caches whatever the attack, so writes at full
// speed would measure those caches, not the attack). The server's peak RSS
// (VmHWM) must stay under 256 MiB; the
// served clients' latencies are reported (docs/benchmarks.md), and the
// attackers' connections must be cut by the server's read and write
// timeouts.
func TestHostileClients(t *testing.T) {
	conns, nonReaders, served := *hostileConns, *hostileNonReaders, *hostileServed
	raiseNoFile(t, uint64(conns+nonReaders+4*served+256))
	srv := startServer(t, filepath.Join(t.TempDir(), "hostile.db"))
	pid := srv.cmd.Process.Pid
	addr := strings.TrimPrefix(srv.URL, "http://")
	c := newClient(served)

	start := time.Now()
	pageBytes := seedReviewed(t, c, srv.URL, *hostileRecords)
	plain := make([]*opportunity, served)
	for i := range plain {
		plain[i] = createSandbox(t, c, srv.URL, 100000+i)
	}
	t.Logf("seeded %d reviewed records in %s; a page of 100 summaries is %d bytes", *hostileRecords, time.Since(start).Round(time.Millisecond), pageBytes)
	base := status(t, pid)
	// Idle keep-alive connections of the served clients may still be open
	// when the attack is over; count them in.
	baseFDs, err := openFDs(pid)
	if err != nil {
		t.Fatal(err)
	}
	baseFDs += 2 * served
	t.Logf("server before the attack: VmRSS %s, VmHWM %s", mib(base.rss), mib(base.hwm))

	var peakRSS atomic.Int64
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			if st, err := readStatus(pid); err == nil && st.rss > peakRSS.Load() {
				peakRSS.Store(st.rss)
			}
			select {
			case <-stopSampling:
				return
			case <-tick.C:
			}
		}
	}()

	// The attack.
	attackStart := time.Now()
	silent := dialAll(t, addr, conns, 0, func(i int) string {
		return "POST / HTTP/1.1\r\nHost: " + addr + "\r\nX-Amz-Target: AWSPartnerCentralSelling.ListOpportunities\r\n" +
			"Content-Type: application/x-amz-json-1.0\r\nContent-Length: 1048576\r\n\r\n"
	})
	body := `{"Catalog":"Sandbox","MaxResults":100}`
	deaf := dialAll(t, addr, nonReaders, 4096, func(i int) string {
		return strings.Repeat("POST / HTTP/1.1\r\nHost: "+addr+"\r\nX-Amz-Target: AWSPartnerCentralSelling.ListOpportunities\r\n"+
			"Content-Type: application/x-amz-json-1.0\r\nContent-Length: "+strconv.Itoa(len(body))+"\r\n\r\n"+body, *hostilePipeline)
	})
	t.Logf("attack open in %s: %d silent connections, %d deaf clients", time.Since(attackStart).Round(time.Millisecond), len(silent), len(deaf))

	// The served clients: gets of reviewed records back to back, and a
	// chained update of their own record every -hostile.update-interval.
	ids := listIDs(t, c, srv.URL)
	var (
		updates   atomic.Int64
		mu        sync.Mutex
		latencies []time.Duration
		failures  []string
		wg        sync.WaitGroup
	)
	ctx, cancel := context.WithTimeout(context.Background(), *hostileDuration)
	defer cancel()
	for i := 0; i < served; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 9))
			o := plain[i]
			var mine []time.Duration
			var bad []string
			nextUpdate := time.Now()
			for n := 0; ctx.Err() == nil; n++ {
				op, req := "GetOpportunity", cosell.Object{{Name: "Catalog", Value: "Sandbox"}, {Name: "Identifier", Value: ids[rng.IntN(len(ids))]}}
				if *hostileUpdates > 0 && !time.Now().Before(nextUpdate) {
					op, req = "UpdateOpportunity", o.update(o.LMD, fmt.Sprintf("client %d step %d", i, n))
					nextUpdate = nextUpdate.Add(*hostileUpdates)
				}
				t0 := time.Now()
				r, err := c.call(context.Background(), srv.URL, op, req)
				d := time.Since(t0)
				switch {
				case err != nil:
					bad = append(bad, fmt.Sprintf("%s: %v", op, err))
				case r.Status != 200:
					bad = append(bad, fmt.Sprintf("%s: HTTP %d %s", op, r.Status, r.Raw))
				default:
					mine = append(mine, d)
					if op == "UpdateOpportunity" {
						o.LMD = r.Body.Str("LastModifiedDate")
						updates.Add(1)
					}
				}
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			failures = append(failures, bad...)
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	close(stopSampling)
	<-sampled
	during := status(t, pid)

	if len(failures) > 0 {
		t.Errorf("%d served requests failed under attack, first: %s", len(failures), failures[0])
	}
	slices.Sort(latencies)
	if len(latencies) == 0 {
		t.Fatal("no served request succeeded")
	}
	pct := func(p float64) time.Duration { return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))] }
	t.Logf("served clients: %d requests (%d updates) in %s (%.0f/s): p50 %s, p99 %s, max %s",
		len(latencies), updates.Load(), *hostileDuration, float64(len(latencies))/hostileDuration.Seconds(),
		ms(pct(0.50)), ms(pct(0.99)), ms(latencies[len(latencies)-1]))
	t.Logf("server under attack: peak VmRSS %s sampled, VmHWM %s (limit %s)", mib(peakRSS.Load()), mib(during.hwm), mib(rssLimit))
	fmt.Printf("HOSTILE conns=%d nonreaders=%d page_bytes=%d rss_before_mib=%.1f hwm_mib=%.1f peak_rss_mib=%.1f served=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
		conns, nonReaders, pageBytes, float64(base.rss)/(1<<20), float64(during.hwm)/(1<<20), float64(peakRSS.Load())/(1<<20),
		len(latencies), msf(pct(0.50)), msf(pct(0.99)), msf(latencies[len(latencies)-1]))
	if during.hwm >= rssLimit {
		t.Errorf("server peak RSS (VmHWM) %s, want under %s", mib(during.hwm), mib(rssLimit))
	}

	// The attackers cannot hold their connections forever: the read
	// timeout cuts the silent ones, the write timeout the deaf ones (which
	// never read a byte). The server's open descriptors tell.
	if *hostileCut {
		deadline := time.Now().Add(3 * time.Minute)
		for {
			n, err := openFDs(pid)
			if err != nil {
				t.Fatal(err)
			}
			if n <= baseFDs {
				t.Logf("the server closed every attacking connection %s after the attack began (%d descriptors open, %d before)",
					time.Since(attackStart).Round(time.Second), n, baseFDs)
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("%d descriptors still open 3 minutes after the attack began, %d before it", n, baseFDs)
				break
			}
			time.Sleep(250 * time.Millisecond)
		}
	}
	after := status(t, pid)
	t.Logf("server at the end: VmRSS %s, VmHWM %s", mib(after.rss), mib(after.hwm))
	if after.hwm >= rssLimit {
		t.Errorf("server peak RSS (VmHWM) %s, want under %s", mib(after.hwm), mib(rssLimit))
	}
	if _, err := c.call(context.Background(), srv.URL, "GetOpportunity", plain[0].get()); err != nil {
		t.Errorf("after the attack: %v", err)
	}
}

// raiseNoFile lifts this process's open-file limit to at least n (up to
// the hard limit). The server inherits it: os/exec gives children the
// limit the program set itself.
func raiseNoFile(t *testing.T, n uint64) {
	t.Helper()
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	if lim.Max < n {
		t.Fatalf("the open-file hard limit is %d; this proof needs %d (ulimit -Hn)", lim.Max, n)
	}
	lim.Cur = max(lim.Cur, n)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
}

// createSandbox creates seed record i in the Sandbox catalog.
func createSandbox(t *testing.T, c *client, url string, i int) *opportunity {
	t.Helper()
	g, err := seed.NewGenerator(time.Now(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	req := g.Request(i)
	req.Set("Catalog", "Sandbox")
	life := req.Obj("LifeCycle")
	life.Set("Stage", string(cosell.StageProspect))
	life.Delete("ClosedLostReason")
	req.Set("LifeCycle", life)
	req.Set("ClientToken", fmt.Sprintf("hostile-%d-%d-%d", os.Getpid(), time.Now().UnixNano(), i))
	out := c.must(t, url, "CreateOpportunity", req)
	o := &opportunity{Catalog: "Sandbox", ID: out.Str("Id"), LMD: out.Str("LastModifiedDate")}
	for _, m := range cosell.UpdateOpportunityInput.Members {
		if v, ok := req.Lookup(m.Name); ok {
			o.base = append(o.base, cosell.Field{Name: m.Name, Value: cosell.Clone(v)})
		}
	}
	return o
}

// seedReviewed creates n Sandbox records and puts each through a simulated
// review that stores the longest review texts cosell accepts, in a
// character JSON writes as six bytes (\u0001); NextSteps is at its model
// maximum too. It returns the size of a ListOpportunities page of 100.
func seedReviewed(t *testing.T, c *client, url string, n int) int {
	t.Helper()
	comments := strings.Repeat("\x01", cosell.MaxReviewComments)
	reason := strings.Repeat("\x01", cosell.MaxReviewStatusReason)
	next := strings.Repeat("\x01", 255)
	for i := range n {
		o := createSandbox(t, c, url, i)
		c.must(t, url, "AssociateOpportunity", cosell.Object{{Name: "Catalog", Value: "Sandbox"}, {Name: "OpportunityIdentifier", Value: o.ID},
			{Name: "RelatedEntityType", Value: "Solutions"}, {Name: "RelatedEntityIdentifier", Value: "S-1234567"}})
		c.must(t, url, "SubmitOpportunity", cosell.Object{{Name: "Catalog", Value: "Sandbox"}, {Name: "Identifier", Value: o.ID}, {Name: "InvolvementType", Value: "Co-Sell"}})
		cur := c.must(t, url, "GetOpportunity", o.get())
		req := o.update(cur.Str("LastModifiedDate"), next)
		life := req.Obj("LifeCycle")
		life.Set("ReviewStatus", "Action Required")
		life.Set("ReviewComments", comments)
		life.Set("ReviewStatusReason", reason)
		req.Set("LifeCycle", life)
		c.must(t, url, "UpdateOpportunity", req)
	}
	r, err := c.call(context.Background(), url, "ListOpportunities", cosell.Object{{Name: "Catalog", Value: "Sandbox"}, {Name: "MaxResults", Value: cosell.Number("100")}})
	if err != nil || r.Status != 200 {
		t.Fatalf("ListOpportunities: %v %d", err, r.Status)
	}
	if got := len(r.Body.List("OpportunitySummaries")); got != min(100, n) {
		t.Fatalf("a page holds %d summaries, want %d", got, min(100, n))
	}
	return len(r.Raw)
}

// listIDs returns the identifiers of the first page of Sandbox records.
func listIDs(t *testing.T, c *client, url string) []string {
	t.Helper()
	page := c.must(t, url, "ListOpportunities", cosell.Object{{Name: "Catalog", Value: "Sandbox"}, {Name: "MaxResults", Value: cosell.Number("100")}})
	var ids []string
	for _, s := range page.List("OpportunitySummaries") {
		ids = append(ids, s.(cosell.Object).Str("Id"))
	}
	return ids
}

// dialAll opens n connections to addr and writes each its request bytes,
// never reading. rcvbuf, when positive, shrinks each socket's receive
// buffer (set before connecting, so the window stays small).
func dialAll(t *testing.T, addr string, n, rcvbuf int, request func(i int) string) []net.Conn {
	t.Helper()
	d := net.Dialer{Timeout: 30 * time.Second}
	if rcvbuf > 0 {
		d.Control = func(_, _ string, rc syscall.RawConn) error {
			var serr error
			err := rc.Control(func(fd uintptr) { serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, rcvbuf) })
			if err != nil {
				return err
			}
			return serr
		}
	}
	out := make([]net.Conn, n)
	var wg sync.WaitGroup
	var failed atomic.Value
	sem := make(chan struct{}, 64)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			conn, err := d.Dial("tcp", addr)
			if err == nil {
				_, err = io.WriteString(conn, request(i))
			}
			if err != nil {
				failed.CompareAndSwap(nil, err)
				return
			}
			out[i] = conn
		}()
	}
	wg.Wait()
	t.Cleanup(func() {
		for _, c := range out {
			if c != nil {
				c.Close()
			}
		}
	})
	if err, _ := failed.Load().(error); err != nil {
		t.Fatalf("opening %d connections: %v", n, err)
	}
	return out
}

// openFDs counts the server's open file descriptors.
func openFDs(pid int) (int, error) {
	entries, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	return len(entries), err
}

func msf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", msf(d)) }
