//go:build difftest

package difftest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell/internal/testbin"
)

var (
	record  = flag.Bool("record", false, "run only AWS CLI v2 and save what it did to testdata/aws-v2-record.txt")
	awsBin  = flag.String("aws", "/usr/bin/aws", "the AWS CLI v2 binary (never the v1 on PATH)")
	models  = flag.String("models", "", "directory holding the added partnercentral-selling model (default $HOME/.aws/models, see scripts/install-awscli-v2.sh)")
	verbose = flag.Bool("show", false, "log both runs of every case, also when they agree")
)

// Built once in TestMain.
var (
	cosellBin  string
	buildErr   error
	modelsCopy string
)

// deadURL is an endpoint nothing listens on (connection refused).
const deadURL = "http://127.0.0.1:1/"

// Static, clearly fake keys: the capture server never checks signatures.
const (
	accessKey = "AKIDEXAMPLE"
	secretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
)

func TestMain(m *testing.M) {
	flag.Parse()
	tmp, err := os.MkdirTemp("", "difftest")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if !*record {
		// cosell-server beside cosell: cosell serve hands over to it.
		cosellBin, buildErr = testbin.Build(tmp)
	}
	modelsCopy = filepath.Join(tmp, "models")
	if err := copyModels(modelsCopy); err != nil {
		unavailable = fmt.Sprintf("%v (run scripts/install-awscli-v2.sh)", err)
	}
	code := m.Run()
	os.RemoveAll(tmp)
	os.Exit(code)
}

// copyModels copies the model added by scripts/install-awscli-v2.sh, so every
// case's HOME holds the same one and the user's ~/.aws is never read.
func copyModels(dst string) error {
	src := *models
	if src == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return err
		}
		src = filepath.Join(home, ".aws", "models")
	}
	if _, err := os.Stat(filepath.Join(src, "partnercentral-selling")); err != nil {
		return fmt.Errorf("no partnercentral-selling model under %s", src)
	}
	return os.CopyFS(dst, os.DirFS(src))
}

func loadCorpus(t *testing.T) []*Case {
	t.Helper()
	f, err := os.Open("testdata/corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := ParseCorpus(f)
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

// result is what one CLI did for one case.
type result struct {
	exit     int
	stdout   string
	stderr   string
	requests []Request
}

// unavailable says why AWS CLI v2 cannot be the reference on this machine.
var unavailable string

func TestCorpus(t *testing.T) {
	version, err := exec.Command(*awsBin, "--version").Output()
	if err != nil && unavailable == "" {
		unavailable = fmt.Sprintf("%s --version: %v (run scripts/install-awscli-v2.sh)", *awsBin, err)
	}
	if unavailable != "" {
		// A user's machine without AWS CLI v2 skips; CI must have it.
		if os.Getenv("CI") == "true" {
			t.Fatal(unavailable)
		}
		t.Skip("skipping: AWS CLI v2 with the partnercentral-selling model is not installed: " + unavailable)
	}
	t.Logf("reference: %s --version = %s", *awsBin, strings.TrimSpace(string(version)))
	if !*record && buildErr != nil {
		t.Logf("cosell does not build; every compared case will fail:\n%v", buildErr)
	}

	cases := loadCorpus(t)
	var (
		mu       sync.Mutex
		recorded = map[string]string{}
	)
	if *record {
		t.Cleanup(func() {
			var b strings.Builder
			fmt.Fprintf(&b, "# What %s did for each corpus case (go test -tags difftest ./difftest/ -record).\n", *awsBin)
			fmt.Fprintf(&b, "# version: %s\n", strings.TrimSpace(string(version)))
			for _, c := range cases {
				if r, ok := recorded[c.Name]; ok {
					b.WriteString(r)
				}
			}
			if err := os.WriteFile("testdata/aws-v2-record.txt", []byte(b.String()), 0o644); err != nil {
				t.Error(err)
			}
		})
	}

	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			if *record {
				aws := run(t, *awsBin, c)
				mu.Lock()
				recorded[c.Name] = describe(c, aws)
				mu.Unlock()
				if c.Differs == "" {
					checkMeaningful(t, c, aws)
				}
				t.Log(describe(c, aws))
				return
			}
			if buildErr != nil {
				t.Fatal("cosell does not build (see the TestCorpus log)")
			}
			if c.Differs != "" {
				got := run(t, cosellBin, c)
				checkExpected(t, c, got)
				return
			}
			aws := run(t, *awsBin, c)
			checkMeaningful(t, c, aws)
			got := run(t, cosellBin, c)
			compare(t, c, aws, got)
			if *verbose {
				t.Logf("aws:\n%s\ncosell:\n%s", describe(c, aws), describe(c, got))
			}
		})
	}
}

