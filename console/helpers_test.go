package console

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/deliver"
	"github.com/cosell/cosell/memory"
)

// env is a console over an in-memory service, behind a real HTTP server
// on loopback, acting for cosell.DefaultAccountID.
type env struct {
	t    *testing.T
	svc  *cosell.OpportunityService
	c    *Console
	srv  *httptest.Server
	http *http.Client
}

func newEnv(t *testing.T, opts Options) *env {
	t.Helper()
	store := memory.New()
	hub := NewHub()
	// Events reach the hub as in cosell serve: through the outbox and its
	// dispatcher.
	disp := deliver.New(store, deliver.Options{})
	disp.Add(hub)
	ctx, stop := context.WithCancel(context.Background())
	dispatched := make(chan error, 1)
	go func() { dispatched <- disp.Run(ctx) }()
	t.Cleanup(func() { stop(); <-dispatched })
	svc := cosell.NewService(store, cosell.ServiceConfig{OutboxWritten: disp.Notify})
	opts.Service, opts.Lister, opts.Hub = svc, store, hub
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(c)
	t.Cleanup(func() { hub.Close(); srv.Close() })
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &env{t: t, svc: svc, c: c, srv: srv, http: client}
}

// create stores the opportunity of testdata/create-full.json in catalog,
// changed by edit, as the default account; it returns its Id.
func (e *env) create(catalog string, edit func(*cosell.Object)) string {
	e.t.Helper()
	data, err := os.ReadFile("../testdata/create-full.json")
	if err != nil {
		e.t.Fatal(err)
	}
	v, err := cosell.ParseJSON(data)
	if err != nil {
		e.t.Fatal(err)
	}
	req := v.(cosell.Object)
	req.Set("Catalog", catalog)
	req.Set("ClientToken", randomToken())
	if edit != nil {
		edit(&req)
	}
	out, err := e.svc.CreateOpportunity(context.Background(), req)
	if err != nil {
		e.t.Fatal(err)
	}
	return out.Str("Id")
}

// get fetches path; it returns the status and body.
func (e *env) get(path string) (int, string) {
	e.t.Helper()
	resp, err := e.http.Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// post submits a form with the console's CSRF token; it returns the
// status and the redirect's Location.
func (e *env) post(path string, form url.Values) (int, string) {
	e.t.Helper()
	form.Set(csrfField, e.c.csrf)
	resp, err := e.http.PostForm(e.srv.URL+path, form)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

// setLifeCycle sets a LifeCycle member of a create request.
func setLifeCycle(req cosell.Object, name, v string) {
	lc := req.Obj("LifeCycle")
	lc.Set(name, v)
	req.Set("LifeCycle", lc)
}

// text strips tags and folds spaces, for matching page text.
func text(html string) string {
	s := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(html, " ")
	return strings.Join(strings.Fields(s), " ")
}
