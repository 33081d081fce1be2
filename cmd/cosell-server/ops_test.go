package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell/faults"
)

// startServeLog is startServe that also returns the server's stderr so far.
func startServeLog(t *testing.T, args ...string) (string, func() string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrc, done := make(chan string, 1), make(chan int, 1)
	var stderr syncBuffer
	go func() {
		done <- serveMain(ctx, append([]string{"--listen", "127.0.0.1:0", "--db", ":memory:"}, args...), &stderr, func(a string) { addrc <- a })
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d: %s", code, stderr.String())
		}
	})
	select {
	case a := <-addrc:
		return "http://" + a, stderr.String
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, stderr.String())
	}
	return "", nil
}

// waitMetric waits (up to 10 s) for line in /metrics.
func waitMetric(t *testing.T, url, token, line string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, body := ctl(t, "GET", url+"/metrics", token, ""); strings.Contains(body, line+"\n") {
			return
		}
	}
	t.Errorf("no line %s in /metrics after 10 s", line)
}

// ctl sends a request to one of cosell's own endpoints.
func ctl(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func counters(t *testing.T, body string) [][2]uint64 {
	t.Helper()
	var l faults.List
	if err := json.Unmarshal([]byte(body), &l); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	var out [][2]uint64
	for _, s := range l.Faults {
		out = append(out, [2]uint64{s.Calls, s.Fired})
	}
	return out
}

// cosell serve --world with fault rules and a control token (from the
// environment): a call the key policy refuses never reaches a rule; rules
// fire per account and every Nth call; the control endpoint and /metrics
// need the token; clearing the rules ends the faults.
func TestServeFaultsWithWorld(t *testing.T) {
	create, err := os.ReadFile("../../testdata/create-full.json")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(controlTokenEnv, "ctl-token-1")
	world := testWorld + `faults:
  - operations: [GetOpportunity]
    accounts: ["222222222222"]
    error: ThrottlingException
    every: 2
  - operations: [CreateOpportunity]
    error: InternalServerException
`
	url, log := startServeLog(t, "--world", writeWorld(t, world))
	const alphaKey, alphaSecret, betaKey, betaSecret = "AKIAALPHA00000000001", "alpha-secret-1", "AKIABETA000000000001", "beta-secret-1"
	get := `{"Catalog":"Sandbox","Identifier":"O1"}`

	steps := []struct {
		name        string
		op, body    string
		key, secret string
		wantStatus  int
		wantType    string
	}{
		{name: "beta's policy refuses before any rule", op: "CreateOpportunity", body: string(create), key: betaKey, secret: betaSecret, wantStatus: 403, wantType: "AccessDeniedException"},
		{name: "alpha's create is faulted", op: "CreateOpportunity", body: string(create), key: alphaKey, secret: alphaSecret, wantStatus: 500, wantType: "InternalServerException"},
		{name: "alpha's get: not beta", op: "GetOpportunity", body: get, key: alphaKey, secret: alphaSecret, wantStatus: 404, wantType: "ResourceNotFoundException"},
		{name: "beta's first get runs", op: "GetOpportunity", body: get, key: betaKey, secret: betaSecret, wantStatus: 404, wantType: "ResourceNotFoundException"},
		{name: "beta's second get is throttled", op: "GetOpportunity", body: get, key: betaKey, secret: betaSecret, wantStatus: 429, wantType: "ThrottlingException"},
	}
	for _, st := range steps {
		if code, typ, out := signed(t, url, st.op, st.body, st.key, st.secret); code != st.wantStatus || typ != st.wantType {
			t.Errorf("%s: %d %s %v, want %d %s", st.name, code, typ, out, st.wantStatus, st.wantType)
		}
	}

	if code, body := ctl(t, "GET", url+faults.Path, "", ""); code != 401 || !strings.Contains(body, "needs cosell serve's control token") {
		t.Errorf("no token: %d %s", code, body)
	}
	if code, _ := ctl(t, "GET", url+"/metrics", "wrong", ""); code != 401 {
		t.Errorf("metrics with a wrong token: %d", code)
	}
	code, body := ctl(t, "GET", url+faults.Path, "ctl-token-1", "")
	if code != 200 {
		t.Fatalf("list: %d %s", code, body)
	}
	if diff := cmp.Diff([][2]uint64{{2, 1}, {1, 1}}, counters(t, body)); diff != "" {
		t.Errorf("calls, fired (-want +got):\n%s", diff)
	}
	if code, body := ctl(t, "DELETE", url+faults.Path, "ctl-token-1", ""); code != 200 || len(counters(t, body)) != 0 {
		t.Errorf("clear: %d %s", code, body)
	}
	if code, typ, out := signed(t, url, "CreateOpportunity", string(create), alphaKey, alphaSecret); code != 200 {
		t.Errorf("create once the rules are cleared: %d %s %v", code, typ, out)
	}

	// Events are counted when the dispatcher delivers them, after the commit.
	waitMetric(t, url, "ctl-token-1", `cosell_events_published_total{detail_type="Opportunity Created"} 1`)
	code, metrics := ctl(t, "GET", url+"/metrics", "ctl-token-1", "")
	if code != 200 {
		t.Fatalf("metrics: %d %s", code, metrics)
	}
	for _, line := range []string{
		`cosell_requests_total{account="222222222222",operation="CreateOpportunity",status="403"} 1`,
		`cosell_requests_total{account="111111111111",operation="CreateOpportunity",status="500"} 1`,
		`cosell_requests_total{account="111111111111",operation="CreateOpportunity",status="200"} 1`,
		`cosell_requests_total{account="222222222222",operation="GetOpportunity",status="429"} 1`,
		`cosell_faults_fired_total{account="222222222222",fault="ThrottlingException",operation="GetOpportunity"} 1`,
		`cosell_faults_fired_total{account="111111111111",fault="InternalServerException",operation="CreateOpportunity"} 1`,
		`cosell_events_published_total{detail_type="Opportunity Created"} 1`,
		`cosell_request_duration_seconds_count{operation="GetOpportunity"} 3`,
	} {
		if !strings.Contains(metrics, line+"\n") {
			t.Errorf("no line %s in /metrics", line)
		}
	}
	if strings.Contains(metrics, "cosell_store_errors_total{") {
		t.Errorf("an injected 500 counted as a store error:\n%s", metrics)
	}
	if want := "cosell: 2 fault rules in force; /_cosell/faults and /metrics need the control token (Authorization: Bearer)"; !strings.Contains(log(), want) {
		t.Errorf("no start line %q in\n%s", want, log())
	}
	if strings.Contains(log(), "ctl-token-1") {
		t.Error("the log holds the control token")
	}
}

// Without --world: the control endpoint is open to loopback clients, a
// rule may name --account-id (every request's account) and no other, and
// unsigned calls are faulted. A dropped call gets no answer;
// commit_then_drop gets none either, but its write happened.
func TestServeFaultsWithoutWorld(t *testing.T) {
	create, err := os.ReadFile("../../testdata/create-full.json")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(controlTokenEnv, "")
	url, log := startServeLog(t, "--account-id", "123456789012")
	if code, body := ctl(t, "POST", url+faults.Path, "", `{"operations":["*"],"accounts":["999999999999"],"drop_connection":true}`); code != 400 ||
		!strings.Contains(body, `account \"999999999999\" is not a partner account of this server, so the rule could never fire (accounts: 123456789012)`) {
		t.Errorf("another account: %d %s", code, body)
	}
	if code, body := ctl(t, "PUT", url+faults.Path, "", "- operations: [ListOpportunities]\n  accounts: ['123456789012']\n  drop_connection: true\n- operations: [CreateOpportunity]\n  commit_then_drop: true\n"); code != 200 {
		t.Fatalf("put: %d %s", code, body)
	}
	for _, op := range []string{"ListOpportunities", "CreateOpportunity"} {
		req, _ := http.NewRequest("POST", url+"/", strings.NewReader(string(create)))
		req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling."+op)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			t.Errorf("%s: answered %d, want the connection dropped", op, resp.StatusCode)
		}
	}
	if code, body := ctl(t, "DELETE", url+faults.Path, "", ""); code != 200 {
		t.Fatalf("clear: %d %s", code, body)
	}
	// The dropped create committed: its event went out and the list holds
	// the opportunity.
	waitMetric(t, url, "", `cosell_events_published_total{detail_type="Opportunity Created"} 1`)
	code, body := ctl(t, "GET", url+"/metrics", "", "")
	if code != 200 || !strings.Contains(body, `cosell_requests_total{account="123456789012",operation="CreateOpportunity",status="dropped"} 1`) ||
		!strings.Contains(body, `cosell_events_published_total{detail_type="Opportunity Created"} 1`) {
		t.Errorf("metrics: %d\n%s", code, body)
	}
	if n := countSandbox(t, url); n != 1 {
		t.Errorf("%d opportunities after the dropped create, want 1", n)
	}
	if want := "cosell: 0 fault rules in force; /_cosell/faults and /metrics open to loopback clients (no --control-token)"; !strings.Contains(log(), want) {
		t.Errorf("no start line %q in\n%s", want, log())
	}
	if !strings.Contains(log(), `"connection_dropped":true`) {
		t.Errorf("the drops are not logged:\n%s", log())
	}
}

func countSandbox(t *testing.T, url string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", url+"/", strings.NewReader(`{"Catalog":"Sandbox"}`))
	req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling.ListOpportunities")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ OpportunitySummaries []any }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return len(out.OpportunitySummaries)
}

// --world with --auth on and no control token: the endpoints are refused.
func TestServeControlRefusedWithoutToken(t *testing.T) {
	t.Setenv(controlTokenEnv, "")
	url, _ := startServeLog(t, "--world", writeWorld(t, testWorld))
	for _, path := range []string{faults.Path, "/metrics"} {
		if code, body := ctl(t, "GET", url+path, "anything", ""); code != 403 || !strings.Contains(body, "disabled: this server verifies signatures (--auth on)") {
			t.Errorf("%s: %d %s", path, code, body)
		}
	}
}
