package console

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net"
	"net/http"
	"net/netip"
	"slices"
)

// Access is the console's access rule (docs/decisions.md "The console"):
//   - with Token set, every request needs it: as "Authorization: Bearer
//     <token>", or once as ?token=<token>, which the console trades for an
//     HttpOnly, SameSite=Strict cookie and a redirect to the same page
//     without it;
//   - without one the console answers loopback clients only (403 from
//     other addresses).
//
// cosell serve sets Token when it is given (--console-token), and makes a
// random one (printed at start-up) when the listening address is not
// loopback or signatures are verified (--world with --auth on).
type Access struct {
	Token string
}

// Mode describes the rule, for cosell serve's start-up line.
func (a Access) Mode() string {
	if a.Token != "" {
		return "needs its token"
	}
	return "open to loopback clients"
}

const (
	tokenCookie   = "cosell_console"
	accountCookie = "cosell_account"
	// csrfField is the hidden form field carrying the CSRF token.
	csrfField = "csrf"
)

// admit applies the access rule; it answers refused requests itself.
func (c *Console) admit(w http.ResponseWriter, r *http.Request) bool {
	want := c.opts.Access.Token
	if want == "" {
		if loopback(r.RemoteAddr) {
			return true
		}
		http.Error(w, "the cosell console answers loopback clients only when it has no token; start cosell serve with --console-token to reach it from elsewhere", http.StatusForbidden)
		return false
	}
	if q := r.URL.Query().Get("token"); q != "" && equal(q, want) {
		http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: want, Path: Path, HttpOnly: true, SameSite: http.SameSiteStrictMode})
		u := *r.URL
		v := u.Query()
		v.Del("token")
		u.RawQuery = v.Encode()
		http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
		return false
	}
	if ck, err := r.Cookie(tokenCookie); err == nil && equal(ck.Value, want) {
		return true
	}
	if scheme, tok, ok := cutSpace(r.Header.Get("Authorization")); ok && scheme == "Bearer" && equal(tok, want) {
		return true
	}
	http.Error(w, "the cosell console needs its token: open the console URL that cosell serve printed at start-up (…/console/?token=…)", http.StatusUnauthorized)
	return false
}

// checkCSRF reports whether a form carries the console's CSRF token and
// does not come from another origin (Sec-Fetch-Site, Origin).
func (c *Console) checkCSRF(r *http.Request) bool {
	if err := http.NewCrossOriginProtection().Check(r); err != nil {
		return false
	}
	return equal(r.PostFormValue(csrfField), c.csrf)
}

// account is the account r acts as: the one chosen (cookie), if the
// console offers it, else the first offered.
func (c *Console) account(r *http.Request) string {
	if ck, err := r.Cookie(accountCookie); err == nil && c.offers(ck.Value) {
		return ck.Value
	}
	return c.opts.Accounts[0].ID
}

func (c *Console) offers(id string) bool {
	return slices.ContainsFunc(c.opts.Accounts, func(a Account) bool { return a.ID == id })
}

// switchAccount makes the chosen account the one the browser acts as.
func (c *Console) switchAccount(w http.ResponseWriter, r *http.Request) {
	id := r.PostFormValue("account")
	if !c.offers(id) {
		http.Error(w, "unknown account "+id, http.StatusBadRequest)
		return
	}
	actAs(w, r, id)
	back := r.PostFormValue("back")
	if back == "" || back[0] != '/' || len(back) > 1 && (back[1] == '/' || back[1] == '\\') {
		back = Path
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// actAs makes the browser act as account from now on (a cookie), and
// returns r acting as it.
func actAs(w http.ResponseWriter, r *http.Request, account string) *http.Request {
	http.SetCookie(w, &http.Cookie{Name: accountCookie, Value: account, Path: Path, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	r = r.Clone(r.Context())
	cookies := r.Cookies()
	r.Header.Del("Cookie")
	for _, ck := range cookies {
		if ck.Name != accountCookie {
			r.AddCookie(ck)
		}
	}
	r.AddCookie(&http.Cookie{Name: accountCookie, Value: account})
	return r
}

// RandomToken returns 128 random bits in hex, for tokens.
func RandomToken() string { return randomToken() }

func randomToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

func cutSpace(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			return s[:i], s[i+1:], true
		}
	}
	return "", "", false
}

func loopback(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

// Loopback reports whether a listening address is loopback only.
func Loopback(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}
