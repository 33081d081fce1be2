package console

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cosell/cosell"
)

// page is what every page template gets: the layout's values and the
// page's own (Data).
type page struct {
	Title    string
	Account  string
	Accounts []Account
	CSRF     string
	Here     string // the page's URL, for forms that come back to it
	Done     string // the outcome of the last action, from its redirect
	Err      string
	Data     map[string]any
}

var funcs = template.FuncMap{
	"usd":  usd,
	"when": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05Z") },
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
	"kind":   valueKind,
	"escape": url.PathEscape,
	"slug":   func(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "-")) },
}

// render writes the page tmpl within the layout.
func (c *Console) render(w http.ResponseWriter, r *http.Request, tmpl, title string, data map[string]any) {
	q := r.URL.Query()
	p := page{Title: title, Account: c.account(r), Accounts: c.opts.Accounts, CSRF: c.csrf, Here: r.URL.RequestURI(),
		Done: q.Get("done"), Err: q.Get("err"), Data: data}
	c.execute(w, tmpl, p)
}

// fragment writes one template alone (the parts pages refresh live).
func (c *Console) fragment(w http.ResponseWriter, tmpl string, data map[string]any) {
	c.execute(w, tmpl, page{CSRF: c.csrf, Data: data})
}

func (c *Console) execute(w http.ResponseWriter, tmpl string, p page) {
	var buf bytes.Buffer
	if err := c.tmpl.ExecuteTemplate(&buf, tmpl, p); err != nil {
		c.log.Error("console: template", "template", tmpl, "err", err)
		http.Error(w, "the console failed to render this page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

// fail answers a read that failed: 404 for a missing resource, else 500
// (or the status the service's error code maps to), in the layout.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	switch cosell.ErrorCodeOf(err) {
	case cosell.NotFoundError:
		status = http.StatusNotFound
	case cosell.AccessDeniedError:
		status = http.StatusForbidden
	case cosell.ThrottlingError:
		status = http.StatusTooManyRequests
	}
	w.WriteHeader(status)
	c.render(w, r, "error.page.html", "Error", map[string]any{"Message": describe(err)})
}

// redirect sends the browser back to path after an action, with its
// outcome: done on success, err's description otherwise.
func (c *Console) redirect(w http.ResponseWriter, r *http.Request, path, done string, err error) {
	v := url.Values{}
	if err != nil {
		v.Set("err", describe(err))
	} else {
		v.Set("done", done)
	}
	http.Redirect(w, r, path+"?"+v.Encode(), http.StatusSeeOther)
}

// describe is an error as the console shows it: the service's code and
// message, and its field errors.
func describe(err error) string {
	var e *cosell.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	var b strings.Builder
	b.WriteString(e.Code + ": " + e.Message)
	for _, f := range e.Fields {
		if item := f.FieldName + ": " + f.Message; !strings.Contains(b.String(), item) {
			b.WriteString(" — " + item)
		}
	}
	return b.String()
}

// valueKind tells the templates how to show a document value.
func valueKind(v any) string {
	switch v.(type) {
	case cosell.Object:
		return "object"
	case []any:
		return "list"
	case nil:
		return "null"
	}
	return "scalar"
}
