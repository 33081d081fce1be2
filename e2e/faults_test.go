//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const controlToken = "e2e-control-token"

// faultWorld is alpha's account with one rule: half the creates and
// updates are throttled, from seed 42 (the same attempts every run).
const faultWorld = `
accounts:
  - id: "111111111111"
    company_name: Alpha Cloud Partners
    access_keys:
      - id: AKIAALPHA00000000001
        secret: alpha-secret-e2e
faults:
  - operations: ["CreateOpportunity", "UpdateOpportunity"]
    error: ThrottlingException
    probability: 0.5
    seed: 42
`

// faultServer starts cosell serve --world (signatures verified) with the
// control token in its environment.
func faultServer(t *testing.T) string {
	t.Helper()
	return serveWorld(t, faultWorld, []string{"COSELL_CONTROL_TOKEN=" + controlToken}, func(log string) {
		if strings.Contains(log, controlToken) || strings.Contains(log, alpha.secret) {
			t.Error("the server log holds the control token or a secret")
		}
	})
}

// controlGet reads one of cosell's own endpoints with the control token.
func controlGet(t *testing.T, url string) []byte {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+controlToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	return b
}

type ruleCounters struct {
	Faults []struct{ Calls, Fired int }
}

func rules(t *testing.T, url string) ruleCounters {
	t.Helper()
	var r ruleCounters
	if err := json.Unmarshal(controlGet(t, url+"/_cosell/faults"), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// boto3 runs faults_boto3.py as alpha and decodes what it prints.
func boto3(t *testing.T, url string, args ...string) map[string]any {
	t.Helper()
	cmd := exec.Command("python3", append([]string{"faults_boto3.py"}, args...)...)
	cmd.Env = credEnv(alpha, "COSELL_ENDPOINT="+url)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var r map[string]any
	if jerr := json.Unmarshal(out, &r); jerr != nil || err != nil || r["failed"] != nil {
		t.Fatalf("faults_boto3.py %v: %v\n%s\n%s", args, err, out, stderr.String())
	}
	return r
}

// boto3's standard retry mode rides through 50% ThrottlingException on
// CreateOpportunity and UpdateOpportunity with every write applied exactly
// once; then a commit_then_drop rule, set with cosell faults, shows the
// "did it happen?" case: the retried update conflicts, because the first
// attempt committed.
func TestFaultsBoto3(t *testing.T) {
	need(t, have("python3", "-c", "import boto3"), "python3 with boto3")
	url := faultServer(t)
	const creates, updates = 4, 6

	got := boto3(t, url, "throttle", fmt.Sprint(creates), fmt.Sprint(updates))
	retries := int(got["retries"].(float64))
	if n := count(t, url); n != creates {
		t.Errorf("%d opportunities after %d creates, want %d", n, creates, creates)
	}
	if int(got["history_added"].(float64)) != updates {
		t.Errorf("NextStepsHistory gained %v entries for %d updates", got["history_added"], updates)
	}
	// Every attempt boto3 made was a call of the rule, and every retry
	// followed a fault the rule fired: none was lost or invented.
	r := rules(t, url)
	if len(r.Faults) != 1 || r.Faults[0].Calls != creates+updates+retries || r.Faults[0].Fired != retries {
		t.Errorf("rule counters %+v; boto3 made %d calls and %d retries", r.Faults, creates+updates, retries)
	}
	if retries == 0 {
		t.Error("nothing was throttled: the rule did not fire")
	}
	t.Logf("%d creates and %d updates took %d retries", creates, updates, retries)
	metrics := string(controlGet(t, url+"/metrics"))
	fired := 0
	for _, op := range []string{"CreateOpportunity", "UpdateOpportunity"} {
		var n int
		prefix := `cosell_faults_fired_total{account="111111111111",fault="ThrottlingException",operation="` + op + `"} `
		if _, after, ok := strings.Cut(metrics, prefix); ok {
			fmt.Sscan(after, &n)
		}
		fired += n
	}
	if fired != retries {
		t.Errorf("/metrics counts %d faults fired, want %d", fired, retries)
	}

	// Replace the rule through cosell faults: every 2nd update commits and
	// loses its answer.
	rulesFile := filepath.Join(t.TempDir(), "drop.yaml")
	os.WriteFile(rulesFile, []byte("- operations: [UpdateOpportunity]\n  commit_then_drop: true\n  every: 2\n"), 0o600)
	cli := exec.Command(cosellBin, "faults", "replace", "--endpoint-url", url, "--file", rulesFile)
	cli.Env = append(cleanEnv(), "COSELL_CONTROL_TOKEN="+controlToken)
	if out, err := cli.CombinedOutput(); err != nil || !strings.Contains(string(out), "commit_then_drop  every 2 calls") {
		t.Fatalf("cosell faults replace: %v\n%s", err, out)
	}
	id := got["ids"].([]any)[0].(string)
	drop := boto3(t, url, "drop", id)
	if drop["retry_attempts"] != float64(1) {
		t.Errorf("the conflicting update came after %v retries, want 1", drop["retry_attempts"])
	}
	r = rules(t, url)
	if len(r.Faults) != 1 || r.Faults[0].Calls != 3 || r.Faults[0].Fired != 1 {
		t.Errorf("rule counters %+v, want 3 calls (answered, dropped, retried) and 1 fired", r.Faults)
	}
	metrics = string(controlGet(t, url+"/metrics"))
	for _, line := range []string{
		`cosell_requests_total{account="111111111111",operation="UpdateOpportunity",status="dropped"} 1`,
		`cosell_requests_total{account="111111111111",operation="UpdateOpportunity",status="409"} 1`,
	} {
		if !strings.Contains(metrics, line+"\n") {
			t.Errorf("no line %s in /metrics", line)
		}
	}
}
