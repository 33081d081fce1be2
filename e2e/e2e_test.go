//go:build e2e

// Package e2e drives a running `cosell serve` with the real AWS clients:
// the AWS CLI v1 (aws), boto3 and the AWS SDK for JavaScript v3. Run with
// `go test -tags e2e ./e2e/`. A missing client skips its test with a message,
// except under CI=true, where it fails.
package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cosell/cosell/internal/testbin"
)

var endpoint string

// cosellBin is the cosell built for this run (world_test.go starts its own server).
var cosellBin string

var (
	wholeSeconds = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
	millis       = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
)

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

// run builds cosell, starts it on a free loopback port with a fresh SQLite
// file, runs the tests and stops the server.
func run(m *testing.M) (int, error) {
	dir, err := os.MkdirTemp("", "cosell-e2e")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	// Both binaries in one directory: cosell serve hands over to the
	// cosell-server beside it, so the hand-over is part of every run.
	if cosellBin, err = testbin.Build(dir); err != nil {
		return 0, err
	}
	srv, err := testbin.Start(cosellBin, "", nil, "--db", filepath.Join(dir, "e2e.db"))
	if err != nil {
		return 0, err
	}
	defer srv.Stop() //nolint:errcheck // the tests are over
	endpoint = srv.URL
	return m.Run(), nil
}

// need skips (or, under CI, fails) when a client is missing.
var need = testbin.Need

func have(cmd string, args ...string) bool { return exec.Command(cmd, args...).Run() == nil }

func TestBoto3(t *testing.T) {
	need(t, have("python3", "-c", "import boto3"), "python3 with boto3")
	cmd := exec.Command("python3", "flow_boto3.py")
	cmd.Env = append(os.Environ(), "COSELL_ENDPOINT="+endpoint)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("boto3 flow failed: %v", err)
	}
}

func TestJavaScriptSDK(t *testing.T) {
	need(t, have("node", "--version") && have("npm", "--version"), "node and npm")
	if _, err := os.Stat("js/node_modules/@aws-sdk/client-partnercentral-selling"); err != nil {
		install := exec.Command("npm", "ci", "--no-audit", "--no-fund")
		install.Dir = "js"
		if out, err := install.CombinedOutput(); err != nil {
			need(t, false, fmt.Sprintf("@aws-sdk/client-partnercentral-selling (npm ci failed: %v\n%s)", err, out))
		}
	}
	cmd := exec.Command("node", "--test")
	cmd.Dir = "js"
	cmd.Env = append(os.Environ(), "COSELL_ENDPOINT="+endpoint)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("JavaScript SDK flow failed: %v", err)
	}
}

// aws runs the AWS CLI v1 against the server.
func aws(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command("aws", append([]string{"partnercentral-selling"}, append(args, "--endpoint-url", endpoint, "--output", "json")...)...)
	cmd.Env = append(cleanEnv(), "AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=secret", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=")
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}

// cleanEnv is the environment without the user's AWS settings.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	return env
}

func awsJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	out, stderr, code := aws(t, args...)
	if code != 0 {
		t.Fatalf("aws %v: exit %d: %s", args, code, stderr)
	}
	var v map[string]any
	if out == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("aws %v: %v\n%s", args, err, out)
	}
	return v
}

// writableInput turns a GetOpportunity output into --cli-input-json for an update.
func writableInput(t *testing.T, got map[string]any, edit func(map[string]any)) string {
	t.Helper()
	in := map[string]any{}
	for _, k := range []string{"PrimaryNeedsFromAws", "NationalSecurity", "PartnerOpportunityIdentifier", "Customer", "Project", "OpportunityType", "Marketing", "SoftwareRevenue", "LifeCycle"} {
		if v, ok := got[k]; ok && v != nil {
			in[k] = dropNulls(v)
		}
	}
	delete(in["LifeCycle"].(map[string]any), "NextStepsHistory")
	if edit != nil {
		edit(in)
	}
	b, _ := json.Marshal(in)
	f := filepath.Join(t.TempDir(), "update.json")
	os.WriteFile(f, b, 0o644)
	return "file://" + f
}

func dropNulls(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			if x != nil {
				out[k] = dropNulls(x)
			}
		}
		return out
	case []any:
		var out []any
		for _, x := range v {
			if x != nil {
				out = append(out, dropNulls(x))
			}
		}
		return out
	}
	return v
}

