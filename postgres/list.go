package postgres

import (
	"context"
	"fmt"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/listsql"
)

// listSQL renders lq for PostgreSQL: numbered parameters, and company
// names as bytea (the column type that orders them as bytes).
func listSQL(lq cosell.ListQuery) (string, []any) {
	return listsql.Build(lq, listsql.Dialect{
		Param: func(n int) string { return fmt.Sprintf("$%d", n) },
		Text: func(col, v string) any {
			if col == "company_fold" {
				return []byte(v)
			}
			return v
		},
	})
}

// ListOpportunities implements cosell.Store.
func (s *Store) ListOpportunities(ctx context.Context, lq cosell.ListQuery) ([]*cosell.Opportunity, error) {
	query, args := listSQL(lq)
	var out []*cosell.Opportunity
	err := s.retryRead(ctx, func() error {
		out = out[:0]
		rows, err := s.pool.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var doc []byte
			if err := rows.Scan(&doc); err != nil {
				return err
			}
			o, err := cosell.DecodeRecord(doc)
			if err != nil {
				return err
			}
			out = append(out, o)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: list: %w", err)
	}
	return out, nil
}
