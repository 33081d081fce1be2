//go:build postgres

package postgres_test

import (
	"context"
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

func (d *twoServers) ListOpportunities(ctx context.Context, q cosell.ListQuery) ([]*cosell.Opportunity, error) {
	return d.next().ListOpportunities(ctx, q)
}

func (d *twoServers) Close() error { return nil } // openSchema's cleanup closes both

func TestConformanceTwoServers(t *testing.T) {
	storetest.Run(t, func(t *testing.T) cosell.Store {
		schema := freshSchema(t)
		return &twoServers{s: [2]*postgres.Store{openSchema(t, schema), openSchema(t, schema)}}
	})
}
