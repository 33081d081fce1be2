// Package listsql renders ListOpportunities as one SQL statement for the
// SQL stores (sqlite, postgres): the same filters, sort columns and keyset
// bound everywhere, each backend supplying its placeholders and encodings.
// The statement's WHERE, ORDER BY and keyset bound match an index on
// (catalog[, stage], sort column, id_num), so a page costs its size, not
// the table's.
package listsql

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cosell/cosell"
)

// Dialect is what differs between the SQL backends.
type Dialect struct {
	// Param renders the placeholder of the n-th argument (from 1).
	Param func(n int) string
	// Text encodes a text argument bound to a column (PostgreSQL keeps
	// company names as bytea so that they order as bytes).
	Text func(column, v string) any

	// Snapshots (cosell.ListQuery.AsOf). Each row of opportunities is the
	// newest version of a record; each row of opportunity_versions, a
	// superseded version (filled by a trigger on every UPDATE).
	//
	// Snapshot is an expression for the snapshot a statement reads.
	Snapshot string
	// AsOf decodes a snapshot into the argument that Current and Past take.
	AsOf func(snapshot string) (any, error)
	// Current renders the condition that a row of opportunities (alias o)
	// existed, in this version, at the snapshot bound to placeholder p;
	// Past the same for a row of opportunity_versions (alias v).
	Current, Past func(p string) string
}

// Columns the statement returns, in order: the record's document and sort
// key ('' for the identifier sort) as of the snapshot, its number, and the
// snapshot read ('' when the query named one).
//
// Without a snapshot the statement reads the newest versions only. With
// one it reads two branches, each in the listing's order and limited to
// the page: the records whose newest version existed then, and those
// whose version then has been superseded since (only records written after
// the snapshot, so few: opportunity_versions' index on (catalog, to_…)
// finds them). A record is in at most one branch, as at most one of its
// versions is the one current at the snapshot. The caller merges the two
// by (key, number) and keeps the page's first Limit.

