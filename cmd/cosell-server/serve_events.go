package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/deliver"
)

// eventOptions are serve's delivery targets beyond --events (README
// "Events"; docs/decisions.md "Events: outbox and delivery").
type eventOptions struct {
	Webhooks       stringList // --webhook, repeatable
	WebhookSecrets stringList // --webhook-secret: one for all, or one per --webhook in order
	EBEndpoint     string
	EBRegion       string
	EBBus          string
	EBSource       string
}

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

func addEventFlags(fs *flag.FlagSet, o *eventOptions) {
	fs.Var(&o.Webhooks, "webhook", "POST each event (EventBridge's JSON) to `url`, retried with backoff until a 2xx; repeatable")
	fs.Var(&o.WebhookSecrets, "webhook-secret", "HMAC-SHA256 `secret` signing --webhook requests (X-Cosell-Signature); one for all webhooks, or repeated, one per --webhook in order")
	fs.StringVar(&o.EBEndpoint, "eventbridge-endpoint", "", "put events on EventBridge at `url` (e.g. LocalStack's http://localhost:4566); credentials from the AWS config chain")
	fs.StringVar(&o.EBRegion, "eventbridge-region", "", "EventBridge `region`; default AWS_REGION or the profile's")
	fs.StringVar(&o.EBBus, "eventbridge-bus", "", "EventBridge bus `name` or ARN (default: the default bus); --eventbridge-endpoint, --eventbridge-region or --eventbridge-bus enables EventBridge")
	fs.StringVar(&o.EBSource, "eventbridge-source", cosell.EventSource, "the events' `source` on EventBridge (AWS refuses PutEvents of aws.* sources from accounts: use your own there)")
}

func (o *eventOptions) eventBridge() bool {
	return o.EBEndpoint != "" || o.EBRegion != "" || o.EBBus != ""
}

func checkEventFlags(o *eventOptions) error {
	seen := map[string]bool{}
	for _, w := range o.Webhooks {
		u, err := url.Parse(w)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usageError(fmt.Sprintf("--webhook %q: want an http or https URL", w))
		}
		if seen[w] {
			return usageError(fmt.Sprintf("--webhook %q given twice", w))
		}
		seen[w] = true
	}
	if n := len(o.WebhookSecrets); n > 1 && n != len(o.Webhooks) {
		return usageError(fmt.Sprintf("%d --webhook-secret for %d --webhook: give one for all, or one per webhook", n, len(o.Webhooks)))
	}
	if len(o.WebhookSecrets) > 0 && len(o.Webhooks) == 0 {
		return usageError("--webhook-secret without --webhook")
	}
	if o.EBEndpoint != "" {
		if u, err := url.Parse(o.EBEndpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usageError(fmt.Sprintf("--eventbridge-endpoint %q: want an http or https URL", o.EBEndpoint))
		}
	}
	return nil
}

// inProcessTarget is serve's one target for its in-process observers
// (metrics, the console's hub): a Fanout, this server's own (PerServer).
func inProcessTarget(owner string, observers ...cosell.EventTarget) cosell.EventTarget {
	return deliver.PerServer(deliver.Fanout("in-process", observers...), owner)
}

// leaseOwner names this server in the dispatcher's leases: its host and
// the address it listens on. No two running servers share it, and a server
// restarted on the same address after a crash takes back at once the
// leases it held, instead of waiting for them to expire.
func leaseOwner(addr net.Addr) string {
	host, _ := os.Hostname()
	return host + "/" + addr.String()
}

// newDispatcher builds the outbox's dispatcher with serve's targets: the
// in-process ones given (metrics), --events, each --webhook and
// EventBridge. closeTargets closes the --events file.
func newDispatcher(ctx context.Context, opts *serveOptions, stderr io.Writer, logger *slog.Logger, store cosell.ItemStore, owner string, inProcess ...cosell.EventTarget) (*deliver.Dispatcher, func(), error) {
	// "metrics" was the metrics counter's own target until it joined the
	// in-process Fanout (2026-11-30): a database from before holds its
	// lease, which would keep every event in the outbox for an hour.
	d := deliver.New(store, deliver.Options{Logger: logger, Owner: owner, Retired: []string{"metrics"}})
	closeTargets := func() {}
	for _, t := range inProcess {
		d.Add(t)
	}
	switch opts.Events {
	case "":
	case "-":
		d.Add(deliver.NewFile("-", stderr, opts.AccountID))
	default:
		f, err := os.OpenFile(opts.Events, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return nil, nil, fmt.Errorf("--events: %w", err)
		}
		closeTargets = func() { f.Close() }
		// The absolute path names the target's progress, so a server
		// started from another directory is the same target.
		name, err := filepath.Abs(opts.Events)
		if err != nil {
			name = opts.Events
		}
		d.Add(deliver.NewFile(name, f, opts.AccountID))
	}
	for i, w := range opts.Webhooks {
		var secret []byte
		switch len(opts.WebhookSecrets) {
		case 0:
		case 1:
			secret = []byte(opts.WebhookSecrets[0])
		default:
			secret = []byte(opts.WebhookSecrets[i])
		}
		d.Add(deliver.NewWebhook(w, secret, opts.AccountID))
	}
	if opts.eventBridge() {
		eb, err := deliver.NewEventBridge(ctx, deliver.EventBridgeOptions{Endpoint: opts.EBEndpoint, Region: opts.EBRegion, Bus: opts.EBBus, Source: opts.EBSource})
		if err != nil {
			closeTargets()
			return nil, nil, err
		}
		d.Add(eb)
	}
	return d, closeTargets, nil
}
