package cli

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// pager serves ListOpportunities pages of two summaries each: page n has
// O<2n-1>, O<2n> and NextToken t<n> until the last.
func pager(pages int) *fakeClient {
	return &fakeClient{respond: func(op, body string, _ int) ([]byte, error) {
		n := 1
		if i := strings.Index(body, `"NextToken": "t`); i >= 0 {
			fmt.Sscanf(body[i+len(`"NextToken": "t`):], "%d", &n)
			n++
		}
		next := ""
		if n < pages {
			next = fmt.Sprintf(`, "NextToken": "t%d"`, n)
		}
		return []byte(fmt.Sprintf(`{"OpportunitySummaries": [{"Id": "O%d", "Catalog": "AWS"}, {"Id": "O%d", "Catalog": "AWS"}]%s}`, 2*n-1, 2*n, next)), nil
	}}
}

func token(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestPagination(t *testing.T) {
	list := []string{"list-opportunities", "--catalog", "AWS", "--query", "OpportunitySummaries[].Id", "--output", "json"}
	tests := []struct {
		name   string
		args   []string
		bodies []string
		out    string
	}{
		{
			name:   "follows NextToken to the last page",
			args:   list,
			bodies: []string{`{"Catalog": "AWS"}`, `{"Catalog": "AWS", "NextToken": "t1"}`, `{"Catalog": "AWS", "NextToken": "t2"}`},
			out:    "[\n    \"O1\",\n    \"O2\",\n    \"O3\",\n    \"O4\",\n    \"O5\",\n    \"O6\"\n]\n",
		},
		{
			name:   "no-paginate makes one call",
			args:   append(list, "--no-paginate"),
			bodies: []string{`{"Catalog": "AWS"}`},
			out:    "[\n    \"O1\",\n    \"O2\"\n]\n",
		},
		{
			name:   "a user NextToken turns pagination off",
			args:   append(list, "--next-token", "t1"),
			bodies: []string{`{"Catalog": "AWS", "NextToken": "t1"}`},
			out:    "[\n    \"O3\",\n    \"O4\"\n]\n",
		},
		{
			name:   "page size is sent as MaxResults after the token",
			args:   append(list, "--page-size", "2"),
			bodies: []string{`{"Catalog": "AWS", "MaxResults": 2}`, `{"Catalog": "AWS", "MaxResults": 2, "NextToken": "t1"}`, `{"Catalog": "AWS", "MaxResults": 2, "NextToken": "t2"}`},
			out:    "[\n    \"O1\",\n    \"O2\",\n    \"O3\",\n    \"O4\",\n    \"O5\",\n    \"O6\"\n]\n",
		},
		{
			name:   "starting token resumes inside a page",
			args:   append(list, "--starting-token", token(`{"NextToken": "t1", "boto_truncate_amount": 1}`)),
			bodies: []string{`{"Catalog": "AWS", "NextToken": "t1"}`, `{"Catalog": "AWS", "NextToken": "t2"}`},
			out:    "[\n    \"O4\",\n    \"O5\",\n    \"O6\"\n]\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, testEnv{client: pager(3)}, tt.args...)
			if r.Code != 0 {
				t.Fatalf("exit %d: %s", r.Code, r.Err)
			}
			var bodies []string
			for _, c := range r.Calls {
				bodies = append(bodies, c.Body)
			}
			if diff := cmp.Diff(tt.bodies, bodies); diff != "" {
				t.Errorf("requests (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.out, r.Out); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMaxItemsResumeToken: botocore's resume token is base64 JSON naming
// the token of the truncated page and how many of its items were kept.
func TestMaxItemsResumeToken(t *testing.T) {
	tests := []struct {
		name  string
		extra []string
		want  string // decoded NextToken printed
		calls int
	}{
		{name: "inside the first page", extra: []string{"--max-items", "1"}, want: `{"NextToken": null, "boto_truncate_amount": 1}`, calls: 1},
		{name: "inside a later page", extra: []string{"--max-items", "3"}, want: `{"NextToken": "t1", "boto_truncate_amount": 1}`, calls: 2},
		{name: "on a page boundary", extra: []string{"--max-items", "4"}, want: `{"NextToken": "t2"}`, calls: 2},
		{name: "resumed run keeps counting from the starting offset", extra: []string{"--max-items", "1", "--starting-token", token(`{"NextToken": "t1", "boto_truncate_amount": 1}`)}, want: `{"NextToken": "t2"}`, calls: 1},
		// A negative count slices as Python does: all but the last items,
		// the negative amount kept in the token (AWS CLI v2, no crash).
		{name: "negative max-items", extra: []string{"--max-items", "-1"}, want: `{"NextToken": null, "boto_truncate_amount": -1}`, calls: 1},
		{name: "negative starting truncation", extra: []string{"--max-items", "1", "--starting-token", token(`{"NextToken": "t1", "boto_truncate_amount": -5}`)}, want: `{"NextToken": "t1", "boto_truncate_amount": -4}`, calls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"list-opportunities", "--catalog", "AWS", "--query", "NextToken", "--output", "text"}, tt.extra...)
			r := runCLI(t, testEnv{client: pager(3)}, args...)
			if r.Code != 0 {
				t.Fatalf("exit %d: %s", r.Code, r.Err)
			}
			// text applies --query per page (None for pages), then to the
			// resume-token object last.
			lines := strings.Split(strings.TrimSpace(r.Out), "\n")
			raw, err := base64.StdEncoding.DecodeString(lines[len(lines)-1])
			if err != nil {
				t.Fatalf("stdout %q: %v", r.Out, err)
			}
			if string(raw) != tt.want {
				t.Errorf("token %s, want %s", raw, tt.want)
			}
			if len(r.Calls) != tt.calls {
				t.Errorf("%d calls, want %d", len(r.Calls), tt.calls)
			}
		})
	}
}

func TestMaxItemsMergedJSON(t *testing.T) {
	r := runCLI(t, testEnv{client: pager(3)}, "list-opportunities", "--catalog", "AWS", "--max-items", "3")
	want := "{\n    \"OpportunitySummaries\": [\n" +
		"        {\n            \"Catalog\": \"AWS\",\n            \"Id\": \"O1\"\n        },\n" +
		"        {\n            \"Catalog\": \"AWS\",\n            \"Id\": \"O2\"\n        },\n" +
		"        {\n            \"Catalog\": \"AWS\",\n            \"Id\": \"O3\"\n        }\n    ],\n" +
		"    \"NextToken\": \"" + token(`{"NextToken": "t1", "boto_truncate_amount": 1}`) + "\"\n}\n"
	if diff := cmp.Diff(want, r.Out); diff != "" {
		t.Errorf("stdout (-want +got):\n%s\nstderr: %s", diff, r.Err)
	}
}
