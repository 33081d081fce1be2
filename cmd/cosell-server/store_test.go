package main

import (
	"path/filepath"
	"testing"

	"github.com/cosell/cosell/sqlite"
)

func TestStoreKind(t *testing.T) {
	tests := []struct {
		name, db string
		postgres bool
		display  string
	}{
		{name: "sqlite file", db: "cosell.db", display: "cosell.db"},
		{name: "sqlite memory", db: ":memory:", display: ":memory:"},
		{name: "file with equals sign", db: "data/a=b.db", display: "data/a=b.db"},
		{name: "postgres URL", db: "postgres://u:secret@db:5432/cosell?sslmode=disable", postgres: true, display: "postgres://u:xxxxx@db:5432/cosell?sslmode=disable"},
		{name: "postgresql URL", db: "postgresql://db/cosell", postgres: true, display: "postgresql://db/cosell"},
		{name: "password parameter", db: "postgres://db/cosell?password=secret", postgres: true, display: "postgres://db/cosell?password=xxxxx"},
		{name: "upper-case scheme", db: "POSTGRES://db/cosell", postgres: true, display: "postgres://db/cosell"},
		{name: "key=value DSN", db: "host=db dbname=cosell password=secret sslmode=disable", postgres: true, display: "host=db dbname=cosell password=xxxxx sslmode=disable"},
		{name: "quoted password", db: "host=db password='a b' dbname=x", postgres: true, display: "host=db password=xxxxx dbname=x"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := isPostgres(tc.db); got != tc.postgres {
				t.Errorf("isPostgres(%q) = %v, want %v", tc.db, got, tc.postgres)
			}
			if got := displayDB(tc.db); got != tc.display {
				t.Errorf("displayDB(%q) = %q, want %q", tc.db, got, tc.display)
			}
		})
	}
}

func TestOpenStoreSQLite(t *testing.T) {
	s, err := openStore(t.Context(), filepath.Join(t.TempDir(), "x.db"), "full")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, ok := s.(*sqlite.Store); !ok {
		t.Errorf("openStore(file) = %T, want *sqlite.Store", s)
	}
	if err := s.Ping(t.Context()); err != nil {
		t.Errorf("Ping: %v", err)
	}
}