func TestAWSCLIv1(t *testing.T) {
	need(t, have("aws", "--version"), "the AWS CLI (aws)")
	fixture, err := os.ReadFile("../testdata/create-full.json")
	if err != nil {
		t.Fatal(err)
	}
	var create map[string]any
	json.Unmarshal(fixture, &create)
	delete(create, "Catalog")
	delete(create, "ClientToken")
	b, _ := json.Marshal(create)
	f := filepath.Join(t.TempDir(), "create.json")
	os.WriteFile(f, b, 0o644)

	out := awsJSON(t, "create-opportunity", "--catalog", "Sandbox", "--cli-input-json", "file://"+f)
	id := out["Id"].(string)
	got := awsJSON(t, "get-opportunity", "--catalog", "Sandbox", "--identifier", id)
	lmd := got["LastModifiedDate"].(string)

	// The CLI v1 prints timestamps as the service wrote them: CreatedDate in
	// whole seconds without a fraction, LastModifiedDate with milliseconds,
	// the create answer's LastModifiedDate the same as the record's.
	if !wholeSeconds.MatchString(got["CreatedDate"].(string)) || !millis.MatchString(lmd) || out["LastModifiedDate"] != lmd {
		t.Errorf("timestamps: CreatedDate %v, LastModifiedDate %s, create answer %v", got["CreatedDate"], lmd, out["LastModifiedDate"])
	}
	// The creator leads OpportunityTeam as its owner, before the request's members.
	if team := got["OpportunityTeam"].([]any); len(team) != 2 || team[0].(map[string]any)["BusinessTitle"] != "OpportunityOwner" ||
		team[1].(map[string]any)["Email"] != "owner@partner.example" {
		t.Errorf("team %v", team)
	}

	// Update with shorthand merged over the record, as a script would.
	upd := awsJSON(t, "update-opportunity", "--catalog", "Sandbox", "--identifier", id, "--last-modified-date", lmd,
		"--cli-input-json", writableInput(t, got, nil), "--life-cycle", "Stage=Technical Validation,NextSteps=Demo booked,TargetCloseDate=2030-06-30")
	if upd["Id"] != id || upd["LastModifiedDate"] == lmd {
		t.Fatalf("update output %v", upd)
	}
	after := awsJSON(t, "get-opportunity", "--catalog", "Sandbox", "--identifier", id)
	lc := after["LifeCycle"].(map[string]any)
	if lc["Stage"] != "Technical Validation" || lc["NextSteps"] != "Demo booked" {
		t.Errorf("life cycle %v", lc)
	}
	if h := lc["NextStepsHistory"].([]any); len(h) != 1 {
		t.Errorf("history %v", h)
	}

	// Stale LastModifiedDate: ConflictException, exit 255 (v1), nothing changes.
	_, stderr, code := aws(t, "update-opportunity", "--catalog", "Sandbox", "--identifier", id, "--last-modified-date", lmd,
		"--cli-input-json", writableInput(t, got, nil))
	if code != 255 || !strings.Contains(stderr, "An error occurred (ConflictException) when calling the UpdateOpportunity operation") {
		t.Fatalf("stale update: exit %d, %s", code, stderr)
	}

	// Submit, then simulate the review to Action Required and edit the allowed subset.
	awsJSON(t, "associate-opportunity", "--catalog", "Sandbox", "--opportunity-identifier", id, "--related-entity-type", "Solutions", "--related-entity-identifier", "S-1234567")
	awsJSON(t, "submit-opportunity", "--catalog", "Sandbox", "--identifier", id, "--involvement-type", "Co-Sell")
	cur := awsJSON(t, "get-opportunity", "--catalog", "Sandbox", "--identifier", id)
	awsJSON(t, "update-opportunity", "--catalog", "Sandbox", "--identifier", id, "--last-modified-date", cur["LastModifiedDate"].(string),
		"--cli-input-json", writableInput(t, cur, func(in map[string]any) {
			lc := in["LifeCycle"].(map[string]any)
			lc["ReviewStatus"], lc["ReviewComments"] = "Action Required", "Please fix the postal code"
		}))
	cur = awsJSON(t, "get-opportunity", "--catalog", "Sandbox", "--identifier", id)
	_, stderr, code = aws(t, "update-opportunity", "--catalog", "Sandbox", "--identifier", id, "--last-modified-date", cur["LastModifiedDate"].(string),
		"--cli-input-json", writableInput(t, cur, func(in map[string]any) { in["Project"].(map[string]any)["Title"] = "Nope" }))
	if code != 255 || !strings.Contains(stderr, "Project.Title") {
		t.Fatalf("non-editable field in Action Required: exit %d, %s", code, stderr)
	}
	awsJSON(t, "update-opportunity", "--catalog", "Sandbox", "--identifier", id, "--last-modified-date", cur["LastModifiedDate"].(string),
		"--cli-input-json", writableInput(t, cur, func(in map[string]any) {
			in["Customer"].(map[string]any)["Account"].(map[string]any)["Address"].(map[string]any)["PostalCode"] = "98109"
		}))

	// List finds it under its new status; text output works too.
	list := awsJSON(t, "list-opportunities", "--catalog", "Sandbox", "--life-cycle-review-status", "Submitted")
	found := false
	for _, s := range list["OpportunitySummaries"].([]any) {
		found = found || s.(map[string]any)["Id"] == id
	}
	if !found {
		t.Errorf("%s not listed: %v", id, list)
	}

	// Error paths: unknown id, bad enum.
	if _, stderr, code := aws(t, "get-opportunity", "--catalog", "AWS", "--identifier", id); code != 255 || !strings.Contains(stderr, "ResourceNotFoundException") {
		t.Errorf("other catalog: exit %d %s", code, stderr)
	}
	if _, stderr, code := aws(t, "update-opportunity", "--catalog", "Sandbox", "--identifier", id, "--last-modified-date", lmd, "--national-security", "Maybe"); code != 255 || !strings.Contains(stderr, "ValidationException") || !strings.Contains(stderr, "NationalSecurity") {
		t.Errorf("bad enum: exit %d %s", code, stderr)
	}
}
