package cli

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// An operation without an output shape answers {} whatever the body says;
// --query is still applied to it (issue 8: `--output text --query Nope`
// printed nothing where AWS CLI v2 prints None).
func TestNoOutputOperationQuery(t *testing.T) {
	submit := []string{"submit-opportunity", "--catalog", "Sandbox", "--identifier", "O1234567", "--involvement-type", "Co-Sell"}
	tests := []struct {
		name string
		args []string
		body string
		want string
	}{
		{name: "no query prints nothing", args: []string{"--output", "text"}, want: ""},
		{name: "no query json prints nothing", args: []string{"--output", "json"}, want: ""},
		{name: "text missing member", args: []string{"--output", "text", "--query", "Nope"}, want: "None\n"},
		{name: "json missing member", args: []string{"--output", "json", "--query", "Nope"}, want: "null\n"},
		{name: "yaml missing member", args: []string{"--output", "yaml", "--query", "Nope"}, want: "null\n"},
		{name: "yaml-stream missing member", args: []string{"--output", "yaml-stream", "--query", "Nope"}, want: "- null\n"},
		{name: "text list of missing", args: []string{"--output", "text", "--query", "[Nope]"}, want: "None\n"},
		{name: "json list of missing", args: []string{"--output", "json", "--query", "[Nope]"}, want: "[\n    null\n]\n"},
		{name: "body members are not read", args: []string{"--output", "text", "--query", "Id"}, body: `{"Id": "O1"}`, want: "None\n"},
		{name: "a body that is not JSON is ignored", args: []string{"--output", "json", "--query", "Nope"}, body: "not json", want: "null\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := tt.body
			if body == "" {
				body = "{}"
			}
			fc := &fakeClient{respond: func(string, string, int) ([]byte, error) { return []byte(body), nil }}
			r := runCLI(t, testEnv{client: fc}, append(append([]string{}, submit...), tt.args...)...)
			if r.Code != 0 {
				t.Fatalf("exit %d: %s", r.Code, r.Err)
			}
			if diff := cmp.Diff(tt.want, r.Out); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
		})
	}
}

// A 2xx body that is not JSON is botocore's {"message": body}: an operation
// with an output shape then prints what an empty answer prints.
func TestNonJSONSuccessBody(t *testing.T) {
	fc := &fakeClient{respond: func(string, string, int) ([]byte, error) { return []byte("not json"), nil }}
	r := runCLI(t, testEnv{client: fc}, "get-opportunity", "--catalog", "AWS", "--identifier", "O1234567")
	if r.Code != 0 || r.Out != "" || r.Err != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0 and nothing printed", r.Code, r.Out, r.Err)
	}
}
