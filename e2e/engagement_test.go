//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Three partner accounts for the engagement flows: A and B connected, C
// connected to nobody.
const engagementWorld = `
accounts:
  - id: "111111111111"
    company_name: Alpha Cloud Partners
    website_url: https://alpha.example.com
    access_keys:
      - id: AKIAENGA000000000001
        secret: engagement-a-secret
  - id: "222222222222"
    company_name: Beta Data Partners
    website_url: https://beta.example.com
    access_keys:
      - id: AKIAENGB000000000001
        secret: engagement-b-secret
  - id: "333333333333"
    company_name: Gamma Lone Partners
    website_url: https://gamma.example.com
    access_keys:
      - id: AKIAENGC000000000001
        secret: engagement-c-secret
connections:
  - ["111111111111", "222222222222"]
`

var (
	engA = cred{"AKIAENGA000000000001", "engagement-a-secret", "", "111111111111"}
	engB = cred{"AKIAENGB000000000001", "engagement-b-secret", "", "222222222222"}
	engC = cred{"AKIAENGC000000000001", "engagement-c-secret", "", "333333333333"}
)

// engagementServer starts `cosell serve --world engagementWorld` with args
// added; the log must hold no secret.
func engagementServer(t *testing.T, args ...string) string {
	t.Helper()
	return serveWorldArgs(t, engagementWorld, nil, func(log string) {
		for _, c := range []cred{engA, engB, engC} {
			if strings.Contains(log, c.secret) {
				t.Errorf("the server log holds %q", c.secret)
			}
		}
	}, args...)
}

// engagementBoto3 runs engagement_boto3.py with the flows named against url,
// each account's client signing with its own key.
func engagementBoto3(t *testing.T, url string, flows ...string) {
	t.Helper()
	cmd := exec.Command("python3", append([]string{"engagement_boto3.py"}, flows...)...)
	cmd.Env = append(cleanEnv(), "COSELL_ENDPOINT="+url)
	for name, c := range map[string]cred{"A": engA, "B": engB, "C": engC} {
		cmd.Env = append(cmd.Env, name+"_ACCOUNT="+c.account, name+"_KEY="+c.key, name+"_SECRET="+c.secret)
	}
	out, err := cmd.CombinedOutput()
	t.Logf("engagement_boto3.py %v:\n%s", flows, out)
	if err != nil {
		t.Fatalf("engagement_boto3.py %v failed: %v", flows, err)
	}
}

func TestEngagementFlowsBoto3(t *testing.T) {
	need(t, have("python3", "-c", "import boto3"), "python3 with boto3")
	t.Run("flows", func(t *testing.T) {
		engagementBoto3(t, engagementServer(t))
	})
	t.Run("referral events", func(t *testing.T) {
		events := filepath.Join(t.TempDir(), "events.jsonl")
		engagementBoto3(t, engagementServer(t, "--events", events), "referral")
		checkReferralEvents(t, readEvents(t, events))
	})
}

// event is one EventBridge event line of --events.
type event struct {
	DetailType string         `json:"detail-type"`
	Source     string         `json:"source"`
	Account    string         `json:"account"`
	Region     string         `json:"region"`
	Time       string         `json:"time"`
	Resources  []string       `json:"resources"`
	Detail     map[string]any `json:"detail"`
}

// readEvents reads the --events file once it has settled: the dispatcher
// appends events shortly after their commits (at least once, from the
// outbox), so it waits until the file is non-empty and unchanged for 300 ms.
func readEvents(t *testing.T, path string) []event {
	t.Helper()
	var b []byte
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		prev, _ := os.ReadFile(path)
		time.Sleep(300 * time.Millisecond)
		b, _ = os.ReadFile(path)
		if len(b) > 0 && bytes.Equal(prev, b) {
			break
		}
	}
	var evs []event
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("event line %q: %v", sc.Text(), err)
		}
		evs = append(evs, e)
	}
	return evs
}

