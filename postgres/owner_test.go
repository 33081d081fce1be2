//go:build postgres

package postgres_test

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/postgres"
	"github.com/google/go-cmp/cmp"
)

// preOwnerVersion is the last schema version without the owner column.
const preOwnerVersion = 4

// A schema written before opportunities had owners migrates forward with
// its rows, current and superseded, owned by "" (the configured
// account's): listed for that account and no other, in snapshots too, and
// the versions its updates supersede from then on keep their owner.
func TestUpgradeBeforeOwnersKeepsRecordsWithDefaultAccount(t *testing.T) {
	ctx := context.Background()
	schema := freshSchema(t)
	exec(t, "public", `CREATE SCHEMA `+schema)
	exec(t, schema, `CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`)
	for i, m := range postgres.MigrationSQL[:preOwnerVersion] {
		exec(t, schema, m)
		exec(t, schema, `INSERT INTO schema_migrations (version) VALUES ($1)`, i+1)
	}
	// Documents as cosell wrote them then: no "Owner" member.
	oldDoc := func(o *cosell.Opportunity) []byte {
		t.Helper()
		doc, err := cosell.EncodeRecord(o)
		if err != nil {
			t.Fatal(err)
		}
		old := bytes.Replace(doc, []byte(`"Owner":"",`), nil, 1)
		if bytes.Equal(old, doc) {
			t.Fatalf("no Owner member to drop in %s", doc)
		}
		return old
	}
	var ids []string
	for i := range 2 {
		num := cosell.FirstID + int64(i)
		o := &cosell.Opportunity{Catalog: "AWS", ID: cosell.FormatID(num), LastModifiedDate: time.Unix(int64(1000+i), 0), Body: cosell.Object{}}
		exec(t, schema, `INSERT INTO opportunities (id_num, catalog, created, modified, stage, review_status, company_fold, target_close, doc) VALUES ($1, 'AWS', '', $2, '', '', '', '', $3)`,
			num, cosell.TimeKey(o.LastModifiedDate), oldDoc(o))
		ids = append(ids, o.ID)
	}
	var before string // a snapshot from before the old trigger kept a version
	if err := adminPool(t).QueryRow(ctx, `SELECT pg_current_snapshot()::text`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	o := &cosell.Opportunity{Catalog: "AWS", ID: ids[0], LastModifiedDate: time.Unix(2000, 0), Body: cosell.Object{}}
	exec(t, schema, `UPDATE opportunities SET modified = $1, doc = $2 WHERE id_num = $3`, cosell.TimeKey(o.LastModifiedDate), oldDoc(o), cosell.FirstID)

	s := openSchema(t, schema)
	for _, id := range ids {
		if got, err := s.GetOpportunity(ctx, "AWS", id); err != nil || got.Owner != "" {
			t.Fatalf("Get %s: %v, %v; want Owner \"\"", id, got, err)
		}
	}
	list := func(q cosell.ListQuery) []string {
		t.Helper()
		q.Catalog, q.SortBy = "AWS", cosell.SortByIdentifier
		page, err := s.ListOpportunities(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, o := range page.Records {
			out = append(out, o.ID)
		}
		return out
	}
	tests := []struct {
		name string
		q    cosell.ListQuery
		want []string
	}{
		{name: "empty owner", q: cosell.ListQuery{Owners: []string{""}}, want: ids},
		{name: "the default account's owners", q: cosell.ListQuery{Owners: []string{cosell.DefaultAccountID, ""}}, want: ids},
		{name: "another account", q: cosell.ListQuery{Owners: []string{"111111111111"}}, want: nil},
		{name: "before the old update, empty owner", q: cosell.ListQuery{Owners: []string{""}, AsOf: before}, want: ids},
		{name: "before the old update, another account", q: cosell.ListQuery{Owners: []string{"111111111111"}, AsOf: before}, want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if d := cmp.Diff(tc.want, list(tc.q)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	svc := cosell.NewService(s, cosell.ServiceConfig{})
	out, err := svc.ListOpportunities(ctx, cosell.Object{{Name: "Catalog", Value: "AWS"}})
	if err != nil || len(out.List("OpportunitySummaries")) != 2 {
		t.Errorf("the configured account lists %v, %v; want both", out, err)
	}
	out, err = svc.ListOpportunities(cosell.WithCaller(ctx, cosell.Caller{AccountID: "111111111111"}), cosell.Object{{Name: "Catalog", Value: "AWS"}})
	if err != nil || len(out.List("OpportunitySummaries")) != 0 {
		t.Errorf("another account lists %v, %v; want nothing", out, err)
	}

	// An update after the upgrade: the version it supersedes keeps owner "".
	page, err := s.ListOpportunities(ctx, cosell.ListQuery{Catalog: "AWS", Limit: 1})
	if err != nil || page.AsOf == "" {
		t.Fatalf("snapshot: %q, %v", page.AsOf, err)
	}
	if _, err := s.UpdateOpportunity(ctx, "AWS", ids[1], func(o *cosell.Opportunity) error {
		o.Owner = "111111111111"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := list(cosell.ListQuery{Owners: []string{""}, AsOf: page.AsOf}); !slices.Equal(got, ids) {
		t.Errorf("as of before the owner changed, owner \"\": %v, want %v", got, ids)
	}
	if got := list(cosell.ListQuery{Owners: []string{""}}); !slices.Equal(got, ids[:1]) {
		t.Errorf("now, owner \"\": %v, want %v", got, ids[:1])
	}
	if got := list(cosell.ListQuery{Owners: []string{"111111111111"}}); !slices.Equal(got, ids[1:]) {
		t.Errorf("now, the new owner: %v, want %v", got, ids[1:])
	}
}
