package cli

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell"
)

const record = `{"Catalog": "AWS", "Id": "O1", "Arn": "arn:x", "LastModifiedDate": "2025-01-01T00:00:00.500Z",
 "CreatedDate": "2024-01-01T00:00:00Z", "NationalSecurity": "No", "OpportunityType": null,
 "Customer": {"Account": {"CompanyName": "Acme", "Industry": "Aerospace", "WebsiteUrl": null}, "Contacts": []},
 "Project": {"Title": "Old", "DeliveryModels": ["Resell"]},
 "LifeCycle": {"Stage": "Prospect", "ReviewStatus": "Pending Submission", "NextStepsHistory": [{"Value": "a", "Time": "2024-01-01T00:00:00Z"}]},
 "RelatedEntityIdentifiers": {"Solutions": []}}`

func TestMerge(t *testing.T) {
	conflicts := 1
	fc := &fakeClient{respond: func(op, body string, n int) ([]byte, error) {
		if op == "GetOpportunity" {
			return []byte(record), nil
		}
		if conflicts > 0 {
			conflicts--
			return nil, &callError{Msg: "\nAn error occurred (ConflictException) when calling the UpdateOpportunity operation: stale\n", Exit: 254, Code: "ConflictException"}
		}
		return []byte(`{"Id": "O1", "LastModifiedDate": "2025-01-02T00:00:00Z"}`), nil
	}}
	r := runCLI(t, testEnv{client: fc}, "update-opportunity", "--catalog", "AWS", "--identifier", "O1", "--merge",
		"--project", "Title=New", "--customer", "Account={WebsiteUrl=https://acme.example}")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	var ops []string
	for _, c := range r.Calls {
		ops = append(ops, c.Op)
	}
	if diff := cmp.Diff([]string{"GetOpportunity", "UpdateOpportunity", "GetOpportunity", "UpdateOpportunity"}, ops); diff != "" {
		t.Fatalf("calls (-want +got):\n%s", diff)
	}
	if got := r.Calls[0].Body; got != `{"Catalog": "AWS", "Identifier": "O1"}` {
		t.Errorf("get body %s", got)
	}
	// Objects merge, lists and scalars replace, nulls and read-only
	// LifeCycle members are dropped, model order, record's date.
	// The record is reduced to the modelled members in model order (cosell.Prune) before the options are laid over it.
	want := `{"Catalog": "AWS", "NationalSecurity": "No", "Customer": {"Account": {"Industry": "Aerospace", "CompanyName": "Acme", "WebsiteUrl": "https://acme.example"}, "Contacts": []}, "Project": {"DeliveryModels": ["Resell"], "Title": "New"}, "LastModifiedDate": "2025-01-01T00:00:00.500000Z", "Identifier": "O1", "LifeCycle": {"Stage": "Prospect"}}`
	if diff := cmp.Diff(want, r.Calls[3].Body); diff != "" {
		t.Errorf("update body (-want +got):\n%s", diff)
	}
}

func TestMergeGivesUpAfterThreeConflicts(t *testing.T) {
	fc := &fakeClient{respond: func(op, body string, n int) ([]byte, error) {
		if op == "GetOpportunity" {
			return []byte(record), nil
		}
		return nil, &callError{Msg: "\nAn error occurred (ConflictException) when calling the UpdateOpportunity operation: stale\n", Exit: 254, Code: "ConflictException"}
	}}
	r := runCLI(t, testEnv{client: fc}, "update-opportunity", "--catalog", "AWS", "--identifier", "O1", "--merge")
	if r.Code != 254 || len(r.Calls) != 6 {
		t.Errorf("exit %d after %d calls, want 254 after 6", r.Code, len(r.Calls))
	}
}

