//go:build postgres

package postgres_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/postgres"
)

// A NextToken whose sort key held U+0000 reached PostgreSQL as text and
// answered 500 (issue 9). Tokens are signed now: a forged one is a
// ValidationException before any SQL runs; and a token one server signed
// pages on at another server of the same database (one key per database).
func TestNextTokenAcrossServers(t *testing.T) {
	schema := freshSchema(t)
	a, b := openSchema(t, schema), openSchema(t, schema)
	ctx := context.Background()
	for range 3 {
		if _, err := a.CreateOpportunity(ctx, &cosell.Opportunity{Catalog: "AWS", LastModifiedDate: time.Now(), Body: cosell.Object{}}, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	svcA := cosell.NewService(a, cosell.ServiceConfig{})
	svcB := cosell.NewService(b, cosell.ServiceConfig{})
	req := func(token string) cosell.Object {
		o := cosell.Object{{Name: "Catalog", Value: "AWS"}, {Name: "MaxResults", Value: cosell.Number("1")}}
		if token != "" {
			o.Set("NextToken", token)
		}
		return o
	}
	t.Run("forged", func(t *testing.T) {
		forged := base64.RawURLEncoding.EncodeToString([]byte(`{"b":"x","k":"\u0000","i":1000001,"s":"1:1:","t":0}`))
		_, err := svcA.ListOpportunities(ctx, req(forged))
		var e *cosell.Error
		if !errors.As(err, &e) || e.Code != cosell.ValidationError {
			t.Fatalf("forged token: %v, want ValidationException", err)
		}
	})
	t.Run("shared key", func(t *testing.T) {
		if !cmp.Equal(a.TokenKey(), b.TokenKey()) {
			t.Fatal("two servers of one database sign with different keys")
		}
		var ids []string
		token := ""
		for i := range 5 {
			svc := svcA
			if i%2 == 1 {
				svc = svcB
			}
			out, err := svc.ListOpportunities(ctx, req(token))
			if err != nil {
				t.Fatalf("page %d: %v", i, err)
			}
			for _, s := range out.List("OpportunitySummaries") {
				ids = append(ids, s.(cosell.Object).Str("Id"))
			}
			if token = out.Str("NextToken"); token == "" {
				break
			}
		}
		if len(ids) != 3 {
			t.Errorf("paged across servers: %v, want 3 records", ids)
		}
	})
}

// A schema written before snapshots (version 1) migrates forward with its
// records, and a pass that starts after the upgrade lists each once while
// the old rows change.
func TestUpgradeFromVersion1KeepsRecordsListable(t *testing.T) {
	schema := freshSchema(t)
	exec(t, "public", `CREATE SCHEMA `+schema)
	exec(t, schema, `CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`)
	exec(t, schema, postgres.MigrationSQL[0])
	exec(t, schema, `INSERT INTO schema_migrations (version) VALUES (1)`)
	var want []string
	for i := range 3 {
		num := cosell.FirstID + int64(i)
		o := &cosell.Opportunity{Catalog: "AWS", ID: cosell.FormatID(num), LastModifiedDate: time.Unix(int64(1000+i), 0), Body: cosell.Object{}}
		doc, err := cosell.EncodeRecord(o)
		if err != nil {
			t.Fatal(err)
		}
		exec(t, schema, `INSERT INTO opportunities (id_num, catalog, created, modified, stage, review_status, company_fold, target_close, doc) VALUES ($1, 'AWS', '', $2, '', '', '', '', $3)`,
			num, cosell.TimeKey(o.LastModifiedDate), doc)
		want = append([]string{o.ID}, want...)
	}
	s := openSchema(t, schema)
	ctx := context.Background()
	q := cosell.ListQuery{Catalog: "AWS", SortBy: cosell.SortByLastModifiedDate, Descending: true, Limit: 1}
	var got []string
	for range 5 {
		page, err := s.ListOpportunities(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page.Records {
			got = append(got, o.ID)
		}
		if len(page.Records) < q.Limit {
			break
		}
		q.AsOf, q.After = page.AsOf, &page.Positions[0]
		if _, err := s.UpdateOpportunity(ctx, "AWS", want[len(want)-1], func(o *cosell.Opportunity) error {
			o.LastModifiedDate = o.LastModifiedDate.Add(time.Hour)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("pass after the upgrade (-want +got):\n%s", d)
	}
}

// An update whose commit would come later than cosell.MaxCommitLag after
// fn ran is rolled back and fn runs again.
func TestLateUpdateRunsFnAgain(t *testing.T) {
	s := openSchema(t, freshSchema(t))
	ctx := context.Background()
	created, err := s.CreateOpportunity(ctx, &cosell.Opportunity{Catalog: "AWS", Body: cosell.Object{}}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	got, err := s.UpdateOpportunity(ctx, "AWS", created.ID, func(o *cosell.Opportunity) error {
		calls++
		if calls == 1 {
			time.Sleep(cosell.MaxCommitLag + 100*time.Millisecond)
		}
		o.Body.Set("Calls", cosell.Number(fmt.Sprint(calls)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 2 || got.Body.Get("Calls") != cosell.Number("2") {
		t.Errorf("fn ran %d times, stored Calls=%v; want 2 runs, the second written", calls, got.Body.Get("Calls"))
	}
}

// Superseded versions older than a listing can need are dropped.
func TestPruneVersions(t *testing.T) {
	s := openSchema(t, freshSchema(t))
	ctx := context.Background()
	created, err := s.CreateOpportunity(ctx, &cosell.Opportunity{Catalog: "AWS", Body: cosell.Object{}}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := s.UpdateOpportunity(ctx, "AWS", created.ID, func(*cosell.Opportunity) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.PruneVersions(ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("prune before the versions existed: %d dropped, %v; want 0", n, err)
	}
	if n, err := s.PruneVersions(ctx, time.Now().Add(time.Hour)); err != nil || n != 2 {
		t.Errorf("prune after both were superseded: %d dropped, %v; want 2", n, err)
	}
}
