//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cosell/cosell/internal/testbin"
)

// Two partner accounts; beta's key is a temporary credential, so every
// client also shows X-Amz-Security-Token at work.
const world = `
accounts:
  - id: "111111111111"
    company_name: Alpha Cloud Partners
    website_url: https://alpha.example.com
    access_keys:
      - id: AKIAALPHA00000000001
        secret: alpha-secret-e2e
  - id: "222222222222"
    company_name: Beta Data Partners
    website_url: https://beta.example.com
    access_keys:
      - id: ASIABETA000000000001
        secret: beta-secret-e2e
        session_token: beta-session-token-e2e
connections:
  - ["111111111111", "222222222222"]
`

// cred is one identity a client signs with.
type cred struct{ key, secret, token, account string }

var (
	alpha      = cred{"AKIAALPHA00000000001", "alpha-secret-e2e", "", "111111111111"}
	beta       = cred{"ASIABETA000000000001", "beta-secret-e2e", "beta-session-token-e2e", "222222222222"}
	alphaWrong = cred{"AKIAALPHA00000000001", "not-alpha-secret", "", "111111111111"}
)

// worldServer starts `cosell serve --world` (signatures verified) on its
// own database for the test.
func worldServer(t *testing.T) string {
	t.Helper()
	return serveWorld(t, world, nil, func(log string) {
		// Whatever the clients sent, the log holds no secret or token.
		for _, c := range []cred{alpha, beta, alphaWrong} {
			for _, s := range []string{c.secret, c.token} {
				if s != "" && strings.Contains(log, s) {
					t.Errorf("the server log holds %q", s)
				}
			}
		}
		if strings.Contains(log, "Signature=") {
			t.Error("the server log holds a signature")
		}
	})
}

// serveWorld runs the cosell binary with the world file worldYAML (and
// env added to a clean environment) on a free port until the test ends,
// then stops it with SIGINT and hands its log to checkLog.
func serveWorld(t *testing.T, worldYAML string, env []string, checkLog func(log string)) string {
	t.Helper()
	return serveWorldArgs(t, worldYAML, env, checkLog)
}

// serveWorldArgs is serveWorld with more arguments for `cosell serve`.
func serveWorldArgs(t *testing.T, worldYAML string, env []string, checkLog func(log string), args ...string) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "world.yaml")
	if err := os.WriteFile(path, []byte(worldYAML), 0o600); err != nil {
		t.Fatal(err)
	}
	var srvEnv []string
	if env != nil {
		srvEnv = append(cleanEnv(), env...)
	}
	srv, err := testbin.Start(cosellBin, "", srvEnv, append([]string{"--db", filepath.Join(dir, "world.db"), "--world", path}, args...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		srv.Stop() //nolint:errcheck // a clean stop; its log is checked below
		checkLog(srv.Log())
		if t.Failed() {
			t.Logf("server log:\n%s", srv.Log())
		}
	})
	return srv.URL
}

// call sends one request signed by the test itself (the SDK signer) and
// decodes the answer.
func call(t *testing.T, url string, c cred, op, body string) map[string]any {
	t.Helper()
	status, _, b, err := testbin.Signed(url, op, body, awssdk.Credentials{AccessKeyID: c.key, SecretAccessKey: c.secret, SessionToken: c.token})
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil || status != 200 {
		t.Fatalf("%s: %d %s", op, status, b)
	}
	return out
}

// count is the number of Sandbox opportunities, read with a correct key.
func count(t *testing.T, url string) int {
	t.Helper()
	n, token := 0, ""
	for {
		body := `{"Catalog":"Sandbox","MaxResults":100}`
		if token != "" {
			body = fmt.Sprintf(`{"Catalog":"Sandbox","MaxResults":100,"NextToken":%q}`, token)
		}
		out := call(t, url, alpha, "ListOpportunities", body)
		l, _ := out["OpportunitySummaries"].([]any)
		n += len(l)
		token, _ = out["NextToken"].(string)
		if token == "" {
			return n
		}
	}
}

