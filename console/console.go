// Package console is cosell serve's web console at /console/: an adapter
// of the service to server-rendered HTML (html/template, embedded with
// go:embed, a little plain JavaScript, nothing fetched at run time).
//
// The contract with the service:
//   - every change the console makes (accept, reject, submit, the Sandbox
//     simulations) is an operation of the table Options.Lookup gives, the
//     one the API serves (fault rules and quotas wrapped in), called in a
//     context carrying the acting account as cosell.Caller with access key
//     ConsoleKeyID; so it obeys every rule and publishes its events;
//   - reads of one resource go through the same table; the record history
//     through OpportunityService.History;
//   - the pipeline alone reads the store (Options.Lister, read-only):
//     10,000 opportunities cannot go through ListOpportunities pages of 100
//     (and its read quota) fast enough (pipeline.go);
//   - live updates come from the Hub, an in-process target of the event
//     pipeline (events.go).
package console

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/cosell/cosell"
)

// Path is where the console is mounted.
const Path = "/console/"

// ConsoleKeyID is the access key id the console's writes carry: the
// history names it as the key of a change made from the console.
const ConsoleKeyID = "console"

//go:embed html/*.html html/*.js html/*.css
var files embed.FS

// Lister is the store's listing, which the pipeline reads.
type Lister interface {
	ListOpportunities(ctx context.Context, q cosell.ListQuery) (cosell.ListPage, error)
}

// Account is a partner account the console may act as.
type Account struct {
	ID, Name string
}

// Options configure New.
type Options struct {
	// Service runs the operations; History comes from it too.
	Service *cosell.OpportunityService
	// Lookup finds operations by name; nil is cosell.OperationNamed.
	Lookup func(name string) *cosell.Operation
	// Lister is the store the pipeline lists.
	Lister Lister
	// Accounts are the accounts the user may act as (cosell serve --world's);
	// the first is the default. Empty is DefaultAccount alone.
	Accounts []Account
	// DefaultAccount is the configured account (--account-id): it also owns
	// the records stored before owners existed.
	DefaultAccount string
	// Access is the access rule (auth.go).
	Access Access
	// Hub feeds the live updates and the Events page; nil makes one.
	Hub *Hub
	// Logger receives the console's failures; nil logs nothing.
	Logger *slog.Logger
}

// Console serves the pages.
type Console struct {
	opts     Options
	svc      *cosell.OpportunityService
	lookup   func(string) *cosell.Operation
	tmpl     *template.Template
	mux      *http.ServeMux
	pipeline *index
	hub      *Hub
	log      *slog.Logger
	csrf     string
	// The pipeline's summaries load in the background on the first
	// console request (pipeline.go), until Close.
	primeOnce sync.Once
	base      context.Context
	cancel    context.CancelFunc
}

// New returns the console.
func New(opts Options) (*Console, error) {
	if opts.Service == nil || opts.Lister == nil {
		return nil, errors.New("console: Service and Lister are required")
	}
	if opts.DefaultAccount == "" {
		opts.DefaultAccount = cosell.DefaultAccountID
	}
	if len(opts.Accounts) == 0 {
		opts.Accounts = []Account{{ID: opts.DefaultAccount}}
	}
	c := &Console{opts: opts, svc: opts.Service, lookup: opts.Lookup, hub: opts.Hub, log: opts.Logger}
	if c.lookup == nil {
		c.lookup = cosell.OperationNamed
	}
	if c.hub == nil {
		c.hub = NewHub()
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	tmpl, err := template.New("").Funcs(funcs).ParseFS(files, "html/*.html")
	if err != nil {
		return nil, err
	}
	c.tmpl = tmpl
	c.pipeline = newIndex(opts.Lister)
	c.csrf = randomToken()
	c.base, c.cancel = context.WithCancel(context.Background())
	c.routes()
	return c, nil
}

// Close ends the console's event streams and its background load.
func (c *Console) Close() {
	c.cancel()
	c.hub.Close()
}

// Access returns the console's access rule.
func (c *Console) Access() Access { return c.opts.Access }

// Hub returns the console's event hub, to tee into the service's events.
func (c *Console) Hub() *Hub { return c.hub }

func (c *Console) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /console/{$}", c.pipelinePage)
	m.HandleFunc("GET /console/opportunities/{catalog}/{id}", c.opportunityPage)
	m.HandleFunc("POST /console/opportunities/{catalog}/{id}/submit", c.submit)
	m.HandleFunc("POST /console/opportunities/{catalog}/{id}/review", c.review)
	m.HandleFunc("POST /console/referrals", c.referral)
	m.HandleFunc("GET /console/invitations", c.invitationsPage)
	m.HandleFunc("POST /console/invitations/{catalog}/{id}/accept", c.accept)
	m.HandleFunc("POST /console/invitations/{catalog}/{id}/reject", c.reject)
	m.HandleFunc("GET /console/engagements", c.engagementsPage)
	m.HandleFunc("GET /console/engagements/{catalog}/{id}", c.engagementPage)
	m.HandleFunc("GET /console/events", c.eventsPage)
	m.HandleFunc("GET /console/events/stream", c.stream)
	m.HandleFunc("POST /console/account", c.switchAccount)
	m.HandleFunc("GET /console/static/{file}", c.static)
	c.mux = m
}

// Mount serves the console under Path and everything else with api.
func Mount(api http.Handler, c *Console) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/console" {
			http.Redirect(w, r, Path, http.StatusFound)
			return
		}
		if !strings.HasPrefix(r.URL.Path, Path) {
			api.ServeHTTP(w, r)
			return
		}
		c.ServeHTTP(w, r)
	})
}

// ServeHTTP checks access, then the CSRF token of forms, then routes.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !c.admit(w, r) {
		return
	}
	c.primeOnce.Do(func() {
		go func() {
			if err := c.Prime(c.base); err != nil && c.base.Err() == nil {
				c.log.Warn("console: loading the pipeline", "err", err)
			}
		}()
	})
	if r.Method == http.MethodPost && !c.checkCSRF(r) {
		http.Error(w, "the form's CSRF token is missing or wrong: reload the page and try again", http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	c.mux.ServeHTTP(w, r)
}

func (c *Console) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	data, err := files.ReadFile("html/" + name)
	if err != nil || !(strings.HasSuffix(name, ".js") || strings.HasSuffix(name, ".css")) {
		http.NotFound(w, r)
		return
	}
	if strings.HasSuffix(name, ".js") {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	}
	w.Write(data)
}

// call runs operation op as the acting account of r.
func (c *Console) call(r *http.Request, op string, in cosell.Object) (cosell.Object, error) {
	o := c.lookup(op)
	if o == nil {
		return nil, cosell.Errorf(cosell.InternalError, "the server does not serve %s", op)
	}
	return o.Call(c.svc, c.ctx(r), in)
}

// ctx is r's context acting as the chosen account with the console's key.
func (c *Console) ctx(r *http.Request) context.Context {
	return cosell.WithCaller(r.Context(), cosell.Caller{AccountID: c.account(r), AccessKeyID: ConsoleKeyID})
}
