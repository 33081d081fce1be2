package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cosell/cosell"
)

// TestBodyNotSizedFromContentLength: the buffer for a body grows with the
// bytes that arrive, not with the Content-Length a client announces (issue 9:
// 2,000 connections announcing 1 MiB each and sending nothing took the
// server to 2.1 GB). The request announces just under 1 MiB and sends 2
// bytes; reading it must not allocate anything close to 1 MiB.
func TestBodyNotSizedFromContentLength(t *testing.T) {
	tests := []struct {
		name          string
		contentLength int64
		body          string
	}{
		{name: "announces 1 MiB sends {}", contentLength: DefaultMaxBodyBytes - 1, body: `{}`},
		{name: "announces 512 KiB sends {}", contentLength: DefaultMaxBodyBytes / 2, body: `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := NewHandler(&fakeService{out: cosell.Object{}}, Options{})
			run := func() {
				r := httptest.NewRequest(http.MethodPost, "/GetOpportunity", nil)
				r.Body = io.NopCloser(strings.NewReader(tt.body))
				r.ContentLength = tt.contentLength
				h.ServeHTTP(httptest.NewRecorder(), r)
			}
			run() // warm the buffer pool and lazy initialisations
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			run()
			runtime.ReadMemStats(&after)
			if got := after.TotalAlloc - before.TotalAlloc; got >= uint64(tt.contentLength)/4 {
				t.Errorf("serving a %d-byte body announced as %d bytes allocated %d bytes", len(tt.body), tt.contentLength, got)
			}
		})
	}
}

// TestResponseContentType pins the Content-Type of answers: awsJson1_0 for
// X-Amz-Target calls, application/json for path-style POST /<Operation>
// calls (what the real service answers there, per AWS's recorded Postman
// responses), on success and on error alike.
func TestResponseContentType(t *testing.T) {
	tests := []struct {
		name string
		svc  *fakeService
		req  request
		want string
	}{
		{name: "target header success", svc: &fakeService{out: cosell.Object{}},
			req: request{headers: map[string]string{"X-Amz-Target": target + "GetOpportunity"}, body: `{}`}, want: "application/x-amz-json-1.0"},
		{name: "target header error", svc: &fakeService{err: cosell.Errorf(cosell.NotFoundError, "gone")},
			req: request{headers: map[string]string{"X-Amz-Target": target + "GetOpportunity"}, body: `{}`}, want: "application/x-amz-json-1.0"},
		{name: "target header unknown operation", svc: &fakeService{},
			req: request{headers: map[string]string{"X-Amz-Target": target + "Nope"}, body: `{}`}, want: "application/x-amz-json-1.0"},
		{name: "path success", svc: &fakeService{out: cosell.Object{}},
			req: request{path: "/GetOpportunity", headers: map[string]string{"Content-Type": "application/json"}, body: `{}`}, want: "application/json"},
		{name: "path empty output", svc: &fakeService{},
			req: request{path: "/SubmitOpportunity", body: `{}`}, want: "application/json"},
		{name: "path error", svc: &fakeService{err: cosell.Errorf(cosell.ConflictError, "stale")},
			req: request{path: "/UpdateOpportunity", body: `{}`}, want: "application/json"},
		{name: "path unknown operation", svc: &fakeService{},
			req: request{path: "/DeleteOpportunity", body: `{}`}, want: "application/json"},
		{name: "path sent as x-amz-json still answered as json", svc: &fakeService{out: cosell.Object{}},
			req: request{path: "/ListOpportunities", headers: map[string]string{"Content-Type": "application/x-amz-json-1.0"}, body: `{}`}, want: "application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(t, tt.svc, Options{}, tt.req)
			if got := rec.Header().Get("Content-Type"); got != tt.want {
				t.Errorf("Content-Type = %q, want %q (status %d)", got, tt.want, rec.Code)
			}
		})
	}
}

// TestLogPathShortened: a long request path is logged as its first 256
// bytes and a count of the rest, so a 1 MB path cannot write a 1 MB line.
func TestLogPathShortened(t *testing.T) {
	tests := []struct {
		name string
		path string
		want string
	}{
		{name: "short path whole", path: "/UpdateOpportunity", want: "/UpdateOpportunity"},
		{name: "exactly the limit", path: "/" + strings.Repeat("a", maxLogPath-1), want: "/" + strings.Repeat("a", maxLogPath-1)},
		{name: "one byte over", path: "/" + strings.Repeat("a", maxLogPath), want: "/" + strings.Repeat("a", maxLogPath-1) + "…[1 more bytes]"},
		{name: "1 MB path", path: "/" + strings.Repeat("b", 1<<20), want: "/" + strings.Repeat("b", maxLogPath-1) + "…[" + itoa(1<<20+1-maxLogPath) + " more bytes]"},
		{name: "cut at a character boundary", path: "/" + strings.Repeat("a", maxLogPath-2) + "é" + strings.Repeat("c", 10),
			want: "/" + strings.Repeat("a", maxLogPath-2) + "…[12 more bytes]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := logPath(tt.path); got != tt.want {
				t.Errorf("logPath = %q (%d bytes), want %q", got, len(got), tt.want)
			}
		})
	}

	t.Run("through the request log", func(t *testing.T) {
		var logs bytes.Buffer
		h := NewHandler(&fakeService{}, Options{Logger: NewLogger(&logs, slog.LevelDebug)})
		long := "/" + strings.Repeat("x", 1<<20)
		for _, method := range []string{http.MethodPost, http.MethodGet} {
			r := httptest.NewRequest(method, "/", nil)
			r.URL.Path = long
			h.ServeHTTP(httptest.NewRecorder(), r)
		}
		lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
		if len(lines) != 2 {
			t.Fatalf("got %d log lines, want 2", len(lines))
		}
		for _, line := range lines {
			if len(line) > 1024 {
				t.Errorf("log line of %d bytes for a 1 MiB path", len(line))
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatalf("log line is not JSON: %v", err)
			}
			if want := logPath(long); m["path"] != want {
				t.Errorf("path = %.80q…, want %.80q…", m["path"], want)
			}
		}
	})
}

// blockingService holds every call until release is closed, after
// reporting it on entered.
type blockingService struct {
	*fakeService
	entered chan string
	release chan struct{}
}

func (b *blockingService) hold(op string) (cosell.Object, error) {
	b.entered <- op
	<-b.release
	return cosell.Object{{Name: "NextToken", Value: nil}}, nil
}

func (b *blockingService) ListOpportunities(context.Context, cosell.Object) (cosell.Object, error) {
	return b.hold("ListOpportunities")
}

func (b *blockingService) GetOpportunity(context.Context, cosell.Object) (cosell.Object, error) {
	return b.hold("GetOpportunity")
}

// stuckWriter is a ResponseWriter whose Write blocks until unblock is
// closed: a client that never reads its answer.
type stuckWriter struct {
	*httptest.ResponseRecorder
	writing chan struct{}
	unblock chan struct{}
}

func (s *stuckWriter) Write(p []byte) (int, error) {
	close(s.writing)
	<-s.unblock
	return s.ResponseRecorder.Write(p)
}

// TestListGate: at most MaxConcurrentLists ListOpportunities calls run at
// once; others wait their turn; other operations do not wait; a call whose
// client never reads its answer gives its slot back before sending it.
func TestListGate(t *testing.T) {
	post := func(h http.Handler, w http.ResponseWriter, op string) {
		h.ServeHTTP(w, request{headers: map[string]string{"X-Amz-Target": target + op}, body: `{}`}.build())
	}
	expect := func(t *testing.T, entered chan string, want string) {
		t.Helper()
		select {
		case op := <-entered:
			if op != want {
				t.Fatalf("%s entered the service, want %s", op, want)
			}
		case <-time.After(10 * time.Second): // a safety bound, not a measurement
			t.Fatalf("%s never entered the service", want)
		}
	}
	nothingMore := func(t *testing.T, entered chan string) {
		t.Helper()
		select {
		case op := <-entered:
			t.Fatalf("%s entered the service past the gate", op)
		case <-time.After(50 * time.Millisecond): // only a chance for a wrong entry to show
		}
	}

	t.Run("bounded, others unaffected", func(t *testing.T) {
		svc := &blockingService{fakeService: &fakeService{}, entered: make(chan string, 8), release: make(chan struct{})}
		h := NewHandler(svc, Options{MaxConcurrentLists: 2})
		var wg sync.WaitGroup
		for range 3 {
			wg.Add(1)
			go func() { defer wg.Done(); post(h, httptest.NewRecorder(), "ListOpportunities") }()
		}
		expect(t, svc.entered, "ListOpportunities")
		expect(t, svc.entered, "ListOpportunities")
		nothingMore(t, svc.entered)
		wg.Add(1)
		go func() { defer wg.Done(); post(h, httptest.NewRecorder(), "GetOpportunity") }()
		expect(t, svc.entered, "GetOpportunity")
		close(svc.release)
		expect(t, svc.entered, "ListOpportunities") // the third, once a slot is free
		wg.Wait()
	})

	t.Run("a stuck answer holds no slot", func(t *testing.T) {
		svc := &blockingService{fakeService: &fakeService{}, entered: make(chan string, 8), release: make(chan struct{})}
		close(svc.release)
		h := NewHandler(svc, Options{MaxConcurrentLists: 1})
		stuck := &stuckWriter{ResponseRecorder: httptest.NewRecorder(), writing: make(chan struct{}), unblock: make(chan struct{})}
		defer close(stuck.unblock)
		go post(h, stuck, "ListOpportunities")
		expect(t, svc.entered, "ListOpportunities")
		<-stuck.writing
		done := make(chan struct{})
		go func() { post(h, httptest.NewRecorder(), "ListOpportunities"); close(done) }()
		expect(t, svc.entered, "ListOpportunities")
		<-done
	})

	t.Run("an aborted call gives its slot back", func(t *testing.T) {
		h := NewHandler(&fakeService{panic: http.ErrAbortHandler}, Options{MaxConcurrentLists: 1})
		for i := range 2 { // with a leaked slot the second call would wait forever
			aborted := make(chan any, 1)
			go func() {
				defer func() { aborted <- recover() }()
				post(h, httptest.NewRecorder(), "ListOpportunities")
			}()
			select {
			case p := <-aborted:
				if p != http.ErrAbortHandler {
					t.Fatalf("call %d: recovered %v, want http.ErrAbortHandler", i+1, p)
				}
			case <-time.After(10 * time.Second): // a safety bound, not a measurement
				t.Fatalf("call %d never ran: the slot leaked", i+1)
			}
		}
	})
}

// timeoutErr is what a connection's Read returns after the server's read
// timeout: a net.Error whose text holds both addresses.
type timeoutErr struct{}

func (timeoutErr) Error() string {
	return "read tcp 127.0.0.1:8456->127.0.0.1:51234: i/o timeout"
}
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

type failingBody struct {
	sent string
	err  error
}

func (b *failingBody) Read(p []byte) (int, error) {
	if b.sent != "" {
		n := copy(p, b.sent)
		b.sent = b.sent[n:]
		return n, nil
	}
	return 0, b.err
}

// TestBodyReadErrors: a body that stops arriving is a 400 that says so in
// the client's terms, without the connection's addresses.
func TestBodyReadErrors(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{name: "read timeout", err: timeoutErr{}, want: "the request body did not arrive in time"},
		{name: "connection closed early", err: io.ErrUnexpectedEOF, want: "the request body ended before its announced length"},
		{name: "connection reset", err: &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, want: "the request body could not be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := NewHandler(&fakeService{out: cosell.Object{}}, Options{})
			r := httptest.NewRequest(http.MethodPost, "/GetOpportunity", nil)
			r.Body = io.NopCloser(&failingBody{sent: `{"Catalog":`, err: tt.err})
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			var body struct{ Type, Message string }
			body.Type = rec.Header().Get("X-Amzn-Errortype")
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			if rec.Code != http.StatusBadRequest || !strings.HasPrefix(body.Message, tt.want) || strings.Contains(body.Message, "127.0.0.1") {
				t.Errorf("%d %s: %q, want 400 starting %q, no address", rec.Code, body.Type, body.Message, tt.want)
			}
		})
	}
}
