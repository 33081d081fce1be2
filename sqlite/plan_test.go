package sqlite_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/sqlite"
)

// TestListUsesIndexes pins the query plans that make a page cost its size
// rather than the table's: for every sort key, with and without a stage
// filter and a cursor, SQLite must walk an index in order (no temporary
// B-tree for ORDER BY) and never scan the table.
func TestListUsesIndexes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cosell.db")
	s, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db := rawDB(t, path)
	type variant struct {
		name string
		q    cosell.ListQuery
	}
	var tests []variant
	for _, by := range cosell.OpportunitySortName("").Values() {
		for _, desc := range []bool{false, true} {
			base := cosell.ListQuery{Catalog: "AWS", SortBy: by, Descending: desc, Limit: 100}
			after := &cosell.Cursor{Key: "k", ID: 1000005}
			withStage := base
			withStage.Stages = []string{"Prospect"}
			withCursor := withStage
			withCursor.After = after
			plain := base
			plain.After = after
			dated := withStage
			dated.ModifiedAfter = time.Unix(0, 0)
			snap := withCursor
			snap.AsOf = "5"
			tests = append(tests,
				variant{fmt.Sprintf("%s/desc=%v/stage+cursor+snapshot", by, desc), snap},
				variant{fmt.Sprintf("%s/desc=%v", by, desc), base},
				variant{fmt.Sprintf("%s/desc=%v/cursor", by, desc), plain},
				variant{fmt.Sprintf("%s/desc=%v/stage", by, desc), withStage},
				variant{fmt.Sprintf("%s/desc=%v/stage+cursor", by, desc), withCursor},
			)
			// A time range with another sort key is left to the planner: a
			// narrow range is best read by its index and sorted, a wide one
			// by walking the sort index; without statistics SQLite picks
			// the range. With the same key one index serves both.
			if by == cosell.SortByLastModifiedDate {
				tests = append(tests, variant{fmt.Sprintf("%s/desc=%v/stage+modified", by, desc), dated})
			}
		}
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			query, args, err := sqlite.ListSQL(tc.q)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := db.Query(`EXPLAIN QUERY PLAN `+query, args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, notused int
				var detail string
				if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			// A snapshot page's second branch (superseded versions, only
			// those superseded after the snapshot) is found through
			// ver_since and sorted; the first must walk an index in order.
			if i := slices.Index(plan, "UNION ALL"); i >= 0 {
				past := strings.Join(plan[i:], "; ")
				if !strings.Contains(past, "USING INDEX ver_since") {
					t.Errorf("superseded versions not found through ver_since: %s", past)
				}
				plan = plan[:i]
			}
			joined := strings.Join(plan, "; ")
			if strings.Contains(joined, "TEMP B-TREE") || !strings.Contains(joined, "USING INDEX") && !strings.Contains(joined, "USING COVERING INDEX") {
				t.Errorf("plan for %s:\n  %s", query, joined)
			}
			if len(tc.q.Stages) > 0 && !strings.Contains(joined, "stage=?") {
				t.Errorf("stage filter not answered by an index: %s", joined)
			}
		})
	}
}
