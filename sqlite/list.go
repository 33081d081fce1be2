package sqlite

import (
	"context"
	"fmt"
	"strconv"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/listsql"
)

// listSQL renders q for SQLite: "?" parameters, text everywhere, change
// numbers as snapshots (migration 3).
func listSQL(q cosell.ListQuery) (string, []any, error) {
	return listsql.Build(q, listsql.Dialect{
		Param:    func(n int) string { return "?" + strconv.Itoa(n) }, // numbered: Past repeats one
		Text:     func(_, v string) any { return v },
		Snapshot: `(SELECT CAST(COALESCE(MAX(seq), 0) AS TEXT) FROM opportunities)`,
		AsOf: func(snapshot string) (any, error) {
			n, err := strconv.ParseInt(snapshot, 10, 64)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("sqlite: snapshot %q", snapshot)
			}
			return n, nil
		},
		Current: func(p string) string { return "o.seq <= " + p },
		Past:    func(p string) string { return "v.to_seq > " + p + " AND v.from_seq <= " + p },
	})
}

// ListOpportunities implements cosell.Store. The statement is one read, so
// both branches of a snapshot page see one state of the database.
func (s *Store) ListOpportunities(ctx context.Context, q cosell.ListQuery) (cosell.ListPage, error) {
	query, args, err := listSQL(q)
	if err != nil {
		return cosell.ListPage{}, err
	}
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return cosell.ListPage{}, fmt.Errorf("sqlite: list: %w", err)
	}
	defer rows.Close()
	var got []listsql.Row
	for rows.Next() {
		var r listsql.Row
		if err := rows.Scan(&r.Doc, &r.Key, &r.Num, &r.Snapshot); err != nil {
			return cosell.ListPage{}, fmt.Errorf("sqlite: list: %w", err)
		}
		got = append(got, r)
	}
	if err := rows.Err(); err != nil {
		return cosell.ListPage{}, fmt.Errorf("sqlite: list: %w", err)
	}
	if q.AsOf != "" {
		got = listsql.Merge(got, q.Descending, q.Limit)
	}
	return listsql.Page(got, q.AsOf)
}

// TokenKey implements cosell.Store.
func (s *Store) TokenKey() []byte { return s.key }
