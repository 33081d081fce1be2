// Package wire is cosell's AWS JSON 1.0 transport: it routes HTTP requests
// to cosell.Operations, decodes bodies into documents, and writes responses
// and AWS-shaped errors (service-behaviour spec §1). It is the only package
// that knows HTTP statuses.
package wire

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/cosell/cosell"
)

// DefaultMaxBodyBytes bounds request bodies. The largest legitimate request
// (a full opportunity with ten spend items and long texts) is a few tens of
// KiB; 1 MiB leaves room without letting a client exhaust memory.
const DefaultMaxBodyBytes = 1 << 20

// Options configure NewHandler. The zero value is usable.
type Options struct {
	// Logger receives one line per request (see NewLogger); nil logs nothing.
	Logger *slog.Logger
	// Ready backs GET /readyz: nil error means ready. Nil Ready is always ready.
	Ready func(context.Context) error
	// MaxBodyBytes overrides DefaultMaxBodyBytes when positive.
	MaxBodyBytes int64
	// RequestID makes the x-amzn-RequestId value; nil means a random UUID.
	RequestID func() string
	// MaxConcurrentLists overrides DefaultMaxConcurrentLists when positive.
	MaxConcurrentLists int
	// Authenticate, when set, runs once the body is read (so a signature
	// can cover it) and before it is decoded: its error is the answer and
	// nothing else runs; its context (carrying the caller) is the one the
	// operation runs in. cosell serve --world sets it (package auth).
	Authenticate func(r *http.Request, body []byte) (context.Context, error)
	// Lookup finds operations by name; nil is cosell.OperationNamed.
	// cosell serve --world passes the table guarded by key policies.
	Lookup func(name string) *cosell.Operation
	// Observe, when set, receives each API request's outcome once it is
	// answered (or its connection dropped); cosell serve's metrics.
	Observe func(Outcome)
}

// Outcome is what Options.Observe learns of one API request.
type Outcome struct {
	Operation string // "" when no operation was found
	// Account is the caller's (cosell.Caller, set once the request is
	// authenticated); "" without one.
	Account string
	Status  int    // 0: the connection was dropped without an answer (ErrDropConnection)
	Code    string // the error code answered, "" on success
	Err     error  // the operation's error as returned, nil on success
	Latency time.Duration
}

// ErrDropConnection, returned by an operation (in its error chain), makes
// the handler close the connection without answering: the client sees the
// connection end, as when a network or a front end fails (fault injection,
// package faults). Whatever the operation did stands.
var ErrDropConnection = errors.New("the connection is dropped without an answer")

// DefaultMaxConcurrentLists bounds how many ListOpportunities calls run
// and encode their answer at once: one per CPU, at least 2 and at most 4.
// A page of 100 summaries can take 1.6 MB on the wire and several MB of
// transient memory to build; building is CPU-bound, so more at once only
// adds memory (issue 9: 30 clients asking for pages at once took the
// server past 256 MiB), and the upper bound keeps that memory the same on
// a large machine. Calls past the bound wait their turn; the gate is
// released before the answer is sent, so a client that never reads its
// answer holds no slot. Other operations never wait here.
func DefaultMaxConcurrentLists() int { return min(4, max(2, runtime.GOMAXPROCS(0))) }

// heavyOperations are the operations behind the gate above.
var heavyOperations = map[string]bool{"ListOpportunities": true}

type handler struct {
	svc     cosell.Service
	log     *slog.Logger
	ready   func(context.Context) error
	maxBody int64
	newID   func() string
	heavy   chan struct{} // one token per ListOpportunities call running or encoding
	auth    func(*http.Request, []byte) (context.Context, error)
	lookup  func(string) *cosell.Operation
	observe func(Outcome)
}

