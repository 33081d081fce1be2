package main

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/postgres"
	"github.com/cosell/cosell/sqlite"
)

// servedStore is what cosell serve needs of a backend: the Store and the
// readiness check behind /readyz.
type servedStore interface {
	cosell.Store
	Ping(ctx context.Context) error
}

// openStore opens the backend --db names: a postgres:// or postgresql://
// URL, or a libpq key=value DSN ("host=… dbname=…"), is PostgreSQL (several
// servers may share it; README "Two servers on one PostgreSQL"); anything
// else is a SQLite file (":memory:" keeps nothing). sync is --sync; it
// tunes SQLite only: PostgreSQL's durability is its server's
// synchronous_commit setting.
func openStore(ctx context.Context, dsn, sync string) (servedStore, error) {
	if isPostgres(dsn) {
		return postgres.Open(ctx, dsn, postgres.Options{})
	}
	return sqlite.Open(dsn, sqlite.Options{Synchronous: sync})
}

// checkDB refuses a --db value no backend can use. An empty one would
// otherwise reach the SQLite driver as a file named by its parameters
// ("?_busy_timeout=…" in the current directory).
func checkDB(dsn string) error {
	if dsn == "" {
		return usageError("--db is empty: give a SQLite file, :memory: or a postgres:// URL")
	}
	return nil
}

// libpqKey matches the first pair of a key=value connection string.
var libpqKey = regexp.MustCompile(`^\s*(host|hostaddr|port|dbname|user|password|sslmode|service|application_name|connect_timeout)\s*=`)

func isPostgres(dsn string) bool {
	lower := strings.ToLower(dsn)
	return strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://") || libpqKey.MatchString(dsn)
}

var libpqPassword = regexp.MustCompile(`(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)`)

// displayDB is --db as it may be logged: a PostgreSQL password is masked.
func displayDB(dsn string) string {
	if !isPostgres(dsn) {
		return dsn
	}
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		q := u.Query()
		if q.Has("password") {
			q.Set("password", "xxxxx")
			u.RawQuery = q.Encode()
		}
		return u.Redacted()
	}
	return libpqPassword.ReplaceAllString(dsn, "${1}xxxxx")
}

// withStore opens the --db store, runs fn with it, and closes it; a close
// error is reported when fn succeeded.
func withStore(ctx context.Context, dsn, sync string, fn func(servedStore) error) (err error) {
	name := displayDB(dsn)
	store, err := openStore(ctx, dsn, sync)
	if err != nil {
		return fmt.Errorf("open %s: %w", name, err)
	}
	defer func() {
		if cerr := store.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close %s: %w", name, cerr)
		}
	}()
	return fn(store)
}
