package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is an io.Writer safe for the server's concurrent log writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServeFlags(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string // substring of stderr
	}{
		{name: "help", args: []string{"-h"}, wantCode: 0, wantErr: "usage: cosell serve"},
		{name: "unknown flag", args: []string{"--port", "1"}, wantCode: 2, wantErr: "flag provided but not defined: -port"},
		{name: "bad sync", args: []string{"--sync", "off"}, wantCode: 2, wantErr: `--sync "off": want normal or full`},
		{name: "bad log level", args: []string{"--log-level", "loud"}, wantCode: 2, wantErr: "invalid value"},
		{name: "bad account id", args: []string{"--account-id", "42"}, wantCode: 2, wantErr: `--account-id "42": want 12 digits`},
		{name: "extra argument", args: []string{"now"}, wantCode: 2, wantErr: `unexpected argument "now"`},
		{name: "empty db", args: []string{"--db", ""}, wantCode: 2, wantErr: "cosell serve: --db is empty: give a SQLite file, :memory: or a postgres:// URL"},
		{name: "zero shutdown timeout", args: []string{"--shutdown-timeout", "0s"}, wantCode: 2, wantErr: "--shutdown-timeout 0s: want a positive duration"},
		{name: "webhook not http", args: []string{"--webhook", "ftp://example.com/x"}, wantCode: 2, wantErr: `--webhook "ftp://example.com/x": want an http or https URL`},
		{name: "webhook twice", args: []string{"--webhook", "http://a/", "--webhook", "http://a/"}, wantCode: 2, wantErr: `--webhook "http://a/" given twice`},
		{name: "secrets do not pair", args: []string{"--webhook", "http://a/", "--webhook", "http://b/", "--webhook", "http://c/", "--webhook-secret", "1", "--webhook-secret", "2"}, wantCode: 2, wantErr: "2 --webhook-secret for 3 --webhook: give one for all, or one per webhook"},
		{name: "secret without webhook", args: []string{"--webhook-secret", "s"}, wantCode: 2, wantErr: "--webhook-secret without --webhook"},
		{name: "eventbridge endpoint not a URL", args: []string{"--eventbridge-endpoint", "localhost:4566"}, wantCode: 2, wantErr: `--eventbridge-endpoint "localhost:4566": want an http or https URL`},
		{name: "unusable address", args: []string{"--db", ":memory:", "--listen", "256.0.0.1:http"}, wantCode: 1, wantErr: "cosell serve: listen tcp"},
	}
	t.Chdir(t.TempDir()) // a refused --db must leave no file behind
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr syncBuffer
			code := serveMain(context.Background(), tt.args, &stderr, nil)
			if files, _ := os.ReadDir("."); len(files) > 0 {
				t.Errorf("left %v in the current directory", files)
			}
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d", code, tt.wantCode)
			}
			if !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr.String(), tt.wantErr)
			}
		})
	}
}

func TestServeLifecycle(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	addrc := make(chan string, 1)
	done := make(chan int, 1)
	go func() {
		done <- serveMain(ctx, []string{"--listen", "127.0.0.1:0", "--db", ":memory:", "--account-id", "210987654321"}, &stderr, func(a string) { addrc <- a })
	}()
	var base string
	select {
	case a := <-addrc:
		base = "http://" + a
	case code := <-done:
		t.Fatalf("serve exited with %d before listening: %s", code, stderr.String())
	}

	post := func(op, body string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest("POST", base+"/", strings.NewReader(body))
		req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling."+op)
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		data, _ := io.ReadAll(resp.Body)
		if len(data) > 0 {
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatalf("%s: body %q: %v", op, data, err)
			}
		}
		return resp.StatusCode, m
	}

	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s = %d, want 200", path, resp.StatusCode)
		}
	}

	status, got := post("GetOpportunity", `{"Catalog":"AWS","Identifier":"O1"}`)
	if status != 404 || got["__type"] != "ResourceNotFoundException" {
		t.Errorf("GetOpportunity of a missing record = %d %v, want 404 ResourceNotFoundException", status, got)
	}
	status, got = post("CreateOpportunity", `{"Catalog":"Sandbox","ClientToken":"t1",
		"Customer":{"Account":{"CompanyName":"Example Corp","Industry":"Other","OtherIndustry":"Toys","WebsiteUrl":"https://example.com","Address":{"CountryCode":"US"}}},
		"Project":{"Title":"T","CustomerBusinessProblem":"A problem statement long enough."},
		"LifeCycle":{"TargetCloseDate":"2099-01-01"}}`)
	if status != 200 {
		t.Fatalf("CreateOpportunity = %d %v", status, got)
	}
	status, got = post("GetOpportunity", `{"Catalog":"Sandbox","Identifier":"`+got["Id"].(string)+`"}`)
	if status != 200 || !strings.Contains(got["Arn"].(string), ":210987654321:") {
		t.Errorf("GetOpportunity = %d, Arn %v; want 200 and the configured account", status, got["Arn"])
	}

	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit code after shutdown = %d, want 0; stderr %s", code, stderr.String())
	}
	logs := stderr.String()
	if n := strings.Count(logs, "cosell: listening on http://127.0.0.1:"); n != 1 {
		t.Errorf("ready line printed %d times:\n%s", n, logs)
	}
	if !strings.Contains(logs, `"operation":"CreateOpportunity"`) {
		t.Errorf("no request log line for CreateOpportunity:\n%s", logs)
	}
}

