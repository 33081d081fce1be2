package sqlite_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cosell/cosell/sqlite"
)

// TestOpenTakesThePathLiterally: a database path is a file name, whatever
// it holds. Before, "/x/q?mode=ro.db" wrote to "/x/q" (the driver read
// "?mode=ro.db" as parameters) and "" left files named "?_busy_timeout=…".
func TestOpenTakesThePathLiterally(t *testing.T) {
	tests := []struct {
		name string
		file string // relative to the test's directory
	}{
		{name: "query string", file: "q?mode=ro.db"},
		{name: "driver parameter", file: "q?_txlock=deferred&_pragma=query_only(1)"},
		{name: "fragment", file: "a#b.db"},
		{name: "percent escapes", file: "100%25 sure%.db"},
		{name: "file URI look-alike", file: "file:x.db"},
		{name: "spaces and equals", file: "my data=1.db"},
	}
	for _, tt := range tests {
		for _, form := range []string{"absolute", "relative"} {
			t.Run(tt.name+"/"+form, func(t *testing.T) {
				dir := t.TempDir()
				path := filepath.Join(dir, tt.file)
				if form == "relative" {
					t.Chdir(dir)
					path = tt.file
				}
				s, err := sqlite.Open(path, sqlite.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := s.CreateOpportunity(t.Context(), benchRecord(1), "", ""); err != nil {
					t.Fatalf("a write: %v", err)
				}
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
				entries, err := os.ReadDir(dir)
				if err != nil {
					t.Fatal(err)
				}
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				if !slices.Contains(names, tt.file) {
					t.Errorf("no file %q; the directory holds %q", tt.file, names)
				}
				for _, n := range names {
					if n != tt.file && n != tt.file+"-wal" && n != tt.file+"-shm" {
						t.Errorf("unexpected file %q beside %q", n, tt.file)
					}
				}
				// Reopened by the same name, it holds the record.
				s, err = sqlite.Open(path, sqlite.Options{})
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				if _, err := s.GetOpportunity(t.Context(), "AWS", "O1000001"); err != nil {
					t.Errorf("reopened: %v", err)
				}
			})
		}
	}
}

func TestOpenRefusesAnEmptyPath(t *testing.T) {
	t.Chdir(t.TempDir())
	if s, err := sqlite.Open("", sqlite.Options{}); err == nil {
		s.Close()
		t.Fatal("Open(\"\") succeeded")
	}
	if files, _ := os.ReadDir("."); len(files) > 0 {
		t.Errorf("Open(\"\") left %v", files)
	}
}
