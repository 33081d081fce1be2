package sqlite_test

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/sqlite"
)

func TestReopenKeepsRecordsAndCounter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cosell.db")
	s, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	first, err := s.CreateOpportunity(t.Context(), benchRecord(1), "tok", "fp")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	s, err = sqlite.Open(path, sqlite.Options{Synchronous: "FULL"})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	if _, err := s.GetOpportunity(t.Context(), "AWS", first.ID); err != nil {
		t.Errorf("record lost across reopen: %v", err)
	}
	replay, err := s.CreateOpportunity(t.Context(), benchRecord(1), "tok", "fp")
	if err != nil || replay.ID != first.ID {
		t.Errorf("client token lost across reopen: %v, %v", replay, err)
	}
	second, err := s.CreateOpportunity(t.Context(), benchRecord(2), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if cosell.IDNumber(second.ID) <= cosell.IDNumber(first.ID) {
		t.Errorf("id after reopen %s, not after %s", second.ID, first.ID)
	}
	var versions int
	db := rawDB(t, path)
	if err := db.QueryRow(`SELECT COUNT(*) FROM schema_version`).Scan(&versions); err != nil || versions != sqlite.Migrations {
		t.Errorf("schema_version rows = %d, %v; want %d (migrations applied once)", versions, err, sqlite.Migrations)
	}
}

func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open(sqlite.DriverName, path+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cosell.db")
	s, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := rawDB(t, path).Exec(`INSERT INTO schema_version (version) VALUES (?)`, sqlite.Migrations+1); err != nil {
		t.Fatal(err)
	}
	s, err = sqlite.Open(path, sqlite.Options{})
	if !errors.Is(err, sqlite.ErrSchemaTooNew) {
		if s != nil {
			s.Close()
		}
		t.Fatalf("Open = %v, want ErrSchemaTooNew", err)
	}
	if !strings.Contains(err.Error(), "upgrade cosell") {
		t.Errorf("error %q does not say what to do", err)
	}
}

func TestOpenOptions(t *testing.T) {
	tests := []struct {
		name    string
		opts    sqlite.Options
		wantErr bool
	}{
		{name: "default", opts: sqlite.Options{}},
		{name: "normal", opts: sqlite.Options{Synchronous: "normal"}},
		{name: "full", opts: sqlite.Options{Synchronous: "full"}},
		{name: "off is not durable", opts: sqlite.Options{Synchronous: "off"}, wantErr: true},
		{name: "typo", opts: sqlite.Options{Synchronous: "fulll"}, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := sqlite.Open(filepath.Join(t.TempDir(), "cosell.db"), tc.opts)
			if (err != nil) != tc.wantErr {
				t.Fatalf("Open = %v, want error %v", err, tc.wantErr)
			}
			if s != nil {
				s.Close()
			}
		})
	}
}

func TestPingAndClose(t *testing.T) {
	for _, path := range []string{":memory:", filepath.Join(t.TempDir(), "cosell.db")} {
		s, err := sqlite.Open(path, sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Ping(t.Context()); err != nil {
			t.Errorf("%s: Ping on an open store: %v", path, err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("%s: Close: %v", path, err)
		}
		if err := s.Ping(t.Context()); err == nil {
			t.Errorf("%s: Ping after Close succeeded", path)
		}
		if _, err := s.CreateOpportunity(t.Context(), benchRecord(1), "", ""); err == nil {
			t.Errorf("%s: create after Close succeeded", path)
		}
		if err := s.Close(); err != nil {
			t.Errorf("%s: second Close: %v", path, err)
		}
	}
}

// TestCloseCheckpoints: after Close the WAL is folded into the database
// file, so the file alone holds every record.
func TestCloseCheckpoints(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cosell.db")
	s, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.CreateOpportunity(t.Context(), benchRecord(1), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if st, err := osStat(path + "-wal"); err == nil && st > 0 {
		t.Errorf("WAL still holds %d bytes after Close", st)
	}
	var n int
	if err := rawDB(t, path).QueryRow(`SELECT COUNT(*) FROM opportunities WHERE id = ?`, o.ID).Scan(&n); err != nil || n != 1 {
		t.Errorf("record in the file after Close: %d, %v", n, err)
	}
}

func osStat(path string) (int64, error) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// The page caches keep to issue 12's memory budget (sqlite.go "Page
// caches"): writer and readers together 64 MiB on up to 8 cores (16
// readers), a bulk load 64 MiB, and no reader below SQLite's 2 MiB
// default (point reads at 1,000,000 records, docs/benchmarks.md "Growth").
// scripts/bench-memory.sh measures what the budget gives in RSS.
func TestPageCachesWithinBudget(t *testing.T) {
	const serveBudgetKiB, bulkBudgetKiB = 64 << 10, 64 << 10
	for procs := 1; procs <= 8; procs++ {
		n := max(4, 2*procs) // as readerConns at GOMAXPROCS=procs
		if total := sqlite.WriterCacheKiB + n*sqlite.ReaderCacheKiB(n); total > serveBudgetKiB {
			t.Errorf("GOMAXPROCS=%d: writer and %d readers may cache %d KiB, over %d", procs, n, total, serveBudgetKiB)
		}
	}
	for n := 1; n <= 256; n++ {
		if kib := sqlite.ReaderCacheKiB(n); kib < 2000 {
			t.Errorf("%d readers: %d KiB each, under SQLite's default 2000", n, kib)
		}
	}
	if sqlite.BulkCacheKiB > bulkBudgetKiB {
		t.Errorf("bulk cache %d KiB, over %d", sqlite.BulkCacheKiB, bulkBudgetKiB)
	}

	// The connections use those sizes (negative: KiB).
	s := openFile(t, sqlite.Options{})
	defer s.Close()
	check := func(what string, got int64, err error, wantKiB int) {
		t.Helper()
		if err != nil || got != -int64(wantKiB) {
			t.Errorf("%s cache_size = %d, %v; want %d", what, got, err, -wantKiB)
		}
	}
	n, err := s.ReadPragma("cache_size")
	check("reader", n, err, sqlite.ReaderCacheKiB(sqlite.ReaderConns()))
	n, err = s.WriterPragma("cache_size")
	check("writer", n, err, sqlite.WriterCacheKiB)
	if err := s.CreateOpportunities(t.Context(), []*cosell.Opportunity{benchRecord(1)}); err != nil {
		t.Fatal(err)
	}
	n, err = s.WriterPragma("cache_size")
	check("writer after a bulk load", n, err, sqlite.BulkCacheKiB)
}
