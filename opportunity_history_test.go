package cosell_test

import (
	"context"
	"testing"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp"
)

// Every committed write leaves one history entry: who (account and key),
// which operation, what it changed; refused and no-op writes leave
// none; a record keeps its last HistorySlots entries.
func TestOpportunityHistory(t *testing.T) {
	w := newWorld(t)
	opp := w.opportunity(acctA, nil)
	got := w.getOpp(acctA, opp)
	w.must(acctA, "UpdateOpportunity", updateFrom(got))
	w.refuse(acctA, "UpdateOpportunity", updateFrom(got), cosell.ConflictError) // stale: no entry
	assoc := sandbox(cosell.Field{"OpportunityIdentifier", opp}, cosell.Field{"RelatedEntityType", "Solutions"}, cosell.Field{"RelatedEntityIdentifier", "S-1"})
	w.must(acctA, "AssociateOpportunity", assoc)
	w.must(acctA, "AssociateOpportunity", assoc) // already associated: no write
	arn := w.getOpp(acctA, opp).Str("Arn")
	w.must(acctA, "TagResource", cosell.Object{{"ResourceArn", arn}, {"Tags", []any{cosell.Object{{"Key", "k"}, {"Value", "v"}}}}})

	ctxA := cosell.WithCaller(context.Background(), cosell.Caller{AccountID: acctA, AccessKeyID: "AKIA" + acctA})
	h, err := w.svc.History(ctxA, "Sandbox", opp)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Seq           int64
		Op, Acct, Key string
	}
	var rows []row
	for _, e := range h {
		rows = append(rows, row{e.Seq, e.Operation, e.Account, e.AccessKeyID})
		if len(e.Record) != 0 {
			t.Errorf("entry %d keeps the record; entries keep changes", e.Seq)
		}
	}
	want := []row{
		{1, "CreateOpportunity", acctA, "AKIA" + acctA},
		{2, "UpdateOpportunity", acctA, "AKIA" + acctA},
		{3, "AssociateOpportunity", acctA, "AKIA" + acctA},
		{4, "TagResource", acctA, "AKIA" + acctA},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	// What each write changed: the create, every leaf; the update that
	// kept the record, its LastModifiedDate; the association and the tag,
	// their leaves.
	paths := func(e cosell.HistoryEntry) map[string][2]string {
		m := map[string][2]string{}
		for _, c := range e.Changes {
			m[c.Path] = [2]string{c.Old, c.New}
		}
		return m
	}
	created := paths(h[0])
	if c, ok := created["Project.Title"]; !ok || c[0] != "" || c[1] != got.Str("Project", "Title") || created["Owner"][1] != acctA {
		t.Errorf("the create's changes lack the record's leaves: %v", h[0].Changes)
	}
	updated := paths(h[1])
	if len(updated) != 1 || updated["LastModifiedDate"][0] != got.Str("LastModifiedDate") {
		t.Errorf("the update's changes: %v, want LastModifiedDate from %s", h[1].Changes, got.Str("LastModifiedDate"))
	}
	associated := paths(h[2])
	if _, ok := associated["LastModifiedDate"]; !ok {
		t.Errorf("the association's changes lack LastModifiedDate: %v", h[2].Changes)
	}
	delete(associated, "LastModifiedDate")
	if diff := cmp.Diff(map[string][2]string{"RelatedEntityIdentifiers.Solutions[0]": {"", "S-1"}}, associated); diff != "" {
		t.Errorf("the association's changes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string][2]string{"Tags[0].Key": {"", "k"}, "Tags[0].Value": {"", "v"}}, paths(h[3])); diff != "" {
		t.Errorf("the tag's changes (-want +got):\n%s", diff)
	}
	ctxB := cosell.WithCaller(context.Background(), cosell.Caller{AccountID: acctB})
	if _, err := w.svc.History(ctxB, "Sandbox", opp); codeOf(err) != cosell.NotFoundError {
		t.Errorf("B reads A's history: %v", err)
	}
	// Bounded: after many writes the last HistorySlots remain.
	for i := 0; i < cosell.HistorySlots; i++ {
		w.must(acctA, "UpdateOpportunity", updateFrom(w.getOpp(acctA, opp)))
	}
	h, _ = w.svc.History(ctxA, "Sandbox", opp)
	if len(h) != cosell.HistorySlots || h[0].Seq != 5 || h[len(h)-1].Seq != 4+cosell.HistorySlots {
		t.Errorf("%d entries, seq %d..%d", len(h), h[0].Seq, h[len(h)-1].Seq)
	}
}
