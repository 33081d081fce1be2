package cli

import (
	"strings"
	"testing"

	"github.com/cosell/cosell"
)

// Issue 8, the whole CLI: every operation of the model is a command, with
// cosell's own description, help, and skeletons.
func TestEveryOperationIsACommand(t *testing.T) {
	if len(commandList) != len(cosell.AllOperations) {
		t.Fatalf("%d commands for %d operations", len(commandList), len(cosell.AllOperations))
	}
	top := runCLI(t, testEnv{}, "--help")
	if top.Code != 0 {
		t.Fatalf("--help exit %d", top.Code)
	}
	for _, c := range commandList {
		if operationDocs[c.Op.Name] == "" {
			t.Errorf("%s has no description in operationDocs", c.Op.Name)
		}
		if !strings.Contains(top.Out, "\n  "+c.Name+" ") {
			t.Errorf("--help does not list %s", c.Name)
		}
		for _, args := range [][]string{{c.Name, "help"}, {ServiceName, c.Name, "help"}, {c.Name, "--generate-cli-skeleton"}, {c.Name, "--generate-cli-skeleton", "yaml-input"}} {
			r := runCLI(t, testEnv{}, args...)
			if r.Code != 0 || r.Out == "" || r.Err != "" {
				t.Errorf("%v: exit %d, stdout %d bytes, stderr %q", args, r.Code, len(r.Out), r.Err)
			}
		}
		h := runCLI(t, testEnv{}, c.Name, "help")
		if (c.Served == nil) != strings.Contains(h.Out, "request validation alone") {
			t.Errorf("%s help: the --dry-run note does not match Served=%v", c.Name, c.Served != nil)
		}
	}
	for _, w := range []string{"serve", "load"} {
		if !strings.Contains(top.Out, "\n  "+w+" ") {
			t.Errorf("--help does not list %s", w)
		}
	}
}

// Every idempotency token the schema marks is filled in, on every command.
func TestIdempotencyTokenNewCommands(t *testing.T) {
	r := runCLI(t, testEnv{uuid: func() string { return fixedUUID }, client: &fakeClient{respond: func(string, string, int) ([]byte, error) {
		return []byte(`{"Id":"e-1","Arn":"arn:x"}`), nil
	}}}, "create-engagement", "--catalog", "Sandbox", "--title", "T", "--description", "D")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	want := `{"Catalog": "Sandbox", "Title": "T", "Description": "D", "ClientToken": "` + fixedUUID + `"}`
	if len(r.Calls) != 1 || r.Calls[0].Body != want || r.Calls[0].Op != "CreateEngagement" {
		t.Errorf("sent %+v, want %s", r.Calls, want)
	}
}

// --dry-run on an engagement command checks request validation and the
// payload rules the service applies before reading anything.
func TestDryRunEngagement(t *testing.T) {
	r := runCLI(t, testEnv{}, "get-engagement", "--catalog", "Sandbox", "--identifier", "eng-0123456789abcd", "--dry-run")
	if r.Code != 0 || r.Out != "request is valid\n" || len(r.Calls) != 0 {
		t.Errorf("valid: exit %d, out %q, err %q, calls %d", r.Code, r.Out, r.Err, len(r.Calls))
	}
	r = runCLI(t, testEnv{}, "get-engagement", "--catalog", "Nope", "--identifier", "x", "--dry-run")
	if r.Code != 254 || !strings.Contains(r.Err, "ValidationException") || len(r.Calls) != 0 {
		t.Errorf("invalid: exit %d, out %q, err %q", r.Code, r.Out, r.Err)
	}
	// A Lead context whose payload is a CustomerProject: refused offline.
	r = runCLI(t, testEnv{}, "create-engagement-context", "--catalog", "Sandbox", "--engagement-identifier", "eng-0123456789abcd",
		"--type", "Lead", "--payload", `{"CustomerProject":{"Project":{"Title":"t","BusinessProblem":"a business problem here","TargetCompletionDate":"2027-01-01"}}}`, "--dry-run")
	if r.Code != 254 || !strings.Contains(r.Err, "Payload") || len(r.Calls) != 0 {
		t.Errorf("mismatched payload: exit %d, out %q, err %q", r.Code, r.Out, r.Err)
	}
}

// A paginated new operation follows NextToken with its own result key.
func TestPaginationNewCommand(t *testing.T) {
	fc := &fakeClient{respond: func(_ string, body string, n int) ([]byte, error) {
		if n == 1 {
			return []byte(`{"SolutionSummaries":[{"Id":"S-1"}],"NextToken":"t1"}`), nil
		}
		return []byte(`{"SolutionSummaries":[{"Id":"S-2"}]}`), nil
	}}
	r := runCLI(t, testEnv{client: fc}, "list-solutions", "--catalog", "AWS", "--output", "text", "--query", "SolutionSummaries[].Id")
	if r.Code != 0 || r.Out != "S-1\nS-2\n" { // text prints page by page
		t.Errorf("exit %d, out %q, err %q", r.Code, r.Out, r.Err)
	}
	if len(fc.calls) != 2 || fc.calls[1].Body != `{"Catalog": "AWS", "NextToken": "t1"}` {
		t.Errorf("calls %+v", fc.calls)
	}
}

// Maps in responses keep every key, in the answer's order.
func TestMapOutput(t *testing.T) {
	fc := &fakeClient{respond: func(string, string, int) ([]byte, error) {
		return []byte(`{"Catalog":"AWS","Insights":{"AwsProductsSpendInsightsBySource":{"AWS":{"TotalAmountByCategory":{"Migration":"10.5","Modernize":"3"}}}}}`), nil
	}}
	r := runCLI(t, testEnv{client: fc}, "get-aws-opportunity-summary", "--catalog", "AWS", "--related-opportunity-identifier", "O1", "--query", "Insights.AwsProductsSpendInsightsBySource.AWS.TotalAmountByCategory")
	want := "{\n    \"Migration\": \"10.5\",\n    \"Modernize\": \"3\"\n}\n"
	if r.Code != 0 || r.Out != want {
		t.Errorf("exit %d, out %q, err %q", r.Code, r.Out, r.Err)
	}
}

// The limit key given on the command line turns pagination off, as the
// input token does (awscli's check_should_enable_pagination).
func TestLimitKeyTurnsPaginationOff(t *testing.T) {
	fc := &fakeClient{respond: func(string, string, int) ([]byte, error) {
		return []byte(`{"SolutionSummaries":[{"Id":"S-1"}],"NextToken":"t1"}`), nil
	}}
	r := runCLI(t, testEnv{client: fc}, "list-solutions", "--catalog", "AWS", "--max-results", "1", "--output", "text")
	if r.Code != 0 || len(fc.calls) != 1 || r.Out != "NextToken\tt1\nSOLUTIONSUMMARIES\tS-1\n" && r.Out != "t1\nSOLUTIONSUMMARIES\tS-1\n" {
		t.Errorf("exit %d, calls %d, out %q, err %q", r.Code, len(fc.calls), r.Out, r.Err)
	}
	r = runCLI(t, testEnv{client: &fakeClient{}}, "list-solutions", "--catalog", "AWS", "--max-results", "1", "--max-items", "1")
	if r.Code != 252 || !strings.Contains(r.Err, "Cannot specify --no-paginate along with pagination arguments: --max-items") {
		t.Errorf("exit %d, err %q", r.Code, r.Err)
	}
}
