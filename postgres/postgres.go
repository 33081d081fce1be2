// Package postgres is a cosell.Store on PostgreSQL, for several cosell
// serve processes sharing one database (README "Two servers on one
// PostgreSQL"; docs/decisions.md "PostgreSQL backend").
//
// Everything that must hold across servers is enforced by the database,
// never by in-process locks:
//   - identifiers come from one sequence shared by both catalogs, starting
//     at cosell.FirstID;
//   - a ClientToken is a unique key (catalog, token): of two servers
//     creating with one token, the loser reads the winner's record;
//   - UpdateOpportunity writes only if the record's xid (the transaction
//     that wrote its current version) is still the one fn saw, in one
//     statement; otherwise fn runs again on the newest version (update.go).
//
// Every write is one transaction: a dropped connection leaves nothing half
// written and surfaces as a plain error (InternalServerException on the
// wire). The pool replaces dead connections by itself.
package postgres

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cosell/cosell"
)

// Options tune a Store; the zero value is the default.
type Options struct {
	// Schema, when set, is the schema holding cosell's tables (created if
	// absent); otherwise the connection's search_path decides (normally
	// public). Servers share data exactly when they share database and schema.
	Schema string
	// MaxConns bounds the connection pool (default: pgxpool's, or the URL's
	// pool_max_conns).
	MaxConns int32

	dial pgconn.DialFunc // tests: watches the connections' traffic
}

// Store is a cosell.Store on PostgreSQL.
type Store struct {
	pool *pgxpool.Pool
	disk diskState // writes failing for a full disk (readiness)
	key  []byte    // NextToken secret (token_key)

	lastPrune atomic.Int64 // Unix nanoseconds of the last maybePrune
	versions  versionCache // UpdateOpportunity's guesses (update.go)
}

var _ cosell.Store = (*Store)(nil)

// Open connects to the database at url (a postgres:// URL or a libpq
// key=value DSN) and brings its schema to the newest version this cosell
// knows. It fails with ErrSchemaTooNew against a schema a newer cosell wrote.
func Open(ctx context.Context, url string, opts Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err) // pgx redacts the password
	}
	if opts.Schema != "" {
		cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{opts.Schema}.Sanitize()
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	if opts.dial != nil {
		cfg.ConnConfig.DialFunc = opts.dial
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := migrate(ctx, pool, opts.Schema); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	key, err := tokenKey(ctx, pool)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return &Store{pool: pool, key: key}, nil
}

// Ping reports whether the database answers and holds cosell's schema,
// and whether this server's writes can commit: the readiness check
// (/readyz). While writes fail with disk_full (SQLSTATE 53100) it reports
// not ready, until a write commits again.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.disk.err(); err != nil {
		return err
	}
	return s.retryRead(ctx, func() error {
		var v int
		return s.pool.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	})
}

// Close closes every connection; calls after the first do nothing.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

func notFound(catalog, id string) error { return cosell.NotFound(catalog, id) }

// validID reports whether id is one this store could have handed out.
func validID(id string) bool {
	_, ok := cosell.ParseID(id)
	return ok
}

// GetOpportunity implements cosell.Store.
func (s *Store) GetOpportunity(ctx context.Context, catalog, id string) (*cosell.Opportunity, error) {
	if !validID(id) {
		return nil, notFound(catalog, id)
	}
	v, err := s.readVersion(ctx, catalog, cosell.IDNumber(id))
	if err != nil {
		return nil, err
	}
	return cosell.DecodeRecord(v.doc)
}
