//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
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

func readEvents(t *testing.T, path string) []event {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
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