// creator makes one CreateOpportunity in Sandbox with a client, signed as
// c; it returns the new id, or the error code the client reported.
type creator func(t *testing.T, url string, c cred, clientToken string) (id, code string)

// checkClient shows one client accepted with correct keys (each account
// sees its own account in the ARN) and refused with a wrong secret, the
// refused create writing nothing.
func checkClient(t *testing.T, create creator) {
	url := worldServer(t)
	for _, c := range []cred{alpha, beta} {
		id, code := create(t, url, c, "e2e-"+c.key)
		if id == "" {
			t.Fatalf("%s: create refused: %s", c.key, code)
		}
		got := call(t, url, c, "GetOpportunity", `{"Catalog":"Sandbox","Identifier":"`+id+`"}`)
		if want := "arn:aws:partnercentral:us-east-1:" + c.account + ":catalog/Sandbox/opportunity/" + id; got["Arn"] != want {
			t.Errorf("%s: Arn %v, want %s", c.key, got["Arn"], want)
		}
	}
	before := count(t, url)
	id, code := create(t, url, alphaWrong, "e2e-wrong-secret")
	if id != "" || code != "InvalidSignatureException" {
		t.Errorf("wrong secret: id %q, error %q; want InvalidSignatureException", id, code)
	}
	if after := count(t, url); after != before {
		t.Errorf("the refused create wrote: %d records before, %d after", before, after)
	}
}

// credEnv is a clean environment holding c as the AWS credentials.
func credEnv(c cred, extra ...string) []string {
	env := append(cleanEnv(), "AWS_ACCESS_KEY_ID="+c.key, "AWS_SECRET_ACCESS_KEY="+c.secret, "AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=")
	if c.token != "" {
		env = append(env, "AWS_SESSION_TOKEN="+c.token)
	}
	return append(env, extra...)
}

// scriptCreator runs a script that prints {"Id"} or {"Error"}.
func scriptCreator(dir string, name string, args ...string) creator {
	return func(t *testing.T, url string, c cred, clientToken string) (string, string) {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = credEnv(c, "COSELL_ENDPOINT="+url, "CLIENT_TOKEN="+clientToken)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		var r struct{ Id, Error string }
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatalf("%s: %q: %v", name, out, err)
		}
		return r.Id, r.Error
	}
}

// cliCreator runs an AWS-CLI-compatible binary (aws v1, aws v2, cosell).
func cliCreator(bin string, extraEnv ...string) creator {
	return func(t *testing.T, url string, c cred, clientToken string) (string, string) {
		t.Helper()
		cmd := exec.Command(bin, "partnercentral-selling", "create-opportunity", "--endpoint-url", url, "--output", "json",
			"--catalog", "Sandbox", "--client-token", clientToken, "--cli-input-json", "file://"+cliInput(t))
		cmd.Env = credEnv(c, extraEnv...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			// "An error occurred (Code) when calling …"
			_, rest, ok := strings.Cut(stderr.String(), "An error occurred (")
			code, _, _ := strings.Cut(rest, ")")
			if !ok {
				t.Fatalf("%s: %v\n%s", bin, err, stderr.String())
			}
			return "", code
		}
		var r struct{ Id string }
		if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
			t.Fatalf("%s: %q: %v", bin, stdout.String(), err)
		}
		return r.Id, ""
	}
}

// cliInput is testdata/create-full.json without the members the command
// line gives.
func cliInput(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../testdata/create-full.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(b, &m)
	delete(m, "Catalog")
	delete(m, "ClientToken")
	b, _ = json.Marshal(m)
	f := filepath.Join(t.TempDir(), "create.json")
	os.WriteFile(f, b, 0o644)
	return f
}

