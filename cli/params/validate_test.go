package params

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/<name>, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

func o(kv ...any) cosell.Object {
	out := cosell.Object{}
	for i := 0; i < len(kv); i += 2 {
		out = append(out, cosell.Field{Name: kv[i].(string), Value: kv[i+1]})
	}
	return out
}

// The golden text was checked line by line against botocore's
// ParamValidator run on the same document (spec §8).
func TestValidateGolden(t *testing.T) {
	doc := o(
		"Catalog", cosell.Number("123"),
		"Project", o(
			"Title", []any{"a", "b"},
			"ExpectedCustomerSpend", []any{o("Amount", "1", "Frequency", "Monthly", "TargetCompany", "AWS", "Extra", nil)},
			"DeliveryModels", "SaaS",
			"Bogus", o("a", "b"),
		),
		"Customer", o(
			"Account", o("CompanyName", Bytes("x\x00y"), "Extra", "e"),
			"Contacts", []any{o("Email", cosell.Number("1.5"))},
		),
		"LastModifiedDate", "notadate",
		"LifeCycle", o(
			"TargetCloseDate", Date{2025, 3, 31},
			"NextStepsHistory", []any{o("Value", nil, "Time", "x")},
		),
		"PrimaryNeedsFromAws", []any{"a", nil, true},
		"NationalSecurity", "it's",
		"", "x",
	)
	err := Validate("UpdateOpportunity", cosell.UpdateOpportunityInput, doc)
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("Validate = %v, want *Error", err)
	}
	if e.Exit != 252 {
		t.Errorf("exit = %d, want 252", e.Exit)
	}
	golden(t, "validate_update.golden", e.Error())
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		shape *cosell.Shape
		doc   cosell.Object
		want  string // "" means valid
	}{
		{
			name:  "valid update",
			shape: cosell.UpdateOpportunityInput,
			doc:   o("Catalog", "AWS", "LastModifiedDate", "2024-01-01T00:00:00Z", "Identifier", "O1", "NationalSecurity", "Maybe"),
		},
		{
			name:  "enums patterns and max lengths are not checked",
			shape: cosell.UpdateOpportunityInput,
			doc: o("Catalog", "Nope", "LastModifiedDate", cosell.Number("0"), "Identifier", "not-an-id",
				"Project", o("CustomerBusinessProblem", "short", "Title", string(make([]byte, 300)), "ExpectedCustomerSpend", []any{})),
		},
		{
			name:  "missing required at the top",
			shape: cosell.UpdateOpportunityInput,
			doc:   o("Catalog", "AWS"),
			want:  "Parameter validation failed:\nMissing required parameter in input: \"LastModifiedDate\"\nMissing required parameter in input: \"Identifier\"",
		},
		{
			name:  "nil document",
			shape: cosell.GetOpportunityInput,
			doc:   nil,
			want:  "Parameter validation failed:\nMissing required parameter in input: \"Catalog\"\nMissing required parameter in input: \"Identifier\"",
		},
		{
			name:  "list min length",
			shape: cosell.CreateOpportunityInput,
			doc:   o("Catalog", "AWS", "ClientToken", "t", "Tags", []any{}),
			want:  "Parameter validation failed:\nInvalid length for parameter Tags, value: 0, valid min length: 1",
		},
		{
			name:  "integer min",
			shape: cosell.ListOpportunitiesInput,
			doc:   o("Catalog", "AWS", "MaxResults", cosell.Number("0")),
			want:  "Parameter validation failed:\nInvalid value for parameter MaxResults, value: 0, valid min value: 1",
		},
		{
			name:  "float for integer and string for structure",
			shape: cosell.ListOpportunitiesInput,
			doc:   o("Catalog", "AWS", "MaxResults", cosell.Number("1.0"), "Sort", "x"),
			want: "Parameter validation failed:\nInvalid type for parameter MaxResults, value: 1.0, type: <class 'float'>, valid types: <class 'int'>\n" +
				"Invalid type for parameter Sort, value: x, type: <class 'str'>, valid types: <class 'dict'>",
		},
		{
			name:  "dict value repr",
			shape: cosell.GetOpportunityInput,
			doc:   o("Catalog", o("a", "b"), "Identifier", "O1"),
			want:  "Parameter validation failed:\nInvalid type for parameter Catalog, value: {'a': 'b'}, type: <class 'dict'>, valid types: <class 'str'>",
		},
		{
			name:  "yaml int",
			shape: cosell.GetOpportunityInput,
			doc:   o("Catalog", "AWS", "Identifier", cosell.Number("123")),
			want:  "Parameter validation failed:\nInvalid type for parameter Identifier, value: 123, type: <class 'int'>, valid types: <class 'str'>",
		},
		{
			name:  "wrapped shorthand list for a string",
			shape: cosell.UpdateOpportunityInput,
			doc:   o("Catalog", "AWS", "LastModifiedDate", "2024-01-01", "Identifier", "O1", "Project", o("Title", []any{"a", "b"})),
			want:  "Parameter validation failed:\nInvalid type for parameter Project.Title, value: ['a', 'b'], type: <class 'list'>, valid types: <class 'str'>",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate("Op", tt.shape, tt.doc)
			got := ""
			if err != nil {
				e := err.(*Error)
				got = e.Msg
				if e.Exit != 252 {
					t.Errorf("exit = %d", e.Exit)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
