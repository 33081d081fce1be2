// Package control puts cosell serve's own endpoints, which are not part
// of the AWS API (the faults control endpoint, /metrics), on the API's
// port, behind one access rule:
//
//   - with a control token (cosell serve --control-token, or
//     COSELL_CONTROL_TOKEN), a request must carry it as
//     "Authorization: Bearer <token>", from any address (401 otherwise);
//   - without one, when signatures are verified (--world with --auth on)
//     the endpoints are refused (403): a server that checks every AWS
//     caller must not let anyone change its faults or read its traffic;
//   - without one and without verification (no --world, or --auth off),
//     they are open to loopback clients only (403 from other addresses),
//     like the unauthenticated API on cosell serve's default
//     127.0.0.1 address.
package control

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Options configure Mount.
type Options struct {
	// Token is the control token; "" is none.
	Token string
	// Verified says AWS callers' signatures are verified (--auth on): then
	// the endpoints need the token.
	Verified bool
}

// Mode describes the access rule in force, for cosell serve's start-up line.
func (o Options) Mode() string {
	switch {
	case o.Token != "":
		return "need the control token (Authorization: Bearer)"
	case o.Verified:
		return "refused: signatures are verified (--auth on) and no --control-token is set"
	}
	return "open to loopback clients (no --control-token)"
}

// Mount answers the paths of routes (exact matches) with their handlers,
// behind the access rule, and every other request with api. Nothing else
// of api's behaviour changes (no path cleaning or redirects).
func Mount(api http.Handler, routes map[string]http.Handler, opts Options) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, ok := routes[r.URL.Path]
		if !ok {
			api.ServeHTTP(w, r)
			return
		}
		if status, msg := opts.refuse(r); status != 0 {
			if status == http.StatusUnauthorized {
				w.Header().Set("WWW-Authenticate", `Bearer realm="cosell control"`)
			}
			writeError(w, status, msg)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// refuse returns the status and message refusing r, or 0.
func (o Options) refuse(r *http.Request) (int, string) {
	switch {
	case o.Token != "":
		scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(o.Token)) != 1 {
			return http.StatusUnauthorized, r.URL.Path + " needs cosell serve's control token: send Authorization: Bearer <token> (cosell faults reads it from --control-token or COSELL_CONTROL_TOKEN)"
		}
		return 0, ""
	case o.Verified:
		return http.StatusForbidden, r.URL.Path + " is disabled: this server verifies signatures (--auth on), so its control endpoints need a token; start it with --control-token or COSELL_CONTROL_TOKEN"
	case !loopback(r.RemoteAddr):
		return http.StatusForbidden, r.URL.Path + " answers loopback clients only when cosell serve has no control token; start it with --control-token or COSELL_CONTROL_TOKEN to reach it from elsewhere"
	}
	return 0, ""
}

func loopback(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

func writeError(w http.ResponseWriter, status int, msg string) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // the messages quote <token>
	enc.Encode(struct {
		Message string `json:"message"`
	}{msg})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
