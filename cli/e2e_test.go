package cli

import (
	"bytes"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/memory"
	"github.com/cosell/cosell/wire"
)

// TestEndToEnd runs the real CLI stack (params, output, client) against
// the real wire handler, service and memory store.
func TestEndToEnd(t *testing.T) {
	srv := httptest.NewServer(wire.NewHandler(cosell.NewService(memory.New(), cosell.ServiceConfig{}), wire.Options{}))
	defer srv.Close()
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_REGION", "us-east-1")
	for _, k := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_DEFAULT_OUTPUT", "AWS_PAGER", "AWS_CLI_AUTO_PROMPT", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	run := func(args ...string) (string, string, int) {
		t.Helper()
		var out, errOut bytes.Buffer
		code := Main(append(args, "--endpoint-url", srv.URL), &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
		return out.String(), errOut.String(), code
	}

	create := func(token string) []string {
		return []string{"create-opportunity", "--catalog", "Sandbox", "--client-token", token,
			"--customer", "Account={CompanyName=Acme,Industry=Aerospace,WebsiteUrl=https://acme.example,Address={CountryCode=US}}",
			"--project", "Title=First,CustomerBusinessProblem=A problem described at length",
			"--life-cycle", "TargetCloseDate=" + time.Now().AddDate(1, 0, 0).Format(time.DateOnly)}
	}
	out, errOut, code := run(append(create("t1"), "--query", "Id", "--output", "text")...)
	if code != 0 {
		t.Fatalf("create: exit %d: %s", code, errOut)
	}
	id := strings.TrimSpace(out)

	// --merge: change one field, keep the rest.
	if _, errOut, code = run("update-opportunity", "--catalog", "Sandbox", "--identifier", id, "--merge", "--project", "Title=Second"); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, errOut)
	}
	out, errOut, code = run("get-opportunity", "--catalog", "Sandbox", "--identifier", id,
		"--query", "[Project.Title, Customer.Account.CompanyName]", "--output", "text")
	if code != 0 || out != "Second\tAcme\n" {
		t.Fatalf("get: exit %d %q %s", code, out, errOut)
	}

	// A stale LastModifiedDate is the service's ConflictException: 254.
	_, errOut, code = run("update-opportunity", "--catalog", "Sandbox", "--identifier", id, "--last-modified-date", "2020-01-01")
	if code != 254 || !strings.Contains(errOut, "An error occurred (ConflictException) when calling the UpdateOpportunity operation") {
		t.Fatalf("stale update: exit %d %s", code, errOut)
	}

	// Pagination across pages of one.
	if _, errOut, code = run(create("t2")...); code != 0 {
		t.Fatalf("create 2: exit %d: %s", code, errOut)
	}
	out, errOut, code = run("list-opportunities", "--catalog", "Sandbox", "--page-size", "1", "--query", "length(OpportunitySummaries)")
	if code != 0 || out != "2\n" {
		t.Fatalf("list: exit %d %q %s", code, out, errOut)
	}
	out, errOut, code = run("list-opportunities", "--catalog", "Sandbox", "--page-size", "1", "--max-items", "1", "--query", "NextToken", "--output", "text")
	// text prints the query per page (None), then on the resume token.
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || lines[0] != "None" {
		t.Fatalf("list --max-items: exit %d %q %s", code, out, errOut)
	}
	out, errOut, code = run("list-opportunities", "--catalog", "Sandbox", "--page-size", "1", "--starting-token", lines[1], "--query", "length(OpportunitySummaries)")
	if code != 0 || out != "1\n" {
		t.Fatalf("list --starting-token: exit %d %q %s", code, out, errOut)
	}
}