// NewHandler serves svc over AWS JSON 1.0, plus GET /healthz and GET /readyz.
func NewHandler(svc cosell.Service, opts Options) http.Handler {
	h := &handler{svc: svc, log: opts.Logger, ready: opts.Ready, maxBody: opts.MaxBodyBytes, newID: opts.RequestID,
		auth: opts.Authenticate, lookup: opts.Lookup, observe: opts.Observe}
	if h.lookup == nil {
		h.lookup = cosell.OperationNamed
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.maxBody <= 0 {
		h.maxBody = DefaultMaxBodyBytes
	}
	if h.newID == nil {
		h.newID = uuid.NewString
	}
	n := opts.MaxConcurrentLists
	if n <= 0 {
		n = DefaultMaxConcurrentLists()
	}
	h.heavy = make(chan struct{}, n)
	return h
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		switch r.URL.Path {
		case "/healthz":
			h.health(w, r, start, nil)
			return
		case "/readyz":
			h.health(w, r, start, h.ready)
			return
		}
	}
	id := h.newID()
	op, ctx, out, release, err := h.handle(w, r)
	defer release() // write releases it as soon as the answer is encoded
	var status int
	var code string
	var dropErr error
	var conn io.Closer
	dropped := errors.Is(err, ErrDropConnection)
	if dropped {
		release()
		conn, dropErr = hijack(w)
	} else {
		status, code = h.write(w, responseType(r), id, out, err, release)
	}

	attrs := []slog.Attr{
		slog.String("request_id", id),
		slog.String("method", r.Method),
		slog.String("path", logPath(r.URL.Path)),
		slog.Int("status", status),
		slog.Float64("latency_ms", msSince(start)),
	}
	if op != nil {
		attrs = append(attrs, slog.String("operation", op.Name))
	}
	level := slog.LevelInfo
	if dropped {
		attrs = append(attrs, slog.Bool("connection_dropped", true))
	} else if err != nil {
		attrs = append(attrs, slog.String("error", code))
		var ce *cosell.Error
		if !errors.As(err, &ce) {
			// Unexpected failures are logged in full; *cosell.Error messages
			// are not, because they may quote request values (emails,
			// phones), and bodies never are.
			attrs = append(attrs, slog.String("detail", err.Error()))
		}
		if status >= 500 {
			level = slog.LevelError
		}
	}
	h.log.LogAttrs(r.Context(), level, "request", attrs...)
	if h.observe != nil {
		o := Outcome{Status: status, Code: code, Err: err, Latency: time.Since(start)}
		if op != nil {
			o.Operation = op.Name
		}
		if ctx != nil {
			if c, ok := cosell.CallerFrom(ctx); ok {
				o.Account = c.AccountID
			}
		}
		h.observe(o)
	}
	if dropErr != nil {
		panic(http.ErrAbortHandler) // no connection to close: abort the response instead
	}
	if conn != nil {
		// Closed only now, after the log line and the outcome: a client
		// that sees the drop finds it already counted in /metrics.
		conn.Close() // an error closing changes nothing: the client gets no answer either way
	}
}

// hijack takes the request's connection from net/http, so that it can be
// closed without anything written.
func hijack(w http.ResponseWriter) (io.Closer, error) {
	conn, _, err := http.NewResponseController(w).Hijack()
	return conn, err
}

// handle resolves the operation, decodes the body and calls the service.
// It returns values; write turns them into bytes and calls release once
// the answer is encoded.
func (h *handler) handle(w http.ResponseWriter, r *http.Request) (op *cosell.Operation, ctx context.Context, out cosell.Object, release func(), err error) {
	release = func() {}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		return nil, nil, nil, release, cosell.Errorf(MethodNotAllowedError, "%s is not allowed; operations are called with POST", r.Method)
	}
	if op, err = route(r, h.lookup); err != nil {
		return nil, nil, nil, release, err
	}
	ctx, in, err := h.readBody(w, r)
	if err != nil {
		return op, nil, nil, release, err
	}
	if heavyOperations[op.Name] {
		select {
		case h.heavy <- struct{}{}:
		case <-ctx.Done():
			return op, ctx, nil, release, ctx.Err()
		}
		var once sync.Once
		release = func() { once.Do(func() { <-h.heavy }) }
		defer func() {
			if p := recover(); p != nil { // http.ErrAbortHandler passes through call
				release()
				panic(p)
			}
		}()
	}
	out, err = call(op, h.svc, ctx, in, h.log)
	return op, ctx, out, release, err
}

func (h *handler) health(w http.ResponseWriter, r *http.Request, start time.Time, ready func(context.Context) error) {
	status, body := http.StatusOK, "ok\n"
	if ready != nil {
		if err := ready(r.Context()); err != nil {
			status, body = http.StatusServiceUnavailable, "not ready\n"
			h.log.LogAttrs(r.Context(), slog.LevelWarn, "not ready", slog.String("detail", err.Error()))
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write([]byte(body))
	}
	h.log.LogAttrs(r.Context(), slog.LevelDebug, "request",
		slog.String("method", r.Method), slog.String("path", logPath(r.URL.Path)),
		slog.Int("status", status), slog.Float64("latency_ms", msSince(start)))
}

func msSince(t time.Time) float64 { return float64(time.Since(t).Microseconds()) / 1000 }
