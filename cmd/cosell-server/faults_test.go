package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cosell/cosell/control"
	"github.com/cosell/cosell/faults"
)

// cosell faults against a control endpoint behind a token, one command
// after the other: what each prints, its exit code, and the rules in
// force afterwards.
func TestFaultsCommand(t *testing.T) {
	inj, err := faults.New(faults.Options{Accounts: []string{"111111111111"}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(control.Mount(http.NotFoundHandler(), map[string]http.Handler{faults.Path: inj.Handler(nil)}, control.Options{Token: "tk", Verified: true}))
	defer srv.Close()
	rules := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(rules, []byte("- operations: ['*']\n  latency_ms: 250\n  every: 4\n- operations: [GetOpportunity]\n  drop_connection: true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(controlTokenEnv, "")
	e := []string{"--endpoint-url", srv.URL + "/", "--control-token", "tk"}
	steps := []struct {
		name        string
		args        []string
		stdin       string
		env         string // COSELL_CONTROL_TOKEN
		wantCode    int
		wantOut     string
		wantErr     string
		wantInForce int
	}{
		{name: "empty list", args: append([]string{"list"}, e...), wantOut: "no fault rules in force\n"},
		{name: "add from flags", args: append([]string{"add", "--operations", "UpdateOpportunity, CreateOpportunity", "--accounts", "111111111111",
			"--error", "ThrottlingException", "--probability", "0.5", "--seed", "42"}, e...), wantInForce: 1,
			wantOut: "RULE  OPERATIONS                           ACCOUNTS      FAULT                WHEN                     CALLS  FIRED\n" +
				"0     UpdateOpportunity,CreateOpportunity  111111111111  ThrottlingException  probability 0.5 seed 42  0      0\n"},
		{name: "add from a file", args: append([]string{"add", "--file", rules}, e...), wantInForce: 3,
			wantOut: "RULE  OPERATIONS                           ACCOUNTS      FAULT                WHEN                     CALLS  FIRED\n" +
				"0     UpdateOpportunity,CreateOpportunity  111111111111  ThrottlingException  probability 0.5 seed 42  0      0\n" +
				"1     *                                    all           latency 250ms        every 4 calls            0      0\n" +
				"2     GetOpportunity                       all           drop_connection      every call               0      0\n"},
		{name: "the server's refusal", args: append([]string{"add", "--operations", "GetOpportunity", "--error", "Throttled"}, e...), wantCode: 1, wantInForce: 3,
			wantErr: `cosell faults: line 1: faults[0] (GetOpportunity).error: "Throttled" is not an error a rule may inject into GetOpportunity (known: ThrottlingException, InternalServerException, ServiceQuotaExceededException, ConflictException, AccessDeniedException, ValidationException, ResourceNotFoundException) (HTTP 400)` + "\n"},
		{name: "another account", args: append([]string{"add", "--operations", "*", "--accounts", "222222222222", "--commit-then-drop"}, e...), wantCode: 1, wantInForce: 3,
			wantErr: `cosell faults: faults[0] (*).accounts[0]: account "222222222222" is not a partner account of this server, so the rule could never fire (accounts: 111111111111) (HTTP 400)` + "\n"},
		{name: "replace from standard input, JSON out", args: append([]string{"replace", "--file", "-", "--json"}, e...), stdin: `{"operations":["AssignOpportunity"],"commit_then_drop":true}`, wantInForce: 1,
			wantOut: "{\n  \"faults\": [\n    {\n      \"index\": 0,\n      \"operations\": [\n        \"AssignOpportunity\"\n      ],\n      \"commit_then_drop\": true,\n      \"calls\": 0,\n      \"fired\": 0\n    }\n  ]\n}\n"},
		{name: "no token", args: []string{"list", "--endpoint-url", srv.URL}, wantCode: 1, wantInForce: 1,
			wantErr: "cosell faults: /_cosell/faults needs cosell serve's control token: send Authorization: Bearer <token> (cosell faults reads it from --control-token or COSELL_CONTROL_TOKEN) (HTTP 401)\n"},
		{name: "token from the environment", args: []string{"clear", "--endpoint-url", srv.URL}, env: "tk", wantOut: "no fault rules in force\n"},
		{name: "not cosell", args: []string{"list", "--endpoint-url", srv.URL + "/elsewhere", "--control-token", "tk"}, wantCode: 1,
			wantErr: "cosell faults: GET " + srv.URL + "/elsewhere/_cosell/faults: HTTP 404 (is it cosell serve?)\n"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			t.Setenv(controlTokenEnv, st.env)
			var out, errb bytes.Buffer
			code := faultsMain(st.args, strings.NewReader(st.stdin), &out, &errb)
			if code != st.wantCode || out.String() != st.wantOut || errb.String() != st.wantErr {
				t.Errorf("exit %d, stdout\n%s\nstderr\n%s\nwant exit %d, stdout\n%s\nstderr\n%s", code, out.String(), errb.String(), st.wantCode, st.wantOut, st.wantErr)
			}
			if n := len(inj.Rules()); n != st.wantInForce {
				t.Errorf("%d rules in force, want %d", n, st.wantInForce)
			}
		})
	}
}

// Command lines refused before anything is sent (exit 2), and help (exit 0).
func TestFaultsUsage(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
		wantOut  string
	}{
		{name: "nothing", args: nil, wantCode: 2, wantErr: "cosell faults: say what to do: list, add, replace or clear (cosell faults --help)\n"},
		{name: "unknown action", args: []string{"remove"}, wantCode: 2, wantErr: "cosell faults: \"remove\": want list, add, replace or clear (cosell faults --help)\n"},
		{name: "unknown flag", args: []string{"list", "--token", "x"}, wantCode: 2, wantErr: "cosell faults: flag provided but not defined: -token\n"},
		{name: "rule flags on list", args: []string{"list", "--error", "ThrottlingException"}, wantCode: 2, wantErr: "cosell faults: list takes no rule flags (--error): only add does\n"},
		{name: "file on clear", args: []string{"clear", "--file", "x"}, wantCode: 2, wantErr: "cosell faults: clear takes no --file\n"},
		{name: "replace without a file", args: []string{"replace"}, wantCode: 2, wantErr: "cosell faults: replace needs --file (cosell faults clear removes every rule)\n"},
		{name: "add with both", args: []string{"add", "--file", "x", "--operations", "*"}, wantCode: 2, wantErr: "cosell faults: add takes a rule from flags or --file, not both\n"},
		{name: "add without operations", args: []string{"add", "--error", "ThrottlingException"}, wantCode: 2,
			wantErr: "cosell faults: add needs --operations and a fault (--error, --latency-ms, --drop-connection or --commit-then-drop), or --file\n"},
		{name: "extra argument", args: []string{"list", "now"}, wantCode: 2, wantErr: "cosell faults: unexpected argument \"now\"\n"},
		{name: "help", args: []string{"--help"}, wantOut: "usage: cosell faults list|add|replace|clear"},
		{name: "help of an action", args: []string{"add", "-h"}, wantOut: "usage: cosell faults list|add|replace|clear"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := faultsMain(tt.args, strings.NewReader(""), &out, &errb)
			if code != tt.wantCode || errb.String() != tt.wantErr || !strings.HasPrefix(out.String(), tt.wantOut) || (tt.wantOut == "" && out.Len() > 0) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q…, %q", code, out.String(), errb.String(), tt.wantCode, tt.wantOut, tt.wantErr)
			}
		})
	}
}

// cosell faults is reached from the top-level command.
func TestFaultsDispatch(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"faults", "--help"}, strings.NewReader(""), &out, &errb); code != 0 || !strings.Contains(out.String(), "control endpoint /_cosell/faults") {
		t.Errorf("exit %d: %s %s", code, out.String(), errb.String())
	}
}