// checkReferralEvents: the accepted referral's events reach A with the
// detail fields of fact sheet §13.
func checkReferralEvents(t *testing.T, evs []event) {
	t.Helper()
	for _, e := range evs {
		if e.Source != "aws.partnercentral-selling" || e.Region != "us-east-1" || e.Time == "" || e.Detail["catalog"] != "Sandbox" {
			t.Errorf("event envelope: %+v", e)
		}
		// The referral flow involves A alone (B only fails to read).
		if e.Account != engA.account {
			t.Errorf("an event to %s: %+v", e.Account, e)
		}
	}
	for _, tc := range []struct {
		name, detailType string
		object           string   // the detail member holding the fields
		fields           []string // its documented members
		also             []string // other documented detail members
		resources        bool     // resources names the invitation or engagement
		match            func(obj map[string]any) bool
	}{
		{name: "invitation created", resources: true, detailType: "Engagement Invitation Created", object: "engagementInvitation",
			fields: []string{"arn", "id", "engagementId", "senderAccountId", "receiverAccountId", "senderCompanyName", "expirationDate", "participantType", "payloadType"},
			match: func(o map[string]any) bool {
				return o["senderAccountId"] == "aws" && o["receiverAccountId"] == engA.account && o["payloadType"] == "OpportunityInvitation"
			}},
		{name: "invitation accepted", resources: true, detailType: "Engagement Invitation Accepted", object: "engagementInvitation",
			fields: []string{"arn", "id", "engagementId", "senderAccountId", "receiverAccountId", "participantType", "payloadType"},
			match: func(o map[string]any) bool {
				return o["receiverAccountId"] == engA.account && o["participantType"] == "RECEIVER"
			}},
		{name: "member added", resources: true, detailType: "Engagement Member Added", object: "engagementMember",
			fields: []string{"accountId", "companyName"}, also: []string{"engagement"},
			match: func(o map[string]any) bool {
				return o["accountId"] == engA.account && o["companyName"] == "Alpha Cloud Partners"
			}},
		{name: "opportunity created", detailType: "Opportunity Created", object: "opportunity",
			fields: []string{"identifier"}, also: []string{"schemaVersion"},
			match: func(o map[string]any) bool { return strings.HasPrefix(o["identifier"].(string), "O") }},
		{name: "snapshot created", resources: true, detailType: "Engagement Resource Snapshot Created", object: "resourceSnapshot",
			fields: []string{"arn", "engagementId", "resourceType", "resourceId", "createdBy", "targetMemberAccounts", "resourceSnapshotTemplateName"},
			match: func(o map[string]any) bool {
				targets, _ := o["targetMemberAccounts"].([]any)
				return o["resourceType"] == "Opportunity" && o["createdBy"] == engA.account && slices.Contains(targets, any(engA.account))
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var seen []event
			for _, e := range evs {
				if e.DetailType != tc.detailType {
					continue
				}
				seen = append(seen, e)
				obj, _ := e.Detail[tc.object].(map[string]any)
				if e.Account != engA.account || obj == nil || !tc.match(obj) {
					continue
				}
				for _, f := range tc.fields {
					if v, ok := obj[f]; !ok || v == nil || v == "" {
						t.Errorf("%s: detail.%s.%s missing in %v", tc.detailType, tc.object, f, e.Detail)
					}
				}
				for _, f := range tc.also {
					if _, ok := e.Detail[f]; !ok {
						t.Errorf("%s: detail.%s missing in %v", tc.detailType, f, e.Detail)
					}
				}
				if tc.resources && (len(e.Resources) != 1 || !strings.HasPrefix(e.Resources[0], "arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement")) {
					t.Errorf("%s: resources %v", tc.detailType, e.Resources)
				}
				return
			}
			t.Errorf("no %s event to %s as documented; %s events: %+v", tc.detailType, engA.account, tc.detailType, seen)
		})
	}
}

