// Package listsql renders ListOpportunities as one SQL statement for the
// SQL stores (sqlite, postgres): the same filters, sort columns and keyset
// bound everywhere, each backend supplying its placeholders and encodings.
// The statement's WHERE, ORDER BY and keyset bound match an index on
// (catalog[, stage], sort column, id_num), so a page costs its size, not
// the table's.
package listsql

import (
	"fmt"
	"strings"

	"github.com/cosell/cosell"
)

// Dialect is what differs between the SQL backends.
type Dialect struct {
	// Param renders the placeholder of the n-th argument (from 1).
	Param func(n int) string
	// Text encodes a text argument bound to a column (PostgreSQL keeps
	// company names as bytea so that they order as bytes).
	Text func(column, v string) any
}

// SortColumn maps a sort key to its indexed column; "" is the identifier,
// whose key (cosell.SortKey) is empty: rows order by id_num alone.
func SortColumn(by cosell.OpportunitySortName) string {
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

type builder struct {
	d    Dialect
	b    strings.Builder
	args []any
}

func (q *builder) arg(v any) string {
	q.args = append(q.args, v)
	return q.d.Param(len(q.args))
}

// Build renders the SELECT of the records' doc column for lq.
func Build(lq cosell.ListQuery, d Dialect) (string, []any) {
	q := &builder{d: d}
	text := func(col string) func(string) any { return func(v string) any { return d.Text(col, v) } }
	fmt.Fprintf(&q.b, `SELECT doc FROM opportunities WHERE catalog = %s`, q.arg(d.Text("catalog", lq.Catalog)))
	// One value is an equality (which planners match to the stage indexes
	// and their order); several are an IN list.
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
	in("id_num", lq.Identifiers, func(v string) any {
		n, _ := cosell.ParseID(v) // 0 for a malformed id: no record has number 0
		return n
	})
	in("stage", lq.Stages, text("stage"))
	in("review_status", lq.ReviewStatuses, text("review_status"))
	in("company_fold", lq.CompanyNames, func(v string) any { return d.Text("company_fold", cosell.Fold(v)) })
	bound := func(col, op, v string) {
		if v != "" {
			fmt.Fprintf(&q.b, ` AND %s %s %s`, col, op, q.arg(d.Text(col, v)))
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

	col, dir, cmp := SortColumn(lq.SortBy), "ASC", ">"
	if lq.Descending {
		dir, cmp = "DESC", "<"
	}
	if lq.After != nil {
		if col == "" {
			fmt.Fprintf(&q.b, ` AND id_num %s %s`, cmp, q.arg(lq.After.ID))
		} else {
			fmt.Fprintf(&q.b, ` AND (%s, id_num) %s (%s, %s)`, col, cmp, q.arg(d.Text(col, lq.After.Key)), q.arg(lq.After.ID))
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
