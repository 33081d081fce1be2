package params

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cosell/cosell"
)

// request runs the whole pipeline the way cli-core does: options decoded in
// model order, validated, timestamps normalised, serialised.
func request(t *testing.T, shape *cosell.Shape, opts map[string][]string) string {
	t.Helper()
	doc := cosell.Object{}
	for _, m := range shape.Members {
		values, ok := opts[m.Name]
		if !ok {
			continue
		}
		v, err := DecodeOption("--"+cosell.CLIName(m.Name), &m, values)
		if err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
		doc = append(doc, cosell.Field{Name: m.Name, Value: v})
	}
	if err := Validate("UpdateOpportunity", shape, doc); err != nil {
		t.Fatal(err)
	}
	doc, err := NormalizeTimestamps(shape, doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(Serialize(doc))
}

// The wanted bodies were captured from the AWS CLI (v1 and v2 send the same
// bodies, spec §15) run with the same options against a capture server.
func TestRequestBodies(t *testing.T) {
	hello := filepath.Join(t.TempDir(), "hello.txt")
	if err := os.WriteFile(hello, []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts map[string][]string
		want string
	}{
		{
			name: "file split, empty list element, escaped comma, month name date",
			opts: map[string][]string{"LastModifiedDate": {"Jan 2 2024"}, "Project": {`DeliveryModels=,Title=a\,b`}, "PrimaryNeedsFromAws": {"file://" + hello}},
			want: `{"Catalog": "AWS", "PrimaryNeedsFromAws": ["h", "e", "l", "l", "o", "\n"], "Project": {"DeliveryModels": [""], "Title": "a,b"}, "LastModifiedDate": "2024-01-02T00:00:00Z", "Identifier": "O1"}`,
		},
		{
			name: "wrapping and nested timestamps",
			opts: map[string][]string{"LastModifiedDate": {"2024-01-01T10:20:30.5+0530"}, "Customer": {`Contacts={Email=a},Account={CompanyName="x y"}`}, "LifeCycle": {"NextStepsHistory={Value=v,Time=1704067200.25}"}},
			want: `{"Catalog": "AWS", "Customer": {"Contacts": [{"Email": "a"}], "Account": {"CompanyName": "x y"}}, "LastModifiedDate": "2024-01-01T04:50:30.500000Z", "Identifier": "O1", "LifeCycle": {"NextStepsHistory": [{"Value": "v", "Time": "2024-01-01T00:00:00.250000Z"}]}}`,
		},
		{
			name: "json values and escaping",
			opts: map[string][]string{"LastModifiedDate": {"0"}, "Project": {`{"Title":"é/🚀"}`}, "PrimaryNeedsFromAws": {`["a","b"]`}},
			want: `{"Catalog": "AWS", "PrimaryNeedsFromAws": ["a", "b"], "Project": {"Title": "\u00e9/\ud83d\ude80"}, "LastModifiedDate": "1970-01-01T00:00:00Z", "Identifier": "O1"}`,
		},
		{
			name: "whitespace list value",
			opts: map[string][]string{"LastModifiedDate": {"0"}, "PrimaryNeedsFromAws": {"  "}},
			want: `{"Catalog": "AWS", "PrimaryNeedsFromAws": ["  "], "LastModifiedDate": "1970-01-01T00:00:00Z", "Identifier": "O1"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts["Catalog"] = []string{"AWS"}
			tt.opts["Identifier"] = []string{"O1"}
			if got := request(t, cosell.UpdateOpportunityInput, tt.opts); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
