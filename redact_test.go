package cosell_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell"
)

func TestRedact(t *testing.T) {
	const mask = cosell.SensitiveMask
	tests := []struct {
		name  string
		shape *cosell.Shape
		in    any
		want  any
	}{
		{
			name:  "sensitive leaves masked at every depth, others kept, order kept",
			shape: cosell.UpdateOpportunityInput,
			in: cosell.Object{
				{"Identifier", "O1"},
				{"Catalog", "AWS"},
				{"Customer", cosell.Object{
					{"Account", cosell.Object{{"CompanyName", "Acme"}, {"Industry", "Other"}}},
					{"Contacts", []any{
						cosell.Object{{"Email", "a@b.c"}, {"FirstName", "Ann"}},
						cosell.Object{{"Phone", "+12065550100"}},
					}},
				}},
				{"Project", cosell.Object{{"Title", "T"}, {"DeliveryModels", []any{"SaaS or PaaS"}}}},
				{"LastModifiedDate", "2024-01-01T00:00:00Z"},
			},
			want: cosell.Object{
				{"Identifier", "O1"},
				{"Catalog", "AWS"},
				{"Customer", cosell.Object{
					{"Account", cosell.Object{{"CompanyName", mask}, {"Industry", "Other"}}},
					{"Contacts", []any{
						cosell.Object{{"Email", mask}, {"FirstName", mask}},
						cosell.Object{{"Phone", mask}},
					}},
				}},
				{"Project", cosell.Object{{"Title", mask}, {"DeliveryModels", []any{"SaaS or PaaS"}}}},
				{"LastModifiedDate", "2024-01-01T00:00:00Z"},
			},
		},
		{
			name:  "unknown members copied unchanged",
			shape: cosell.UpdateOpportunityInput,
			in:    cosell.Object{{"Extra", cosell.Object{{"Title", "x"}}}},
			want:  cosell.Object{{"Extra", cosell.Object{{"Title", "x"}}}},
		},
		{
			name:  "null stays null, wrong type under a sensitive shape is masked",
			shape: cosell.UpdateOpportunityInput,
			in:    cosell.Object{{"Project", cosell.Object{{"Title", nil}, {"CustomerBusinessProblem", cosell.Number("5")}}}},
			want:  cosell.Object{{"Project", cosell.Object{{"Title", nil}, {"CustomerBusinessProblem", mask}}}},
		},
		{
			name:  "wrong container type copied",
			shape: cosell.UpdateOpportunityInput,
			in:    cosell.Object{{"Customer", []any{"x"}}, {"PrimaryNeedsFromAws", "y"}},
			want:  cosell.Object{{"Customer", []any{"x"}}, {"PrimaryNeedsFromAws", "y"}},
		},
		{
			name:  "nil shape copies",
			shape: nil,
			in:    cosell.Object{{"Email", "a@b.c"}},
			want:  cosell.Object{{"Email", "a@b.c"}},
		},
		{
			name:  "response shape",
			shape: cosell.GetOpportunityOutput,
			in:    cosell.Object{{"Id", "O1"}, {"OpportunityTeam", []any{cosell.Object{{"Email", "x@y.z"}, {"BusinessTitle", "OpportunityOwner"}}}}},
			want:  cosell.Object{{"Id", "O1"}, {"OpportunityTeam", []any{cosell.Object{{"Email", mask}, {"BusinessTitle", mask}}}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := cosell.Clone(tt.in)
			got := cosell.Redact(tt.shape, tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Redact() mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, tt.in); diff != "" {
				t.Errorf("Redact() modified its input (-before +after):\n%s", diff)
			}
		})
	}
}
