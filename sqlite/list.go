package sqlite

import (
	"context"
	"fmt"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/listsql"
)

// listSQL renders q for SQLite: "?" parameters, text everywhere.
func listSQL(q cosell.ListQuery) (string, []any) {
	return listsql.Build(q, listsql.Dialect{
		Param: func(int) string { return "?" },
		Text:  func(_, v string) any { return v },
	})
}

// ListOpportunities implements cosell.Store.
func (s *Store) ListOpportunities(ctx context.Context, q cosell.ListQuery) ([]*cosell.Opportunity, error) {
	query, args := listSQL(q)
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list: %w", err)
	}
	defer rows.Close()
	var out []*cosell.Opportunity
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, fmt.Errorf("sqlite: list: %w", err)
		}
		o, err := cosell.DecodeRecord(doc)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list: %w", err)
	}
	return out, nil
}
