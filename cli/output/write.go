package output

import (
	"io"
	"strings"

	"github.com/cosell/cosell"
)

// Options selects how a result is printed.
type Options struct {
	Format          string        // json (default), text, table, yaml, yaml-stream
	Query           string        // --query expression, "" for none
	Color           string        // on, off, auto (default): colour only the table, auto = TTY
	TimestampFormat string        // informational; Shape applies it
	Title           string        // operation name, the table title
	Shape           *cosell.Shape // operation output shape, may be nil
	TTY             bool          // stdout is a terminal
	Width           int           // terminal columns; 0 means 80 (not a tty)
	Paged           bool          // output goes to a pager (see writeTable: no colour resets)

	// ResumeToken is the token of a result truncated by --max-items; the
	// merged paginated result prints it as NextToken (botocore
	// build_full_result; text prints it as a trailing NEXTTOKEN line).
	ResumeToken string
}

// Formats are the --output choices (spec §15).
var Formats = []string{"json", "text", "table", "yaml", "yaml-stream"}

func (o Options) format() string {
	if o.Format == "" {
		return "json"
	}
	return o.Format
}

func (o Options) color() bool {
	switch o.Color {
	case "on":
		return true
	case "off":
		return false
	}
	return o.TTY
}

func (o Options) width() int {
	if o.Width <= 0 || !o.TTY {
		return 80
	}
	return o.Width
}

func (o Options) search(doc any) (any, error) {
	if o.Query == "" {
		return doc, nil
	}
	q, err := CompileQuery(o.Query)
	if err != nil {
		return nil, err
	}
	return q.Search(doc)
}

func checkFormat(f string) error {
	for _, v := range Formats {
		if f == v {
			return nil
		}
	}
	return errorf(255, "\nUnknown output type: %s\n", f)
}

// Write prints one (already shaped) result: --query first, then the
// format (awscli formatter.py, spec §12 and §15).
func Write(w io.Writer, result any, opt Options) error {
	format := opt.format()
	if err := checkFormat(format); err != nil {
		return err
	}
	v, err := opt.search(result)
	if err != nil {
		return err
	}
	var b strings.Builder
	switch format {
	case "json":
		// An empty object (no output, or a query giving {}) prints nothing.
		if !isEmptyObject(v) {
			writeJSON(&b, v)
		}
	case "yaml":
		writeYAMLResult(&b, v)
	case "yaml-stream":
		if !isEmptyObject(v) {
			writeYAML(&b, []any{v})
		}
	case "text":
		writeText(&b, v)
	case "table":
		if err := writeTable(&b, v, opt.Title, opt.color(), opt.Paged, opt.width()); err != nil {
			return err
		}
	}
	return writeOut(w, b.String())
}

// writeYAMLResult: an empty object prints nothing, a scalar prints as JSON
// (so no "..." document end marker), anything else as a YAML document.
func writeYAMLResult(b *strings.Builder, v any) {
	switch v.(type) {
	case cosell.Object:
		if isEmptyObject(v) {
			return
		}
	case []any:
	default:
		writeJSON(b, v) // json.dumps of a scalar, as the yaml format prints it (spec §15)
		return
	}
	writeYAML(b, v)
}

func writeOut(w io.Writer, s string) error {
	if s == "" {
		return nil
	}
	_, err := io.WriteString(w, s)
	return err
}

// WritePages prints a paginated result (pages already shaped). yaml-stream
// dumps each page, query applied per page; text formats each page's result
// keys on their own, query applied per page, then the resume token; json,
// table and yaml print the merged result (botocore build_full_result).
// The result keys are the list members of opt.Shape.
func WritePages(w io.Writer, pages []any, opt Options) error {
	format := opt.format()
	if err := checkFormat(format); err != nil {
		return err
	}
	keys := resultKeys(opt.Shape, pages)
	switch format {
	case "yaml-stream":
		for _, p := range pages {
			v, err := opt.search(p)
			if err != nil {
				return err
			}
			var b strings.Builder
			writeYAML(&b, []any{v})
			if err := writeOut(w, b.String()); err != nil {
				return err
			}
		}
		return nil
	case "text":
		for _, p := range pages {
			po, _ := p.(cosell.Object)
			cur := cosell.Object{}
			for _, k := range keys {
				cur.Set(k, po.Get(k))
			}
			if err := writeTextPage(w, cur, opt); err != nil {
				return err
			}
		}
		if opt.ResumeToken != "" {
			tok := cosell.Object{{Name: "NextToken", Value: cosell.Object{{Name: "NextToken", Value: opt.ResumeToken}}}}
			return writeTextPage(w, tok, opt)
		}
		return nil
	}
	full := cosell.Object{}
	for _, p := range pages {
		po, _ := p.(cosell.Object)
		for _, k := range keys {
			v := po.Get(k)
			if v == nil {
				continue
			}
			existing, ok := full.Lookup(k)
			if !ok || existing == nil {
				full.Set(k, cosell.Clone(v))
				continue
			}
			if el, ok := existing.([]any); ok {
				if vl, ok := v.([]any); ok {
					full.Set(k, append(el, vl...))
				}
			}
		}
	}
	if opt.ResumeToken != "" {
		full.Set("NextToken", opt.ResumeToken)
	}
	return Write(w, full, opt)
}

func writeTextPage(w io.Writer, page cosell.Object, opt Options) error {
	v, err := opt.search(page)
	if err != nil {
		return err
	}
	var b strings.Builder
	writeText(&b, v)
	return writeOut(w, b.String())
}

// resultKeys are the members a paginator aggregates: the list members of
// the output shape, in model order (ListOpportunities: OpportunitySummaries).
// Without a shape, the list members of the first page.
func resultKeys(s *cosell.Shape, pages []any) []string {
	var keys []string
	if s != nil {
		for _, m := range s.Members {
			if m.Shape.Kind == cosell.KindList {
				keys = append(keys, m.Name)
			}
		}
		return keys
	}
	if len(pages) > 0 {
		if po, ok := pages[0].(cosell.Object); ok {
			for _, f := range po {
				if _, ok := f.Value.([]any); ok {
					keys = append(keys, f.Name)
				}
			}
		}
	}
	return keys
}
