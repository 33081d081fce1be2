package console

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAccess(t *testing.T) {
	open := newEnv(t, Options{}).c
	locked := newEnv(t, Options{Access: Access{Token: "s3cret"}}).c
	for _, tc := range []struct {
		name     string
		c        *Console
		remote   string
		path     string
		header   string // Authorization
		cookie   string
		want     int
		location string
	}{
		{name: "no token, loopback", c: open, remote: "127.0.0.1:5000", path: "/console/", want: 200},
		{name: "no token, IPv6 loopback", c: open, remote: "[::1]:5000", path: "/console/", want: 200},
		{name: "no token, other address", c: open, remote: "192.0.2.7:5000", path: "/console/", want: 403},
		{name: "token, none sent", c: locked, remote: "127.0.0.1:5000", path: "/console/", want: 401},
		{name: "token, wrong one", c: locked, remote: "192.0.2.7:5000", path: "/console/?token=nope", want: 401},
		{name: "token in the query becomes a cookie", c: locked, remote: "192.0.2.7:5000", path: "/console/invitations?token=s3cret", want: 303, location: "/console/invitations"},
		{name: "token cookie", c: locked, remote: "192.0.2.7:5000", path: "/console/", cookie: "s3cret", want: 200},
		{name: "wrong cookie", c: locked, remote: "192.0.2.7:5000", path: "/console/", cookie: "s3cre", want: 401},
		{name: "bearer header", c: locked, remote: "192.0.2.7:5000", path: "/console/events", header: "Bearer s3cret", want: 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, tc.path, nil)
			r.RemoteAddr = tc.remote
			if tc.header != "" {
				r.Header.Set("Authorization", tc.header)
			}
			if tc.cookie != "" {
				r.AddCookie(&http.Cookie{Name: tokenCookie, Value: tc.cookie})
			}
			w := httptest.NewRecorder()
			tc.c.ServeHTTP(w, r)
			got := []any{w.Code, w.Header().Get("Location")}
			if diff := cmp.Diff([]any{tc.want, tc.location}, got); diff != "" {
				t.Errorf("(-want +got):\n%s\n%s", diff, w.Body)
			}
			if tc.want == 303 {
				if ck := w.Result().Cookies(); len(ck) != 1 || ck[0].Value != "s3cret" || !ck[0].HttpOnly || ck[0].SameSite != http.SameSiteStrictMode {
					t.Errorf("cookies %v", ck)
				}
			}
		})
	}
}

func TestCSRF(t *testing.T) {
	e := newEnv(t, Options{})
	for _, tc := range []struct {
		name   string
		token  string
		header map[string]string
		want   int
	}{
		{name: "with the token", token: e.c.csrf, want: http.StatusSeeOther},
		{name: "without a token", want: http.StatusForbidden},
		{name: "with a wrong token", token: strings.Repeat("0", 32), want: http.StatusForbidden},
		{name: "from another site", token: e.c.csrf, header: map[string]string{"Sec-Fetch-Site": "cross-site"}, want: http.StatusForbidden},
		{name: "from another origin", token: e.c.csrf, header: map[string]string{"Origin": "https://evil.example"}, want: http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := url.Values{"title": {"T"}, "company": {"C"}, "amount": {"10"}, csrfField: {tc.token}}
			r := httptest.NewRequest(http.MethodPost, "/console/referrals", strings.NewReader(form.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.RemoteAddr = "127.0.0.1:5000"
			for k, v := range tc.header {
				r.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			e.c.ServeHTTP(w, r)
			if w.Code != tc.want {
				t.Errorf("status %d, want %d: %s", w.Code, tc.want, w.Body)
			}
		})
	}
}

func TestAccountPicker(t *testing.T) {
	e := newEnv(t, Options{Accounts: []Account{{ID: "111111111111", Name: "One"}, {ID: "222222222222", Name: "Two"}}})
	for _, tc := range []struct {
		name, account string
		want          int
	}{
		{name: "an offered account", account: "222222222222", want: http.StatusSeeOther},
		{name: "an account the world lacks", account: "333333333333", want: http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, _ := e.post("/console/account", url.Values{"account": {tc.account}, "back": {"/console/events"}})
			if status != tc.want {
				t.Errorf("status %d, want %d", status, tc.want)
			}
		})
	}
	// The chosen account is the one the console's writes act as.
	r := httptest.NewRequest(http.MethodGet, "/console/", nil)
	r.AddCookie(&http.Cookie{Name: accountCookie, Value: "222222222222"})
	if got := e.c.account(r); got != "222222222222" {
		t.Errorf("acting as %s", got)
	}
	r = httptest.NewRequest(http.MethodGet, "/console/", nil)
	r.AddCookie(&http.Cookie{Name: accountCookie, Value: "333333333333"})
	if got := e.c.account(r); got != "111111111111" {
		t.Errorf("an unknown cookie acts as %s, want the first account", got)
	}
}

// TestPipelineAccountFilter: the pipeline's account filter is the acting
// account: the board and the header follow it, and it sticks.
func TestPipelineAccountFilter(t *testing.T) {
	e := newEnv(t, Options{Accounts: []Account{{ID: "111111111111"}, {ID: "222222222222"}}})
	r := httptest.NewRequest(http.MethodGet, "/console/?account=222222222222", nil)
	r.RemoteAddr = "127.0.0.1:5000"
	r.AddCookie(&http.Cookie{Name: accountCookie, Value: "111111111111"})
	w := httptest.NewRecorder()
	e.c.ServeHTTP(w, r)
	body := w.Body.String()
	for _, want := range []string{
		`<select id="acting-account" name="account">
      <option value="111111111111">111111111111</option><option value="222222222222" selected>`,
		`<option value="222222222222" selected>222222222222</option></select>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if ck := w.Result().Cookies(); len(ck) != 1 || ck[0].Name != accountCookie || ck[0].Value != "222222222222" {
		t.Errorf("cookies %v", ck)
	}
}
