package cli

import (
	"encoding/base64"
	"io"
	"strconv"
	"strings"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/py"
)

// Automatic pagination, as botocore's PageIterator drives it for the AWS
// CLI: follow NextToken until the last page or --max-items, start from
// --starting-token, send --page-size as the limit key. When --max-items
// stops inside a page, the resume token printed as NextToken is the base64
// of {"NextToken": <token of that page>, "boto_truncate_amount": <items
// kept from it>}; on a page boundary it is {"NextToken": <next token>}.

// pageToken is botocore's decoded starting/resume token.
type pageToken struct {
	Next     any // string, or nil before the first page
	Truncate int
	HasTrunc bool
}

// tokenJSON is botocore's json.dumps of the token.
var tokenJSON = py.Encoder{ItemSep: ", ", KeySep: ": ", EnsureASCII: true}

func (t pageToken) encode() string {
	tok := cosell.Object{{Name: "NextToken"}}
	if s, ok := t.Next.(string); ok {
		tok[0].Value = s
	}
	if t.HasTrunc {
		tok = append(tok, cosell.Field{Name: "boto_truncate_amount", Value: cosell.Number(strconv.Itoa(t.Truncate))})
	}
	return base64.StdEncoding.EncodeToString(tokenJSON.Append(nil, tok))
}

// decodePageToken reads a --starting-token. Tokens that are not base64 JSON
// follow botocore's old form "token___N", else pass through as the
// service's own token.
func decodePageToken(s string) pageToken {
	if raw, err := base64.StdEncoding.DecodeString(s); err == nil {
		if v, err := cosell.ParseJSON(raw); err == nil {
			if obj, ok := v.(cosell.Object); ok {
				t := pageToken{Next: obj.Get(tokenKey)}
				if n, ok := obj.Get("boto_truncate_amount").(cosell.Number); ok {
					t.Truncate, _ = strconv.Atoi(string(n))
				}
				return t
			}
		}
	}
	parts := strings.Split(s, "___")
	if len(parts) == 2 {
		if n, err := strconv.Atoi(parts[1]); err == nil {
			t := pageToken{Next: parts[0], Truncate: n}
			if parts[0] == "None" {
				t.Next = nil
			}
			return t
		}
	}
	return pageToken{Next: s}
}

func (r *runner) paginate(cl Client, o *opOptions, doc cosell.Object) int {
	op := r.cmd.Op
	var maxItems *int
	if o.MaxItems != nil {
		n, err := pyInt(o.MaxItems)
		if err != nil {
			return r.fail(err)
		}
		maxItems = n
	}
	next := pageToken{}
	start := 0
	if o.StartingToken != "" {
		next = decodePageToken(o.StartingToken)
		start = next.Truncate
		if s, ok := next.Next.(string); ok && s != "None" {
			doc.Set(tokenKey, s)
		}
	}
	if o.PageSize != nil && r.cmd.LimitKey != "" {
		n, err := pyInt(o.PageSize)
		if err != nil {
			return r.fail(err)
		}
		doc.Set(r.cmd.LimitKey, cosell.Number(strconv.Itoa(*n)))
	}

	var pages []cosell.Object
	var resume *pageToken
	total := 0
	for first := true; ; first = false {
		res, err := r.call(cl, op, doc)
		if err != nil {
			return r.fail(err)
		}
		page, _ := res.(cosell.Object)
		if page == nil {
			page = cosell.Object{}
		}
		items, _ := page.Get(r.cmd.ResultKey).([]any)
		startTrunc := 0
		if first && o.StartingToken != "" {
			startTrunc = start
			items = items[pyIndex(startTrunc, len(items)):]
			page.Set(r.cmd.ResultKey, items)
		}
		if maxItems != nil && total+len(items) > *maxItems {
			// botocore keeps original[:keep] and records keep (plus the
			// starting truncation) in the token, whatever its sign: a
			// negative --max-items keeps all but the last items, as a
			// Python slice does.
			keep := *maxItems - total
			page.Set(r.cmd.ResultKey, items[:pyIndex(keep, len(items))])
			pages = append(pages, page)
			resume = &pageToken{Next: next.Next, Truncate: keep + startTrunc, HasTrunc: true}
			break
		}
		pages = append(pages, page)
		total += len(items)
		tok, _ := page.Get(tokenKey).(string)
		if tok == "" {
			break
		}
		next = pageToken{Next: tok}
		if maxItems != nil && total == *maxItems {
			resume = &next
			break
		}
		if prev, _ := doc.Get(tokenKey).(string); prev == tok {
			return r.fail(errorf(exitOther, "The same next token was received twice: {'%s': '%s'}", tokenKey, tok))
		}
		doc.Set(tokenKey, tok)
	}
	return r.emitPages(pages, resume)
}

// emitPages prints paginated results through output.WritePages, which
// formats like the AWS CLI: text and yaml-stream page by page, json, table
// and yaml as botocore's build_full_result, with the resume token as
// NextToken.
func (r *runner) emitPages(pages []cosell.Object, resume *pageToken) int {
	opt := r.outputOptions()
	if resume != nil {
		opt.ResumeToken = resume.encode()
	}
	docs := make([]any, len(pages))
	for i, p := range pages {
		docs[i] = r.f.Output.Shape(p, r.cmd.Op.Output, r.cfg.TimestampFormat)
	}
	return r.withPager(func(w io.Writer) error { return r.f.Output.WritePages(w, docs, opt) })
}

// pyIndex is where Python's slice index i falls in a sequence of n items:
// negative counts from the end, and both ends clamp.
func pyIndex(i, n int) int {
	if i < 0 {
		i += n
	}
	return min(max(i, 0), n)
}
