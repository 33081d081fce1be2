//go:build postgres

package postgres_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/postgres"
	"github.com/cosell/cosell/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) cosell.Store {
		s, err := postgres.Open(context.Background(), testURL(t), postgres.Options{Schema: freshSchema(t)})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// twoServers is one cosell.Store made of two Stores on one schema, taking
// turns call by call: the conformance suite run through it checks that two
// servers sharing a database behave as one service (ids, tokens, row locks
// are the database's, not a process's).
type twoServers struct {
	s    [2]*postgres.Store
	turn atomic.Uint64
}

func (d *twoServers) next() *postgres.Store { return d.s[d.turn.Add(1)%2] }

func (d *twoServers) CreateOpportunity(ctx context.Context, o *cosell.Opportunity, token, fp string) (*cosell.Opportunity, error) {
	return d.next().CreateOpportunity(ctx, o, token, fp)
}

func (d *twoServers) GetOpportunity(ctx context.Context, catalog, id string) (*cosell.Opportunity, error) {
	return d.next().GetOpportunity(ctx, catalog, id)
}

func (d *twoServers) UpdateOpportunity(ctx context.Context, catalog, id string, fn func(*cosell.Opportunity) error) (*cosell.Opportunity, error) {
	return d.next().UpdateOpportunity(ctx, catalog, id, fn)
}

func (d *twoServers) ListOpportunities(ctx context.Context, q cosell.ListQuery) (cosell.ListPage, error) {
	return d.next().ListOpportunities(ctx, q)
}

func (d *twoServers) SellingSystemSettings(ctx context.Context, account, catalog string) (string, bool, error) {
	return d.next().SellingSystemSettings(ctx, account, catalog)
}

func (d *twoServers) PutSellingSystemSettings(ctx context.Context, account, catalog, roleArn string) error {
	return d.next().PutSellingSystemSettings(ctx, account, catalog, roleArn)
}

func (d *twoServers) UpdateItems(ctx context.Context, fn func(cosell.ItemTx) error) error {
	return d.next().UpdateItems(ctx, fn)
}

func (d *twoServers) ViewItems(ctx context.Context, fn func(cosell.ItemTx) error) error {
	return d.next().ViewItems(ctx, fn)
}

func (d *twoServers) TokenKey() []byte { return d.next().TokenKey() }

func (d *twoServers) Close() error { return nil } // openSchema's cleanup closes both

func TestConformanceTwoServers(t *testing.T) {
	storetest.Run(t, func(t *testing.T) cosell.Store {
		schema := freshSchema(t)
		return &twoServers{s: [2]*postgres.Store{openSchema(t, schema), openSchema(t, schema)}}
	})
}

// CreateOpportunities (cosell load) draws from the same sequence as
// CreateOpportunity, in slice order, on every server.
func TestBulkCreateSharesTheSequence(t *testing.T) {
	schema := freshSchema(t)
	a, b := openSchema(t, schema), openSchema(t, schema)
	ctx := context.Background()
	one, err := a.CreateOpportunity(ctx, &cosell.Opportunity{Catalog: "AWS", Body: cosell.Object{}}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	opps := make([]*cosell.Opportunity, 5)
	for i := range opps {
		opps[i] = &cosell.Opportunity{Catalog: "Sandbox", Body: cosell.Object{{Name: "N", Value: cosell.Number(fmt.Sprint(i))}}}
	}
	if err := b.CreateOpportunities(ctx, opps); err != nil {
		t.Fatal(err)
	}
	got, err := storetest.Records(a.ListOpportunities(ctx, cosell.ListQuery{Catalog: "Sandbox", SortBy: cosell.SortByIdentifier}))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(opps) {
		t.Fatalf("%d records listed, want %d", len(got), len(opps))
	}
	for i, o := range got {
		if want := one.IDNumber() + int64(i) + 1; o.IDNumber() != want || o.Body.Get("N") != cosell.Number(fmt.Sprint(i)) {
			t.Errorf("record %d: %s with N=%v, want %s with N=%d", i, o.ID, o.Body.Get("N"), cosell.FormatID(want), i)
		}
	}
}

// TestPoolSize: README "Two servers on one PostgreSQL": each server's pool
// is pgxpool's default, max(4, cores) connections, unless the URL's
// pool_max_conns or Options.MaxConns says otherwise.
func TestPoolSize(t *testing.T) {
	schema := freshSchema(t)
	tests := []struct {
		name string
		url  string
		opts postgres.Options
		want int32
	}{
		{name: "default", url: testURL(t), want: int32(max(4, runtime.NumCPU()))},
		{name: "the URL's pool_max_conns", url: withParam(testURL(t), "pool_max_conns", "16"), want: 16},
		{name: "Options.MaxConns", url: testURL(t), opts: postgres.Options{MaxConns: 7}, want: 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Schema = schema
			s, err := postgres.Open(context.Background(), tt.url, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if got := postgres.PoolMaxConns(s); got != tt.want {
				t.Errorf("pool of %d connections, want %d", got, tt.want)
			}
		})
	}
}

// withParam adds key=value to a postgres:// URL's query.
func withParam(url, key, value string) string {
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + key + "=" + value
}
