package cosell_test

import (
	"context"
	"testing"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp"
)

// Every committed write leaves one history entry: who (account and key),
// which operation, the record as written; refused and no-op writes leave
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
		if len(e.Record) == 0 {
			t.Errorf("entry %d has no record", e.Seq)
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
	last, err := cosell.DecodeRecord(h[len(h)-1].Record)
	if err != nil || len(last.Tags) != 1 || len(last.Related.Solutions) != 1 {
		t.Errorf("last entry's record: %+v, %v", last, err)
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
