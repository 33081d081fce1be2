package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp"
)

// testOutbox: through the service, an opportunity write's event is an outbox item committed
// with the record (Opportunity.Also); a refused write leaves none; an item
// transaction's events too (CreateEngagement).
func testOutbox(t *testing.T, open func(*testing.T) cosell.Store) {
	ctx := cosell.WithCaller(context.Background(), cosell.Caller{AccountID: "111122223333"})
	store := open(t)
	svc := cosell.NewService(store, cosell.ServiceConfig{})
	b, err := os.ReadFile("../testdata/create-full.json") // every backend's package is one level down
	if err != nil {
		t.Fatal(err)
	}
	v, _ := cosell.ParseJSON(b)
	req := v.(cosell.Object)
	req.Set("Catalog", "Sandbox")
	outbox := func() []string {
		var out []string
		if err := store.ViewItems(ctx, func(tx cosell.ItemTx) error {
			out = nil
			return tx.Scan(cosell.KindOutbox, cosell.OutboxCatalog, "", func(it *cosell.Item) error {
				e, err := cosell.DecodeOutboxItem(it)
				if err == nil {
					out = append(out, e.DetailType+" "+e.ID)
				}
				return err
			})
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	created, err := svc.CreateOpportunity(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	id := created.Str("Id")
	if diff := cmp.Diff([]string{"Opportunity Created " + id}, outbox()); diff != "" {
		t.Errorf("after create (-want +got):\n%s", diff)
	}
	got, err := svc.GetOpportunity(ctx, cosell.Object{{Name: "Catalog", Value: "Sandbox"}, {Name: "Identifier", Value: id}})
	if err != nil {
		t.Fatal(err)
	}
	upd := cosell.Object{{Name: "Catalog", Value: "Sandbox"}, {Name: "Identifier", Value: id}, {Name: "LastModifiedDate", Value: "2001-01-01T00:00:00Z"}}
	for _, m := range []string{"PrimaryNeedsFromAws", "NationalSecurity", "Customer", "Project", "OpportunityType", "Marketing", "LifeCycle"} {
		if v := got.Get(m); v != nil {
			upd.Set(m, v)
		}
	}
	lc := upd.Obj("LifeCycle")
	lc.Delete("NextStepsHistory")
	upd.Set("LifeCycle", lc)
	var e *cosell.Error
	if _, err := svc.UpdateOpportunity(ctx, upd); !errors.As(err, &e) || e.Code != cosell.ConflictError {
		t.Fatalf("stale update: %v", err)
	}
	if n := len(outbox()); n != 1 {
		t.Errorf("a refused update left %d outbox items, want 1 (the create's)", n)
	}
	upd.Set("LastModifiedDate", got.Get("LastModifiedDate"))
	if _, err := svc.UpdateOpportunity(ctx, upd); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateEngagement(ctx, cosell.Object{{Name: "Catalog", Value: "Sandbox"}, {Name: "ClientToken", Value: "pg-outbox"},
		{Name: "Title", Value: "Outbox"}, {Name: "Description", Value: "d"}}); err != nil {
		t.Fatal(err)
	}
	got2 := outbox()
	if len(got2) != 3 || got2[1] != "Opportunity Updated "+id || got2[2][:len("Engagement Created")] != "Engagement Created" {
		b, _ := json.Marshal(got2)
		t.Errorf("outbox %s: want the create, the update, the engagement", b)
	}
}
