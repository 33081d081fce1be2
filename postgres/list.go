package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/cosell/cosell"
)

// sortColumn maps a sort key to its indexed column; "" is the identifier,
// whose key (cosell.SortKey) is empty: rows order by id_num alone.
func sortColumn(by cosell.OpportunitySortName) string {
	switch by {
	case cosell.SortByIdentifier:
		return ""
	case cosell.SortByCompanyName:
		return "company_fold"
	case cosell.SortByCreatedDate:
		return "created"
	case cosell.SortByTargetCloseDate:
		return "target_close"
	}
	return "modified"
}

// query builds a statement with numbered parameters.
type query struct {
	b    strings.Builder
	args []any
}

// arg appends v and returns its placeholder.
func (q *query) arg(v any) string {
	q.args = append(q.args, v)
	return fmt.Sprintf("$%d", len(q.args))
}

// listSQL renders q as one SELECT whose WHERE, ORDER BY and keyset bound
// match an index on (catalog[, stage], sort column, id_num), so a page
// costs its size, not the table's. One value in a filter is an equality
// (which the planner matches to the stage indexes and their order); several
// are an IN list.
func listSQL(lq cosell.ListQuery) (string, []any) {
	var q query
	fmt.Fprintf(&q.b, `SELECT doc FROM opportunities WHERE catalog = %s`, q.arg(lq.Catalog))
	in := func(col string, vals []string, conv func(string) any) {
		switch len(vals) {
		case 0:
			return
		case 1:
			fmt.Fprintf(&q.b, ` AND %s = %s`, col, q.arg(conv(vals[0])))
			return
		}
		ph := make([]string, len(vals))
		for i, v := range vals {
			ph[i] = q.arg(conv(v))
		}
		fmt.Fprintf(&q.b, ` AND %s IN (%s)`, col, strings.Join(ph, ", "))
	}
	str := func(v string) any { return v }
	in("id_num", lq.Identifiers, func(v string) any {
		if !validID(v) {
			return int64(0) // matches nothing: no record has number 0
		}
		return cosell.IDNumber(v)
	})
	in("stage", lq.Stages, str)
	in("review_status", lq.ReviewStatuses, str)
	in("company_fold", lq.CompanyNames, func(v string) any { return []byte(cosell.Fold(v)) })
	bound := func(col, op, v string) {
		if v != "" {
			fmt.Fprintf(&q.b, ` AND %s %s %s`, col, op, q.arg(v))
		}
	}
	if !lq.ModifiedAfter.IsZero() {
		bound("modified", ">=", cosell.TimeKey(lq.ModifiedAfter))
	}
	if !lq.ModifiedBefore.IsZero() {
		bound("modified", "<", cosell.TimeKey(lq.ModifiedBefore))
	}
	if !lq.CreatedAfter.IsZero() {
		bound("created", ">=", cosell.TimeKey(lq.CreatedAfter))
	}
	if !lq.CreatedBefore.IsZero() {
		bound("created", "<", cosell.TimeKey(lq.CreatedBefore))
	}
	if lq.CloseAfter != "" || lq.CloseBefore != "" {
		q.b.WriteString(` AND target_close <> ''`) // no date matches no bound
		bound("target_close", ">=", lq.CloseAfter)
		bound("target_close", "<", lq.CloseBefore)
	}

	col, dir, cmp := sortColumn(lq.SortBy), "ASC", ">"
	if lq.Descending {
		dir, cmp = "DESC", "<"
	}
	if lq.After != nil {
		var key any = lq.After.Key
		if col == "company_fold" {
			key = []byte(lq.After.Key)
		}
		if col == "" {
			fmt.Fprintf(&q.b, ` AND id_num %s %s`, cmp, q.arg(lq.After.ID))
		} else {
			fmt.Fprintf(&q.b, ` AND (%s, id_num) %s (%s, %s)`, col, cmp, q.arg(key), q.arg(lq.After.ID))
		}
	}
	if col == "" {
		fmt.Fprintf(&q.b, ` ORDER BY id_num %s`, dir)
	} else {
		fmt.Fprintf(&q.b, ` ORDER BY %s %s, id_num %s`, col, dir, dir)
	}
	if lq.Limit > 0 {
		fmt.Fprintf(&q.b, ` LIMIT %s`, q.arg(lq.Limit))
	}
	return q.b.String(), q.args
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
