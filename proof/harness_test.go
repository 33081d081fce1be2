//go:build race_proof || crash_proof || growth || hostile_proof || sync_proof || memory_proof

package proof

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/jackc/pgx/v5"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/seed"

	"github.com/cosell/cosell/internal/testbin"
)

// binary is the cosell executable TestMain builds for this run.
var binary string

// TestMain builds cosell from this work tree, unless COSELL_PROOF_BINARY
// names an executable to test instead (a release build, another commit;
// a cosell that hands serve over needs its cosell-server beside it).
func TestMain(m *testing.M) {
	if binary = os.Getenv("COSELL_PROOF_BINARY"); binary != "" {
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "cosell-proof-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// cosell serve hands over to the cosell-server beside it, so both.
	if binary, err = testbin.Build(dir); err != nil {
		fmt.Fprintln(os.Stderr, "proof: building cosell:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is one running cosell serve process.
type server struct {
	t     testing.TB
	cmd   *exec.Cmd
	URL   string // http://127.0.0.1:port
	db    string
	args  []string
	extra []string
	done  chan struct{} // closed when the process has exited

	mu  sync.Mutex
	log bytes.Buffer // its stderr, for failure messages
}

var listening = regexp.MustCompile(`listening on (http://\S+)`)

// startServer runs cosell serve --db db on a free loopback port and waits
// until it listens; the process is killed when the test ends.
func startServer(t testing.TB, db string, extra ...string) *server {
	t.Helper()
	args := append([]string{"serve", "--listen", "127.0.0.1:0", "--db", db, "--log-level", "error"}, extra...)
	s := &server{t: t, db: db, args: args, extra: extra, done: make(chan struct{})}
	s.cmd = exec.Command(binary, args...)
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			s.mu.Lock()
			s.log.WriteString(line + "\n")
			s.mu.Unlock()
			if m := listening.FindStringSubmatch(line); m != nil {
				select {
				case ready <- m[1]:
				default:
				}
			}
		}
	}()
	go func() { s.cmd.Wait(); close(s.done) }() //nolint:errcheck // a killed server exits non-zero
	t.Cleanup(s.kill)
	select {
	case u := <-ready:
		s.URL = u
	case <-s.done:
		t.Fatalf("cosell serve exited before listening:\n%s", s.stderr())
	case <-time.After(60 * time.Second):
		s.kill()
		t.Fatalf("cosell serve did not listen within 60s:\n%s", s.stderr())
	}
	return s
}

func (s *server) stderr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.String()
}

// kill sends SIGKILL (no shutdown, no checkpoint: a crash) and waits for
// the process to be gone.
func (s *server) kill() {
	select {
	case <-s.done:
		return
	default:
	}
	s.cmd.Process.Kill() //nolint:errcheck // it may have exited already
	<-s.done
}

// restart starts a new process with the same arguments (same database).
func (s *server) restart() *server {
	s.kill()
	return startServer(s.t, s.db, s.extra...)
}

// postgresURL returns the URL of a fresh schema on the PostgreSQL server
// COSELL_TEST_POSTGRES_URL names, dropped when the test ends. Without the
// variable the test is skipped, or fails under CI=true.
func postgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("COSELL_TEST_POSTGRES_URL")
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(`COSELL_TEST_POSTGRES_URL is not set (CI=true requires it): eval "$(scripts/pg-start.sh)"`)
		}
		t.Skip(`PostgreSQL variant skipped: COSELL_TEST_POSTGRES_URL is not set; run eval "$(scripts/pg-start.sh)"`)
	}
	schema := fmt.Sprintf("proof_%d_%d", os.Getpid(), schemaSeq.Add(1))
	ctx := context.Background()
	conn, err := adminConnect(ctx, base)
	if err != nil {
		t.Fatalf("connect %s: %v", base, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn, err := adminConnect(context.Background(), base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(context.Background(), `DROP SCHEMA `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("COSELL_TEST_POSTGRES_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema) // pgx sends unknown parameters as run-time settings
	u.RawQuery = q.Encode()
	return u.String()
}

var schemaSeq atomic.Int64

// adminConnect opens the harness's own connection to base, leaving out the
// pool_* settings (pool_max_conns…) a URL may carry for cosell serve's
// pool: a lone connection would send them to the server as unknown
// run-time parameters.
func adminConnect(ctx context.Context, base string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(base)
	if err != nil {
		return nil, err
	}
	for k := range cfg.RuntimeParams {
		if strings.HasPrefix(k, "pool_") {
			delete(cfg.RuntimeParams, k)
		}
	}
	return pgx.ConnectConfig(ctx, cfg)
}

// client sends awsJson1_0 requests, SigV4-signed like an SDK (the server
// ignores the signature, spec §1.1, but the bytes on the wire are real).
type client struct {
	http   *http.Client
	signer *v4.Signer
	creds  aws.Credentials
}

func newClient(conns int) *client {
	return &client{
		http: &http.Client{
			Timeout: 30 * time.Second,
			Transport: &http.Transport{
				Proxy:               nil, // loopback only
				MaxIdleConns:        2 * conns,
				MaxIdleConnsPerHost: 2 * conns,
				DisableCompression:  true,
			},
		},
		signer: v4.NewSigner(),
		creds:  aws.Credentials{AccessKeyID: "AKIDCOSELLPROOF", SecretAccessKey: "cosell-proof-secret"},
	}
}

// reply is one HTTP answer: status, the error type (ConflictException…)
// for failures, and the decoded body.
type reply struct {
	Status int
	Type   string
	Body   cosell.Object
	Raw    []byte
}

// call sends op with body to the server at base. A transport error (the
// server died, the connection was reset) comes back as err.
func (c *client) call(ctx context.Context, base, op string, body cosell.Object) (reply, error) {
	var buf bytes.Buffer
	if err := cosell.AppendJSON(&buf, body); err != nil {
		return reply{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/", bytes.NewReader(buf.Bytes()))
	if err != nil {
		return reply{}, err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", cosell.ServiceTarget+"."+op)
	sum := sha256.Sum256(buf.Bytes())
	if err := c.signer.SignHTTP(ctx, c.creds, req, hex.EncodeToString(sum[:]), cosell.SigningName, "us-east-1", time.Now()); err != nil {
		return reply{}, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return reply{}, err
	}
	r := reply{Status: resp.StatusCode, Raw: data}
	if len(data) > 0 {
		v, err := cosell.ParseJSON(data)
		if err != nil {
			return r, fmt.Errorf("%s: HTTP %d: undecodable body %q: %w", op, resp.StatusCode, data, err)
		}
		r.Body, _ = v.(cosell.Object)
	}
	if r.Status != http.StatusOK {
		r.Type = r.Body.Str("__type")
		if i := strings.LastIndexByte(r.Type, '#'); i >= 0 {
			r.Type = r.Type[i+1:]
		}
	}
	return r, nil
}

// must calls op and fails the test unless the answer is 200.
func (c *client) must(t testing.TB, base, op string, body cosell.Object) cosell.Object {
	t.Helper()
	r, err := c.call(context.Background(), base, op, body)
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	if r.Status != http.StatusOK {
		t.Fatalf("%s: HTTP %d: %s", op, r.Status, r.Raw)
	}
	return r.Body
}

// opportunity is one record under test: its identifier and the request
// members an update resends.
type opportunity struct {
	Catalog, ID string
	LMD         string // LastModifiedDate of the newest answer
	base        cosell.Object
}

// createOpportunity creates the i-th seed record (a valid, varied
// CreateOpportunity request, seed package) through the server at url.
func createOpportunity(t testing.TB, c *client, url string, i int) *opportunity {
	t.Helper()
	o, err := tryCreateOpportunity(context.Background(), c, url, i)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// tryCreateOpportunity is createOpportunity for any goroutine: a failure
// comes back as err.
func tryCreateOpportunity(ctx context.Context, c *client, url string, i int) (*opportunity, error) {
	g, err := seed.NewGenerator(time.Now(), 1000)
	if err != nil {
		return nil, err
	}
	req := g.Request(i)
	// A new opportunity cannot start at Committed or Launched (no
	// associated solution yet, spec rule of cf832a6): such seed requests
	// start at Prospect instead.
	if st := cosell.Stage(req.Str("LifeCycle", "Stage")); st == cosell.StageCommitted || st == cosell.StageLaunched {
		life := req.Obj("LifeCycle")
		life.Set("Stage", string(cosell.StageProspect))
		req.Set("LifeCycle", life)
	}
	req.Set("ClientToken", fmt.Sprintf("proof-%d-%d-%d", os.Getpid(), time.Now().UnixNano(), i))
	r, err := c.call(ctx, url, "CreateOpportunity", req)
	if err != nil {
		return nil, err
	}
	if r.Status != http.StatusOK {
		return nil, fmt.Errorf("CreateOpportunity: HTTP %d: %s", r.Status, r.Raw)
	}
	out := r.Body
	o := &opportunity{Catalog: req.Str("Catalog"), ID: out.Str("Id"), LMD: out.Str("LastModifiedDate")}
	// An update resends every member UpdateOpportunityInput declares
	// (full replacement, spec §3.2), in model order.
	for _, m := range cosell.UpdateOpportunityInput.Members {
		if v, ok := req.Lookup(m.Name); ok {
			o.base = append(o.base, cosell.Field{Name: m.Name, Value: cosell.Clone(v)})
		}
	}
	return o, nil
}

// update is the UpdateOpportunity request that sets NextSteps to next,
// carrying lmd as the concurrency token.
func (o *opportunity) update(lmd, next string) cosell.Object {
	doc := cosell.Object{{Name: "Identifier", Value: o.ID}, {Name: "LastModifiedDate", Value: lmd}}
	for _, f := range o.base {
		v := cosell.Clone(f.Value)
		if f.Name == "LifeCycle" {
			life := v.(cosell.Object)
			life.Set("NextSteps", next)
			v = life
		}
		doc = append(doc, cosell.Field{Name: f.Name, Value: v})
	}
	return doc
}

func (o *opportunity) get() cosell.Object {
	return cosell.Object{{Name: "Catalog", Value: o.Catalog}, {Name: "Identifier", Value: o.ID}}
}

// historyMax is how many NextSteps values NextStepsHistory keeps (spec §3.11).
const historyMax = 50

// historyEntry is one NextStepsHistory item.
type historyEntry struct {
	Value string
	Time  time.Time
}

// history reads LifeCycle.NextStepsHistory from a GetOpportunity answer.
func history(t testing.TB, rec cosell.Object) []historyEntry {
	t.Helper()
	var out []historyEntry
	for _, item := range rec.Obj("LifeCycle").List("NextStepsHistory") {
		e, _ := item.(cosell.Object)
		tm, err := parseTime(e.Str("Time"))
		if err != nil {
			t.Fatalf("NextStepsHistory time %q: %v", e.Str("Time"), err)
		}
		out = append(out, historyEntry{Value: e.Str("Value"), Time: tm})
	}
	return out
}

func parseTime(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }

// mustTime parses a timestamp the server sent.
func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	tm, err := parseTime(s)
	if err != nil {
		t.Fatalf("timestamp %q: %v", s, err)
	}
	return tm
}
