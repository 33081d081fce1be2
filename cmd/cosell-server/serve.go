package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"regexp"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/console"
	"github.com/cosell/cosell/wire"
)

// DefaultListen is cosell serve's address: loopback only (the emulator has
// no authentication), on a port no AWS tool or common local stack uses
// (LocalStack owns 4566).
const DefaultListen = "127.0.0.1:8456"

// Connection limits of cosell serve (docs/decisions.md "Hostile clients").
// A client that never sends its body, never reads its answer or sends
// endless headers holds a goroutine and its buffers only this long.
const (
	// readHeaderTimeout bounds the request line and headers.
	readHeaderTimeout = 10 * time.Second
	// readTimeout bounds the whole request, body included: a 1 MiB body
	// needs at least 35 KB/s.
	readTimeout = 30 * time.Second
	// writeTimeout runs from the end of the headers to the end of the
	// answer (net/http sets it when it has read the headers), so it covers
	// the body, the handler and the write; it is readTimeout plus room for
	// the handler and for sending a large ListOpportunities page.
	writeTimeout = 60 * time.Second
	// idleTimeout closes keep-alive connections idle this long (longer than
	// the 90 s after which Go's http.Transport drops an idle connection, so
	// such a client rarely reuses one the server just closed).
	idleTimeout = 2 * time.Minute
	// maxHeaderBytes bounds the request line and headers (net/http adds
	// 4 KiB of slack): SigV4 headers and a session token take a few KiB.
	maxHeaderBytes = 64 << 10
	// defaultShutdownGrace is --shutdown-timeout's default: how long
	// requests in flight may run after SIGINT/SIGTERM before their
	// connections are cut.
	defaultShutdownGrace = 10 * time.Second
)

type serveOptions struct {
	Listen       string
	DB           string
	LogLevel     slog.Level
	Sync         string
	AccountID    string
	Events       string // file receiving EventBridge events as JSON lines; "-" is stderr
	eventOptions        // --webhook, --eventbridge-* (serve_events.go)
	Throttle     bool   // enforce Partner Central's request quotas
	// ShutdownGrace bounds how long requests in flight may run after
	// SIGINT/SIGTERM; connections still open then are cut.
	ShutdownGrace  time.Duration
	worldOptions   // --world, --auth, --region (world.go)
	opsOptions     // --control-token (ops.go)
	consoleOptions // --console-token (console.go)
}

var accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)

// serveAbout is the description under serve's usage line.
const serveAbout = "Serves the Partner Central Selling API (AWS JSON 1.0) for --endpoint-url."

// serveFlagSet defines serve's flags on opts.
func serveFlagSet(opts *serveOptions) *flag.FlagSet {
	fs := flag.NewFlagSet("cosell serve", flag.ContinueOnError)
	fs.StringVar(&opts.Listen, "listen", DefaultListen, "`address` to listen on")
	fs.StringVar(&opts.DB, "db", "cosell.db", "SQLite database `file` (:memory: keeps nothing), or a postgres:// URL or libpq DSN (several servers may share it)")
	fs.TextVar(&opts.LogLevel, "log-level", slog.LevelInfo, "request log `level`: debug, info, warn or error")
	fs.StringVar(&opts.Sync, "sync", "normal", "SQLite durability `mode`: normal survives a crash of cosell, full also a power loss (fsync per commit); PostgreSQL uses the server's synchronous_commit")
	fs.StringVar(&opts.AccountID, "account-id", cosell.DefaultAccountID, "12-digit partner account `id` used in ARNs and events")
	fs.StringVar(&opts.Events, "events", "", "append EventBridge events as JSON lines to `file`; - for stderr")
	addEventFlags(fs, &opts.eventOptions)
	fs.BoolVar(&opts.Throttle, "throttle", false, "enforce Partner Central's quotas (reads 10/s, writes 1/s, daily caps) with ThrottlingException")
	fs.DurationVar(&opts.ShutdownGrace, "shutdown-timeout", defaultShutdownGrace, "on SIGINT/SIGTERM, how long requests in flight may finish before their connections are cut (exit 0 either way)")
	addWorldFlags(fs, &opts.worldOptions)
	addOpsFlags(fs, &opts.opsOptions)
	addConsoleFlags(fs, &opts.consoleOptions)
	return fs
}

func parseServeFlags(args []string, stderr io.Writer) (*serveOptions, error) {
	opts := &serveOptions{}
	fs := serveFlagSet(opts)
	if err := parseFlagSet(fs, serveAbout, args, stderr, &opts.DB); err != nil {
		return nil, err
	}
	if opts.ShutdownGrace <= 0 {
		return nil, usageError(fmt.Sprintf("--shutdown-timeout %s: want a positive duration", opts.ShutdownGrace))
	}
	if opts.Sync != "normal" && opts.Sync != "full" {
		return nil, usageError(fmt.Sprintf("--sync %q: want normal or full", opts.Sync))
	}
	if !accountIDPattern.MatchString(opts.AccountID) {
		return nil, usageError(fmt.Sprintf("--account-id %q: want 12 digits", opts.AccountID))
	}
	if err := checkEventFlags(&opts.eventOptions); err != nil {
		return nil, err
	}
	if err := checkWorldFlags(fs, &opts.worldOptions); err != nil {
		return nil, err
	}
	checkOpsFlags(&opts.opsOptions, os.Getenv)
	return opts, nil
}

