package output

import (
	"bytes"
	"testing"

	"github.com/cosell/cosell"
)

func page(ids ...string) cosell.Object {
	var l []any
	for _, id := range ids {
		l = append(l, cosell.Object{{Name: "Id", Value: id}, {Name: "Catalog", Value: "AWS"}})
	}
	if l == nil {
		l = []any{}
	}
	return cosell.Object{{Name: "OpportunitySummaries", Value: l}, {Name: "NextToken", Value: "t-" + ids[0]}}
}

// WritePages follows the AWS CLI's paginated output: json/table/yaml
// print botocore's build_full_result (result keys concatenated, the page
// token dropped, a --max-items resume token as NextToken); text formats
// each page alone and then the resume token; yaml-stream dumps each page.
func TestWritePages(t *testing.T) {
	pages := []any{page("O1", "O2"), page("O3")}
	tests := []struct {
		name string
		opt  Options
		want string
	}{
		{
			name: "json merged",
			opt:  Options{Format: "json"},
			want: "{\n    \"OpportunitySummaries\": [\n        {\n            \"Id\": \"O1\",\n            \"Catalog\": \"AWS\"\n        },\n        {\n            \"Id\": \"O2\",\n            \"Catalog\": \"AWS\"\n        },\n        {\n            \"Id\": \"O3\",\n            \"Catalog\": \"AWS\"\n        }\n    ]\n}\n",
		},
		{
			name: "json query on merged result",
			opt:  Options{Format: "json", Query: "OpportunitySummaries[].Id"},
			want: "[\n    \"O1\",\n    \"O2\",\n    \"O3\"\n]\n",
		},
		{
			name: "json resume token",
			opt:  Options{Format: "json", Query: "NextToken", ResumeToken: "abc"},
			want: "\"abc\"\n",
		},
		{
			name: "text per page with resume token",
			opt:  Options{Format: "text", ResumeToken: "abc"},
			want: "OPPORTUNITYSUMMARIES\tAWS\tO1\nOPPORTUNITYSUMMARIES\tAWS\tO2\nOPPORTUNITYSUMMARIES\tAWS\tO3\nNEXTTOKEN\tabc\n",
		},
		{
			name: "text query per page",
			opt:  Options{Format: "text", Query: "OpportunitySummaries[].Id"},
			want: "O1\tO2\nO3\n",
		},
		{
			name: "yaml-stream per page keeps the page token",
			opt:  Options{Format: "yaml-stream", Query: "{ids: OpportunitySummaries[].Id, next: NextToken}"},
			want: "- ids:\n  - O1\n  - O2\n  next: t-O1\n- ids:\n  - O3\n  next: t-O3\n",
		},
		{
			name: "yaml merged",
			opt:  Options{Format: "yaml", Query: "OpportunitySummaries[].Id"},
			want: "- O1\n- O2\n- O3\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.opt.Shape = cosell.ListOpportunitiesOutput
			var b bytes.Buffer
			if err := WritePages(&b, pages, tc.opt); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.want {
				t.Errorf("got\n%q\nwant\n%q", b.String(), tc.want)
			}
		})
	}
}