// TestServeShutdownFinishesInFlight cancels the server while a request is
// inside the handler: the request must still get its answer, and serve must
// return 0 only after it.
func TestServeShutdownFinishesInFlight(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	entered, release := make(chan struct{}), make(chan struct{})
	addrc := make(chan string, 1)
	done := make(chan int, 1)
	var stderr syncBuffer
	h := &hooks{
		ready: func(a string) { addrc <- a },
		wrap: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/GetOpportunity" {
					close(entered)
					<-release
				}
				next.ServeHTTP(w, r)
			})
		},
	}
	go func() { done <- serveWith(ctx, []string{"--listen", "127.0.0.1:0", "--db", ":memory:"}, &stderr, h) }()
	base := "http://" + <-addrc

	type answer struct {
		status int
		err    error
	}
	answered := make(chan answer, 1)
	go func() {
		resp, err := http.Post(base+"/GetOpportunity", "application/json", strings.NewReader(`{"Catalog":"AWS","Identifier":"O1"}`))
		if err != nil {
			answered <- answer{err: err}
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		answered <- answer{status: resp.StatusCode}
	}()
	<-entered
	cancel()
	select {
	case code := <-done:
		t.Fatalf("serve returned %d with a request in flight", code)
	case <-time.After(50 * time.Millisecond): // not a timing assertion: only a chance for a wrong early return to show
	}
	close(release)
	if a := <-answered; a.err != nil || a.status != 404 {
		t.Errorf("in-flight request got %d, %v; want its 404 answer", a.status, a.err)
	}
	if code := <-done; code != 0 {
		t.Errorf("exit code = %d, want 0; stderr %s", code, stderr.String())
	}
}

// cosell serve --help and cosell load --help print to standard output and
// name every flag with two dashes in the usage line, as the README writes
// them (issue 8).
func TestHelpOnStdout(t *testing.T) {
	tests := []struct {
		name string
		args []string
		fs   *flag.FlagSet
	}{
		{name: "serve --help", args: []string{"serve", "--help"}, fs: serveFlagSet(&serveOptions{})},
		{name: "serve -h after flags", args: []string{"serve", "--db", "x.db", "-h"}, fs: serveFlagSet(&serveOptions{})},
		{name: "load --help", args: []string{"load", "--help"}, fs: loadFlagSet(&loadOptions{})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tt.args, strings.NewReader(""), &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d, want 0; stderr %q", code, stderr.String())
			}
			if stderr.Len() > 0 {
				t.Errorf("stderr %q, want nothing", stderr.String())
			}
			usage, _, _ := strings.Cut(stdout.String(), "\n")
			n := 0
			tt.fs.VisitAll(func(f *flag.Flag) {
				n++
				if !strings.Contains(usage, "[--"+f.Name) {
					t.Errorf("usage line %q lacks --%s", usage, f.Name)
				}
				if !strings.Contains(stdout.String(), "\n  --"+f.Name) {
					t.Errorf("help does not describe --%s", f.Name)
				}
			})
			if n < 5 {
				t.Errorf("only %d flags visited", n)
			}
		})
	}
}
