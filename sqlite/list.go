package sqlite

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

// listSQL renders q as one SELECT whose WHERE, ORDER BY and keyset bound
// match an index on (catalog[, stage], sort column, id_num), so a page
// costs its size, not the table's.
func listSQL(q cosell.ListQuery) (string, []any) {
	var b strings.Builder
	args := []any{q.Catalog}
	b.WriteString(`SELECT doc FROM opportunities WHERE catalog = ?`)
	in := func(col string, vals []string, conv func(string) any) {
		if len(vals) == 0 {
			return
		}
		fmt.Fprintf(&b, ` AND %s IN (?%s)`, col, strings.Repeat(", ?", len(vals)-1))
		for _, v := range vals {
			args = append(args, conv(v))
		}
	}
	str := func(v string) any { return v }
	in("id", q.Identifiers, str)
	in("stage", q.Stages, str)
	in("review_status", q.ReviewStatuses, str)
	in("company_fold", q.CompanyNames, func(v string) any { return cosell.Fold(v) })
	bound := func(col, op, v string) {
		if v != "" {
			fmt.Fprintf(&b, ` AND %s %s ?`, col, op)
			args = append(args, v)
		}
	}
	if !q.ModifiedAfter.IsZero() {
		bound("modified", ">=", cosell.TimeKey(q.ModifiedAfter))
	}
	if !q.ModifiedBefore.IsZero() {
		bound("modified", "<", cosell.TimeKey(q.ModifiedBefore))
	}
	if !q.CreatedAfter.IsZero() {
		bound("created", ">=", cosell.TimeKey(q.CreatedAfter))
	}
	if !q.CreatedBefore.IsZero() {
		bound("created", "<", cosell.TimeKey(q.CreatedBefore))
	}
	if q.CloseAfter != "" || q.CloseBefore != "" {
		b.WriteString(` AND target_close <> ''`) // no date matches no bound
		bound("target_close", ">=", q.CloseAfter)
		bound("target_close", "<", q.CloseBefore)
	}

	col, dir, cmp := sortColumn(q.SortBy), "ASC", ">"
	if q.Descending {
		dir, cmp = "DESC", "<"
	}
	if q.After != nil {
		if col == "" {
			fmt.Fprintf(&b, ` AND id_num %s ?`, cmp)
			args = append(args, q.After.ID)
		} else {
			fmt.Fprintf(&b, ` AND (%s, id_num) %s (?, ?)`, col, cmp)
			args = append(args, q.After.Key, q.After.ID)
		}
	}
	if col == "" {
		fmt.Fprintf(&b, ` ORDER BY id_num %s`, dir)
	} else {
		fmt.Fprintf(&b, ` ORDER BY %s %s, id_num %s`, col, dir, dir)
	}
	if q.Limit > 0 {
		b.WriteString(` LIMIT ?`)
		args = append(args, q.Limit)
	}
	return b.String(), args
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
