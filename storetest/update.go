package storetest

import (
	"errors"
	"testing"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp"
)

func testUpdate(t *testing.T, open func(*testing.T) cosell.Store) {
	t.Run("fn sees the current record and its changes are stored", func(t *testing.T) {
		s := open(t)
		created := mustCreate(t, s, full("Sandbox"))
		var seen *cosell.Opportunity
		got, err := s.UpdateOpportunity(ctx(t), "Sandbox", created.ID, func(o *cosell.Opportunity) error {
			seen = o.Clone()
			o.LastModifiedDate = at(5000)
			o.Owner = "999988887777"
			setStage(o, "Committed")
			o.Body.Delete("NationalSecurity")
			o.Related.Solutions = append(o.Related.Solutions, "S-0000002")
			o.OpportunityTeam = nil
			o.Tags = append(o.Tags, cosell.Object{{Name: "Key", Value: "k2"}, {Name: "Value", Value: "v2"}})
			return nil
		})
		if err != nil {
			t.Fatalf("UpdateOpportunity: %v", err)
		}
		if diff := cmp.Diff(created, seen, cmpEmpty); diff != "" {
			t.Errorf("fn saw (-stored +seen):\n%s", diff)
		}
		want := created.Clone()
		want.LastModifiedDate = at(5000)
		want.Owner = "999988887777"
		setStage(want, "Committed")
		want.Body.Delete("NationalSecurity")
		want.Related.Solutions = append(want.Related.Solutions, "S-0000002")
		want.OpportunityTeam = nil
		want.Tags = append(want.Tags, cosell.Object{{Name: "Key", Value: "k2"}, {Name: "Value", Value: "v2"}})
		if diff := cmp.Diff(want, got, cmpEmpty); diff != "" {
			t.Errorf("UpdateOpportunity result (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want, mustGet(t, s, "Sandbox", created.ID), cmpEmpty); diff != "" {
			t.Errorf("stored after update (-want +got):\n%s", diff)
		}
		// The indexed columns follow the new record.
		listed, err := Records(s.ListOpportunities(ctx(t), cosell.ListQuery{Catalog: "Sandbox", Stages: []string{"Committed"}}))
		if err != nil || len(listed) != 1 {
			t.Errorf("list by the new stage: %d records, %v; want 1", len(listed), err)
		}
		listed, err = Records(s.ListOpportunities(ctx(t), cosell.ListQuery{Catalog: "Sandbox", Stages: []string{"Qualified"}}))
		if err != nil || len(listed) != 0 {
			t.Errorf("list by the old stage: %d records, %v; want 0", len(listed), err)
		}
		listed, err = Records(s.ListOpportunities(ctx(t), cosell.ListQuery{Catalog: "Sandbox", Owners: []string{"999988887777"}}))
		if err != nil || len(listed) != 1 {
			t.Errorf("list by the new owner: %d records, %v; want 1", len(listed), err)
		}
		listed, err = Records(s.ListOpportunities(ctx(t), cosell.ListQuery{Catalog: "Sandbox", Owners: []string{created.Owner}}))
		if err != nil || len(listed) != 0 {
			t.Errorf("list by the old owner: %d records, %v; want 0", len(listed), err)
		}
	})

	t.Run("fn error writes nothing and comes back unchanged", func(t *testing.T) {
		s := open(t)
		created := mustCreate(t, s, full("AWS"))
		sentinel := cosell.Errorf(cosell.ConflictError, "stale")
		got, err := s.UpdateOpportunity(ctx(t), "AWS", created.ID, func(o *cosell.Opportunity) error {
			setStage(o, "Launched") // changed, then abandoned
			o.LastModifiedDate = at(9999)
			return sentinel
		})
		if err != sentinel { //nolint:errorlint // the very value fn returned
			t.Fatalf("UpdateOpportunity error = %#v, want fn's own error value", err)
		}
		if got != nil {
			t.Errorf("UpdateOpportunity returned a record with an error: %v", got.ID)
		}
		if diff := cmp.Diff(created, mustGet(t, s, "AWS", created.ID), cmpEmpty); diff != "" {
			t.Errorf("record changed although fn failed (-want +got):\n%s", diff)
		}
		// A plain error (not a *cosell.Error) is returned as is too.
		plain := errors.New("plain")
		if _, err := s.UpdateOpportunity(ctx(t), "AWS", created.ID, func(*cosell.Opportunity) error { return plain }); err != plain { //nolint:errorlint
			t.Errorf("UpdateOpportunity error = %v, want fn's own error value", err)
		}
		// The store is still writable after a failed fn.
		if _, err := s.UpdateOpportunity(ctx(t), "AWS", created.ID, func(o *cosell.Opportunity) error {
			o.Body.Set("NationalSecurity", "Yes")
			return nil
		}); err != nil {
			t.Fatalf("update after a failed one: %v", err)
		}
		if got := mustGet(t, s, "AWS", created.ID).Body.Str("NationalSecurity"); got != "Yes" {
			t.Errorf("NationalSecurity = %q after the second update, want Yes", got)
		}
	})

	t.Run("result is the caller's own copy", func(t *testing.T) {
		s := open(t)
		created := mustCreate(t, s, full("AWS"))
		var inFn *cosell.Opportunity
		got, err := s.UpdateOpportunity(ctx(t), "AWS", created.ID, func(o *cosell.Opportunity) error { inFn = o; return nil })
		if err != nil {
			t.Fatal(err)
		}
		got.Body.Set("Scribble", 1)
		inFn.Body.Set("Scribble", 2)
		if diff := cmp.Diff(created, mustGet(t, s, "AWS", created.ID), cmpEmpty); diff != "" {
			t.Errorf("stored record changed through returned pointers (-want +got):\n%s", diff)
		}
	})

	tests := []struct {
		name, catalog string
		id            func(created string) string
	}{
		{name: "unknown id", catalog: "AWS", id: func(string) string { return cosell.FormatID(cosell.FirstID + 1000) }},
		{name: "other catalog", catalog: "Sandbox", id: func(id string) string { return id }},
		{name: "not an identifier", catalog: "AWS", id: func(string) string { return "nope" }},
	}
	for _, tc := range tests {
		t.Run("NotFound/"+tc.name, func(t *testing.T) {
			s := open(t)
			created := mustCreate(t, s, opp(spec{catalog: "AWS"}))
			called := false
			id := tc.id(created.ID)
			_, err := s.UpdateOpportunity(ctx(t), tc.catalog, id, func(*cosell.Opportunity) error {
				called = true
				return nil
			})
			if want := cosell.NotFound(tc.catalog, id); err == nil || err.Error() != want.Error() {
				t.Errorf("UpdateOpportunity error = %v, want %v", err, want)
			}
			if called {
				t.Error("fn called for a record that does not exist")
			}
			if diff := cmp.Diff(created, mustGet(t, s, "AWS", created.ID), cmpEmpty); diff != "" {
				t.Errorf("existing record changed (-want +got):\n%s", diff)
			}
		})
	}
}
