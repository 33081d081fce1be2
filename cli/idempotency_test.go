package cli

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell"
)

const fixedUUID = "00000000-0000-4000-8000-000000000000"

// issue 8: ClientToken (idempotencyToken trait) is optional on the command
// line and filled with a UUID v4, appended after the other parameters.
func TestIdempotencyToken(t *testing.T) {
	create := []string{"create-opportunity", "--catalog", "Sandbox", "--project", "Title=New"}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantBody string // "" when nothing is sent
		wantOut  string // a substring of stdout
		wantErr  string // a substring of stderr
	}{
		{
			name:     "filled in and sent last",
			args:     create,
			wantBody: `{"Catalog": "Sandbox", "Project": {"Title": "New"}, "ClientToken": "` + fixedUUID + `"}`,
		},
		{
			name:     "after the cli-input-json keys",
			args:     append(append([]string{}, create...), "--cli-input-json", `{"Origin": "Partner Referral"}`),
			wantBody: `{"Catalog": "Sandbox", "Project": {"Title": "New"}, "Origin": "Partner Referral", "ClientToken": "` + fixedUUID + `"}`,
		},
		{
			name:     "a given token is kept in model order",
			args:     append(append([]string{}, create...), "--client-token", "tok-1"),
			wantBody: `{"Catalog": "Sandbox", "Project": {"Title": "New"}, "ClientToken": "tok-1"}`,
		},
		{
			name:     "a token from cli-input-json is kept",
			args:     append(append([]string{}, create...), "--cli-input-json", `{"ClientToken": "tok-2"}`),
			wantBody: `{"Catalog": "Sandbox", "Project": {"Title": "New"}, "ClientToken": "tok-2"}`,
		},
		{
			name:     "null from cli-input-json is kept and fails validation",
			args:     append(append([]string{}, create...), "--cli-input-json", `{"ClientToken": null}`),
			wantCode: 252,
			wantErr:  "Invalid type for parameter ClientToken, value: None",
		},
		{
			name:     "only the catalog is missing",
			args:     []string{"create-opportunity", "--project", "Title=New"},
			wantCode: 252,
			wantErr:  "\naws: [ERROR]: the following arguments are required: --catalog\n",
		},
		{
			name:    "skeleton output validates with the token filled in",
			args:    []string{"create-opportunity", "--catalog", "Sandbox", "--generate-cli-skeleton", "output"},
			wantOut: `"PartnerOpportunityIdentifier": "PartnerOpportunityIdentifier"`,
		},
		{
			name:     "dry-run checks the request with the token filled in",
			args:     append(append([]string{}, create...), "--dry-run"),
			wantCode: 254,
			wantErr:  "REQUIRED_FIELD_MISSING",
		},
		{
			name:     "debug logs the injection as botocore does",
			args:     append(append([]string{}, create...), "--debug"),
			wantBody: `{"Catalog": "Sandbox", "Project": {"Title": "New"}, "ClientToken": "` + fixedUUID + `"}`,
			wantErr:  "2025-01-02 03:04:05,000 - MainThread - botocore.handlers - DEBUG - injecting idempotency token (" + fixedUUID + ") into param 'ClientToken'.\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, testEnv{uuid: func() string { return fixedUUID }}, tt.args...)
			if r.Code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr:\n%s", r.Code, tt.wantCode, r.Err)
			}
			var bodies []string
			for _, c := range r.Calls {
				bodies = append(bodies, c.Body)
			}
			var want []string
			if tt.wantBody != "" {
				want = []string{tt.wantBody}
			}
			if diff := cmp.Diff(want, bodies); diff != "" {
				t.Errorf("bodies (-want +got):\n%s", diff)
			}
			if !strings.Contains(r.Out, tt.wantOut) {
				t.Errorf("stdout %q lacks %q", r.Out, tt.wantOut)
			}
			if !strings.Contains(r.Err, tt.wantErr) {
				t.Errorf("stderr %q lacks %q", r.Err, tt.wantErr)
			}
		})
	}
}

