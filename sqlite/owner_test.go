package sqlite_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/sqlite"
	"github.com/google/go-cmp/cmp"
)

// preOwnerVersion is the last schema version without the owner column.
const preOwnerVersion = 5

// A database written before opportunities had owners opens with its rows,
// current and superseded, owned by "" (the configured account's): listed
// for that account and no other, in snapshots too, and the versions its
// updates supersede from then on keep their owner.
func TestUpgradeBeforeOwnersKeepsRecordsWithDefaultAccount(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cosell.db")
	db := rawDB(t, path)
	stmts := []string{`CREATE TABLE schema_version (version INTEGER NOT NULL)`}
	stmts = append(stmts, sqlite.MigrationSQL[:preOwnerVersion]...)
	stmts = append(stmts, fmt.Sprintf(`INSERT INTO schema_version (version) VALUES (%d)`, preOwnerVersion))
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
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
		o := &cosell.Opportunity{Catalog: "AWS", ID: cosell.FormatID(num), CreatedDate: time.Unix(1000, 0), LastModifiedDate: time.Unix(int64(1000+i), 0),
			Body: cosell.Object{{Name: "LifeCycle", Value: cosell.Object{{Name: "Stage", Value: "Prospect"}, {Name: "ReviewStatus", Value: "Pending Submission"}}}}}
		if _, err := db.Exec(`INSERT INTO opportunities (id_num, catalog, id, created, modified, stage, review_status, company_fold, target_close, doc, seq) VALUES (?, 'AWS', ?, ?, ?, 'Prospect', 'Pending Submission', '', '', ?, ?)`,
			num, o.ID, cosell.TimeKey(o.CreatedDate), cosell.TimeKey(o.LastModifiedDate), oldDoc(o), i+1); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	// One superseded version from before the upgrade (migration 3's trigger).
	o := &cosell.Opportunity{Catalog: "AWS", ID: ids[0], CreatedDate: time.Unix(1000, 0), LastModifiedDate: time.Unix(2000, 0),
		Body: cosell.Object{{Name: "LifeCycle", Value: cosell.Object{{Name: "Stage", Value: "Qualified"}, {Name: "ReviewStatus", Value: "Pending Submission"}}}}}
	if _, err := db.Exec(`UPDATE opportunities SET stage = 'Qualified', modified = ?, doc = ?, seq = 3 WHERE id_num = ?`,
		cosell.TimeKey(o.LastModifiedDate), oldDoc(o), cosell.FirstID); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatalf("Open a version-%d database: %v", preOwnerVersion, err)
	}
	defer s.Close()
	ctx := t.Context()
	for _, id := range ids {
		if got, err := s.GetOpportunity(ctx, "AWS", id); err != nil || got.Owner != "" {
			t.Fatalf("Get %s: Owner %q, %v; want \"\"", id, got.Owner, err)
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
		{name: "before the upgrade's update, empty owner", q: cosell.ListQuery{Owners: []string{""}, AsOf: "2"}, want: ids},
		{name: "before the upgrade's update, another account", q: cosell.ListQuery{Owners: []string{"111111111111"}, AsOf: "2"}, want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if d := cmp.Diff(tc.want, list(tc.q)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}

	// Through the service: the configured account sees them, another not.
	svc := cosell.NewService(s, cosell.ServiceConfig{})
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want []string
	}{
		{name: "service, no caller", ctx: ctx, want: ids}, // ids[0] was modified last
		{name: "service, another account", ctx: cosell.WithCaller(ctx, cosell.Caller{AccountID: "111111111111"}), want: nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := svc.ListOpportunities(tc.ctx, cosell.Object{{Name: "Catalog", Value: "AWS"}})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range out.List("OpportunitySummaries") {
				got = append(got, o.(cosell.Object).Str("Id"))
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
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