func TestMergeWithPinnedDateDoesNotRetry(t *testing.T) {
	fc := &fakeClient{respond: func(op, body string, n int) ([]byte, error) {
		if op == "GetOpportunity" {
			return []byte(record), nil
		}
		return nil, &callError{Msg: "\nconflict\n", Exit: 254, Code: "ConflictException"}
	}}
	r := runCLI(t, testEnv{client: fc}, upd("--merge")...)
	if r.Code != 254 || len(r.Calls) != 2 {
		t.Fatalf("exit %d after %d calls, want 254 after 2", r.Code, len(r.Calls))
	}
	if !strings.Contains(r.Calls[1].Body, `"LastModifiedDate": "2024-01-01T00:00:00Z"`) {
		t.Errorf("the given date was not sent: %s", r.Calls[1].Body)
	}
}

func TestMergeOnlyForUpdate(t *testing.T) {
	r := runCLI(t, testEnv{}, "get-opportunity", "--catalog", "AWS", "--identifier", "O1", "--merge")
	if r.Code != 252 || !strings.Contains(r.Err, "Unknown options: --merge") {
		t.Errorf("exit %d %q", r.Code, r.Err)
	}
}

// cosell extras take no abbreviations, so AWS CLI prefixes stay unambiguous.
func TestExtrasDoNotShadowAbbreviations(t *testing.T) {
	r := runCLI(t, testEnv{}, upd("--m", "Source=None", "--dr")...)
	if r.Code != 252 || !strings.Contains(r.Err, "Unknown options: --dr") {
		t.Fatalf("exit %d %q", r.Code, r.Err)
	}
	r = runCLI(t, testEnv{}, upd("--m", "Source=None")...)
	if r.Code != 0 || !strings.Contains(r.Calls[0].Body, `"Marketing": {"Source": "None"}`) {
		t.Errorf("exit %d %q %v", r.Code, r.Err, r.Calls)
	}
}

func TestDryRun(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr []string
	}{
		{
			name: "valid request",
			args: upd("--dry-run", "--customer", "Account={CompanyName=Acme,Industry=Aerospace,WebsiteUrl=https://acme.example,Address={CountryCode=US}}",
				"--project", "Title=T,CustomerBusinessProblem=A problem described at length", "--life-cycle", "TargetCloseDate=2030-01-01"),
			code:   0,
			stdout: "request is valid\n",
		},
		{
			name: "refused by the server's rules",
			args: upd("--dry-run", "--national-security", "Maybe", "--project", "CustomerBusinessProblem=short"),
			code: 254,
			stderr: []string{
				"\nAn error occurred (ValidationException) when calling the UpdateOpportunity operation: ",
				"NationalSecurity\tINVALID_ENUM_VALUE\t",
				"Project.CustomerBusinessProblem\tINVALID_STRING_FORMAT\t",
			},
		},
		{
			name:   "client-side validation comes first",
			args:   upd("--dry-run", "--project", "Bogus=1"),
			code:   252,
			stderr: []string{"Parameter validation failed"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, testEnv{}, tt.args...)
			if r.Code != tt.code {
				t.Fatalf("exit %d, want %d: %s", r.Code, tt.code, r.Err)
			}
			if len(r.Calls) != 0 {
				t.Errorf("dry run sent %d requests", len(r.Calls))
			}
			if r.Out != tt.stdout {
				t.Errorf("stdout %q, want %q", r.Out, tt.stdout)
			}
			for _, s := range tt.stderr {
				if !strings.Contains(r.Err, s) {
					t.Errorf("stderr %q lacks %q", r.Err, s)
				}
			}
		})
	}
}

type scriptedPrompter struct{ answers map[string]string }

func (p scriptedPrompter) Ask(option string, _ *cosell.Member) (string, error) {
	return p.answers[option], nil
}

func TestAutoPromptFillsMissingOptions(t *testing.T) {
	p := scriptedPrompter{answers: map[string]string{"--identifier": "O9", "--last-modified-date": "2024-01-01"}}
	r := runCLI(t, testEnv{inTTY: true, prompter: p}, "update-opportunity", "--catalog", "AWS", "--cli-auto-prompt")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	if want := `{"Catalog": "AWS", "LastModifiedDate": "2024-01-01T00:00:00Z", "Identifier": "O9"}`; r.Calls[0].Body != want {
		t.Errorf("body %s", r.Calls[0].Body)
	}
}
