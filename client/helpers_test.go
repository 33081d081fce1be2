package client

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// isolate gives the test an empty AWS world: a temp HOME, config and
// credentials files holding the given text, every AWS_* variable unset and
// IMDS disabled, so the user's own files and variables never matter.
func isolate(t *testing.T, configText, credentialsText string) {
	t.Helper()
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "AWS_") {
			t.Setenv(k, "") // restores the value after the test
			os.Unsetenv(k)
		}
	}
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	cfg := filepath.Join(dir, "config")
	creds := filepath.Join(dir, "credentials")
	writeFile(t, cfg, configText)
	writeFile(t, creds, credentialsText)
	t.Setenv("AWS_CONFIG_FILE", cfg)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	for _, k := range []string{"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"} {
		t.Setenv(k, "")
	}
}

// withKeys adds static credentials to the environment.
func withKeys(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// reply is one scripted response.
type reply struct {
	status int
	header map[string]string
	body   string
}

// recorded is one request the fake service received.
type recorded struct {
	method, path string
	header       http.Header
	body         string
}

// fakeService answers with the scripted replies in order (the last one
// repeats) and records every request.
type fakeService struct {
	*httptest.Server
	mu       sync.Mutex
	replies  []reply
	requests []recorded
}

func newFakeService(t *testing.T, replies ...reply) *fakeService {
	f := &fakeService{replies: replies}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeService) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	n := len(f.requests)
	f.requests = append(f.requests, recorded{r.Method, r.URL.Path, r.Header.Clone(), string(body)})
	rep := reply{status: 200, body: "{}"}
	if len(f.replies) > 0 {
		rep = f.replies[min(n, len(f.replies)-1)]
	}
	f.mu.Unlock()
	for k, v := range rep.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(rep.status)
	io.WriteString(w, rep.body)
}

func (f *fakeService) got() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.requests...)
}

// newTestClient builds a client whose retries do not sleep; delays records
// the retry numbers backoff was asked for.
func newTestClient(t *testing.T, cfg Config) (*Client, *[]int) {
	t.Helper()
	c, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	var delays []int
	c.backoff = func(n int) time.Duration { delays = append(delays, n); return 0 }
	c.sleep = func(context.Context, time.Duration) error { return nil }
	return c, &delays
}

func intp(n int) *int { return &n }

// wantError checks err is an *Error with exactly this text and exit code.
func wantError(t *testing.T, err error, msg string, exit int) {
	t.Helper()
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("error = %v (%T), want *Error %q", err, err, msg)
	}
	if e.Msg != msg || e.Exit != exit || e.Error() != msg || e.ExitCode() != exit {
		t.Errorf("error = %q exit %d, want %q exit %d", e.Msg, e.Exit, msg, exit)
	}
}