// cliRun runs an AWS-CLI-compatible binary against url, signed as c.
func cliRun(t *testing.T, bin, url string, c cred, extraEnv []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(bin, append(append([]string{"partnercentral-selling"}, args...), "--endpoint-url", url, "--output", "json")...)
	cmd.Env = credEnv(c, extraEnv...)
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

// TestEngagementFlowsCLI runs engagement commands with AWS CLI v2 and then
// the same commands with cosell's CLI: the same exit codes and, for every
// command (creates and tasks replayed under their ClientToken), the same
// stdout.
func TestEngagementFlowsCLI(t *testing.T) {
	bin := awsV2()
	out, _ := exec.Command(bin, "--version").Output()
	need(t, strings.HasPrefix(string(out), "aws-cli/2."), "AWS CLI v2 at "+bin+" (scripts/install-awscli-v2.sh, or set COSELL_AWS_V2)")
	home, _ := os.UserHomeDir()
	models := filepath.Join(home, ".aws", "models")
	_, err := os.Stat(filepath.Join(models, "partnercentral-selling"))
	need(t, err == nil, "the partnercentral-selling model for AWS CLI v2 under "+models+" (scripts/install-awscli-v2.sh)")
	tmp := t.TempDir()
	if err := os.CopyFS(filepath.Join(tmp, ".aws", "models"), os.DirFS(models)); err != nil {
		t.Fatal(err)
	}
	awsEnv := []string{"HOME=" + tmp}
	url := engagementServer(t)

	// both runs args with aws v2 then cosell as c, checks both exit with
	// code and print the same stdout, and returns aws's decoded output.
	both := func(t *testing.T, c cred, code int, args ...string) (map[string]any, string) {
		t.Helper()
		aOut, aErr, aCode := cliRun(t, bin, url, c, awsEnv, args...)
		cOut, cErr, cCode := cliRun(t, cosellBin, url, c, nil, args...)
		if aCode != code || cCode != code {
			t.Fatalf("%v: exit codes aws %d, cosell %d, want %d\naws: %s\ncosell: %s", args, aCode, cCode, code, aErr, cErr)
		}
		if aOut != cOut {
			t.Errorf("%v: stdout differs (-aws +cosell):\n%s", args, cmp.Diff(aOut, cOut))
		}
		if code != 0 {
			return nil, aErr
		}
		var v map[string]any
		if aOut != "" {
			if err := json.Unmarshal([]byte(aOut), &v); err != nil {
				t.Fatalf("%v: %v\n%s", args, err, aOut)
			}
		}
		return v, aErr
	}

	var engIDs []string
	for i, title := range []string{"CLI lead one", "CLI lead two"} {
		eng, _ := both(t, engA, 0, "create-engagement", "--catalog", "Sandbox", "--client-token", fmt.Sprintf("cli-eng-%d", i),
			"--title", title, "--description", "An engagement made with the CLI")
		id, _ := eng["Id"].(string)
		if !strings.HasPrefix(id, "eng-") || !strings.HasPrefix(eng["Arn"].(string), "arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement/"+id) {
			t.Fatalf("create-engagement: %v", eng)
		}
		engIDs = append(engIDs, id)
	}
	// The same token, another title: ConflictException from both (254).
	_, stderr := both(t, engA, 254, "create-engagement", "--catalog", "Sandbox", "--client-token", "cli-eng-0",
		"--title", "Another title", "--description", "An engagement made with the CLI")
	if !strings.Contains(stderr, "An error occurred (ConflictException) when calling the CreateEngagement operation") {
		t.Errorf("reused token: %s", stderr)
	}

	got, _ := both(t, engA, 0, "get-engagement", "--catalog", "Sandbox", "--identifier", engIDs[0])
	if got["Id"] != engIDs[0] || got["Title"] != "CLI lead one" || got["CreatedBy"] != engA.account || got["MemberCount"] != float64(1) {
		t.Errorf("get-engagement: %v", got)
	}
	_, stderr = both(t, engB, 254, "get-engagement", "--catalog", "Sandbox", "--identifier", engIDs[0])
	if !strings.Contains(stderr, "ResourceNotFoundException") {
		t.Errorf("B's get-engagement: %s", stderr)
	}

	// UpdateEngagementContext with the ModifiedAt each CLI printed: the
	// timestamp survives the CLI's round trip to the microsecond, and the
	// value before an update is stale after it.
	lead := `[{"Type":"Lead","Payload":{"Lead":{"QualificationStatus":"Qualified",` +
		`"Customer":{"CompanyName":"Lead Corp","Industry":"Software and Internet","WebsiteUrl":"https://lead.example.com",` +
		`"Address":{"City":"Austin","PostalCode":"78701","StateOrRegion":"Texas","CountryCode":"US"}},` +
		`"Interactions":[{"SourceType":"Website","SourceId":"form-1","SourceName":"Contact us","CustomerAction":"Requested a call",` +
		`"Contact":{"BusinessTitle":"CIO","Email":"cio@lead.example.com","FirstName":"Lee","LastName":"Ad"}}]}}}]`
	leadEng, _ := both(t, engA, 0, "create-engagement", "--catalog", "Sandbox", "--client-token", "cli-lead",
		"--title", "CLI lead context", "--description", "A lead made with the CLI", "--contexts", lead)
	leadID, _ := leadEng["Id"].(string)
	engIDs = append(engIDs, leadID)
	leadUpdate := `{"Lead":{"QualificationStatus":"Qualified",` +
		`"Customer":{"CompanyName":"Lead Corp","Address":{"City":"Austin","CountryCode":"US"}},` +
		`"Interaction":{"SourceType":"Website","SourceId":"form-1","SourceName":"Contact us","CustomerAction":"Called back",` +
		`"Contact":{"BusinessTitle":"CIO","Email":"cio@lead.example.com","FirstName":"Lee","LastName":"Ad"}}}}`
	for _, tc := range []struct {
		name       string
		first, bin string
		env        []string
	}{
		{name: "aws then cosell", first: bin, bin: cosellBin, env: awsEnv},
		{name: "cosell then aws", first: cosellBin, bin: bin},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, stderr, code := cliRun(t, tc.first, url, engA, tc.env, "get-engagement", "--catalog", "Sandbox", "--identifier", leadID)
			var e struct{ ModifiedAt string }
			if code != 0 || json.Unmarshal([]byte(out), &e) != nil || e.ModifiedAt == "" {
				t.Fatalf("get-engagement: exit %d %s%s", code, out, stderr)
			}
			t.Logf("ModifiedAt %s", e.ModifiedAt)
			update := func(cli string, env []string) (string, string, int) {
				return cliRun(t, cli, url, engA, env, "update-engagement-context", "--catalog", "Sandbox", "--engagement-identifier", leadID,
					"--context-identifier", "1", "--type", "Lead", "--engagement-last-modified-at", e.ModifiedAt, "--payload", leadUpdate)
			}
			if out, stderr, code := update(tc.first, tc.env); code != 0 || !strings.Contains(out, "EngagementLastModifiedAt") {
				t.Fatalf("update with ModifiedAt %s: exit %d %s%s", e.ModifiedAt, code, out, stderr)
			}
			otherEnv := awsEnv
			if tc.bin == cosellBin {
				otherEnv = nil
			}
			if _, stderr, code := update(tc.bin, otherEnv); code != 254 || !strings.Contains(stderr, "ConflictException") {
				t.Errorf("update with the stale %s: exit %d %s", e.ModifiedAt, code, stderr)
			}
		})
	}

	// --max-items 1: one engagement a page, the CLI's NextToken resumes.
	var listed []string
	token := ""
	for page := 0; ; page++ {
		args := []string{"list-engagements", "--catalog", "Sandbox", "--max-items", "1"}
		if token != "" {
			args = append(args, "--starting-token", token)
		}
		l, _ := both(t, engA, 0, args...)
		summaries, _ := l["EngagementSummaryList"].([]any)
		if len(summaries) != 1 {
			t.Fatalf("page %d: %v", page, l)
		}
		listed = append(listed, summaries[0].(map[string]any)["Id"].(string))
		token, _ = l["NextToken"].(string)
		if token == "" || page > 5 {
			break
		}
	}
	slices.Sort(listed)
	want := slices.Clone(engIDs)
	slices.Sort(want)
	if !cmp.Equal(listed, want) {
		t.Errorf("list-engagements --max-items 1: %v, want %v", listed, want)
	}

	// An opportunity submitted through an engagement.
	opp, _ := both(t, engA, 0, "create-opportunity", "--catalog", "Sandbox", "--client-token", "cli-opp",
		"--cli-input-json", "file://"+cliInput(t))
	oppID, _ := opp["Id"].(string)
	if oppID == "" {
		t.Fatalf("create-opportunity: %v", opp)
	}
	if out, stderr, code := cliRun(t, bin, url, engA, awsEnv, "associate-opportunity", "--catalog", "Sandbox", "--opportunity-identifier", oppID,
		"--related-entity-type", "Solutions", "--related-entity-identifier", "S-1234567"); code != 0 {
		t.Fatalf("associate-opportunity: exit %d %s%s", code, out, stderr)
	}
	task, _ := both(t, engA, 0, "start-engagement-from-opportunity-task", "--catalog", "Sandbox", "--client-token", "cli-task",
		"--identifier", oppID, "--aws-submission", "InvolvementType=Co-Sell,Visibility=Full")
	for _, k := range []string{"TaskId", "TaskArn", "EngagementId", "EngagementInvitationId", "ResourceSnapshotJobId"} {
		if s, _ := task[k].(string); s == "" {
			t.Errorf("task lacks %s: %v", k, task)
		}
	}
	if task["TaskStatus"] != "COMPLETE" || task["OpportunityId"] != oppID {
		t.Errorf("task: %v", task)
	}
	tasks, _ := both(t, engA, 0, "list-engagement-from-opportunity-tasks", "--catalog", "Sandbox", "--opportunity-identifier", oppID)
	summaries, _ := tasks["TaskSummaries"].([]any)
	if len(summaries) != 1 || summaries[0].(map[string]any)["TaskId"] != task["TaskId"] || summaries[0].(map[string]any)["TaskStatus"] != "COMPLETE" {
		t.Errorf("list-engagement-from-opportunity-tasks: %v", tasks)
	}
	if o, _ := both(t, engA, 0, "get-opportunity", "--catalog", "Sandbox", "--identifier", oppID); o["LifeCycle"].(map[string]any)["ReviewStatus"] != "Submitted" {
		t.Errorf("opportunity after the task: %v", o["LifeCycle"])
	}
	// What the task made, read through both CLIs.
	engID, _ := task["EngagementId"].(string)
	for _, args := range [][]string{
		{"get-engagement-invitation", "--catalog", "Sandbox", "--identifier", fmt.Sprint(task["EngagementInvitationId"])},
		{"list-engagement-invitations", "--catalog", "Sandbox", "--participant-type", "SENDER", "--max-items", "1"},
		{"list-engagement-members", "--catalog", "Sandbox", "--identifier", engID},
		{"get-engagement", "--catalog", "Sandbox", "--identifier", engID},
		{"get-aws-opportunity-summary", "--catalog", "Sandbox", "--related-opportunity-identifier", oppID},
		{"get-resource-snapshot-job", "--catalog", "Sandbox", "--resource-snapshot-job-identifier", fmt.Sprint(task["ResourceSnapshotJobId"])},
		{"list-resource-snapshots", "--catalog", "Sandbox", "--engagement-identifier", engID},
		{"get-resource-snapshot", "--catalog", "Sandbox", "--engagement-identifier", engID, "--resource-type", "Opportunity",
			"--resource-identifier", oppID, "--resource-snapshot-template-identifier", "OpportunitySummaryView"},
	} {
		if got, _ := both(t, engA, 0, args...); len(got) == 0 {
			t.Errorf("%v: empty output", args)
		}
	}
	// The task's engagement is A's third; B and C list none of A's.
	for _, c := range []cred{engB, engC} {
		l, _ := both(t, c, 0, "list-engagements", "--catalog", "Sandbox")
		if s, _ := l["EngagementSummaryList"].([]any); len(s) != 0 {
			t.Errorf("%s lists %v", c.account, s)
		}
	}
}
