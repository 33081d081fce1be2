package cosell_test

import (
	"testing"

	"github.com/cosell/cosell"
)

// Project.OtherSolutionDescription describes the "Other" solution: it
// stands for an associated solution at submission, and the real service
// stops returning it once a solution is associated [samples; model doc].
func TestOtherSolution(t *testing.T) {
	const desc = "Acme Data Lake"
	withDesc := func(o *cosell.Object) { set(*o, []string{"Project", "OtherSolutionDescription"}, desc) }
	associate := func(e *env, id string) {
		t.Helper()
		if err := e.call("AssociateOpportunity", cosell.Object{{"Catalog", "Sandbox"}, {"OpportunityIdentifier", id},
			{"RelatedEntityType", "Solutions"}, {"RelatedEntityIdentifier", "S-1234567"}}); err != nil {
			t.Fatal(err)
		}
	}
	submit := func(e *env, id string) error {
		return e.call("SubmitOpportunity", cosell.Object{{"Catalog", "Sandbox"}, {"Identifier", id}, {"InvolvementType", "Co-Sell"}})
	}
	tests := []struct {
		name      string
		edit      func(*cosell.Object)
		steps     func(e *env, id string) error
		wantErr   []string
		wantDesc  any
		wantState string
	}{
		{name: "no solution, no description: refused", steps: submit,
			wantErr: []string{"RelatedEntityIdentifiers.Solutions:NOT_ENOUGH_VALUES"}, wantState: "Pending Submission"},
		{name: "no solution, description: submitted", edit: withDesc, steps: submit, wantDesc: desc, wantState: "Submitted"},
		{name: "associating a solution drops the description", edit: withDesc,
			steps: func(e *env, id string) error { associate(e, id); return nil }, wantState: "Pending Submission"},
		{name: "associated, described again: refused", edit: withDesc,
			steps: func(e *env, id string) error {
				associate(e, id)
				req := updateFrom(e.get("Sandbox", id))
				set(req, []string{"Project", "OtherSolutionDescription"}, desc)
				_, err := e.update(req)
				return err
			}, wantErr: []string{"Project.OtherSolutionDescription:INVALID_VALUE"}, wantState: "Pending Submission"},
		{name: "associated, submitted: still none", edit: withDesc,
			steps: func(e *env, id string) error {
				associate(e, id)
				return submit(e, id)
			}, wantState: "Submitted"},
		{name: "associating another entity keeps it", edit: withDesc,
			steps: func(e *env, id string) error {
				return e.call("AssociateOpportunity", cosell.Object{{"Catalog", "Sandbox"}, {"OpportunityIdentifier", id},
					{"RelatedEntityType", "AwsProducts"}, {"RelatedEntityIdentifier", "AmazonRedshift"}})
			}, wantDesc: desc, wantState: "Pending Submission"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			id := e.create("Sandbox", tt.edit).Str("Id")
			err := tt.steps(e, id)
			if tt.wantErr != nil {
				wantFields(t, err, tt.wantErr...)
			} else if err != nil {
				t.Fatal(err)
			}
			got := e.get("Sandbox", id)
			if v, ok := got.Obj("Project").Lookup("OtherSolutionDescription"); !ok || v != tt.wantDesc {
				t.Errorf("OtherSolutionDescription = %v (present %v), want %v", v, ok, tt.wantDesc)
			}
			if s := got.Str("LifeCycle", "ReviewStatus"); s != tt.wantState {
				t.Errorf("ReviewStatus %s, want %s", s, tt.wantState)
			}
		})
	}
	t.Run("the Other solution does not reach Committed", func(t *testing.T) {
		e := newEnv(t)
		got := e.create("Sandbox", withDesc)
		req := updateFrom(got)
		set(req, []string{"LifeCycle", "Stage"}, "Committed")
		_, err := e.update(req)
		wantFields(t, err, "LifeCycle.Stage:INVALID_VALUE")
	})
}
