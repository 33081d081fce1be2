//go:build e2e

package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cosell/cosell/deliver"

	"github.com/cosell/cosell/internal/testbin"
)

// hook is a webhook receiver: it verifies every request's signature,
// refuses deliveries (503) while down, and keeps what it accepted.
type hook struct {
	mu       sync.Mutex
	secret   []byte
	down     bool
	refused  []string // event ids refused while down, in order
	accepted []hookEvent
	bad      []string
}

type hookEvent struct {
	ID         string `json:"id"`
	DetailType string `json:"detail-type"`
	Account    string `json:"account"`
	Time       string `json:"time"`
	Detail     struct {
		Catalog     string `json:"catalog"`
		Opportunity struct {
			Identifier string `json:"identifier"`
		} `json:"opportunity"`
	} `json:"detail"`
}

func (h *hook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := deliver.Verify(h.secret, r.Header.Get("X-Cosell-Signature"), body, time.Now(), 5*time.Minute); err != nil {
		h.bad = append(h.bad, err.Error()+": "+string(body))
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	var e hookEvent
	if err := json.Unmarshal(body, &e); err != nil || e.ID == "" || e.ID != r.Header.Get("X-Cosell-Event-Id") {
		h.bad = append(h.bad, "envelope: "+string(body))
	}
	if h.down {
		h.refused = append(h.refused, e.ID)
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		return
	}
	h.accepted = append(h.accepted, e)
}

func (h *hook) snapshot() (accepted []hookEvent, refused []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.accepted), slices.Clone(h.refused)
}

// startCosell runs cosell serve on addr with args until the test ends.
func startCosell(t *testing.T, addr string, args ...string) *testbin.Server {
	t.Helper()
	s, err := testbin.Start(cosellBin, addr, nil, args...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// runWrites runs events_boto3.py as alpha; it returns the new ids.
func runWrites(t *testing.T, url string) []string {
	t.Helper()
	cmd := exec.Command("python3", "events_boto3.py")
	cmd.Env = credEnv(alpha, "COSELL_ENDPOINT="+url)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("events_boto3.py: %v\n%s", err, out)
	}
	var r struct{ Ids []string }
	if err := json.Unmarshal(out, &r); err != nil || len(r.Ids) != 2 {
		t.Fatalf("events_boto3.py: %q: %v", out, err)
	}
	return r.Ids
}

// perResource is each opportunity's detail-types in delivery order, once
// per event id (at-least-once: a redelivery keeps the id).
func perResource(events []hookEvent) map[string][]string {
	out := map[string][]string{}
	seen := map[string]bool{}
	for _, e := range events {
		if seen[e.ID] {
			continue
		}
		seen[e.ID] = true
		out[e.Detail.Opportunity.Identifier] = append(out[e.Detail.Opportunity.Identifier], e.DetailType)
	}
	return out
}

func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out after %s waiting for %s", d, what)
}

// TestEventsWebhookCrash: boto3 makes changes; a webhook receiver checks
// each event's signature and the order per opportunity. Then the receiver
// goes down, more changes commit, cosell is killed with SIGKILL before it
// could deliver them, and restarted with the receiver up: every event
// arrives, with the id the refused attempts carried.
func TestEventsWebhookCrash(t *testing.T) {
	need(t, have("python3", "-c", "import boto3"), "python3 with boto3")
	h := &hook{secret: []byte("e2e-webhook-secret")}
	rcv := httptest.NewServer(h)
	defer rcv.Close()
	dir := t.TempDir()
	worldFile := filepath.Join(dir, "world.yaml")
	if err := os.WriteFile(worldFile, []byte(world), 0o600); err != nil {
		t.Fatal(err)
	}
	addr, err := testbin.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + addr
	args := []string{"--db", filepath.Join(dir, "events.db"), "--world", worldFile, "--webhook", rcv.URL, "--webhook-secret", string(h.secret)}
	var procs []*testbin.Server
	defer func() {
		for _, p := range procs {
			if p.Cmd.ProcessState == nil {
				p.Stop() //nolint:errcheck // the test is over
			}
			if t.Failed() {
				t.Logf("server log:\n%s", p.Log())
			}
		}
	}()
	procs = append(procs, startCosell(t, addr, args...))

	// Up: the changes' events arrive signed, in order per opportunity.
	want := func(ids []string) map[string][]string {
		return map[string][]string{
			ids[0]: {"Opportunity Created", "Opportunity Updated", "Opportunity Updated", "Opportunity Updated"},
			ids[1]: {"Opportunity Created", "Opportunity Updated", "Opportunity Updated"},
		}
	}
	first := runWrites(t, url)
	waitFor(t, "7 events", 20*time.Second, func() bool { a, _ := h.snapshot(); return len(a) >= 7 })
	accepted, _ := h.snapshot()
	if got, w := perResource(accepted), want(first); !equalSeqs(got, w) {
		t.Errorf("events per opportunity: got %v, want %v", got, w)
	}
	for _, e := range accepted {
		if e.Account != alpha.account || e.Detail.Catalog != "Sandbox" {
			t.Errorf("event %+v: want account %s, catalog Sandbox", e, alpha.account)
		}
	}

	// Down: the next changes commit, their delivery fails, and the server
	// dies (SIGKILL) with them undelivered.
	h.mu.Lock()
	h.down = true
	h.mu.Unlock()
	second := runWrites(t, url)
	waitFor(t, "a refused delivery", 20*time.Second, func() bool { _, r := h.snapshot(); return len(r) > 0 })
	procs[0].Kill()
	_, refused := h.snapshot()
	h.mu.Lock()
	h.down = false
	h.mu.Unlock()

	// Restarted with the receiver up: all of them arrive.
	procs = append(procs, startCosell(t, addr, args...))
	waitFor(t, "14 events after the restart", 20*time.Second, func() bool { a, _ := h.snapshot(); return len(perResource(a)) == 4 && countEvents(a) >= 14 })
	accepted, _ = h.snapshot()
	got := perResource(accepted)
	for _, ids := range [][]string{first, second} {
		w := want(ids)
		for id, seq := range w {
			if !slices.Equal(got[id], seq) {
				t.Errorf("opportunity %s: events %v, want %v", id, got[id], seq)
			}
		}
	}
	delivered := map[string]bool{}
	for _, e := range accepted {
		delivered[e.ID] = true
	}
	for _, id := range refused {
		if !delivered[id] {
			t.Errorf("event %s, refused before the crash, was delivered under another id or not at all", id)
		}
	}
	h.mu.Lock()
	if len(h.bad) > 0 {
		t.Errorf("bad requests: %v", h.bad)
	}
	h.mu.Unlock()
}

func countEvents(a []hookEvent) int {
	seen := map[string]bool{}
	for _, e := range a {
		seen[e.ID] = true
	}
	return len(seen)
}

func equalSeqs(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}
