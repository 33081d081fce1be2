package sqlite_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/sqlite"
)

// testdata/release-v4.db was written by cosell serve at ae6efda (schema
// version 4, before items): three CreateOpportunity calls (tokens
// fixture-1..3) and one PutSellingSystemSettings, then VACUUM. The current
// code must open it, migrate it and lose nothing.
func TestUpgradeFromReleaseV4(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cosell.db")
	b, err := os.ReadFile("testdata/release-v4.db")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	var version int
	if err := rawDB(t, path).QueryRow(`SELECT MAX(version) FROM schema_version`).Scan(&version); err != nil || version != 4 {
		t.Fatalf("fixture schema version %d, %v; want 4", version, err)
	}

	s, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer func() { s.Close() }()
	ctx := t.Context()

	ms := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	want := []struct {
		catalog, id, partnerID string
		created, modified      time.Time
	}{
		{"Sandbox", "O1000001", "CRM-0042", ms("2026-11-30T13:53:41Z"), ms("2026-11-30T13:53:41.307Z")},
		{"Sandbox", "O1000002", "CRM-0043", ms("2026-11-30T13:53:41Z"), ms("2026-11-30T13:53:41.320Z")},
		{"AWS", "O1000003", "CRM-0044", ms("2026-11-30T13:53:41Z"), ms("2026-11-30T13:53:41.332Z")},
	}
	listed := map[string]*cosell.Opportunity{}
	for _, catalog := range []string{"AWS", "Sandbox"} {
		page, err := s.ListOpportunities(ctx, cosell.ListQuery{Catalog: catalog, SortBy: cosell.SortByIdentifier})
		if err != nil {
			t.Fatalf("ListOpportunities(%s): %v", catalog, err)
		}
		for _, o := range page.Records {
			listed[o.ID] = o
		}
	}
	if len(listed) != len(want) {
		t.Errorf("listed %d opportunities, want %d", len(listed), len(want))
	}
	for _, w := range want {
		got, err := s.GetOpportunity(ctx, w.catalog, w.id)
		if err != nil {
			t.Errorf("GetOpportunity(%s, %s): %v", w.catalog, w.id, err)
			continue
		}
		for src, o := range map[string]*cosell.Opportunity{"Get": got, "List": listed[w.id]} {
			switch {
			case o == nil:
				t.Errorf("%s: %s missing", src, w.id)
			case o.Catalog != w.catalog || o.ID != w.id || o.Body.Str("PartnerOpportunityIdentifier") != w.partnerID:
				t.Errorf("%s: %s is %s/%s %q, want %s/%s %q", src, w.id, o.Catalog, o.ID, o.Body.Str("PartnerOpportunityIdentifier"), w.catalog, w.id, w.partnerID)
			case !o.LastModifiedDate.Equal(w.modified) || !o.CreatedDate.Equal(w.created):
				t.Errorf("%s: %s dates %s, %s; want %s, %s", src, w.id, o.CreatedDate.Format(time.RFC3339Nano), o.LastModifiedDate.Format(time.RFC3339Nano), w.created, w.modified)
			}
		}
	}

	// Records from before owners are owned by "": the configured account
	// (here the default) lists them, another account does not.
	for id, o := range listed {
		if o.Owner != "" {
			t.Errorf("%s: Owner %q, want \"\"", id, o.Owner)
		}
	}
	svc := cosell.NewService(s, cosell.ServiceConfig{})
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want int
	}{
		{name: "the configured account", ctx: ctx, want: 2},
		{name: "another account", ctx: cosell.WithCaller(ctx, cosell.Caller{AccountID: "111111111111"}), want: 0},
	} {
		out, err := svc.ListOpportunities(tc.ctx, cosell.Object{{Name: "Catalog", Value: "Sandbox"}})
		if n := len(out.List("OpportunitySummaries")); err != nil || n != tc.want {
			t.Errorf("%s lists %d Sandbox opportunities, %v; want %d", tc.name, n, err, tc.want)
		}
	}

	// The ClientTokens survive: a token reused with another body conflicts.
	if _, err := s.CreateOpportunity(ctx, &cosell.Opportunity{Catalog: "Sandbox", Body: cosell.Object{}}, "fixture-1", "another body"); cosell.ErrorCodeOf(err) != cosell.ConflictError {
		t.Errorf("reused token fixture-1: %v, want %s", err, cosell.ConflictError)
	}
	arn, ok, err := s.SellingSystemSettings(ctx, "123456789012", "Sandbox")
	if err != nil || !ok || arn != "arn:aws:iam::123456789012:role/FixtureSnapshots" {
		t.Errorf("SellingSystemSettings = %q, %v, %v; want the fixture's role", arn, ok, err)
	}
	if key, _ := hex.DecodeString("5d863d694156dee9c7a48865988f5f0ed061173d0e01a24720e76099acd281ff"); !bytes.Equal(s.TokenKey(), key) {
		t.Errorf("TokenKey = %x, want the fixture's %x", s.TokenKey(), key)
	}

	// New writes: the identifier counter goes on, items can be written.
	next, err := s.CreateOpportunity(ctx, &cosell.Opportunity{Catalog: "AWS", Body: cosell.Object{}}, "", "")
	if err != nil || cosell.IDNumber(next.ID) <= 1000003 {
		t.Errorf("CreateOpportunity after the upgrade: %v, %v; want an id after O1000003", next, err)
	}
	item := cosell.Item{Kind: cosell.KindEngagement, Catalog: "AWS", ID: "eng-1", Doc: []byte(`{"Id":"eng-1"}`)}
	if err := s.UpdateItems(ctx, func(tx cosell.ItemTx) error { return tx.Put(&item) }); err != nil {
		t.Fatalf("UpdateItems after the upgrade: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = sqlite.Open(path, sqlite.Options{}); err != nil {
		t.Fatalf("reopen: %v", err)
	}
	var got *cosell.Item
	if err := s.ViewItems(ctx, func(tx cosell.ItemTx) error {
		got, err = tx.Get(item.Kind, item.Catalog, item.ID)
		return err
	}); err != nil || got == nil || !bytes.Equal(got.Doc, item.Doc) {
		t.Errorf("item after reopen: %v, %v; want %s", got, err, item.Doc)
	}
	if err := rawDB(t, path).QueryRow(`SELECT MAX(version) FROM schema_version`).Scan(&version); err != nil || version != sqlite.Migrations {
		t.Errorf("schema version %d, %v; want %d", version, err, sqlite.Migrations)
	}
	if _, err := s.GetOpportunity(ctx, "AWS", "O1000003"); err != nil {
		t.Errorf("after reopen: %v", err)
	}
}
