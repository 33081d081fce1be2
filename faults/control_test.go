package faults

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The control endpoint: each method's effect on the rules in force and
// its answer, in one sequence (each step starts from the previous one's
// state).
func TestControlHandler(t *testing.T) {
	fx := newFixture(t, "- {operations: [UpdateOpportunity], error: ThrottlingException, probability: 0.5, seed: 42}")
	fx.run("UpdateOpportunity", alpha, 4) // E.EE: 4 calls, 3 fired
	var log bytes.Buffer
	h := fx.inj.Handler(slog.New(slog.NewTextHandler(&log, nil)))
	seed := func(n int64) *int64 { return &n }
	steps := []struct {
		name       string
		method     string
		body       string
		wantStatus int
		want       []Status // the list in force after the step
		wantMsg    string   // or the refusal's message
		wantLog    string
	}{
		{name: "list with counters", method: "GET", wantStatus: 200, want: []Status{
			{Operations: []string{"UpdateOpportunity"}, Error: "ThrottlingException", Probability: 0.5, Seed: seed(42), Calls: 4, Fired: 3}}},
		{name: "add one rule (JSON object)", method: "POST", body: `{"operations":["GetOpportunity"],"latency_ms":200,"every":2}`, wantStatus: 200, want: []Status{
			{Operations: []string{"UpdateOpportunity"}, Error: "ThrottlingException", Probability: 0.5, Seed: seed(42), Calls: 4, Fired: 3},
			{Index: 1, Operations: []string{"GetOpportunity"}, LatencyMS: 200, Every: 2}}, wantLog: "faults added"},
		{name: "bad rule changes nothing", method: "POST", body: "- operations: [GetOpportunity]\n  error: Throttled\n", wantStatus: 400,
			wantMsg: `line 1: faults[0] (GetOpportunity).error: "Throttled" is not an error a rule may inject into GetOpportunity (known: ThrottlingException, InternalServerException, ServiceQuotaExceededException, ConflictException, AccessDeniedException, ValidationException, ResourceNotFoundException)`},
		{name: "unknown account changes nothing", method: "PUT", body: `[{"operations":["*"],"accounts":["333333333333"],"drop_connection":true}]`, wantStatus: 400,
			wantMsg: `faults[0] (*).accounts[0]: account "333333333333" is not a partner account of this server, so the rule could never fire (accounts: 111111111111, 222222222222)`},
		{name: "still two rules", method: "GET", wantStatus: 200, want: []Status{
			{Operations: []string{"UpdateOpportunity"}, Error: "ThrottlingException", Probability: 0.5, Seed: seed(42), Calls: 4, Fired: 3},
			{Index: 1, Operations: []string{"GetOpportunity"}, LatencyMS: 200, Every: 2}}},
		{name: "replace (YAML list), counters restart", method: "PUT", body: "- operations: ['*']\n  accounts: ['222222222222']\n  commit_then_drop: true\n", wantStatus: 200, want: []Status{
			{Operations: []string{"*"}, Accounts: []string{"222222222222"}, CommitThenDrop: true}}, wantLog: "faults replaced"},
		{name: "empty body", method: "PUT", body: "", wantStatus: 400, wantMsg: "the body is empty: want a fault rule or a list of them"},
		{name: "too large", method: "POST", body: strings.Repeat(" ", MaxControlBody+1), wantStatus: 413, wantMsg: "the body exceeds 1048576 bytes"},
		{name: "other method", method: "PATCH", body: "{}", wantStatus: 405,
			wantMsg: "PATCH is not allowed on /_cosell/faults: GET lists the rules, PUT replaces them, POST adds to them, DELETE clears them"},
		{name: "clear", method: "DELETE", wantStatus: 200, want: []Status{}, wantLog: "faults cleared"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			log.Reset()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(st.method, Path, strings.NewReader(st.body)))
			if rec.Code != st.wantStatus {
				t.Fatalf("status %d, want %d: %s", rec.Code, st.wantStatus, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if st.wantMsg != "" {
				var e ErrorBody
				if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Message != st.wantMsg {
					t.Errorf("message %q (%v), want %q", e.Message, err, st.wantMsg)
				}
				return
			}
			var got List
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(st.want, got.Faults); diff != "" {
				t.Errorf("rules in force (-want +got):\n%s", diff)
			}
			if !strings.Contains(log.String(), st.wantLog) || (st.wantLog == "" && log.Len() > 0) {
				t.Errorf("log %q, want %q", log.String(), st.wantLog)
			}
		})
	}
	if allow := func() string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("PATCH", Path, nil))
		return rec.Header().Get("Allow")
	}(); allow != "GET, PUT, POST, DELETE" {
		t.Errorf("Allow %q", allow)
	}
}

// The listing's JSON keys are the world file's, so a rule reads the same
// in the file, in a request and in the answer.
func TestStatusJSON(t *testing.T) {
	seed := int64(0)
	b, err := json.Marshal(Status{Index: 2, Operations: []string{"*"}, Error: "ThrottlingException", Probability: 0.5, Seed: &seed, Calls: 3, Fired: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"index":2,"operations":["*"],"error":"ThrottlingException","probability":0.5,"seed":0,"calls":3,"fired":1}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}