func TestWorldBoto3(t *testing.T) {
	need(t, have("python3", "-c", "import boto3"), "python3 with boto3")
	checkClient(t, scriptCreator(".", "python3", "signed_boto3.py"))
}

func TestWorldJavaScriptSDK(t *testing.T) {
	need(t, have("node", "--version"), "node")
	if _, err := os.Stat("js/node_modules/@aws-sdk/client-partnercentral-selling"); err != nil {
		install := exec.Command("npm", "ci", "--no-audit", "--no-fund")
		install.Dir = "js"
		if out, err := install.CombinedOutput(); err != nil {
			need(t, false, fmt.Sprintf("@aws-sdk/client-partnercentral-selling (npm ci failed: %v\n%s)", err, out))
		}
	}
	checkClient(t, scriptCreator("js", "node", "signed.mjs"))
}

func TestWorldAWSCLIv1(t *testing.T) {
	need(t, have("aws", "--version"), "the AWS CLI (aws)")
	checkClient(t, cliCreator("aws"))
}

// awsV2 is AWS CLI v2: $COSELL_AWS_V2, else /usr/bin/aws (where
// scripts/install-awscli-v2.sh puts it; the aws on PATH may be v1).
func awsV2() string {
	if p := os.Getenv("COSELL_AWS_V2"); p != "" {
		return p
	}
	return "/usr/bin/aws"
}

func TestWorldAWSCLIv2(t *testing.T) {
	bin := awsV2()
	out, _ := exec.Command(bin, "--version").Output()
	need(t, strings.HasPrefix(string(out), "aws-cli/2."), "AWS CLI v2 at "+bin+" (scripts/install-awscli-v2.sh, or set COSELL_AWS_V2)")
	// v2 predates the service: it needs the model the install script added
	// under ~/.aws/models; a temporary HOME holds a copy and nothing else.
	home, _ := os.UserHomeDir()
	models := filepath.Join(home, ".aws", "models")
	_, err := os.Stat(filepath.Join(models, "partnercentral-selling"))
	need(t, err == nil, "the partnercentral-selling model for AWS CLI v2 under "+models+" (scripts/install-awscli-v2.sh)")
	tmp := t.TempDir()
	if err := os.CopyFS(filepath.Join(tmp, ".aws", "models"), os.DirFS(models)); err != nil {
		t.Fatal(err)
	}
	checkClient(t, cliCreator(bin, "HOME="+tmp))
}

func TestWorldCosell(t *testing.T) {
	checkClient(t, cliCreator(cosellBin))
}

// TestWorldOwnership: an opportunity belongs to the account that created
// it; another account's GetOpportunity, through the AWS CLI, finds none.
func TestWorldOwnership(t *testing.T) {
	need(t, have("aws", "--version"), "the AWS CLI (aws)")
	url := worldServer(t)
	b, err := os.ReadFile("../testdata/create-full.json")
	if err != nil {
		t.Fatal(err)
	}
	var req map[string]any
	json.Unmarshal(b, &req)
	req["Catalog"] = "Sandbox"
	body, _ := json.Marshal(req)
	id, _ := call(t, url, alpha, "CreateOpportunity", string(body))["Id"].(string)
	if id == "" {
		t.Fatal("alpha's create returned no Id")
	}
	get := func(c cred) (string, string) {
		cmd := exec.Command("aws", "partnercentral-selling", "get-opportunity", "--endpoint-url", url, "--output", "json",
			"--catalog", "Sandbox", "--identifier", id)
		cmd.Env = credEnv(c)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			return "", stderr.String()
		}
		return stdout.String(), ""
	}
	if out, errOut := get(alpha); !strings.Contains(out, id) {
		t.Fatalf("alpha's get: %s%s", out, errOut)
	}
	out, errOut := get(beta)
	if !strings.Contains(errOut, "An error occurred (ResourceNotFoundException)") {
		t.Errorf("beta's get of alpha's %s: %s%s; want ResourceNotFoundException", id, out, errOut)
	}
}
