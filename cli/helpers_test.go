package cli

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// sentCall is one request the fake client received.
type sentCall struct {
	Op   string
	Body string
}

// fakeClient answers from a script and records every request body.
type fakeClient struct {
	calls   []sentCall
	respond func(op string, body string, n int) ([]byte, error)
	cfg     ClientConfig
}

func (c *fakeClient) Call(_ context.Context, op string, body []byte) ([]byte, error) {
	c.calls = append(c.calls, sentCall{op, string(body)})
	if c.respond == nil {
		return []byte(`{"Id": "O1", "LastModifiedDate": "2025-01-02T03:04:05.123Z"}`), nil
	}
	return c.respond(op, string(body), len(c.calls))
}

func (c *fakeClient) Region() string { return "us-east-1" }

// result is one run of the CLI.
type result struct {
	Out, Err string
	Code     int
	Calls    []sentCall
	Client   *fakeClient
}

// testEnv is a run's environment: HOME is a fresh directory unless set.
type testEnv struct {
	env      map[string]string
	config   string // ~/.aws/config contents
	client   *fakeClient
	inTTY    bool
	outTTY   bool
	stdin    string
	now      time.Time
	prompter Prompter
	uuid     func() string // the Factory's NewUUID (nil: random)
}

func runCLI(t *testing.T, e testEnv, args ...string) result {
	t.Helper()
	home := t.TempDir()
	env := map[string]string{"HOME": home}
	for k, v := range e.env {
		env[k] = v
	}
	if e.config != "" {
		if err := os.MkdirAll(filepath.Join(home, ".aws"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(home, ".aws", "config"), []byte(e.config), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fc := e.client
	if fc == nil {
		fc = &fakeClient{}
	}
	var out, errOut bytes.Buffer
	f := &Factory{
		IO: &IOStreams{In: bytes.NewBufferString(e.stdin), Out: &out, ErrOut: &errOut, InTTY: e.inTTY, OutTTY: e.outTTY},
		LookupEnv: func(k string) (string, bool) {
			v, ok := env[k]
			return v, ok
		},
		Now: func() time.Time {
			if e.now.IsZero() {
				return time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
			}
			return e.now
		},
	}
	defaultDeps(f)
	f.NewClient = func(_ context.Context, cfg ClientConfig) (Client, error) {
		fc.cfg = cfg
		return fc, nil
	}
	f.Prompter = e.prompter
	f.NewUUID = e.uuid
	code := Run(f, args)
	return result{Out: out.String(), Err: errOut.String(), Code: code, Calls: fc.calls, Client: fc}
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}
