package postgres

import (
	"context"
	"fmt"
	"regexp"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/listsql"
)

// listSQL renders lq for PostgreSQL: numbered parameters, company names
// as bytea (the column type that orders them as bytes), and snapshots as
// pg_snapshot (migration 2).
func listSQL(lq cosell.ListQuery) (string, []any, error) {
	return listsql.Build(lq, listsql.Dialect{
		Param: func(n int) string { return fmt.Sprintf("$%d", n) },
		Text: func(col, v string) any {
			if col == "company_fold" {
				return []byte(v)
			}
			return v
		},
		Snapshot: `pg_current_snapshot()::text`,
		AsOf: func(snapshot string) (any, error) {
			if !snapshotText.MatchString(snapshot) {
				return nil, fmt.Errorf("postgres: snapshot %q", snapshot)
			}
			return snapshot, nil
		},
		Current: func(p string) string { return "pg_visible_in_snapshot(o.xid, " + p + "::pg_snapshot)" },
		Past: func(p string) string {
			return "v.to_xid >= pg_snapshot_xmin(" + p + "::pg_snapshot) AND pg_visible_in_snapshot(v.from_xid, " + p +
				"::pg_snapshot) AND NOT pg_visible_in_snapshot(v.to_xid, " + p + "::pg_snapshot)"
		},
	})
}

// snapshotText is pg_snapshot's text form: xmin:xmax:xip,xip,…
var snapshotText = regexp.MustCompile(`^[0-9]{1,20}:[0-9]{1,20}:([0-9]{1,20}(,[0-9]{1,20})*)?$`)

// ListOpportunities implements cosell.Store. The statement is one read, so
// both branches of a snapshot page see one state of the database, and
// without a snapshot pg_current_snapshot() is the one the rows were read
// at.
func (s *Store) ListOpportunities(ctx context.Context, lq cosell.ListQuery) (cosell.ListPage, error) {
	query, args, err := listSQL(lq)
	if err != nil {
		return cosell.ListPage{}, err
	}
	var got []listsql.Row
	err = s.retryRead(ctx, func() error {
		got = got[:0]
		rows, err := s.pool.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r listsql.Row
			var key []byte
			if err := rows.Scan(&r.Doc, &key, &r.Num, &r.Snapshot); err != nil {
				return err
			}
			r.Key = string(key)
			got = append(got, r)
		}
		return rows.Err()
	})
	if err != nil {
		return cosell.ListPage{}, fmt.Errorf("postgres: list: %w", err)
	}
	if lq.AsOf != "" {
		got = listsql.Merge(got, lq.Descending, lq.Limit)
	}
	return listsql.Page(got, lq.AsOf)
}

// TokenKey implements cosell.Store.
func (s *Store) TokenKey() []byte { return s.key }
