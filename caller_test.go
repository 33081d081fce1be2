package cosell_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/memory"
	"github.com/google/go-cmp/cmp"
)

// Everything account-specific (ARNs, the creator's placeholder, the events'
// account) follows the caller in the context, and falls back to
// ServiceConfig.AccountID without one.
func TestCallerAccount(t *testing.T) {
	tests := []struct {
		name string
		ctx  context.Context
		want string
	}{
		{name: "no caller", ctx: context.Background(), want: "999988887777"},
		{name: "caller", ctx: cosell.WithCaller(context.Background(), cosell.Caller{AccountID: "111111111111", AccessKeyID: "AKIAALPHA00000000001"}), want: "111111111111"},
		{name: "caller without account", ctx: cosell.WithCaller(context.Background(), cosell.Caller{AccessKeyID: "AKIAALPHA00000000001"}), want: "999988887777"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := memory.New()
			svc := cosell.NewService(store, cosell.ServiceConfig{Clock: newClock(), AccountID: "999988887777"})
			req := fullCreate(t, "Sandbox")
			req.Set("ClientToken", "caller-"+tt.name)
			out, err := svc.CreateOpportunity(tt.ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			id := out.Str("Id")
			got, err := svc.GetOpportunity(tt.ctx, cosell.Object{{Name: "Catalog", Value: "Sandbox"}, {Name: "Identifier", Value: id}})
			if err != nil {
				t.Fatal(err)
			}
			wantArn := "arn:aws:partnercentral:us-east-1:" + tt.want + ":catalog/Sandbox/opportunity/" + id
			if got.Str("Arn") != wantArn {
				t.Errorf("Get Arn = %q, want %q", got.Str("Arn"), wantArn)
			}
			team, _ := got.Get("OpportunityTeam").([]any)
			if len(team) == 0 || team[0].(cosell.Object).Str("Email") != "partner-"+tt.want+"@example.com" {
				t.Errorf("owner = %v", team)
			}
			list, err := svc.ListOpportunities(tt.ctx, cosell.Object{{Name: "Catalog", Value: "Sandbox"}})
			if err != nil {
				t.Fatal(err)
			}
			sums, _ := list.Get("OpportunitySummaries").([]any)
			if len(sums) != 1 || sums[0].(cosell.Object).Str("Arn") != wantArn {
				t.Errorf("List summaries = %v", sums)
			}
			var accounts []string
			for _, e := range drainOutbox(t, store) {
				var env struct{ Account string }
				if err := json.Unmarshal(e.Envelope("999988887777"), &env); err != nil {
					t.Fatalf("event %+v: %v", e, err)
				}
				accounts = append(accounts, env.Account)
			}
			if diff := cmp.Diff([]string{tt.want}, accounts); diff != "" {
				t.Errorf("event accounts (-want +got):\n%s", diff)
			}
		})
	}
}
