package cosell

import (
	"context"
	"crypto/hmac"
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
	// A caller lists only the opportunities its account owns, and its
	// tokens are bound to its account: another account's token is refused.
	q := listQuery(req)
	q.Owners = s.listOwners(ctx)
	binding := queryBinding(ListOpportunitiesInput, req, s.account(ctx))
	key := s.store.TokenKey()
	passStart := s.now()
	if tok := req.Str("NextToken"); tok != "" {
		t, err := decodeToken(key, tok, binding, passStart)
		if err != nil {
			return nil, err
		}
		q.After, q.AsOf, passStart = &t.Cursor, t.AsOf, t.PassStart
	}
	limit := q.Limit
	q.Limit = limit + 1
	page, err := s.store.ListOpportunities(ctx, q)
	if err != nil {
		return nil, err
	}
	found := page.Records
	summaries := make([]any, 0, min(len(found), limit))
	for _, o := range found[:min(len(found), limit)] {
		summaries = append(summaries, s.renderSummary(ctx, o))
	}
	// The real service writes "NextToken": null on the last page [Postman
	// collection of aws-samples, saved responses].
	var next any
	if len(found) > limit {
		next = encodeToken(key, pageToken{Cursor: page.Positions[limit-1], AsOf: page.AsOf, PassStart: passStart, Binding: binding})
	}
	return Object{{"NextToken", next}, {"OpportunitySummaries", summaries}}, nil
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

// queryBinding fingerprints everything but the page position (the
// operation, by its input shape's name; its request; and scope, what else
// the answer depends on such as the caller's account), so a token cannot
// be replayed against another query, nor against another List operation
// whose request happens to look the same ({"Catalog": "AWS"}).
func queryBinding(input *Shape, req Object, scope string) string {
	doc := Prune(input, req).(Object)
	doc.Delete("NextToken")
	doc.Delete("MaxResults")
	js, _ := doc.MarshalJSON()
	b := append(append([]byte(input.Name), 0), js...)
	if scope != "" {
		b = append(append(b, 0), scope...)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// pageToken is what a NextToken carries: where the next page starts, the
// snapshot every page of the pass reads (Store.ListOpportunities), when the
// pass began, and the query it belongs to.
type pageToken struct {
	Cursor
	AsOf      string
	PassStart time.Time
	Binding   string
}

// tokenMACSize is the length of a NextToken's HMAC-SHA256 tag (truncated to
// 128 bits, as RFC 2104 allows).
const tokenMACSize = 16

// encodeToken signs t with the store's key: base64url(tag ‖ JSON payload).
// A client cannot forge or alter a token, so its cursor key reaches the
// store's SQL only as the server wrote it.
func encodeToken(key []byte, t pageToken) string {
	raw := Object{{"b", t.Binding}, {"k", t.Key}, {"i", Number(formatInt(t.ID))}, {"s", t.AsOf}, {"t", Number(formatInt(t.PassStart.UnixMilli()))}}
	payload, _ := raw.MarshalJSON()
	mac := hmac.New(sha256.New, key)
	mac.Write(payload)
	return base64.RawURLEncoding.EncodeToString(append(mac.Sum(nil)[:tokenMACSize], payload...))
}

// decodeToken checks a NextToken: it must be one this store signed, for
// this query, for a pass that began within SnapshotRetention.
func decodeToken(key []byte, tok, binding string, now time.Time) (pageToken, error) {
	bad := func(msg string) (pageToken, error) {
		return pageToken{}, NewValidationError(ValidationReasonReq, []FieldError{{FieldName: "NextToken", Code: CodeInvalidValue, Message: msg}})
	}
	const notOurs = "is not a token this query produced; start again without NextToken"
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimSpace(tok))
	if err != nil || len(b) <= tokenMACSize {
		return bad(notOurs)
	}
	tag, payload := b[:tokenMACSize], b[tokenMACSize:]
	mac := hmac.New(sha256.New, key)
	mac.Write(payload)
	if !hmac.Equal(tag, mac.Sum(nil)[:tokenMACSize]) {
		return bad(notOurs)
	}
	v, err := ParseJSON(payload)
	doc, ok := v.(Object)
	if err != nil || !ok || doc.Str("b") != binding {
		return bad(notOurs)
	}
	id, ok1 := doc.Get("i").(Number)
	started, ok2 := doc.Get("t").(Number)
	if !ok1 || !ok2 {
		return bad(notOurs)
	}
	t := pageToken{Cursor: Cursor{Key: doc.Str("k"), ID: IDNumber(string(id))}, AsOf: doc.Str("s"),
		PassStart: time.UnixMilli(IDNumber(string(started))).UTC(), Binding: binding}
	if now.Sub(t.PassStart) > SnapshotRetention {
		return bad("has expired: a listing's tokens last 24 hours from its first page; start again without NextToken")
	}
	return t, nil
}

func formatInt(n int64) string { return FormatID(n)[1:] }
