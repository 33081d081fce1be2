package control

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Who reaches the control endpoints: the token when there is one, nobody
// without one when signatures are verified, loopback clients otherwise;
// every other path goes to the API untouched.
func TestMount(t *testing.T) {
	tests := []struct {
		name       string
		opts       Options
		path       string
		remote     string
		auth       string
		wantStatus int
		wantBody   string // the handler reached: "control" or "api"; else the refusal's message
	}{
		{name: "token, right", opts: Options{Token: "t0k", Verified: true}, path: "/_cosell/faults", remote: "10.0.0.5:4000", auth: "Bearer t0k", wantStatus: 200, wantBody: "control"},
		{name: "token, scheme in lower case", opts: Options{Token: "t0k"}, path: "/metrics", remote: "10.0.0.5:4000", auth: "bearer t0k", wantStatus: 200, wantBody: "control"},
		{name: "token, wrong", opts: Options{Token: "t0k", Verified: true}, path: "/_cosell/faults", remote: "127.0.0.1:4000", auth: "Bearer t0x", wantStatus: 401,
			wantBody: "/_cosell/faults needs cosell serve's control token: send Authorization: Bearer <token> (cosell faults reads it from --control-token or COSELL_CONTROL_TOKEN)"},
		{name: "token, missing, even on loopback", opts: Options{Token: "t0k"}, path: "/metrics", remote: "127.0.0.1:4000", wantStatus: 401,
			wantBody: "/metrics needs cosell serve's control token: send Authorization: Bearer <token> (cosell faults reads it from --control-token or COSELL_CONTROL_TOKEN)"},
		{name: "token, a SigV4 header is not it", opts: Options{Token: "t0k"}, path: "/metrics", remote: "127.0.0.1:4000", auth: "AWS4-HMAC-SHA256 Credential=x", wantStatus: 401,
			wantBody: "/metrics needs cosell serve's control token: send Authorization: Bearer <token> (cosell faults reads it from --control-token or COSELL_CONTROL_TOKEN)"},
		{name: "verified without a token", opts: Options{Verified: true}, path: "/_cosell/faults", remote: "127.0.0.1:4000", auth: "Bearer anything", wantStatus: 403,
			wantBody: "/_cosell/faults is disabled: this server verifies signatures (--auth on), so its control endpoints need a token; start it with --control-token or COSELL_CONTROL_TOKEN"},
		{name: "open, loopback v4", path: "/_cosell/faults", remote: "127.0.0.1:4000", wantStatus: 200, wantBody: "control"},
		{name: "open, loopback v6", path: "/metrics", remote: "[::1]:4000", wantStatus: 200, wantBody: "control"},
		{name: "open, mapped loopback", path: "/metrics", remote: "[::ffff:127.0.0.1]:4000", wantStatus: 200, wantBody: "control"},
		{name: "open, other address", path: "/metrics", remote: "192.168.1.9:4000", wantStatus: 403,
			wantBody: "/metrics answers loopback clients only when cosell serve has no control token; start it with --control-token or COSELL_CONTROL_TOKEN to reach it from elsewhere"},
		{name: "API untouched", opts: Options{Token: "t0k", Verified: true}, path: "/", remote: "10.0.0.5:4000", wantStatus: 200, wantBody: "api"},
		{name: "near miss goes to the API", opts: Options{Verified: true}, path: "/metrics/", remote: "10.0.0.5:4000", wantStatus: 200, wantBody: "api"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reply := func(s string) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(s)) })
			}
			h := Mount(reply("api"), map[string]http.Handler{"/_cosell/faults": reply("control"), "/metrics": reply("control")}, tt.opts)
			r := httptest.NewRequest("GET", tt.path, nil)
			r.RemoteAddr = tt.remote
			if tt.auth != "" {
				r.Header.Set("Authorization", tt.auth)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if rec.Code != tt.wantStatus {
				t.Errorf("status %d, want %d", rec.Code, tt.wantStatus)
			}
			got := rec.Body.String()
			if rec.Code != 200 && strings.Contains(got, `\u003c`) {
				t.Errorf("the message is HTML-escaped: %s", got)
			}
			if rec.Code != 200 {
				var e struct{ Message string }
				if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
					t.Fatalf("%v: %s", err, got)
				}
				got = e.Message
			}
			if got != tt.wantBody {
				t.Errorf("got %q\nwant %q", got, tt.wantBody)
			}
			if wa := rec.Header().Get("WWW-Authenticate"); (rec.Code == 401) != (wa != "") {
				t.Errorf("WWW-Authenticate %q with status %d", wa, rec.Code)
			}
		})
	}
}

func TestMode(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{name: "token", opts: Options{Token: "x", Verified: true}, want: "need the control token (Authorization: Bearer)"},
		{name: "verified", opts: Options{Verified: true}, want: "refused: signatures are verified (--auth on) and no --control-token is set"},
		{name: "open", want: "open to loopback clients (no --control-token)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.opts.Mode(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
