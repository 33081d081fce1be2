package cosell_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/memory"
	"github.com/google/go-cmp/cmp"
)

// outboxEvents lists the outbox's events (detail-type and recipient) in
// order, without taking them.
func outboxEvents(t *testing.T, store cosell.ItemStore) []string {
	t.Helper()
	var out []string
	err := store.ViewItems(context.Background(), func(tx cosell.ItemTx) error {
		out = nil
		return tx.Scan(cosell.KindOutbox, cosell.OutboxCatalog, "", func(it *cosell.Item) error {
			e, err := cosell.DecodeOutboxItem(it)
			if err == nil {
				out = append(out, e.DetailType+" → "+e.Account)
			}
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Each write that publishes leaves exactly its events in the outbox, in the
// write's own transaction; a write that fails, a no-op and a tag change
// leave none (docs/decisions.md "Events: outbox and delivery").
func TestOutboxPerWrite(t *testing.T) {
	w := newWorld(t)
	opp := w.opportunity(acctA, nil)
	drainOutbox(t, w.store)
	assoc := sandbox(cosell.Field{"OpportunityIdentifier", opp}, cosell.Field{"RelatedEntityType", "Solutions"}, cosell.Field{"RelatedEntityIdentifier", "S-1"})
	tests := []struct {
		name string
		act  func()
		want []string
	}{
		{name: "create", act: func() { w.opportunity(acctA, nil) }, want: []string{cosell.EventCreated + " → " + acctA}},
		{name: "create replayed", act: func() {
			req := fullCreate(t, "Sandbox")
			req.Set("ClientToken", "replay")
			w.must(acctA, "CreateOpportunity", req)
			drainOutbox(t, w.store)
			w.must(acctA, "CreateOpportunity", req)
		}},
		{name: "create refused", act: func() {
			req := fullCreate(t, "Sandbox")
			req.Delete("Customer")
			if _, err := w.call(acctA, "CreateOpportunity", req); err == nil {
				t.Error("create without Customer succeeded")
			}
		}},
		{name: "update", act: func() { w.must(acctA, "UpdateOpportunity", updateFrom(w.getOpp(acctA, opp))) },
			want: []string{cosell.EventUpdated + " → " + acctA}},
		{name: "stale update", act: func() {
			stale := updateFrom(w.getOpp(acctA, opp))
			w.must(acctA, "UpdateOpportunity", updateFrom(w.getOpp(acctA, opp)))
			drainOutbox(t, w.store)
			w.refuse(acctA, "UpdateOpportunity", stale, cosell.ConflictError)
		}},
		{name: "update by a stranger", act: func() {
			w.refuse(acctC, "UpdateOpportunity", updateFrom(w.getOpp(acctA, opp)), cosell.NotFoundError)
		}},
		{name: "associate", act: func() { w.must(acctA, "AssociateOpportunity", assoc) }, want: []string{cosell.EventUpdated + " → " + acctA}},
		{name: "associate again: no write", act: func() { w.must(acctA, "AssociateOpportunity", assoc) }},
		{name: "tag", act: func() {
			arn := w.getOpp(acctA, opp).Str("Arn")
			w.must(acctA, "TagResource", cosell.Object{{"ResourceArn", arn}, {"Tags", []any{cosell.Object{{"Key", "k"}, {"Value", "v"}}}}})
		}},
		{name: "submit", act: func() {
			w.must(acctA, "SubmitOpportunity", sandbox(cosell.Field{"Identifier", opp}, cosell.Field{"InvolvementType", "Co-Sell"}))
		}, want: []string{cosell.EventUpdated + " → " + acctA}},
		{name: "create engagement", act: func() {
			w.must(acctA, "CreateEngagement", sandbox(cosell.Field{"ClientToken", "ob-1"}, cosell.Field{"Title", "Outbox"}, cosell.Field{"Description", "d"}))
		}, want: []string{cosell.EventEngagementCreated + " → " + acctA}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.act()
			if diff := cmp.Diff(tt.want, outboxEvents(t, w.store)); diff != "" {
				t.Errorf("outbox (-want +got):\n%s", diff)
			}
			drainOutbox(t, w.store)
		})
	}
}

// The envelope is EventBridge's, and its id is the one fixed when the event
// was written: reading the outbox again gives the same id.
func TestOutboxEnvelope(t *testing.T) {
	store := memory.New()
	svc := cosell.NewService(store, cosell.ServiceConfig{Clock: newClock(), AccountID: "999988887777", Solutions: testSolutions})
	req := fullCreate(t, "Sandbox")
	req.Set("ClientToken", "env")
	out, err := svc.CreateOpportunity(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	read := func() *cosell.OutboxEvent {
		var got []*cosell.OutboxEvent
		err := store.ViewItems(context.Background(), func(tx cosell.ItemTx) error {
			return tx.Scan(cosell.KindOutbox, cosell.OutboxCatalog, "", func(it *cosell.Item) error {
				e, err := cosell.DecodeOutboxItem(it)
				got = append(got, e)
				return err
			})
		})
		if err != nil || len(got) != 1 {
			t.Fatalf("outbox: %v, %d events", err, len(got))
		}
		return got[0]
	}
	first, again := read(), read()
	if first.EventID == "" || first.EventID != again.EventID || first.Seq != again.Seq {
		t.Errorf("event id %q then %q", first.EventID, again.EventID)
	}
	var env map[string]any
	if err := json.Unmarshal(first.Envelope("999988887777"), &env); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"version": "0", "id": first.EventID, "detail-type": "Opportunity Created", "source": "aws.partnercentral-selling",
		"account": "999988887777", "time": env["time"], "region": "us-east-1", "resources": []any{},
		"detail": map[string]any{"schemaVersion": "1", "catalog": "Sandbox", "opportunity": map[string]any{"identifier": out.Str("Id")}},
	}
	if diff := cmp.Diff(want, env); diff != "" {
		t.Errorf("envelope (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(env["time"].(string), "20") {
		t.Errorf("time %v", env["time"])
	}
}

// Outbox IDs grow in the order they are taken, so a Scan reads events in
// the order they were written.
func TestOutboxSeqOrder(t *testing.T) {
	prev := cosell.NewOutboxSeq()
	for i := 0; i < 1000; i++ {
		next := cosell.NewOutboxSeq()
		if next <= prev {
			t.Fatalf("%s after %s", next, prev)
		}
		prev = next
	}
}
