package world

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

const good = `
accounts:
  - id: "111111111111"
    company_name: Alpha Cloud Partners
    website_url: https://alpha.example.com
    access_keys:
      - id: AKIAALPHA00000000001
        secret: alpha-secret
      - id: ASIAALPHA00000000002
        secret: alpha-temp-secret
        session_token: alpha-token
        user: crm-sync
        policy:
          allow: ["partnercentral:Get*", "partnercentral:List*"]
          deny: ["partnercentral:UpdateOpportunity"]
          catalog: Sandbox
  - id: "222222222222"
    company_name: Beta Data Partners
    access_keys:
      - id: AKIABETA000000000001
        secret: beta-secret
        policy:
          deny: ["partnercentral:Submit*"]
connections:
  - ["111111111111", "222222222222"]
faults:
  - operations: ["UpdateOpportunity"]
    error: ThrottlingException
    probability: 0.5
    seed: 42
`

func TestParseGood(t *testing.T) {
	w, err := Parse([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	alpha := &Account{ID: "111111111111", CompanyName: "Alpha Cloud Partners", WebsiteURL: "https://alpha.example.com"}
	alpha.AccessKeys = []*AccessKey{
		{ID: "AKIAALPHA00000000001", Secret: "alpha-secret", User: "AKIAALPHA00000000001", Account: alpha},
		{ID: "ASIAALPHA00000000002", Secret: "alpha-temp-secret", SessionToken: "alpha-token", User: "crm-sync", Account: alpha,
			Policy: &Policy{Allow: []string{"partnercentral:Get*", "partnercentral:List*"}, Deny: []string{"partnercentral:UpdateOpportunity"}, Catalog: "Sandbox"}},
	}
	beta := &Account{ID: "222222222222", CompanyName: "Beta Data Partners"}
	beta.AccessKeys = []*AccessKey{{ID: "AKIABETA000000000001", Secret: "beta-secret", User: "AKIABETA000000000001", Account: beta,
		Policy: &Policy{Deny: []string{"partnercentral:Submit*"}}}}
	want := []*Account{alpha, beta}
	// AccessKey.Account points back at its account: compare it by id.
	opts := cmp.Options{
		cmp.Comparer(func(a, b *Account) bool {
			if a == nil || b == nil {
				return a == b
			}
			return a.ID == b.ID && a.CompanyName == b.CompanyName && a.WebsiteURL == b.WebsiteURL &&
				cmp.Equal(a.AccessKeys, b.AccessKeys, cmpopts.IgnoreFields(AccessKey{}, "Account"))
		}),
	}
	if diff := cmp.Diff(want, w.Accounts, opts); diff != "" {
		t.Errorf("accounts (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][2]string{{"111111111111", "222222222222"}}, w.Connections); diff != "" {
		t.Errorf("connections (-want +got):\n%s", diff)
	}
	if k := w.Key("ASIAALPHA00000000002"); k == nil || k.Account.ID != "111111111111" || k.Principal() != "arn:aws:iam::111111111111:user/crm-sync" {
		t.Errorf("Key: %+v", k)
	}
	if w.Key("AKIAUNKNOWN000000000") != nil || w.Account("333333333333") != nil {
		t.Error("unknown ids found")
	}
	if !w.Connected("222222222222", "111111111111") || w.Connected("111111111111", "111111111111") {
		t.Error("Connected")
	}
	want1 := []*Fault{{Operations: []string{"UpdateOpportunity"}, Error: "ThrottlingException", Probability: 0.5, Seed: 42}}
	if diff := cmp.Diff(want1, w.Faults); diff != "" {
		t.Errorf("faults (-want +got):\n%s", diff)
	}
}

func TestParseBad(t *testing.T) {
	const acct = "accounts:\n  - id: \"111111111111\"\n    company_name: A\n    access_keys:\n      - id: AKIAALPHA00000000001\n        secret: s\n"
	tests := []struct {
		name string
		file string
		want string // substring of the error
	}{
		{name: "empty", file: "", want: "the file is empty"},
		{name: "not yaml", file: "accounts: [", want: "not valid YAML"},
		{name: "two documents", file: acct + "---\n" + acct, want: "more than one YAML document"},
		{name: "not a mapping", file: "- 1\n", want: "top level: want a mapping"},
		{name: "unknown top-level key", file: acct + "acounts: []\n", want: `line 7: top level: unknown key "acounts" (known: accounts, connections, faults, solutions)`},
		{name: "no accounts", file: "connections: []\n", want: "the key accounts is missing"},
		{name: "empty accounts", file: "accounts: []\n", want: "accounts: the list is empty"},
		{name: "unquoted short id", file: strings.Replace(acct, `"111111111111"`, "1234", 1), want: `accounts[0].id: "1234" is not an account id`},
		{name: "id with letters", file: strings.Replace(acct, `"111111111111"`, `"11111111111x"`, 1), want: "want 12 digits"},
		{name: "unknown account key", file: strings.Replace(acct, "company_name", "compnay_name", 1), want: `accounts[0]: unknown key "compnay_name"`},
		{name: "duplicate member", file: strings.Replace(acct, "    company_name: A\n", "    company_name: A\n    company_name: B\n", 1), want: `key "company_name" is given twice`},
		{name: "no company", file: strings.Replace(acct, "    company_name: A\n", "", 1), want: "accounts[0] (111111111111): company_name is missing"},
		{name: "duplicate account", file: acct + strings.Replace(strings.TrimPrefix(acct, "accounts:\n"), "AKIAALPHA00000000001", "AKIAALPHA00000000002", 1), want: "accounts[1] (111111111111): account 111111111111 is listed twice"},
		{name: "no keys", file: "accounts:\n  - id: \"111111111111\"\n    company_name: A\n", want: "access_keys is missing"},
		{name: "empty keys", file: "accounts:\n  - id: \"111111111111\"\n    company_name: A\n    access_keys: []\n", want: "access_keys: the list is empty"},
		{name: "bad key id", file: strings.Replace(acct, "AKIAALPHA00000000001", "AK-1", 1), want: `accounts[0] (111111111111).access_keys[0].id: "AK-1" is not an access key id`},
		{name: "misspelt secret", file: strings.Replace(acct, "secret: s", "sercet: s", 1), want: `unknown key "sercet"`},
		{name: "empty secret", file: strings.Replace(acct, "secret: s", `secret: ""`, 1), want: "access_keys[0] (AKIAALPHA00000000001): secret is missing or empty"},
		{name: "empty session token", file: acct + "        session_token: \"\"\n", want: "session_token is empty"},
		{name: "secret not a string", file: strings.Replace(acct, "secret: s", "secret: [s]", 1), want: "secret: want a string"},
		{name: "duplicate key id across accounts", file: acct + "  - id: \"222222222222\"\n    company_name: B\n    access_keys:\n      - id: AKIAALPHA00000000001\n        secret: t\n",
			want: "access key AKIAALPHA00000000001 is listed twice (accounts 111111111111 and 222222222222)"},
		{name: "bad user", file: acct + "        user: \"a b\"\n", want: `"a b" is not an IAM user name`},
		{name: "bad action", file: acct + "        policy:\n          allow: [\"s3:GetObject\"]\n", want: `policy.allow[0]: "s3:GetObject" is not an action`},
		{name: "bad catalog", file: acct + "        policy:\n          catalog: Prod\n", want: `policy.catalog: "Prod" is not a catalog`},
		{name: "unknown policy key", file: acct + "        policy:\n          effect: Allow\n", want: `policy: unknown key "effect"`},
		{name: "connection to unknown account", file: acct + "connections:\n  - [\"111111111111\", \"999999999999\"]\n", want: `connections[0]: account "999999999999" is not listed under accounts`},
		{name: "connection not a pair", file: acct + "connections:\n  - [\"111111111111\"]\n", want: "connections[0]: want a pair of account ids, got 1 values"},
		{name: "self connection", file: acct + "connections:\n  - [\"111111111111\", \"111111111111\"]\n", want: "connects account 111111111111 with itself"},
		{name: "merge key", file: "base: &b {company_name: A}\n", want: `unknown key "base"`},
		{name: "deep nesting", file: acct + "faults: " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n", want: "nested deeper than 32 levels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got error %v, want one containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secret: s") {
				t.Errorf("the error quotes a secret: %v", err)
			}
		})
	}
}

func TestParseDuplicateConnection(t *testing.T) {
	file := strings.Replace(good, `  - ["111111111111", "222222222222"]`, "  - [\"111111111111\", \"222222222222\"]\n  - [\"222222222222\", \"111111111111\"]", 1)
	if _, err := Parse([]byte(file)); err == nil || !strings.Contains(err.Error(), "connections[1]: connection 222222222222–111111111111 is listed twice") {
		t.Fatalf("got %v", err)
	}
}

// A "billion laughs" document: nine levels of aliases each repeating the
// one below ten times stand for 10^9 nodes in a few hundred bytes.
func TestParseAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("faults:\n  - &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		b.WriteString("  - &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	b.WriteString("accounts: []\n")
	_, err := Parse([]byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "expands to more than 1000000 YAML nodes") {
		t.Fatalf("got %v", err)
	}
}

func TestParseAliasesWithinBound(t *testing.T) {
	// A policy shared through an anchor and an alias.
	file := `
accounts:
  - id: "111111111111"
    company_name: A
    access_keys:
      - id: AKIAALPHA00000000001
        secret: s
        policy: &ro
          allow: ["partnercentral:Get*"]
      - id: AKIAALPHA00000000002
        secret: t
        policy: *ro
`
	w, err := Parse([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	if got := w.Key("AKIAALPHA00000000002").Policy; got == nil || len(got.Allow) != 1 {
		t.Errorf("aliased policy: %+v", got)
	}
}

func TestLoadTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "world.yaml")
	if err := os.WriteFile(path, []byte("# "+strings.Repeat("x", MaxFileBytes)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("got %v", err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Fatal("a missing file loaded")
	}
}

func TestDecide(t *testing.T) {
	tests := []struct {
		name    string
		policy  *Policy
		action  string
		catalog string
		want    Decision
	}{
		{name: "no policy", policy: nil, action: "partnercentral:UpdateOpportunity", catalog: "AWS", want: Allowed},
		{name: "exact allow", policy: &Policy{Allow: []string{"partnercentral:GetOpportunity"}}, action: "partnercentral:GetOpportunity", want: Allowed},
		{name: "not allowed", policy: &Policy{Allow: []string{"partnercentral:GetOpportunity"}}, action: "partnercentral:ListOpportunities", want: ImplicitDeny},
		{name: "wildcard", policy: &Policy{Allow: []string{"partnercentral:Get*"}}, action: "partnercentral:GetOpportunity", want: Allowed},
		{name: "wildcard misses", policy: &Policy{Allow: []string{"partnercentral:Get*"}}, action: "partnercentral:UpdateOpportunity", want: ImplicitDeny},
		{name: "question mark", policy: &Policy{Allow: []string{"partnercentral:?etOpportunity"}}, action: "partnercentral:GetOpportunity", want: Allowed},
		{name: "case-insensitive", policy: &Policy{Allow: []string{"PartnerCentral:getopportunity"}}, action: "partnercentral:GetOpportunity", want: Allowed},
		{name: "star alone", policy: &Policy{Allow: []string{"*"}}, action: "partnercentral:AssignOpportunity", want: Allowed},
		{name: "deny wins", policy: &Policy{Allow: []string{"partnercentral:*"}, Deny: []string{"partnercentral:UpdateOpportunity"}}, action: "partnercentral:UpdateOpportunity", want: ExplicitDeny},
		{name: "deny only allows the rest", policy: &Policy{Deny: []string{"partnercentral:Update*"}}, action: "partnercentral:CreateOpportunity", want: Allowed},
		{name: "deny only denies", policy: &Policy{Deny: []string{"partnercentral:Update*"}}, action: "partnercentral:UpdateOpportunity", want: ExplicitDeny},
		{name: "empty allow allows nothing", policy: &Policy{Allow: []string{}}, action: "partnercentral:GetOpportunity", want: ImplicitDeny},
		{name: "catalog matches", policy: &Policy{Allow: []string{"partnercentral:*"}, Catalog: "Sandbox"}, action: "partnercentral:GetOpportunity", catalog: "Sandbox", want: Allowed},
		{name: "other catalog", policy: &Policy{Allow: []string{"partnercentral:*"}, Catalog: "Sandbox"}, action: "partnercentral:GetOpportunity", catalog: "AWS", want: ImplicitDeny},
		{name: "catalog compared exactly", policy: &Policy{Catalog: "Sandbox"}, action: "partnercentral:GetOpportunity", catalog: "sandbox", want: ImplicitDeny},
		{name: "deny in every catalog", policy: &Policy{Deny: []string{"partnercentral:Get*"}, Catalog: "Sandbox"}, action: "partnercentral:GetOpportunity", catalog: "Sandbox", want: ExplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.policy.Decide(tt.action, tt.catalog); got != tt.want {
				t.Errorf("Decide(%q, %q) = %v, want %v", tt.action, tt.catalog, got, tt.want)
			}
		})
	}
}
