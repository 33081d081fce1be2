package cli

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// req is the three required update-opportunity options.
var req = []string{"--catalog", "AWS", "--identifier", "O1", "--last-modified-date", "2024-01-01T00:00:00Z"}

func upd(extra ...string) []string {
	return append(append([]string{"update-opportunity"}, req...), extra...)
}

// TestRequestBody pins the body sent for argv forms (aws-cli-behaviour.md
// §2, §9, §10): argparse rules, model order, --cli-input-json merge.
func TestRequestBody(t *testing.T) {
	tests := []struct {
		name string
		args []string
		body string
	}{
		{
			name: "model order regardless of argv order",
			args: []string{"update-opportunity", "--last-modified-date", "2024-01-01T10:20:30+02:00", "--identifier", "O1", "--catalog", "AWS"},
			body: `{"Catalog": "AWS", "LastModifiedDate": "2024-01-01T08:20:30Z", "Identifier": "O1"}`,
		},
		{
			name: "service name form",
			args: append([]string{"partnercentral-selling"}, upd()...),
			body: `{"Catalog": "AWS", "LastModifiedDate": "2024-01-01T00:00:00Z", "Identifier": "O1"}`,
		},
		{
			name: "prefix abbreviations",
			args: []string{"update-opportunity", "--cat", "AWS", "--ident", "O1", "--last-mod", "2024-01-01", "--life", "Stage=Prospect"},
			body: `{"Catalog": "AWS", "LastModifiedDate": "2024-01-01T00:00:00Z", "Identifier": "O1", "LifeCycle": {"Stage": "Prospect"}}`,
		},
		{
			name: "equals form, also for abbreviations",
			args: []string{"update-opportunity", "--catalog=AWS", "--ident=O1", "--last-modified-date=2024-01-01T00:00:00Z", "--partner-opportunity-identifier=-abc"},
			body: `{"Catalog": "AWS", "PartnerOpportunityIdentifier": "-abc", "LastModifiedDate": "2024-01-01T00:00:00Z", "Identifier": "O1"}`,
		},
		{
			name: "last occurrence wins",
			args: upd("--catalog", "Sandbox"),
			body: `{"Catalog": "Sandbox", "LastModifiedDate": "2024-01-01T00:00:00Z", "Identifier": "O1"}`,
		},
		{
			name: "list option: last occurrence wins",
			args: upd("--primary-needs-from-aws", "a", "--primary-needs-from-aws", "b"),
			body: `{"Catalog": "AWS", "PrimaryNeedsFromAws": ["b"], "LastModifiedDate": "2024-01-01T00:00:00Z", "Identifier": "O1"}`,
		},
		{
			name: "list option takes several values",
			args: upd("--primary-needs-from-aws", "Co-Sell - Deal Support", "a,b"),
			body: `{"Catalog": "AWS", "PrimaryNeedsFromAws": ["Co-Sell - Deal Support", "a,b"], "LastModifiedDate": "2024-01-01T00:00:00Z", "Identifier": "O1"}`,
		},
		{
			name: "list option with zero values sends []",
			args: upd("--primary-needs-from-aws"),
			body: `{"Catalog": "AWS", "PrimaryNeedsFromAws": [], "LastModifiedDate": "2024-01-01T00:00:00Z", "Identifier": "O1"}`,
		},
		{
			name: "negative number and words with a space are values",
			args: upd("--partner-opportunity-identifier", "-1", "--opportunity-type", "-abc def"),
			body: `{"Catalog": "AWS", "PartnerOpportunityIdentifier": "-1", "OpportunityType": "-abc def", "LastModifiedDate": "2024-01-01T00:00:00Z", "Identifier": "O1"}`,
		},
		{
			name: "global options anywhere, before the command too",
			args: append([]string{"--output", "text", "update-opportunity", "--region", "eu-west-1"}, req...),
			body: `{"Catalog": "AWS", "LastModifiedDate": "2024-01-01T00:00:00Z", "Identifier": "O1"}`,
		},
		{
			name: "cli-input-json: command line first in model order, then JSON keys in JSON order",
			args: []string{"update-opportunity", "--cli-input-json", `{"Identifier":"O2","Project":{"Title":"x"},"Catalog":"Sandbox"}`, "--last-modified-date", "1704067200", "--catalog", "AWS"},
			body: `{"Catalog": "AWS", "LastModifiedDate": "2024-01-01T00:00:00Z", "Identifier": "O2", "Project": {"Title": "x"}}`,
		},
		{
			name: "cli-input-yaml relaxes required options too",
			args: []string{"update-opportunity", "--cli-input-yaml", "Catalog: AWS\nIdentifier: O3\nLastModifiedDate: 2024-01-01T10:20:30+02:00\n"},
			body: `{"Catalog": "AWS", "Identifier": "O3", "LastModifiedDate": "2024-01-01T08:20:30Z"}`,
		},
		{
			name: "empty string passes through",
			args: upd("--partner-opportunity-identifier", ""),
			body: `{"Catalog": "AWS", "PartnerOpportunityIdentifier": "", "LastModifiedDate": "2024-01-01T00:00:00Z", "Identifier": "O1"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, testEnv{}, tt.args...)
			if r.Code != 0 {
				t.Fatalf("exit %d, stderr:\n%s", r.Code, r.Err)
			}
			if len(r.Calls) != 1 {
				t.Fatalf("got %d calls, want 1", len(r.Calls))
			}
			if diff := cmp.Diff(tt.body, r.Calls[0].Body); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
			if r.Calls[0].Op != "UpdateOpportunity" {
				t.Errorf("operation %q", r.Calls[0].Op)
			}
		})
	}
}

// TestExitCodes pins v2's exit code per failure class (§15) and that no
// request is sent when the CLI fails first.
func TestExitCodes(t *testing.T) {
	tests := []struct {
		name    string
		env     testEnv
		args    []string
		code    int
		stderr  string // substring
		stdout  string // substring
		calls   int
		noCalls bool
	}{
		{name: "success", args: upd(), code: 0, calls: 1, stdout: `"Id": "O1"`},
		{name: "value starting with - is an option", args: upd("--partner-opportunity-identifier", "-abc"), code: 252, stderr: "argument --partner-opportunity-identifier: expected one argument"},
		{name: "missing required listed in model order", args: []string{"update-opportunity", "--identifier", "O1"}, code: 252, stderr: "the following arguments are required: --catalog, --last-modified-date\n"},
		{name: "unknown options and extra words", args: upd("--bogus", "x"), code: 252, stderr: "\nUnknown options: --bogus, x\n\n"},
		{name: "bare -- makes the rest unknown", args: upd("--", "--national-security", "Yes"), code: 252, stderr: "Unknown options: --national-security, Yes"},
		{name: "leading positional is reported last", args: append([]string{"update-opportunity", "x"}, append(req, "--bogus")...), code: 252, stderr: "Unknown options: --bogus, x\n"},
		{name: "the first stray word is reported last", args: upd("a", "b", "c"), code: 252, stderr: "Unknown options: b, c, a\n"},
		{name: "a word after an unknown option is a stray word", args: upd("--bogus", "x", "y", "--zz"), code: 252, stderr: "Unknown options: --bogus, y, --zz, x\n"},
		{name: "global prefix wins: --pro is --profile", args: upd("--pro", "nosuch"), code: 255, stderr: "The config profile (nosuch) could not be found"},
		{name: "ambiguous global prefix", args: upd("--c", "x"), code: 252, stderr: "ambiguous option: --c could match --color, --ca-bundle"},
		{name: "bad choice with a close match", args: upd("--output", "yamlx"), code: 252, stderr: "argument --output: Found invalid choice 'yamlx'\n\nMaybe you meant:\n\n  * yaml\n"},
		{name: "flag with explicit value", args: upd("--debug=yes"), code: 252, stderr: "argument --debug: ignored explicit argument 'yes'"},
		{name: "unknown command", args: []string{"update-opportunityx"}, code: 252, stderr: "argument command: Found invalid choice 'update-opportunityx'"},
		{name: "no command", args: []string{"--region", "us-east-1"}, code: 252, stderr: "required: command"},
		{name: "shorthand error", args: upd("--project", "Title"), code: 252, stderr: "Error parsing parameter '--project'"},
		{name: "client-side validation", args: upd("--project", "Bogus=1"), code: 252, stderr: "Parameter validation failed:\nUnknown parameter in Project: \"Bogus\""},
		{name: "bad --query", args: upd("--query", "[[["), code: 252, stderr: "Bad value for --query"},
		{name: "cli-input-json= form keeps options required", args: []string{"update-opportunity", `--cli-input-json={"Catalog":"AWS"}`}, code: 252, stderr: "the following arguments are required"},
		{name: "both cli-input options", args: []string{"update-opportunity", "--cli-input-json", "{}", "--cli-input-yaml", "{}"}, code: 252, stderr: "\nOnly one --cli-input- parameter may be specified.\n"},
		{name: "skeleton prefix keeps options required", args: []string{"update-opportunity", "--generate", "input"}, code: 252, stderr: "the following arguments are required"},
		{name: "skeleton bad choice", args: upd("--generate-cli-skeleton", "xml"), code: 252, stderr: "Found invalid choice 'xml'"},
		{name: "both auto-prompt flags", args: upd("--cli-auto-prompt", "--no-cli-auto-prompt"), code: 252, stderr: "Both --cli-auto-prompt and --no-cli-auto-prompt"},
		{name: "auto-prompt without a terminal", args: upd("--cli-auto-prompt"), code: 255, stderr: "Warning: Input is not a terminal (fd=0).\n"},
		{name: "auto-prompt from env", env: testEnv{env: map[string]string{"AWS_CLI_AUTO_PROMPT": "on"}}, args: upd(), code: 255, stderr: "Input is not a terminal"},
		{name: "no-cli-auto-prompt overrides env", env: testEnv{env: map[string]string{"AWS_CLI_AUTO_PROMPT": "on"}}, args: upd("--no-cli-auto-prompt"), code: 0, calls: 1},
		{name: "on-partial prompts only after a usage error", env: testEnv{env: map[string]string{"AWS_CLI_AUTO_PROMPT": "on-partial"}}, args: []string{"update-opportunity"}, code: 255, stderr: "Input is not a terminal"},
		{name: "bad cli_timestamp_format", env: testEnv{config: "[default]\ncli_timestamp_format = none\n"}, args: upd(), code: 253, stderr: "Unknown cli_timestamp_format value: none, valid values are \"wire\" or \"iso8601\""},
		{name: "bad cli_binary_format", env: testEnv{config: "[default]\ncli_binary_format = hex\n"}, args: upd(), code: 255, stderr: "\n'hex'\n"},
		{name: "non-integer read timeout", args: upd("--cli-read-timeout", "x"), code: 255, stderr: "invalid literal for int() with base 10: 'x'"},
		{name: "profile from config exists", env: testEnv{config: "[profile p1]\nregion = us-east-1\n"}, args: upd("--profile", "p1"), code: 0, calls: 1},
		{name: "service error", env: testEnv{client: &fakeClient{respond: func(string, string, int) ([]byte, error) {
			return nil, &callError{Msg: "\nAn error occurred (ConflictException) when calling the UpdateOpportunity operation: stale\n", Exit: 254, Code: "ConflictException"}
		}}}, args: upd(), code: 254, stderr: "\nAn error occurred (ConflictException) when calling the UpdateOpportunity operation: stale\n", calls: 1},
		{name: "version", args: []string{"update-opportunity", "--version"}, code: 0, stdout: "aws-cli/2.32.13"},
		{name: "version wins over missing options", args: []string{"--version"}, code: 0, stdout: "cosell/"},
		{name: "help", args: []string{"update-opportunity", "help"}, code: 0, stdout: "--last-modified-date (timestamp)"},
		{name: "help is only the sole word", args: []string{"update-opportunity", "--catalog", "AWS", "help"}, code: 252, stderr: "required"},
		{name: "--help lists every command", args: []string{"--help"}, code: 0, stdout: "assign-opportunity"},
		{name: "-h lists every command", args: []string{"-h"}, code: 0, stdout: "list-opportunities"},
		{name: "help lists the server commands", args: []string{"help"}, code: 0, stdout: "  load  "},
		{name: "help says --merge makes --last-modified-date optional", args: []string{"update-opportunity", "help"}, code: 0, stdout: "With\n          --merge, --last-modified-date is optional"},
		{name: "no-paginate conflicts with paging options", args: []string{"list-opportunities", "--catalog", "AWS", "--no-paginate", "--max-items", "2"}, code: 252, stderr: "\nCannot specify --no-paginate along with pagination arguments: --max-items\n"},
		{name: "a page size of 0 reaches the call as PaginationConfig", args: []string{"list-opportunities", "--catalog", "AWS", "--no-paginate", "--page-size", "0"}, code: 252, stderr: "\nParameter validation failed:\nUnknown parameter in input: \"PaginationConfig\", must be one of: Catalog, MaxResults, NextToken, Sort,", noCalls: true},
		{name: "non-integer --max-items", args: []string{"list-opportunities", "--catalog", "AWS", "--max-items", "abc"}, code: 252, stderr: "argument --max-items: invalid int value: 'abc'", noCalls: true},
		{name: "non-integer --page-size", args: []string{"list-opportunities", "--catalog", "AWS", "--page-size", "1.5"}, code: 252, stderr: "argument --page-size: invalid int value: '1.5'", noCalls: true},
		{name: "--max-items as Python's int reads it", args: []string{"list-opportunities", "--catalog", "AWS", "--max-items", " 1_0 "}, code: 0, calls: 1},
		{name: "empty --query", args: []string{"list-opportunities", "--query", ""}, code: 252, stderr: "\nBad value for --query : Invalid JMESPath expression: cannot be empty.\n", noCalls: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.env, tt.args...)
			if r.Code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", r.Code, tt.code, r.Err)
			}
			if !strings.Contains(r.Err, tt.stderr) {
				t.Errorf("stderr %q does not contain %q", r.Err, tt.stderr)
			}
			if !strings.Contains(r.Out, tt.stdout) {
				t.Errorf("stdout %q does not contain %q", r.Out, tt.stdout)
			}
			if len(r.Calls) != tt.calls {
				t.Errorf("%d calls, want %d", len(r.Calls), tt.calls)
			}
			if tt.code != 0 && r.Out != "" {
				t.Errorf("stdout on failure: %q", r.Out)
			}
		})
	}
}

// TestGlobalsReachClient checks the connection options handed to the client.
func TestGlobalsReachClient(t *testing.T) {
	r := runCLI(t, testEnv{}, upd("--region", "eu-west-1", "--endpoint-url", "http://h:1", "--no-sign-request", "--no-verify-ssl", "--ca-bundle", "ca.pem", "--cli-read-timeout", " 0 ", "--cli-connect-timeout", "5", "--profile", "default")...)
	if r.Code != 255 || !strings.Contains(r.Err, "The config profile (default) could not be found") {
		t.Fatalf("explicit default profile must exist: exit %d %q", r.Code, r.Err)
	}
	r = runCLI(t, testEnv{}, upd("--region", "eu-west-1", "--endpoint-url", "http://h:1", "--no-sign-request", "--no-verify-ssl", "--ca-bundle", "ca.pem", "--cli-read-timeout", " 0 ", "--cli-connect-timeout", "5")...)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	c := r.Client.cfg
	zero, five := 0, 5
	want := ClientConfig{Region: "eu-west-1", EndpointURL: "http://h:1", CABundle: "ca.pem", NoVerifySSL: true, NoSignRequest: true, ReadTimeout: &zero, ConnectTimeout: &five}
	c.Getenv = nil
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("client config (-want +got):\n%s", diff)
	}
}

func TestDebugStartsWithVersionAndArguments(t *testing.T) {
	r := runCLI(t, testEnv{}, upd("--debug")...)
	lines := strings.Split(r.Err, "\n")
	if len(lines) < 2 {
		t.Fatalf("stderr %q", r.Err)
	}
	if !strings.HasPrefix(lines[0], "2025-01-02 03:04:05,000 - MainThread - awscli.clidriver - DEBUG - CLI version: cosell/") {
		t.Errorf("line 1: %q", lines[0])
	}
	if !strings.HasSuffix(lines[1], "Arguments entered to CLI: ['update-opportunity', '--catalog', 'AWS', '--identifier', 'O1', '--last-modified-date', '2024-01-01T00:00:00Z', '--debug']") {
		t.Errorf("line 2: %q", lines[1])
	}
	if r.Client.cfg.Debug == nil {
		t.Error("the client gets no debug writer")
	}
}
