package cli

import (
	"strings"
	"testing"
)

// TestGolden pins terminal output: help, skeletons and usage errors.
// Regenerate with `go test ./cli -update`.
func TestGolden(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr bool // compare stderr instead of stdout
		code   int
	}{
		{name: "help_update-opportunity.txt", args: []string{"update-opportunity", "help"}},
		{name: "help_list-opportunities.txt", args: []string{"partnercentral-selling", "list-opportunities", "help"}},
		{name: "help_top.txt", args: []string{"help"}},
		{name: "skeleton_input_update-opportunity.json", args: []string{"update-opportunity", "--generate-cli-skeleton"}},
		{name: "skeleton_input_list-opportunities.json", args: []string{"list-opportunities", "--generate-cli-skeleton", "input"}},
		{name: "skeleton_yaml-input_update-opportunity.yaml", args: []string{"update-opportunity", "--generate-cli-skeleton", "yaml-input"}},
		{name: "skeleton_yaml-input_create-opportunity.yaml", args: []string{"create-opportunity", "--generate-cli-skeleton", "yaml-input"}},
		{name: "skeleton_output_update-opportunity.json", args: upd("--generate-cli-skeleton", "output")},
		{name: "skeleton_output_update-opportunity.yaml", args: upd("--generate-cli-skeleton", "output", "--output", "yaml")},
		{name: "skeleton_output_update-opportunity.txt", args: upd("--generate-cli-skeleton", "output", "--output", "text")},
		{name: "skeleton_output_get-opportunity.json", args: []string{"get-opportunity", "--catalog", "AWS", "--identifier", "O1", "--generate-cli-skeleton", "output"}},
		{name: "usage_missing_required.txt", args: []string{"update-opportunity"}, stderr: true, code: 252},
		{name: "usage_unknown_options.txt", args: upd("--bogus", "x"), stderr: true, code: 252},
		{name: "usage_bad_choice.txt", args: upd("--color", "of"), stderr: true, code: 252},
		{name: "usage_bad_choice_no_match.txt", args: upd("--output", "xml"), stderr: true, code: 252},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, testEnv{}, tt.args...)
			if r.Code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", r.Code, tt.code, r.Err)
			}
			if len(r.Calls) != 0 {
				t.Errorf("%d calls sent", len(r.Calls))
			}
			got := r.Out
			if tt.stderr {
				got = r.Err
			}
			golden(t, tt.name, got)
		})
	}
}

// TestSkeletonInputLayout checks the rules the input skeletons follow, so
// the golden files cannot drift from §15 unnoticed.
func TestSkeletonInputLayout(t *testing.T) {
	r := runCLI(t, testEnv{}, "update-opportunity", "--generate-cli-skeleton", "input")
	for _, want := range []string{
		"{\n    \"Catalog\": \"\",\n    \"PrimaryNeedsFromAws\": [\n        \"Co-Sell - Architectural Validation\"\n    ],\n    \"NationalSecurity\": \"Yes\",\n",
		"    \"LastModifiedDate\": \"1970-01-01T00:00:00\",\n    \"Identifier\": \"\",\n",
		"            \"Frequency\": \"Monthly\",\n",
	} {
		if !strings.Contains(r.Out, want) {
			t.Errorf("input skeleton lacks %q", want)
		}
	}
	y := runCLI(t, testEnv{}, "update-opportunity", "--generate-cli-skeleton", "yaml-input")
	for _, want := range []string{
		"Catalog: ''  # [REQUIRED] ",
		"\nPrimaryNeedsFromAws: # ",
		"\n- Co-Sell - Architectural Validation\n",
		"\nLastModifiedDate: 1970-01-01 00:00:00 # [REQUIRED] ",
		"\n  Contacts: # ",
		"\n  - Email: ''  # ",
		"\n    FirstName: '' # ",
		" Valid values are: Yes, No.\n",
	} {
		if !strings.Contains(y.Out, want) {
			t.Errorf("yaml-input skeleton lacks %q", want)
		}
	}
}
