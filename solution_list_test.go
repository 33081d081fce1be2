package cosell_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/memory"
)

// catalogOf gives account 111111111111 five solutions in AWS and the
// default (none given) in Sandbox; every other account has the default.
func catalogOf(account, catalog string) []cosell.Solution {
	if account != "111111111111" || catalog != "AWS" {
		return cosell.DefaultSolutions(account, catalog)
	}
	day := func(d int) time.Time { return time.Date(2025, 1, d, 0, 0, 0, 0, time.UTC) }
	return []cosell.Solution{
		{ID: "S-0000010", Name: "beta", Category: "Consulting Service", Status: "Active", CreatedDate: day(3)},
		{ID: "S-0000002", Name: "Alpha", Category: "Software Product", Status: "Active", CreatedDate: day(5)},
		{ID: "S-0000030", Name: "gamma", Category: "Software Product", Status: "Inactive", CreatedDate: day(1)},
		{ID: "S-0000004", Name: "Delta", Category: "Managed Service", Status: "Draft", CreatedDate: day(4)},
		{ID: "S-0000005", Name: "epsilon", Category: "Software Product", Status: "Active", CreatedDate: day(2)},
	}
}

func solutionsEnv(t *testing.T, account string) (cosell.Service, context.Context) {
	t.Helper()
	svc := cosell.NewService(memory.New(), cosell.ServiceConfig{Clock: newClock(), Solutions: catalogOf})
	return svc, cosell.WithCaller(context.Background(), cosell.Caller{AccountID: account})
}

func solutionIDs(t *testing.T, out cosell.Object) []string {
	t.Helper()
	var ids []string
	for _, s := range out.List("SolutionSummaries") {
		ids = append(ids, s.(cosell.Object).Str("Id"))
	}
	return ids
}

func TestListSolutions(t *testing.T) {
	tests := []struct {
		name    string
		account string
		req     string
		want    []string
		wantErr string
	}{
		{name: "default order: identifier descending", account: "111111111111", req: `{"Catalog":"AWS"}`,
			want: []string{"S-0000030", "S-0000010", "S-0000005", "S-0000004", "S-0000002"}},
		{name: "identifier ascending", account: "111111111111", req: `{"Catalog":"AWS","Sort":{"SortBy":"Identifier","SortOrder":"ASCENDING"}}`,
			want: []string{"S-0000002", "S-0000004", "S-0000005", "S-0000010", "S-0000030"}},
		{name: "name ignores case", account: "111111111111", req: `{"Catalog":"AWS","Sort":{"SortBy":"Name","SortOrder":"ASCENDING"}}`,
			want: []string{"S-0000002", "S-0000010", "S-0000004", "S-0000005", "S-0000030"}},
		{name: "created date descending", account: "111111111111", req: `{"Catalog":"AWS","Sort":{"SortBy":"CreatedDate","SortOrder":"DESCENDING"}}`,
			want: []string{"S-0000002", "S-0000004", "S-0000010", "S-0000005", "S-0000030"}},
		{name: "status then identifier", account: "111111111111", req: `{"Catalog":"AWS","Sort":{"SortBy":"Status","SortOrder":"ASCENDING"}}`,
			want: []string{"S-0000002", "S-0000005", "S-0000010", "S-0000004", "S-0000030"}},
		{name: "status filter", account: "111111111111", req: `{"Catalog":"AWS","Status":["Active"]}`,
			want: []string{"S-0000010", "S-0000005", "S-0000002"}},
		{name: "filters AND, values OR", account: "111111111111", req: `{"Catalog":"AWS","Status":["Active","Inactive"],"Category":["Software Product"]}`,
			want: []string{"S-0000030", "S-0000005", "S-0000002"}},
		{name: "identifier filter", account: "111111111111", req: `{"Catalog":"AWS","Identifier":["S-0000004","S-9"]}`,
			want: []string{"S-0000004"}},
		{name: "the Sandbox default", account: "111111111111", req: `{"Catalog":"Sandbox"}`, want: []string{"S-1234567"}},
		{name: "another account has only the default", account: "222222222222", req: `{"Catalog":"AWS"}`, want: nil},
		{name: "bad status", account: "111111111111", req: `{"Catalog":"AWS","Status":["Gone"]}`, wantErr: cosell.ValidationError},
		{name: "too many identifiers", account: "111111111111",
			req: `{"Catalog":"AWS","Identifier":["S-1","S-2","S-3","S-4","S-5","S-6","S-7","S-8","S-9","S-10","S-11","S-12","S-13","S-14","S-15","S-16","S-17","S-18","S-19","S-20","S-21"]}`, wantErr: cosell.ValidationError},
		{name: "MaxResults over 100", account: "111111111111", req: `{"Catalog":"AWS","MaxResults":101}`, wantErr: cosell.ValidationError},
		{name: "bad catalog", account: "111111111111", req: `{"Catalog":"Prod"}`, wantErr: cosell.ValidationError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, ctx := solutionsEnv(t, tt.account)
			out, err := svc.ListSolutions(ctx, doc(t, tt.req))
			if tt.wantErr != "" {
				if codeOf(err) != tt.wantErr {
					t.Fatalf("err %v, want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, solutionIDs(t, out)); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if v, ok := out.Lookup("NextToken"); !ok || v != nil {
				t.Errorf("NextToken = %v (present %v), want null", v, ok)
			}
		})
	}
}

func TestListSolutionsSummary(t *testing.T) {
	svc, ctx := solutionsEnv(t, "111111111111")
	out, err := svc.ListSolutions(ctx, doc(t, `{"Catalog":"Sandbox"}`))
	if err != nil {
		t.Fatal(err)
	}
	want := doc(t, `{"Arn":"arn:aws:partnercentral:us-east-1:111111111111:catalog/Sandbox/solution/S-1234567",
		"Catalog":"Sandbox","Category":"Software Product","CreatedDate":"2024-01-01T00:00:00Z","Id":"S-1234567",
		"Name":"Sandbox Test Solution","Status":"Active"}`)
	if diff := cmp.Diff([]any{want}, out.List("SolutionSummaries")); diff != "" {
		t.Errorf("summaries (-want +got):\n%s", diff)
	}
}

func TestListSolutionsPages(t *testing.T) {
	svc, ctx := solutionsEnv(t, "111111111111")
	var got []string
	req := doc(t, `{"Catalog":"AWS","MaxResults":2,"Sort":{"SortBy":"Name","SortOrder":"DESCENDING"}}`)
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("more pages than solutions")
		}
		out, err := svc.ListSolutions(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, solutionIDs(t, out)...)
		tok, _ := out.Get("NextToken").(string)
		if tok == "" {
			break
		}
		req.Set("NextToken", tok)
	}
	want := []string{"S-0000030", "S-0000005", "S-0000004", "S-0000010", "S-0000002"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}

	// A token is bound to its query and its account.
	out, err := svc.ListSolutions(ctx, doc(t, `{"Catalog":"AWS","MaxResults":1}`))
	if err != nil {
		t.Fatal(err)
	}
	tok := out.Str("NextToken")
	tests := []struct {
		name string
		ctx  context.Context
		req  cosell.Object
		want string
	}{
		{name: "same query", ctx: ctx, req: cosell.Object{{"Catalog", "AWS"}, {"MaxResults", cosell.Number("1")}, {"NextToken", tok}}},
		{name: "another filter", ctx: ctx, req: cosell.Object{{"Catalog", "AWS"}, {"Status", []any{"Active"}}, {"NextToken", tok}}, want: cosell.ValidationError},
		{name: "another account", ctx: cosell.WithCaller(context.Background(), cosell.Caller{AccountID: "222222222222"}),
			req: cosell.Object{{"Catalog", "AWS"}, {"NextToken", tok}}, want: cosell.ValidationError},
		{name: "altered", ctx: ctx, req: cosell.Object{{"Catalog", "AWS"}, {"NextToken", tok + "x"}}, want: cosell.ValidationError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := svc.ListSolutions(tt.ctx, tt.req)
			if codeOf(err) != tt.want {
				t.Errorf("err %v, want %q", err, tt.want)
			}
		})
	}
}

