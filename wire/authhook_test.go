package wire

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell"
)

type ctxKey struct{}

// Options.Authenticate sees the body wire read, its refusal is the answer
// (the service never runs), and its context reaches the operation;
// Options.Lookup replaces the operation table.
func TestAuthenticateHook(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		refuse     error
		wantStatus int
		wantType   string
		wantCalls  int
	}{
		{name: "accepted", body: `{"Catalog":"AWS"}`, wantStatus: 200, wantCalls: 1},
		{name: "refused", body: `{"Catalog":"AWS"}`, refuse: cosell.Errorf(cosell.InvalidSignatureError, "no"), wantStatus: 400, wantType: cosell.InvalidSignatureError},
		{name: "missing token", body: `{}`, refuse: cosell.Errorf(cosell.MissingAuthTokenError, "no"), wantStatus: 403, wantType: cosell.MissingAuthTokenError},
		{name: "unknown client", body: `{}`, refuse: cosell.Errorf(cosell.UnrecognizedClientError, "no"), wantStatus: 400, wantType: cosell.UnrecognizedClientError},
		{name: "incomplete", body: `{}`, refuse: cosell.Errorf(cosell.IncompleteSignatureError, "no"), wantStatus: 400, wantType: cosell.IncompleteSignatureError},
		// Authentication sees the raw bytes, before decoding: a refusal
		// wins over a body that would not decode.
		{name: "refused before decoding", body: `not json`, refuse: cosell.Errorf(cosell.InvalidSignatureError, "no"), wantStatus: 400, wantType: cosell.InvalidSignatureError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := &fakeService{out: cosell.Object{}}
			var seen string
			var ctxSeen any
			get := cosell.OperationNamed("ListOpportunities")
			wrapped := *get
			wrapped.Call = func(s cosell.Service, ctx context.Context, in cosell.Object) (cosell.Object, error) {
				ctxSeen = ctx.Value(ctxKey{})
				return get.Call(s, ctx, in)
			}
			h := NewHandler(svc, Options{
				Authenticate: func(r *http.Request, body []byte) (context.Context, error) {
					seen = string(body)
					if tt.refuse != nil {
						return nil, tt.refuse
					}
					return context.WithValue(r.Context(), ctxKey{}, "caller"), nil
				},
				Lookup: func(name string) *cosell.Operation {
					if name == "ListOpportunities" {
						return &wrapped
					}
					return nil
				},
			})
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tt.body))
			r.Header.Set("X-Amz-Target", target+"ListOpportunities")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if rec.Code != tt.wantStatus || rec.Header().Get("X-Amzn-ErrorType") != tt.wantType {
				t.Errorf("got %d %q %s", rec.Code, rec.Header().Get("X-Amzn-ErrorType"), rec.Body)
			}
			if seen != tt.body {
				t.Errorf("Authenticate saw %q, want %q", seen, tt.body)
			}
			if diff := cmp.Diff(tt.wantCalls, len(svc.Calls())); diff != "" {
				t.Errorf("service calls (-want +got):\n%s", diff)
			}
			if tt.wantCalls > 0 && ctxSeen != "caller" {
				t.Errorf("the operation ran with context value %v", ctxSeen)
			}
		})
	}
	// The table Lookup gives is the only one: a name it does not know is
	// unknown even if cosell.Operations has it.
	h := NewHandler(&fakeService{}, Options{Lookup: func(string) *cosell.Operation { return nil }})
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{}`))
	r.Header.Set("X-Amz-Target", target+"GetOpportunity")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != 400 || rec.Header().Get("X-Amzn-ErrorType") != cosell.UnknownOperation {
		t.Errorf("got %d %s", rec.Code, rec.Body)
	}
}
