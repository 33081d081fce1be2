package world

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell"
)

const withSolutions = `
accounts:
  - id: "111111111111"
    company_name: Alpha
    access_keys:
      - id: AKIAALPHA00000000001
        secret: s
    solutions:
      AWS:
        - id: S-0000001
          name: Alpha Data Lake
          category: Software Product
          status: Active
          created_date: 2025-03-01
        - id: S-0000002
          name: Alpha Migration
          category: Consulting Service
          status: Draft
          created_date: "2025-03-02T09:30:00Z"
  - id: "222222222222"
    company_name: Beta
    access_keys:
      - id: AKIABETA000000000001
        secret: t
    solutions:
      Sandbox: []
`

func TestParseSolutions(t *testing.T) {
	w, err := Parse([]byte(withSolutions))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name             string
		account, catalog string
		want             []cosell.Solution
	}{
		{name: "listed", account: "111111111111", catalog: "AWS", want: []cosell.Solution{
			{ID: "S-0000001", Name: "Alpha Data Lake", Category: "Software Product", Status: "Active", CreatedDate: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)},
			{ID: "S-0000002", Name: "Alpha Migration", Category: "Consulting Service", Status: "Draft", CreatedDate: time.Date(2025, 3, 2, 9, 30, 0, 0, time.UTC)},
		}},
		{name: "Sandbox not listed: the test solution", account: "111111111111", catalog: "Sandbox", want: []cosell.Solution{cosell.TestSolution}},
		{name: "Sandbox listed empty: none", account: "222222222222", catalog: "Sandbox", want: []cosell.Solution{}},
		{name: "AWS not listed: none", account: "222222222222", catalog: "AWS", want: nil},
		{name: "an account the file lacks: the default", account: "333333333333", catalog: "Sandbox", want: []cosell.Solution{cosell.TestSolution}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, w.Solutions(tt.account, tt.catalog)); diff != "" {
				t.Errorf("Solutions (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseSolutionsBad(t *testing.T) {
	entry := "          name: N\n          category: C\n          status: Active\n          created_date: 2025-01-01\n"
	base := "accounts:\n  - id: \"111111111111\"\n    company_name: A\n    access_keys:\n      - id: AKIAALPHA00000000001\n        secret: s\n    solutions:\n"
	tests := []struct {
		name, file, want string
	}{
		{name: "unknown catalog", file: base + "      Prod: []\n", want: `solutions: unknown key "Prod"`},
		{name: "bad id", file: base + "      AWS:\n        - id: X-1\n" + entry, want: `solutions.AWS[0].id: "X-1" is not a solution id`},
		{name: "duplicate id", file: base + "      AWS:\n        - id: S-1\n" + entry + "        - id: S-1\n" + entry, want: "solution S-1 is listed twice in AWS"},
		{name: "bad status", file: base + "      AWS:\n        - id: S-1\n" + strings.Replace(entry, "Active", "Live", 1), want: `"Live" is not a solution status`},
		{name: "no name", file: base + "      AWS:\n        - id: S-1\n" + strings.Replace(entry, "          name: N\n", "", 1), want: "(S-1): name is missing"},
		{name: "no category", file: base + "      AWS:\n        - id: S-1\n" + strings.Replace(entry, "          category: C\n", "", 1), want: "category is missing"},
		{name: "bad date", file: base + "      AWS:\n        - id: S-1\n" + strings.Replace(entry, "2025-01-01", "yesterday", 1), want: `created_date: "yesterday" is not a date`},
		{name: "unknown entry key", file: base + "      AWS:\n        - id: S-1\n          arn: x\n" + entry, want: `unknown key "arn"`},
		{name: "not a list", file: base + "      AWS: S-1\n", want: "solutions.AWS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got error %v, want one containing %q", err, tt.want)
			}
		})
	}
}
