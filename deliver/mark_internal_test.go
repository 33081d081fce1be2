package deliver

import (
	"context"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/memory"
	"github.com/google/go-cmp/cmp"
)

type namedTarget string

func (n namedTarget) Name() string                                     { return string(n) }
func (namedTarget) Deliver(context.Context, *cosell.OutboxEvent) error { return nil }

// mark deletes an event without reading it again only when the Delivered
// list the round read, with the marking target, covers the targets live in
// the mark's own transaction: a target that became live after the read
// keeps the event until it has it too.
func TestMarkAfterTheRead(t *testing.T) {
	tests := []struct {
		name        string
		joinsAfter  bool     // target b registers between a's read and a's mark
		wantAfterA  []string // the event's Delivered list after a's mark; nil: deleted
		wantDeleted bool     // after b marks too (when b joined)
	}{
		{name: "no target joined: deleted at once"},
		{name: "a target joined after the read: kept for it", joinsAfter: true, wantAfterA: []string{"a"}, wantDeleted: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			store := memory.New()
			it, err := cosell.OutboxItem(cosell.Event{DetailType: cosell.EventUpdated, Catalog: "Sandbox", ID: "O1", Time: time.Now()})
			if err != nil {
				t.Fatal(err)
			}
			if err := store.UpdateItems(ctx, func(tx cosell.ItemTx) error { return tx.Put(it) }); err != nil {
				t.Fatal(err)
			}
			d := New(store, Options{Owner: "s1"})
			if err := d.register(ctx, &runner{t: namedTarget("a")}); err != nil {
				t.Fatal(err)
			}
			page, err := d.pending(ctx, "a")
			if err != nil || len(page) != 1 {
				t.Fatalf("pending: %d events, %v", len(page), err)
			}
			if tt.joinsAfter {
				if err := New(store, Options{Owner: "s2"}).register(ctx, &runner{t: namedTarget("b")}); err != nil {
					t.Fatal(err)
				}
			}
			if err := d.mark(ctx, "a", page); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantAfterA, delivered(t, store, it.ID)); diff != "" {
				t.Errorf("after a's mark, Delivered (-want +got; nil: deleted):\n%s", diff)
			}
			if !tt.joinsAfter {
				return
			}
			pageB, err := d.pending(ctx, "b")
			if err != nil || len(pageB) != 1 {
				t.Fatalf("pending for b: %d events, %v", len(pageB), err)
			}
			if err := d.mark(ctx, "b", pageB); err != nil {
				t.Fatal(err)
			}
			if got := delivered(t, store, it.ID); got != nil {
				t.Errorf("after b's mark the event is still there, Delivered %v", got)
			}
		})
	}
}

// delivered is the Delivered list of outbox event seq; nil when it is gone.
func delivered(t *testing.T, store cosell.ItemStore, seq string) []string {
	t.Helper()
	var out []string
	err := store.ViewItems(context.Background(), func(tx cosell.ItemTx) error {
		it, err := tx.Get(cosell.KindOutbox, cosell.OutboxCatalog, seq)
		if err != nil || it == nil {
			return err
		}
		e, err := cosell.DecodeOutboxItem(it)
		if err == nil {
			out = append([]string{}, e.Delivered...)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