// run executes bin with the case's argv in a clean environment: a fresh
// HOME holding the model, static keys and region us-east-1, AWS_PAGER="",
// UTC, a UTF-8 locale, no terminal.
func run(t *testing.T, bin string, c *Case) result {
	t.Helper()
	capture := NewCapture(c.Responses)
	defer capture.Close()
	url := capture.URL()
	exp := func(s string) string { return Expand(s, url, deadURL) }

	dir := t.TempDir()
	home, work := filepath.Join(dir, "home"), filepath.Join(dir, "work")
	must(t, os.MkdirAll(filepath.Join(home, ".aws"), 0o755))
	must(t, os.MkdirAll(work, 0o755))
	must(t, os.Symlink(modelsCopy, filepath.Join(home, ".aws", "models")))
	config := "[default]\nregion = us-east-1\n"
	for _, l := range c.Config {
		config += exp(l) + "\n"
	}
	must(t, os.WriteFile(filepath.Join(home, ".aws", "config"), []byte(config), 0o600))
	must(t, os.WriteFile(filepath.Join(home, ".aws", "credentials"),
		[]byte("[default]\naws_access_key_id = "+accessKey+"\naws_secret_access_key = "+secretKey+"\n"), 0o600))
	for _, f := range c.Files {
		p := filepath.Join(work, f.Path)
		if rest, ok := strings.CutPrefix(f.Path, "~/"); ok {
			p = filepath.Join(home, rest)
		}
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(exp(f.Content)), 0o644))
	}

	args := make([]string, 0, len(c.Args)+2)
	for _, a := range c.Args {
		args = append(args, exp(a))
	}
	if !c.NoEndpoint && !c.MentionsURL() {
		args = append(args, "--endpoint-url", url)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a hang guard, not a timing assertion
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = work
	cmd.Env = []string{
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"HOME=" + home,
		"LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TZ=UTC",
		"AWS_PAGER=",
	}
	for _, e := range c.Env {
		cmd.Env = append(cmd.Env, exp(e))
	}
	cmd.Stdin = strings.NewReader(exp(c.Stdin))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String(), requests: capture.Take()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.exit = ee.ExitCode()
	default:
		t.Fatalf("%s: %v", bin, err)
	}
	if ctx.Err() != nil {
		t.Fatalf("%s hung (killed after the guard deadline)", bin)
	}
	return r
}

// checkMeaningful asserts the reference CLI really does what the case is
// about (e.g. that a shorthand error is an error in v2 and sends nothing).
func checkMeaningful(t *testing.T, c *Case, aws result) {
	t.Helper()
	if c.Exit != nil && aws.exit != *c.Exit {
		t.Errorf("corpus:%d: the case expects exit %d but %s exited %d; stderr:\n%s", c.Line, *c.Exit, *awsBin, aws.exit, aws.stderr)
	}
	if c.NoRequest && len(aws.requests) > 0 {
		t.Errorf("corpus:%d: the case expects no request but %s sent %d: %s", c.Line, *awsBin, len(aws.requests), aws.requests[0].Body)
	}
}

// compare holds cosell to what the live AWS CLI v2 did.
func compare(t *testing.T, c *Case, aws, got result) {
	t.Helper()
	ctx := fmt.Sprintf("corpus:%d args %q\n--- aws stderr:\n%s--- cosell stderr:\n%s", c.Line, c.Args, aws.stderr, got.stderr)
	if got.exit != aws.exit {
		t.Errorf("exit: aws %d, cosell %d\n%s", aws.exit, got.exit, ctx)
	}
	if c.OwnComments {
		aws.stdout, got.stdout = NormalizeComments(aws.stdout), NormalizeComments(got.stdout)
	}
	if got.stdout != aws.stdout {
		t.Errorf("stdout differs (-aws +cosell):\n%s%s\n%s", lineDiff(aws.stdout, got.stdout), quoted(aws.stdout, got.stdout), ctx)
	}
	if c.StderrExact && got.stderr != aws.stderr {
		t.Errorf("stderr differs (-aws +cosell):\n%s\naws:    %q\ncosell: %q", lineDiff(aws.stderr, got.stderr), aws.stderr, got.stderr)
	}
	if c.NoRequest && len(got.requests) > 0 {
		t.Errorf("cosell sent %d request(s) for a case the CLI must reject first: %s", len(got.requests), got.requests[0].Body)
	}
	if c.MaskUUIDs {
		for _, rs := range [][]Request{aws.requests, got.requests} {
			for i := range rs {
				rs[i].Body = MaskUUIDs(rs[i].Body)
			}
		}
	}
	compareRequests(t, aws.requests, got.requests, ctx)
}