// hooks let tests observe and wrap the server.
type hooks struct {
	ready  func(addr string)               // receives the listening address (tests listen on :0)
	wrap   func(http.Handler) http.Handler // wraps the API handler
	limits func(*http.Server)              // changes the connection limits (tests shorten them)
}

// serveMain runs cosell serve until ctx is done; it returns the exit code.
// ready, when set, receives the listening address (tests listen on :0).
func serveMain(ctx context.Context, args []string, stderr io.Writer, ready func(addr string)) int {
	return serveWith(ctx, args, stderr, &hooks{ready: ready})
}

func serveWith(ctx context.Context, args []string, stderr io.Writer, h *hooks) int {
	opts, err := parseServeFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) { // the flag package prints its own errors
			fmt.Fprintf(stderr, "cosell serve: %s\n", ue)
		}
		return 2
	}
	if err := serve(ctx, opts, stderr, h); err != nil {
		fmt.Fprintf(stderr, "cosell serve: %v\n", err)
		return 1
	}
	return 0
}

// usageError is a bad flag value found after parsing.
type usageError string

func (e usageError) Error() string { return string(e) }

func serve(ctx context.Context, opts *serveOptions, stderr io.Writer, h *hooks) error {
	return withStore(ctx, opts.DB, opts.Sync, func(store servedStore) error {
		return serveStore(ctx, opts, stderr, h, store)
	})
}

// serveStore serves store until ctx is done; the caller closes the store.
func serveStore(ctx context.Context, opts *serveOptions, stderr io.Writer, h *hooks, store servedStore) error {
	o, err := newOps(opts)
	if err != nil {
		return err
	}
	cfg := cosell.ServiceConfig{AccountID: opts.AccountID}
	if opts.world != nil {
		cfg.Solutions = opts.world.Solutions
		cfg.Partners = opts.world
	}
	logger := wire.NewLogger(stderr, opts.LogLevel)
	ln, err := net.Listen("tcp", opts.Listen)
	if err != nil {
		return err
	}
	// The in-process observers, the metrics counter and the console's hub
	// (its live updates), are one target (deliver.Fanout: one scan and one
	// mark per event for both) and this server's own, so that the console
	// and the metrics of every server sharing the store see every event.
	hub := console.NewHub()
	owner := leaseOwner(ln.Addr())
	disp, closeTargets, err := newDispatcher(ctx, opts, stderr, logger, store, owner, inProcessTarget(owner, o.metrics.EventTarget(), hub))
	if err != nil {
		ln.Close()
		return err
	}
	defer closeTargets()
	cfg.OutboxWritten = disp.Notify
	svc := cosell.NewService(store, cfg)
	// A job revision left out by a stop between an opportunity's commit
	// and its job run is taken before requests are served (idempotent; one
	// short scan when no job runs). A failure is logged, not fatal.
	if err := svc.ReconcileJobs(ctx); err != nil {
		logger.Error("reconciling snapshot jobs", "error", err)
	}
	cons, err := newConsole(opts, o, svc, store, hub, logger)
	if err != nil {
		ln.Close()
		return err
	}
	defer cons.Close()
	// Fault rules wrap the operation table; with --world the key policies
	// guard the wrapped table (ops.go, world.go).
	wopts := wire.Options{Logger: logger, Ready: store.Ping, Lookup: o.lookup, Observe: o.metrics.Observe}
	applyWorld(&wopts, &opts.worldOptions, stderr, o.ops)
	o.announce(stderr)
	var handler http.Handler = console.Mount(o.mount(wire.NewHandler(svc, wopts), logger), cons)
	if h.wrap != nil {
		handler = h.wrap(handler)
	}
	srv := newHTTPServer(handler, logger)
	srv.RegisterOnShutdown(cons.Close) // end the console's event streams
	if h.limits != nil {
		h.limits(srv)
	}
	addr := ln.Addr().String()
	fmt.Fprintf(stderr, "cosell: listening on http://%s (db %s)\n", addr, displayDB(opts.DB))
	announceConsole(stderr, addr, cons.Access())
	if h.ready != nil {
		h.ready(addr)
	}

	// The dispatcher outlives the HTTP server by the shutdown: writes in
	// flight commit their events, which it may still deliver; what it has
	// not delivered when it stops stays in the outbox for the next start.
	dctx, stopDelivery := context.WithCancel(context.WithoutCancel(ctx))
	delivered := make(chan error, 1)
	go func() {
		err := disp.Run(dctx)
		if err != nil {
			// Events stay in the outbox, for the next start to deliver.
			logger.LogAttrs(context.Background(), slog.LevelError, "events: the dispatcher stopped; events stay in the outbox", slog.Any("error", err))
		}
		delivered <- err
	}()
	defer func() {
		stopDelivery()
		<-delivered
	}()

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err // the listener failed; nothing is in flight
	case <-ctx.Done():
	}
	return shutdown(srv, opts.ShutdownGrace, logger)
}

// newHTTPServer is cosell serve's http.Server, with the connection limits
// above.
func newHTTPServer(handler http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// shutdown stops accepting, closes idle connections and lets requests in
// flight finish (their writes commit) for up to grace; connections still
// open then (a client that never finishes its body or never reads its
// answer) are cut. That is the expected end of a shutdown, not a failure:
// serve still exits 0. The caller then closes the store.
func shutdown(srv *http.Server, grace time.Duration, logger *slog.Logger) error {
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(ctx)
	if err == nil {
		return nil
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	logger.LogAttrs(context.Background(), slog.LevelWarn, "shutdown: connections still open after the grace period were cut",
		slog.Duration("grace", grace))
	if err := srv.Close(); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