// Build renders the SELECT of a page for lq.
func Build(lq cosell.ListQuery, d Dialect) (string, []any, error) {
	q := &builder{d: d}
	col := SortColumn(lq.SortBy)
	key := func(alias string) string {
		if col == "" {
			return "''"
		}
		return alias + "." + col
	}
	if lq.AsOf == "" {
		fmt.Fprintf(&q.b, `SELECT o.doc, %s, o.id_num, %s FROM opportunities o WHERE `, key("o"), d.Snapshot)
		q.where(lq, "o")
		q.order(lq, "o")
		return q.b.String(), q.args, nil
	}
	at, err := d.AsOf(lq.AsOf)
	if err != nil {
		return "", nil, err
	}
	fmt.Fprintf(&q.b, `SELECT * FROM (SELECT o.doc, %s, o.id_num, '' FROM opportunities o WHERE %s AND `, key("o"), d.Current(q.arg(at)))
	q.where(lq, "o")
	q.order(lq, "o")
	fmt.Fprintf(&q.b, `) cur UNION ALL SELECT * FROM (SELECT v.doc, %s, v.id_num, '' FROM opportunity_versions v WHERE %s AND `, key("v"), d.Past(q.arg(at)))
	q.where(lq, "v")
	q.order(lq, "v")
	q.b.WriteString(`) past`)
	return q.b.String(), q.args, nil
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

// where renders lq's filters and keyset bound on the table aliased t. Both
// branches of a snapshot query get them all, owner included: a version
// keeps the owner it had (opportunity_versions.owner).
func (q *builder) where(lq cosell.ListQuery, t string) {
	d := q.d
	text := func(col string) func(string) any { return func(v string) any { return d.Text(col, v) } }
	fmt.Fprintf(&q.b, `%s.catalog = %s`, t, q.arg(d.Text("catalog", lq.Catalog)))
	// One value is an equality (which planners match to the stage indexes
	// and their order); several are an IN list.
	in := func(col string, vals []string, conv func(string) any) {
		switch len(vals) {
		case 0:
			return
		case 1:
			fmt.Fprintf(&q.b, ` AND %s.%s = %s`, t, col, q.arg(conv(vals[0])))
			return
		}
		ph := make([]string, len(vals))
		for i, v := range vals {
			ph[i] = q.arg(conv(v))
		}
		fmt.Fprintf(&q.b, ` AND %s.%s IN (%s)`, t, col, strings.Join(ph, ", "))
	}
	in("id_num", lq.Identifiers, func(v string) any {
		n, _ := cosell.ParseID(v) // 0 for a malformed id: no record has number 0
		return n
	})
	in("owner", lq.Owners, text("owner"))
	in("stage", lq.Stages, text("stage"))
	in("review_status", lq.ReviewStatuses, text("review_status"))
	in("company_fold", lq.CompanyNames, func(v string) any { return d.Text("company_fold", cosell.Fold(v)) })
	bound := func(col, op, v string) {
		if v != "" {
			fmt.Fprintf(&q.b, ` AND %s.%s %s %s`, t, col, op, q.arg(d.Text(col, v)))
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
		fmt.Fprintf(&q.b, ` AND %s.target_close <> ''`, t) // no date matches no bound
		bound("target_close", ">=", lq.CloseAfter)
		bound("target_close", "<", lq.CloseBefore)
	}
	col, cmp := SortColumn(lq.SortBy), ">"
	if lq.Descending {
		cmp = "<"
	}
	if lq.After != nil {
		if col == "" {
			fmt.Fprintf(&q.b, ` AND %s.id_num %s %s`, t, cmp, q.arg(lq.After.ID))
		} else {
			fmt.Fprintf(&q.b, ` AND (%s.%s, %s.id_num) %s (%s, %s)`, t, col, t, cmp, q.arg(d.Text(col, lq.After.Key)), q.arg(lq.After.ID))
		}
	}
}

// order renders the listing's ORDER BY and LIMIT on the table aliased t.
func (q *builder) order(lq cosell.ListQuery, t string) {
	col, dir := SortColumn(lq.SortBy), "ASC"
	if lq.Descending {
		dir = "DESC"
	}
	if col == "" {
		fmt.Fprintf(&q.b, ` ORDER BY %s.id_num %s`, t, dir)
	} else {
		fmt.Fprintf(&q.b, ` ORDER BY %s.%s %s, %s.id_num %s`, t, col, dir, t, dir)
	}
	if lq.Limit > 0 {
		fmt.Fprintf(&q.b, ` LIMIT %s`, q.arg(lq.Limit))
	}
}

// Merge orders the rows of both branches of a snapshot page by (key,
// number) in the listing's direction and keeps the first limit (0: all).
func Merge(rows []Row, desc bool, limit int) []Row {
	slices.SortFunc(rows, func(a, b Row) int {
		c := cmp.Or(cmp.Compare(a.Key, b.Key), cmp.Compare(a.Num, b.Num))
		if desc {
			return -c
		}
		return c
	})
	if limit > 0 && len(rows) > limit {
		rows = rows[:limit]
	}
	return rows
}

// Row is one row of a page statement.
type Row struct {
	Doc      []byte
	Key      string
	Num      int64
	Snapshot string
}

// Page decodes merged rows into the store's answer; asOf is the query's
// snapshot, or the one the statement reported.
func Page(rows []Row, asOf string) (cosell.ListPage, error) {
	p := cosell.ListPage{AsOf: asOf, Records: make([]*cosell.Opportunity, len(rows)), Positions: make([]cosell.Cursor, len(rows))}
	for i, r := range rows {
		o, err := cosell.DecodeRecord(r.Doc)
		if err != nil {
			return cosell.ListPage{}, err
		}
		if p.AsOf == "" {
			p.AsOf = r.Snapshot
		}
		p.Records[i], p.Positions[i] = o, cosell.Cursor{Key: r.Key, ID: r.Num}
	}
	return p, nil
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

// PruneEvery is how often, at most, a SQL store drops superseded versions
// that no listing can need any more (MaybePrune).
const PruneEvery = 10 * time.Minute

// MaybePrune starts prune in the background, for versions superseded more
// than cosell.SnapshotRetention ago, when the last call that did so (last
// holds its Unix nanoseconds) was more than PruneEvery ago. The stores call
// it after a write: versions only accumulate through writes.
func MaybePrune(last *atomic.Int64, prune func(context.Context, time.Time) (int64, error)) {
	now := time.Now()
	prev := last.Load()
	if now.UnixNano()-prev < int64(PruneEvery) || !last.CompareAndSwap(prev, now.UnixNano()) {
		return
	}
	go prune(context.Background(), now.Add(-cosell.SnapshotRetention)) //nolint:errcheck // retried PruneEvery later
}