func TestIdempotencyTokenHelp(t *testing.T) {
	r := runCLI(t, testEnv{}, "create-opportunity", "help")
	if !strings.Contains(r.Out, "          [--client-token <value>]\n") {
		t.Errorf("synopsis does not show --client-token as optional:\n%s", r.Out)
	}
	if strings.Contains(r.Out, "[REQUIRED] Idempotency token") {
		t.Errorf("help still marks --client-token [REQUIRED]")
	}
	if !strings.Contains(r.Out, "When not given, a random UUID (version 4) is sent.") {
		t.Errorf("help does not say the token is filled in")
	}
}

func TestUUID4(t *testing.T) {
	re := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for range 100 {
		u := uuid4()
		if !re.MatchString(u) {
			t.Fatalf("uuid4() = %q, not a lowercase UUID v4", u)
		}
		if seen[u] {
			t.Fatalf("uuid4() repeated %q", u)
		}
		seen[u] = true
	}
}

// The table holds every idempotencyToken member of the operations cosell
// implements, checked against botocore's model when one is installed.
func TestIdempotencyTokensMatchModel(t *testing.T) {
	path := botocoreModel(t)
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	defer f.Close()
	var rd io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		rd = gz
	}
	var model struct {
		Operations map[string]struct {
			Input struct{ Shape string } `json:"input"`
		} `json:"operations"`
		Shapes map[string]struct {
			Members map[string]struct {
				IdempotencyToken bool `json:"idempotencyToken"`
			} `json:"members"`
		} `json:"shapes"`
	}
	if err := json.NewDecoder(rd).Decode(&model); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	for _, op := range cosell.AllOperations {
		mop, ok := model.Operations[op.Name]
		if !ok {
			t.Errorf("operation %s is not in %s", op.Name, path)
			continue
		}
		for name, m := range model.Shapes[mop.Input.Shape].Members {
			if m.IdempotencyToken {
				want[op.Name] = append(want[op.Name], name)
			}
		}
	}
	got := map[string][]string{}
	for _, c := range commandList {
		for _, m := range c.Op.Input.Members {
			if m.IdempotencyToken {
				got[c.Op.Name] = append(got[c.Op.Name], m.Name)
			}
		}
	}
	if len(want) == 0 {
		t.Fatal("the model marks no idempotency token")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the CLI's idempotency tokens differ from the model (-model +cli):\n%s", diff)
	}
}

// TestPaginatorsMatchBotocore compares the paginator table with botocore's
// paginators-1.json next to the service model.
func TestPaginatorsMatchBotocore(t *testing.T) {
	path := filepath.Join(filepath.Dir(botocoreModel(t)), "paginators-1.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	var file struct {
		Pagination map[string]struct {
			InputToken  string `json:"input_token"`
			OutputToken string `json:"output_token"`
			LimitKey    string `json:"limit_key"`
			ResultKey   string `json:"result_key"`
		} `json:"pagination"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{}
	for name, p := range file.Pagination {
		if p.InputToken != tokenKey || p.OutputToken != tokenKey {
			t.Errorf("%s: tokens %s/%s, the CLI assumes %s", name, p.InputToken, p.OutputToken, tokenKey)
		}
		want[name] = [2]string{p.LimitKey, p.ResultKey}
	}
	got := map[string][2]string{}
	for _, c := range commandList {
		if c.Paginated {
			got[c.Op.Name] = [2]string{c.LimitKey, c.ResultKey}
			if c.Op.Output.Member(c.ResultKey) == nil || c.Op.Input.Member(c.LimitKey) == nil {
				t.Errorf("%s: the schema lacks %s or %s", c.Op.Name, c.ResultKey, c.LimitKey)
			}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("paginators differ from botocore (-botocore +cli):\n%s", diff)
	}
}

// botocoreModel finds partnercentral-selling's service-2.json in the python
// botocore behind AWS CLI v1, or skips.
func botocoreModel(t *testing.T) string {
	out, err := exec.Command("python3", "-c", "import botocore,os;print(os.path.dirname(botocore.__file__))").Output()
	if err != nil {
		t.Skip("skipping: no python3 botocore to read the model from")
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "data", "partnercentral-selling", "2022-07-26")
	for _, name := range []string{"service-2.json.gz", "service-2.json"} {
		if p := filepath.Join(dir, name); fileExists(p) {
			return p
		}
	}
	t.Skipf("skipping: no partnercentral-selling model under %s", dir)
	return ""
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
