package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/sqlite"
	"github.com/cosell/cosell/storetest"
)

func TestLoadFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{name: "bad count", args: []string{"--count", "-1"}, code: 2},
		{name: "zero batch", args: []string{"--batch", "0"}, code: 2},
		{name: "extra argument", args: []string{"x"}, code: 2},
		{name: "empty db", args: []string{"--db", ""}, code: 2},
		{name: "help", args: []string{"-h"}, code: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr strings.Builder
			if got := loadMain(context.Background(), tc.args, &stderr); got != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", got, tc.code, stderr.String())
			}
		})
	}
}

// cosell load adds exactly --count records to the database serve uses.
func TestLoadAddsRecords(t *testing.T) {
	db := filepath.Join(t.TempDir(), "load.db")
	if code := loadMain(context.Background(), []string{"--db", db, "--count", "250", "--batch", "100"}, io.Discard); code != 0 {
		t.Fatalf("exit %d", code)
	}
	s, err := sqlite.Open(db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := 0
	for _, catalog := range cosell.Catalog("").Values() {
		recs, err := storetest.Records(s.ListOpportunities(context.Background(), cosell.ListQuery{Catalog: string(catalog), SortBy: cosell.SortByIdentifier, Limit: 1000}))
		if err != nil {
			t.Fatal(err)
		}
		n += len(recs)
	}
	if n != 250 {
		t.Errorf("%d records stored, want 250", n)
	}
}