func TestAssociateSolutionFromCatalog(t *testing.T) {
	tests := []struct {
		name     string
		account  string
		catalog  string
		solution string
		want     string
	}{
		{name: "listed and active", account: "111111111111", catalog: "AWS", solution: "S-0000002"},
		{name: "the Sandbox test solution", account: "111111111111", catalog: "Sandbox", solution: "S-1234567"},
		{name: "not in the catalog", account: "111111111111", catalog: "AWS", solution: "S-1234567", want: cosell.NotFoundError},
		{name: "another account's", account: "222222222222", catalog: "AWS", solution: "S-0000002", want: cosell.NotFoundError},
		{name: "inactive", account: "111111111111", catalog: "AWS", solution: "S-0000030", want: cosell.ValidationError},
		{name: "draft", account: "111111111111", catalog: "AWS", solution: "S-0000004", want: cosell.ValidationError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, ctx := solutionsEnv(t, tt.account)
			req := fullCreate(t, tt.catalog)
			req.Set("ClientToken", "c-"+tt.name)
			created, err := svc.CreateOpportunity(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			_, err = svc.AssociateOpportunity(ctx, cosell.Object{{"Catalog", tt.catalog}, {"OpportunityIdentifier", created.Str("Id")},
				{"RelatedEntityType", "Solutions"}, {"RelatedEntityIdentifier", tt.solution}})
			if codeOf(err) != tt.want {
				t.Fatalf("err %v, want %q", err, tt.want)
			}
			got, err := svc.GetOpportunity(ctx, cosell.Object{{"Catalog", tt.catalog}, {"Identifier", created.Str("Id")}})
			if err != nil {
				t.Fatal(err)
			}
			var want []any
			if tt.want == "" {
				want = []any{tt.solution}
			} else {
				want = []any{}
			}
			if diff := cmp.Diff(want, got.Obj("RelatedEntityIdentifiers").List("Solutions")); diff != "" {
				t.Errorf("Solutions (-want +got):\n%s", diff)
			}
		})
	}
}
