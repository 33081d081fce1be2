package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/sqlite"
	"github.com/cosell/cosell/storetest"
)

func openFile(t *testing.T, opts sqlite.Options) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(filepath.Join(t.TempDir(), "cosell.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformanceFile(t *testing.T) {
	storetest.Run(t, func(t *testing.T) cosell.Store { return openFile(t, sqlite.Options{}) })
}

func TestConformanceMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) cosell.Store {
		s, err := sqlite.Open(":memory:", sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// Without group commit every write is its own transaction: the suite must
// pass that way too.
func TestConformanceNoBatching(t *testing.T) {
	storetest.Run(t, func(t *testing.T) cosell.Store { return openFile(t, sqlite.Options{MaxBatch: 1, Synchronous: "full"}) })
}
