package cosell

import (
	"slices"
	"strings"
)

// listRow is one item of a List* answer of the engagement family: its
// position (the sort key, then the identifier) and its rendered summary.
type listRow struct {
	key, id string
	out     Object
}

// pageRows answers one page of a List* operation over rows. The sort keys of
// these lists never change once an item exists (InvitationDate, CreatedDate,
// StartTime, identifiers), so paging by position after the previous page's
// last (key, id) lists every item that exists for the whole pass exactly
// once, whatever is created or deleted meanwhile. NextToken is signed like
// ListOpportunities' (bound to the query and the caller) and null on the last
// page.
func (s *OpportunityService) pageRows(input *Shape, req Object, account string, rows []listRow, desc bool, defaultMax int, member string) (Object, error) {
	binding := queryBinding(input, req, account)
	now := s.now()
	var after *listRow
	passStart := now
	if tok := req.Str("NextToken"); tok != "" {
		t, err := decodeToken(s.store.TokenKey(), tok, binding, now)
		if err != nil {
			return nil, err
		}
		key, id, _ := strings.Cut(t.Key, "\x00")
		after = &listRow{key: key, id: id}
		passStart = t.PassStart
	}
	cmp := func(a, b listRow) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	}
	slices.SortFunc(rows, func(a, b listRow) int {
		if desc {
			return cmp(b, a)
		}
		return cmp(a, b)
	})
	limit := defaultMax
	if n, ok := req.Get("MaxResults").(Number); ok {
		limit = int(IDNumber(string(n)))
	}
	items := []any{}
	var last *listRow
	more := false
	for i := range rows {
		r := rows[i]
		if after != nil {
			c := cmp(r, *after)
			if (!desc && c <= 0) || (desc && c >= 0) {
				continue
			}
		}
		if len(items) == limit {
			more = true
			break
		}
		items = append(items, r.out)
		last = &rows[i]
	}
	var next any
	if more && last != nil {
		next = encodeToken(s.store.TokenKey(), pageToken{Cursor: Cursor{Key: last.key + "\x00" + last.id}, PassStart: passStart, Binding: binding})
	}
	return Object{{member, items}, {"NextToken", next}}, nil
}

// anyOf reports whether filter (a request's list of strings) is empty or
// holds v: values within one filter OR, filters AND (fact sheet §3
// [inferred]).
func anyOf(filter []any, v string) bool {
	if len(filter) == 0 {
		return true
	}
	for _, f := range filter {
		if f == v {
			return true
		}
	}
	return false
}
