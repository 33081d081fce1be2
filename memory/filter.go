package memory

import (
	"slices"

	"github.com/cosell/cosell"
)

// filter is a ListQuery's selection, with values pre-folded. Different
// filters AND, values within one filter OR, empty filters match everything
// (cosell.ListQuery); times compare at millisecond precision through
// cosell.TimeKey (spec §1.3); a record without a TargetCloseDate matches no
// TargetCloseDate bound.
type filter struct {
	q                                                cosell.ListQuery
	companies                                        []string
	modAfter, modBefore, createdAfter, createdBefore string
}

func newFilter(q cosell.ListQuery) filter {
	f := filter{q: q}
	for _, n := range q.CompanyNames {
		f.companies = append(f.companies, cosell.Fold(n))
	}
	key := func(t interface{ IsZero() bool }, k func() string) string {
		if t.IsZero() {
			return ""
		}
		return k()
	}
	f.modAfter = key(q.ModifiedAfter, func() string { return cosell.TimeKey(q.ModifiedAfter) })
	f.modBefore = key(q.ModifiedBefore, func() string { return cosell.TimeKey(q.ModifiedBefore) })
	f.createdAfter = key(q.CreatedAfter, func() string { return cosell.TimeKey(q.CreatedAfter) })
	f.createdBefore = key(q.CreatedBefore, func() string { return cosell.TimeKey(q.CreatedBefore) })
	return f
}

func (f filter) match(o *cosell.Opportunity) bool {
	q := f.q
	if o.Catalog != q.Catalog ||
		!in(q.Identifiers, o.ID) ||
		!in(q.Owners, o.Owner) ||
		!in(q.Stages, o.Stage()) ||
		!in(q.ReviewStatuses, o.ReviewStatus()) ||
		!in(f.companies, cosell.Fold(o.CompanyName())) {
		return false
	}
	if !within(cosell.TimeKey(o.LastModifiedDate), f.modAfter, f.modBefore) ||
		!within(cosell.TimeKey(o.CreatedDate), f.createdAfter, f.createdBefore) {
		return false
	}
	if q.CloseAfter != "" || q.CloseBefore != "" {
		c := o.TargetCloseDate()
		if c == "" || !within(c, q.CloseAfter, q.CloseBefore) {
			return false
		}
	}
	return true
}

// in reports whether v is in set; an empty set holds everything.
func in(set []string, v string) bool { return len(set) == 0 || slices.Contains(set, v) }

// within reports lo <= v < hi, an empty bound being no bound.
func within(v, lo, hi string) bool { return (lo == "" || v >= lo) && (hi == "" || v < hi) }