func compareRequests(t *testing.T, want, got []Request, ctx string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("requests: aws sent %d, cosell %d\naws:    %s\ncosell: %s\n%s", len(want), len(got), bodies(want), bodies(got), ctx)
		return
	}
	for i := range want {
		w, g := want[i], got[i]
		if !bytes.Equal(w.Body, g.Body) {
			msg := fmt.Sprintf("request %d body bytes differ:\naws:    %s\ncosell: %s", i, w.Body, g.Body)
			wj, werr := parseJSON(w.Body)
			gj, gerr := parseJSON(g.Body)
			if werr == nil && gerr == nil {
				if d := cmp.Diff(wj, gj); d != "" {
					msg += "\nparsed JSON differs (-aws +cosell):\n" + d
				} else {
					msg += "\n(same JSON document, different bytes: separators, escaping or number form)"
				}
			} else {
				msg += fmt.Sprintf("\nJSON parse: aws %v, cosell %v", werr, gerr)
			}
			t.Error(msg)
		}
		for _, h := range []string{"X-Amz-Target", "Content-Type"} {
			if w.Header.Get(h) != g.Header.Get(h) {
				t.Errorf("request %d header %s: aws %q, cosell %q", i, h, w.Header.Get(h), g.Header.Get(h))
			}
		}
		if (w.Header.Get("Authorization") == "") != (g.Header.Get("Authorization") == "") {
			t.Errorf("request %d Authorization: aws %q, cosell %q", i, w.Header.Get("Authorization"), g.Header.Get("Authorization"))
		}
		if w.Method != g.Method || w.Path != g.Path {
			t.Errorf("request %d: aws %s %s, cosell %s %s", i, w.Method, w.Path, g.Method, g.Path)
		}
	}
}

// checkExpected holds cosell to the corpus's written expectation, for the
// cases where 2.9.19 is not the reference (aws-cli-behaviour.md §15).
func checkExpected(t *testing.T, c *Case, got result) {
	t.Helper()
	t.Logf("v2.9-differs (%s): compared with the corpus expectation, not %s", c.Differs, *awsBin)
	ctx := fmt.Sprintf("corpus:%d args %q\n--- cosell stderr:\n%s", c.Line, c.Args, got.stderr)
	if c.Exit != nil && got.exit != *c.Exit {
		t.Errorf("exit: want %d, cosell %d\n%s", *c.Exit, got.exit, ctx)
	}
	if c.ExpectStdout != nil && got.stdout != *c.ExpectStdout {
		t.Errorf("stdout differs (-want +cosell):\n%s%s\n%s", lineDiff(*c.ExpectStdout, got.stdout), quoted(*c.ExpectStdout, got.stdout), ctx)
	}
	if c.ExpectStderr != nil && got.stderr != *c.ExpectStderr {
		t.Errorf("stderr differs (-want +cosell):\n%s\nwant:   %q\ncosell: %q", lineDiff(*c.ExpectStderr, got.stderr), *c.ExpectStderr, got.stderr)
	}
	if c.NoRequest && len(got.requests) > 0 {
		t.Errorf("cosell sent %d request(s) for a case the CLI must reject first: %s\n%s", len(got.requests), got.requests[0].Body, ctx)
	}
	if len(c.ExpectBodies) > 0 {
		want := make([]Request, len(c.ExpectBodies))
		for i, b := range c.ExpectBodies {
			want[i] = Request{Body: []byte(b)}
		}
		if len(got.requests) != len(want) {
			t.Errorf("requests: want %d, cosell sent %d: %s\n%s", len(want), len(got.requests), bodies(got.requests), ctx)
			return
		}
		for i := range want {
			if !bytes.Equal(want[i].Body, got.requests[i].Body) {
				t.Errorf("request %d body:\nwant:   %s\ncosell: %s", i, want[i].Body, got.requests[i].Body)
			}
		}
	}
}

func describe(c *Case, r result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "=== %s\nargs: %q\nexit: %d\nstdout: %s\nstderr: %s\n", c.Name, c.Args, r.exit, strconv.Quote(r.stdout), strconv.Quote(r.stderr))
	for _, q := range r.requests {
		fmt.Fprintf(&b, "request: %s %s %s\n", q.Header.Get("X-Amz-Target"), q.Path, q.Body)
	}
	if c.Differs != "" {
		fmt.Fprintf(&b, "(v2.9-differs: %s)\n", c.Differs)
	}
	return b.String()
}

func bodies(rs []Request) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, string(r.Body))
	}
	return "[" + strings.Join(parts, " | ") + "]"
}

func lineDiff(a, b string) string {
	return cmp.Diff(strings.SplitAfter(a, "\n"), strings.SplitAfter(b, "\n"))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// parseJSON decodes a body for a readable diff (key order is checked by the
// byte comparison, so plain maps do here).
func parseJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// quoted shows both outputs byte-exactly when they are short enough to read.
func quoted(want, got string) string {
	if len(want)+len(got) > 2000 {
		return ""
	}
	return fmt.Sprintf("\nwant:   %q\ncosell: %q", want, got)
}
