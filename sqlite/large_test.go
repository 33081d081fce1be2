package sqlite_test

import (
	"flag"
	"fmt"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/sqlite"
	"github.com/cosell/cosell/storetest"
)

// The large listing benchmark is off by default (building the table takes
// minutes):
//
//	go test ./sqlite -run '^$' -bench ListLarge -args -sqlite.rows=1000000 -sqlite.largedb=/tmp/cosell-1m.db
//
// The file is kept and reused when it already holds the rows.
var (
	largeRows = flag.Int("sqlite.rows", 0, "rows for BenchmarkListLarge (0 skips it)")
	largeDB   = flag.String("sqlite.largedb", "", "database file for BenchmarkListLarge (default: a temporary file)")
)

var largeStages = cosell.Stage("").Values()

// fillLarge inserts rows small records spread over every stage, company
// and date, in transactions of 10,000, straight into the table.
func fillLarge(b *testing.B, path string, rows int) {
	s, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	s.Close()
	db := rawDB(b, path)
	var have int
	if err := db.QueryRow(`SELECT COUNT(*) FROM opportunities`).Scan(&have); err != nil {
		b.Fatal(err)
	}
	for have < rows {
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		stmt, err := tx.Prepare(`INSERT INTO opportunities (id_num, catalog, id, created, modified, stage, review_status, company_fold, target_close, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		for end := min(rows, have+10000); have < end; have++ {
			o := benchRecord(have)
			o.ID = cosell.FormatID(cosell.FirstID + int64(have))
			o.LastModifiedDate = o.CreatedDate.Add(time.Duration(have*7919%rows) * time.Second)
			life := o.Body.Obj("LifeCycle")
			life.Set("Stage", string(largeStages[have%len(largeStages)]))
			life.Set("TargetCloseDate", fmt.Sprintf("2026-%02d-%02d", 1+have%12, 1+have%28))
			o.Body.Set("LifeCycle", life)
			doc, err := cosell.EncodeRecord(o)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := stmt.Exec(cosell.IDNumber(o.ID), o.Catalog, o.ID, cosell.TimeKey(o.CreatedDate), cosell.TimeKey(o.LastModifiedDate),
				o.Stage(), o.ReviewStatus(), cosell.Fold(o.CompanyName()), o.TargetCloseDate(), doc); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkListLarge lists pages of 100 from a large table, for every sort
// key, with and without a stage filter, first page and a page deep in the
// listing (cursor at the middle).
func BenchmarkListLarge(b *testing.B) {
	if *largeRows == 0 {
		b.Skip("set -sqlite.rows")
	}
	path := *largeDB
	if path == "" {
		path = b.TempDir() + "/large.db"
	}
	fillLarge(b, path, *largeRows)
	s, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, by := range cosell.OpportunitySortName("").Values() {
		for _, stage := range []string{"", "Qualified"} {
			q := cosell.ListQuery{Catalog: "AWS", SortBy: by, Descending: true, Limit: 100}
			if stage != "" {
				q.Stages = []string{stage}
			}
			// The cursor at the middle: the last record of a page that far in.
			mid := q
			mid.Limit = *largeRows / 2
			if stage != "" {
				mid.Limit /= len(largeStages)
			}
			midPage, err := s.ListOpportunities(b.Context(), mid)
			if err != nil || len(midPage.Records) == 0 {
				b.Fatalf("middle: %d records, %v", len(midPage.Records), err)
			}
			// A later page of a pass: after that cursor, as of the pass's
			// snapshot (docs/sync.md), as a NextToken asks for it.
			deep := q
			deep.After, deep.AsOf = &midPage.Positions[len(midPage.Positions)-1], midPage.AsOf
			for _, c := range []struct {
				name string
				q    cosell.ListQuery
			}{{"first", q}, {"deep", deep}} {
				b.Run(fmt.Sprintf("%s/stage=%q/%s", by, stage, c.name), func(b *testing.B) {
					for b.Loop() {
						got, err := storetest.Records(s.ListOpportunities(b.Context(), c.q))
						if err != nil || len(got) != 100 {
							b.Fatalf("%d records, %v", len(got), err)
						}
					}
				})
			}
		}
	}
}
