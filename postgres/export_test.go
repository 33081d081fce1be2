package postgres

import (
	"context"
	"math"
	"net"
)

// MigrationSQL is each schema version's migration, for upgrade tests.
var MigrationSQL = migrations

// ItemTries is how many times UpdateItems runs a transaction that keeps
// failing to serialize.
const ItemTries = itemTries

// WithDial returns opts with dial opening the store's connections.
func WithDial(opts Options, dial func(ctx context.Context, network, addr string) (net.Conn, error)) Options {
	opts.dial = dial
	return opts
}

// SkipPrune keeps s from pruning versions in the background (its traffic
// would blur a count of round trips).
func SkipPrune(s *Store) { s.lastPrune.Store(math.MaxInt64) }

// PoolMaxConns is the size s's connection pool may grow to.
func PoolMaxConns(s *Store) int32 { return s.pool.Config().MaxConns }
