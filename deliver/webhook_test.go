package deliver_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/cosell/cosell/deliver"
	"github.com/cosell/cosell/memory"
	"github.com/google/go-cmp/cmp"
)

func TestSignVerify(t *testing.T) {
	secret := []byte("whsec-1")
	body := []byte(`{"id":"e1"}`)
	at := time.Unix(1767225600, 0)
	good := deliver.Sign(secret, at, body)
	tests := []struct {
		name   string
		header string
		body   []byte
		secret []byte
		now    time.Time
		tol    time.Duration
		want   error
	}{
		{name: "good", header: good, body: body, secret: secret, now: at, tol: 5 * time.Minute},
		{name: "documented bytes", header: "t=1767225600,v1=" + hmacHex(secret, "1767225600."+string(body)), body: body, secret: secret, now: at},
		{name: "other secret", header: good, body: body, secret: []byte("whsec-2"), now: at, want: deliver.ErrNoSignature},
		{name: "body changed", header: good, body: []byte(`{"id":"e2"}`), secret: secret, now: at, want: deliver.ErrNoSignature},
		{name: "timestamp changed", header: "t=1767225601," + good[len("t=1767225600,"):], body: body, secret: secret, now: at, want: deliver.ErrNoSignature},
		{name: "no header", header: "", body: body, secret: secret, now: at, want: deliver.ErrNoSignature},
		{name: "second v1 matches (secret rotation)", header: "t=1767225600,v1=00ff," + good[len("t=1767225600,"):], body: body, secret: secret, now: at},
		{name: "too old", header: good, body: body, secret: secret, now: at.Add(10 * time.Minute), tol: 5 * time.Minute, want: deliver.ErrStaleRequest},
		{name: "old but no tolerance", header: good, body: body, secret: secret, now: at.Add(10 * time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := deliver.Verify(tt.secret, tt.header, tt.body, tt.now, tt.tol); !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

// receiver is a webhook endpoint that checks each request's signature and
// answers failures first times with 503.
type receiver struct {
	mu       sync.Mutex
	secret   []byte
	failures int
	ids      []string // event ids accepted, in order
	attempts map[string]int
	bad      []string
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := deliver.Verify(r.secret, req.Header.Get(deliver.SignatureHeader), body, time.Now(), 5*time.Minute); err != nil {
		r.bad = append(r.bad, err.Error())
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	var env struct {
		ID     string `json:"id"`
		Source string `json:"source"`
		Detail struct {
			Opportunity struct{ Identifier string }
		}
	}
	if err := json.Unmarshal(body, &env); err != nil || env.Source != "aws.partnercentral-selling" || env.ID != req.Header.Get(deliver.EventIDHeader) {
		r.bad = append(r.bad, "envelope "+string(body))
	}
	r.attempts[env.ID]++
	if r.failures > 0 {
		r.failures--
		http.Error(w, "try later", http.StatusServiceUnavailable)
		return
	}
	r.ids = append(r.ids, env.ID+" "+env.Detail.Opportunity.Identifier)
}

// A webhook that fails at first gets every event after retries, signed,
// in order, the same id on each attempt.
func TestWebhookRetries(t *testing.T) {
	rcv := &receiver{secret: []byte("s3cret"), failures: 3, attempts: map[string]int{}}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	store := memory.New()
	d := deliver.New(store, fast("one"))
	d.Add(deliver.NewWebhook(srv.URL, []byte("s3cret"), "123456789012"))
	run(t, d, "one")
	ids := opps(9)
	events := write(t, store, ids...)
	d.Notify()
	eventually(t, "nine deliveries", func() bool { rcv.mu.Lock(); defer rcv.mu.Unlock(); return len(rcv.ids) == 9 })
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	if diff := cmp.Diff(want(events, ids), rcv.ids); diff != "" {
		t.Errorf("deliveries (-want +got):\n%s", diff)
	}
	if rcv.attempts[events[0]] != 4 {
		t.Errorf("first event attempted %d times, want 4 (3 failures)", rcv.attempts[events[0]])
	}
	if len(rcv.bad) > 0 {
		t.Errorf("bad requests: %v", rcv.bad)
	}
}
