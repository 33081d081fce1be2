package wire

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cosell/cosell"
)

// Options.Observe learns each API request's operation, caller account,
// status and error code; health checks are not API requests.
func TestObserve(t *testing.T) {
	tests := []struct {
		name    string
		method  string
		target  string
		body    string
		svcErr  error
		refuse  bool
		want    Outcome
		observe bool
	}{
		{name: "success", method: "POST", target: "GetOpportunity", body: `{}`,
			want: Outcome{Operation: "GetOpportunity", Account: "111111111111", Status: 200}, observe: true},
		{name: "service error", method: "POST", target: "UpdateOpportunity", body: `{}`, svcErr: cosell.Errorf(cosell.ConflictError, "stale"),
			want: Outcome{Operation: "UpdateOpportunity", Account: "111111111111", Status: 409, Code: cosell.ConflictError}, observe: true},
		{name: "unknown operation", method: "POST", target: "Nope", body: `{}`,
			want: Outcome{Status: 400, Code: cosell.UnknownOperation}, observe: true},
		{name: "refused caller has no account", method: "POST", target: "GetOpportunity", body: `{}`, refuse: true,
			want: Outcome{Operation: "GetOpportunity", Status: 403, Code: cosell.MissingAuthTokenError}, observe: true},
		{name: "health check", method: "GET", target: "", body: ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []Outcome
			h := NewHandler(&fakeService{out: cosell.Object{}, err: tt.svcErr}, Options{
				Authenticate: func(r *http.Request, _ []byte) (context.Context, error) {
					if tt.refuse {
						return nil, cosell.Errorf(cosell.MissingAuthTokenError, "no")
					}
					return cosell.WithCaller(r.Context(), cosell.Caller{AccountID: "111111111111"}), nil
				},
				Observe: func(o Outcome) { got = append(got, o) },
			})
			path := "/"
			if tt.method == "GET" {
				path = "/healthz"
			}
			r := httptest.NewRequest(tt.method, path, strings.NewReader(tt.body))
			if tt.target != "" {
				r.Header.Set("X-Amz-Target", target+tt.target)
			}
			h.ServeHTTP(httptest.NewRecorder(), r)
			var want []Outcome
			if tt.observe {
				want = []Outcome{tt.want}
			}
			if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Outcome{}, "Latency", "Err")); diff != "" {
				t.Errorf("outcomes (-want +got):\n%s", diff)
			}
			if tt.observe && (got[0].Err == nil) != (tt.svcErr == nil && !tt.refuse && tt.want.Code == "") {
				t.Errorf("Err = %v", got[0].Err)
			}
		})
	}
}

// An operation returning ErrDropConnection (in its chain) gets no answer:
// the client reads the end of the connection, whatever the operation did;
// the request is still logged and observed (status 0).
func TestDropConnection(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		wantDrop bool
	}{
		{name: "dropped", err: ErrDropConnection, wantDrop: true},
		{name: "wrapped", err: fmt.Errorf("rule 3: %w", ErrDropConnection), wantDrop: true},
		{name: "ordinary error answers", err: cosell.Errorf(cosell.ThrottlingError, "slow down")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log bytes.Buffer
			observed := make(chan Outcome, 1)
			svc := &fakeService{err: tt.err}
			srv := httptest.NewServer(NewHandler(svc, Options{
				Logger:  NewLogger(&log, 0),
				Observe: func(o Outcome) { observed <- o }, // after the log line
			}))
			defer srv.Close()
			conn, err := net.Dial("tcp", srv.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			body := `{"Catalog":"AWS"}`
			fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: %sUpdateOpportunity\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", target, len(body), body)
			answer, _ := io.ReadAll(bufio.NewReader(conn)) // the server closes: dropped, or answered (Connection: close)
			if tt.wantDrop {
				if len(answer) != 0 {
					t.Errorf("the client read %q, want nothing", answer)
				}
			} else if !strings.HasPrefix(string(answer), "HTTP/1.1 429") {
				t.Errorf("the client read %q, want a 429 answer", answer)
			}
			if len(svc.Calls()) != 1 {
				t.Errorf("the operation ran %d times, want 1", len(svc.Calls()))
			}
			o := <-observed
			wantStatus := 429
			if tt.wantDrop {
				wantStatus = 0
			}
			if o.Status != wantStatus {
				t.Errorf("observed status %d, want %d", o.Status, wantStatus)
			}
			if got := strings.Contains(log.String(), `"connection_dropped":true`); got != tt.wantDrop {
				t.Errorf("log %s: connection_dropped %v, want %v", log.String(), got, tt.wantDrop)
			}
		})
	}
}
