package cosell

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"
)

// DefaultPageSize is ListOpportunities' MaxResults when omitted [model doc].
const DefaultPageSize = 20

// ListOpportunities pages through a catalog (spec §4 ListOpportunities).
// Filters AND, values within a filter OR; company names match exactly,
// ignoring case (?); After… bounds are inclusive ([model doc] for
// LastModifiedDate), Before… exclusive (?). The default order is
// LastModifiedDate descending; ties break on the identifier. NextToken is an
// opaque keyset cursor bound to the query that produced it.
func (s *OpportunityService) ListOpportunities(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(ListOpportunitiesInput, in)
	if err != nil {
		return nil, err
	}
	q := listQuery(req)
	binding := queryBinding(req)
	if tok := req.Str("NextToken"); tok != "" {
		c, ok := decodeToken(tok, binding)
		if !ok {
			return nil, NewValidationError(ValidationReasonReq, []FieldError{{FieldName: "NextToken", Code: CodeInvalidValue,
				Message: "is not a token this query produced; start again without NextToken"}})
		}
		q.After = c
	}
	limit := q.Limit
	q.Limit = limit + 1
	found, err := s.store.ListOpportunities(ctx, q)
	if err != nil {
		return nil, err
	}
	summaries := make([]any, 0, min(len(found), limit))
	for _, o := range found[:min(len(found), limit)] {
		summaries = append(summaries, s.renderSummary(o))
	}
	out := Object{{"OpportunitySummaries", summaries}}
	if len(found) > limit {
		last := found[limit-1]
		out = append(out, Field{"NextToken", encodeToken(Cursor{Key: SortKey(last, q.SortBy), ID: last.IDNumber()}, binding)})
	}
	return out, nil
}

func listQuery(req Object) ListQuery {
	q := ListQuery{
		Catalog:        req.Str("Catalog"),
		Identifiers:    stringList(req.List("Identifier")),
		Stages:         stringList(req.List("LifeCycleStage")),
		ReviewStatuses: stringList(req.List("LifeCycleReviewStatus")),
		SortBy:         SortByLastModifiedDate,
		Descending:     true,
		Limit:          DefaultPageSize,
	}
	for _, n := range req.List("CustomerCompanyName") {
		q.CompanyNames = append(q.CompanyNames, Fold(n.(string)))
	}
	if n, ok := req.Get("MaxResults").(Number); ok {
		q.Limit = int(IDNumber(string(n)))
	}
	if sort := req.Obj("Sort"); sort != nil {
		q.SortBy = OpportunitySortName(sort.Str("SortBy"))
		q.Descending = sort.Str("SortOrder") == "DESCENDING"
	}
	q.ModifiedAfter = timeAt(req, "LastModifiedDate", "AfterLastModifiedDate")
	q.ModifiedBefore = timeAt(req, "LastModifiedDate", "BeforeLastModifiedDate")
	q.CreatedAfter = timeAt(req, "CreatedDate", "AfterCreatedDate")
	q.CreatedBefore = timeAt(req, "CreatedDate", "BeforeCreatedDate")
	q.CloseAfter = req.Str("TargetCloseDate", "AfterTargetCloseDate")
	q.CloseBefore = req.Str("TargetCloseDate", "BeforeTargetCloseDate")
	return q
}

func timeAt(req Object, filter, member string) time.Time {
	v := req.Obj(filter).Get(member)
	if v == nil {
		return time.Time{}
	}
	t, _ := TimeValue(v)
	return t
}

// queryBinding fingerprints everything but the page position, so a token
// cannot be replayed against another query.
func queryBinding(req Object) string {
	doc := Prune(ListOpportunitiesInput, req).(Object)
	doc.Delete("NextToken")
	doc.Delete("MaxResults")
	b, _ := doc.MarshalJSON()
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

func encodeToken(c Cursor, binding string) string {
	raw := Object{{"b", binding}, {"k", c.Key}, {"i", Number(formatInt(c.ID))}}
	b, _ := raw.MarshalJSON()
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeToken(tok, binding string) (*Cursor, bool) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimSpace(tok))
	if err != nil {
		return nil, false
	}
	v, err := ParseJSON(b)
	doc, ok := v.(Object)
	if err != nil || !ok || doc.Str("b") != binding {
		return nil, false
	}
	id, ok := doc.Get("i").(Number)
	if !ok {
		return nil, false
	}
	return &Cursor{Key: doc.Str("k"), ID: IDNumber(string(id))}, true
}

func formatInt(n int64) string { return FormatID(n)[1:] }
