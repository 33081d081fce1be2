//go:build postgres

package postgres_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cosell/cosell/postgres"
)

// These tests need a PostgreSQL server: COSELL_TEST_POSTGRES_URL names it
// (eval "$(scripts/pg-start.sh)"). Each test gets its own schema, dropped
// when it ends; two Stores opened on one schema are two servers.

var (
	adminOnce sync.Once
	admin     *pgxpool.Pool
	adminErr  error
	schemaSeq atomic.Int64
)

func testURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("COSELL_TEST_POSTGRES_URL")
	if u == "" {
		// A machine without PostgreSQL skips; CI must have it.
		if os.Getenv("CI") == "true" {
			t.Fatal(`COSELL_TEST_POSTGRES_URL is not set; run eval "$(scripts/pg-start.sh)" first`)
		}
		t.Skip(`skipping: COSELL_TEST_POSTGRES_URL is not set; run eval "$(scripts/pg-start.sh)" first`)
	}
	return u
}

// adminPool is the tests' own connection, for setup and fault injection.
func adminPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	u := testURL(t)
	adminOnce.Do(func() { admin, adminErr = pgxpool.New(context.Background(), u) })
	if adminErr != nil {
		t.Fatal(adminErr)
	}
	return admin
}

var unsafeChars = regexp.MustCompile(`[^a-z0-9]+`)

// freshSchema names a schema no other test uses and drops it at the end.
func freshSchema(t testing.TB) string {
	t.Helper()
	name := unsafeChars.ReplaceAllString(strings.ToLower(t.Name()), "_")
	name = fmt.Sprintf("t%d_%d_%s", os.Getpid(), schemaSeq.Add(1), name)
	if len(name) > 63 {
		name = name[:63]
	}
	pool := adminPool(t)
	t.Cleanup(func() {
		if _, err := pool.Exec(context.Background(), `DROP SCHEMA IF EXISTS `+pgx.Identifier{name}.Sanitize()+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", name, err)
		}
	})
	return name
}

// openSchema opens a Store (a server) on schema; closed at the end.
func openSchema(t testing.TB, schema string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), testURL(t), postgres.Options{Schema: schema})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// exec runs SQL on the admin connection inside schema.
func exec(t testing.TB, schema, sql string, args ...any) {
	t.Helper()
	ctx := context.Background()
	err := pgx.BeginFunc(ctx, adminPool(t), func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SET LOCAL search_path TO `+pgx.Identifier{schema}.Sanitize()); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, sql, args...)
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}
