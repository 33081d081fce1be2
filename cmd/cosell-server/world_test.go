package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cosell/cosell/internal/testbin"
)

const testWorld = `
accounts:
  - id: "111111111111"
    company_name: Alpha Cloud Partners
    access_keys:
      - id: AKIAALPHA00000000001
        secret: alpha-secret-1
  - id: "222222222222"
    company_name: Beta Data Partners
    access_keys:
      - id: AKIABETA000000000001
        secret: beta-secret-1
        policy:
          allow: ["partnercentral:Get*", "partnercentral:List*"]
connections:
  - ["111111111111", "222222222222"]
`

func writeWorld(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "world.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestServeWorldFlags(t *testing.T) {
	good := writeWorld(t, testWorld)
	bad := writeWorld(t, strings.Replace(testWorld, "secret: beta-secret-1", "sercet: beta-secret-1", 1))
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{name: "auth without world", args: []string{"--auth", "on"}, wantCode: 2, wantErr: "cosell serve: --auth needs --world"},
		{name: "region without world", args: []string{"--region", "eu-west-1"}, wantCode: 2, wantErr: "cosell serve: --region needs --world"},
		{name: "bad auth", args: []string{"--world", good, "--auth", "maybe"}, wantCode: 2, wantErr: `--auth "maybe": want on or off`},
		{name: "missing file", args: []string{"--world", filepath.Join(t.TempDir(), "none.yaml")}, wantCode: 2, wantErr: "cosell serve: --world: open"},
		{name: "bad file", args: []string{"--world", bad}, wantCode: 2,
			wantErr: `line 12: accounts[1] (222222222222).access_keys[0]: unknown key "sercet"`},
	}
	t.Chdir(t.TempDir()) // a refused start must not create the database
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr syncBuffer
			code := serveMain(context.Background(), tt.args, &stderr, nil)
			if files, _ := os.ReadDir("."); len(files) > 0 {
				t.Errorf("left %v in the current directory", files)
			}
			if code != tt.wantCode || !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), tt.wantCode, tt.wantErr)
			}
		})
	}
}

// signed sends op signed with key/secret and returns the status, the error
// type and the decoded answer.
func signed(t *testing.T, url, op, body, key, secret string) (int, string, map[string]any) {
	t.Helper()
	status, errType, b, err := testbin.Signed(url, op, body, aws.Credentials{AccessKeyID: key, SecretAccessKey: secret})
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	json.Unmarshal(b, &out)
	return status, errType, out
}

func TestServeWorld(t *testing.T) {
	create, err := os.ReadFile("../../testdata/create-full.json")
	if err != nil {
		t.Fatal(err)
	}
	path := writeWorld(t, testWorld)
	ctx, cancel := context.WithCancel(context.Background())
	addrc, done := make(chan string, 1), make(chan int, 1)
	var stderr syncBuffer
	go func() {
		done <- serveMain(ctx, []string{"--listen", "127.0.0.1:0", "--db", ":memory:", "--world", path}, &stderr, func(a string) { addrc <- a })
	}()
	url := "http://" + <-addrc

	if code, typ, _ := signed(t, url, "CreateOpportunity", string(create), "AKIAALPHA00000000001", "not-the-secret"); code != 400 || typ != "InvalidSignatureException" {
		t.Errorf("wrong secret: %d %s", code, typ)
	}
	if code, typ, _ := signed(t, url, "ListOpportunities", `{"Catalog":"Sandbox"}`, "AKIAGAMMA00000000001", "x"); code != 400 || typ != "UnrecognizedClientException" {
		t.Errorf("unknown key: %d %s", code, typ)
	}
	if code := post(t, url, "ListOpportunities", `{"Catalog":"Sandbox"}`); code != 403 {
		t.Errorf("unsigned: %d", code)
	}
	code, typ, out := signed(t, url, "CreateOpportunity", string(create), "AKIAALPHA00000000001", "alpha-secret-1")
	if code != 200 {
		t.Fatalf("create: %d %s %v", code, typ, out)
	}
	id := out["Id"].(string)
	_, _, got := signed(t, url, "GetOpportunity", `{"Catalog":"Sandbox","Identifier":"`+id+`"}`, "AKIAALPHA00000000001", "alpha-secret-1")
	if want := "arn:aws:partnercentral:us-east-1:111111111111:catalog/Sandbox/opportunity/" + id; got["Arn"] != want {
		t.Errorf("Arn %v, want %s", got["Arn"], want)
	}
	if code, typ, _ := signed(t, url, "CreateOpportunity", strings.Replace(string(create), "token-1", "token-2", 1), "AKIABETA000000000001", "beta-secret-1"); code != 403 || typ != "AccessDeniedException" {
		t.Errorf("create outside beta's policy: %d %s", code, typ)
	}

	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d", code)
	}
	log := stderr.String()
	if !strings.Contains(log, "cosell: world "+path+": 2 accounts, 2 access keys; signatures verified (--auth on)") {
		t.Errorf("no start line:\n%s", log)
	}
	for _, secret := range []string{"alpha-secret-1", "beta-secret-1", "not-the-secret", "Signature="} {
		if strings.Contains(log, secret) {
			t.Errorf("the log holds %q:\n%s", secret, log)
		}
	}
}

func TestServeWorldAuthOff(t *testing.T) {
	url := startServe(t, "--world", writeWorld(t, testWorld), "--auth", "off")
	if code, typ, _ := signed(t, url, "ListOpportunities", `{"Catalog":"Sandbox"}`, "AKIAALPHA00000000001", "any-secret"); code != 200 {
		t.Errorf("any secret with --auth off: %d %s", code, typ)
	}
	if code, typ, _ := signed(t, url, "ListOpportunities", `{"Catalog":"Sandbox"}`, "AKIAGAMMA00000000001", "x"); code != 400 || typ != "UnrecognizedClientException" {
		t.Errorf("unknown key with --auth off: %d %s", code, typ)
	}
}
