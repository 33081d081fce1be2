package output

import (
	"math"
	"sort"
	"strings"

	"golang.org/x/text/width"

	"github.com/cosell/cosell"
)

// The table format (spec §12 table) is a port of the AWS CLI's
// TableFormatter and MultiTable: sections with a title, an optional header
// row and value rows; nested members become indented sections; a table
// wider than the terminal turns single-row sections vertical.

// textWidth counts East-Asian Wide, Fullwidth and Ambiguous characters as 2
// (awscli table.get_text_length).
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth, width.EastAsianAmbiguous:
			n += 2
		default:
			n++
		}
	}
	return n
}

func centerText(text string, length int, left, right string, textLen int) string {
	start := length/2 - textLen/2 - 1
	var b strings.Builder
	b.WriteString(left)
	b.WriteString(spaces(start))
	b.WriteString(text)
	soFar := textWidth(left) + start + textLen
	b.WriteString(spaces(length - textWidth(right) - soFar))
	b.WriteString(right)
	return b.String()
}

func alignLeft(text string, length int, left, right string, textLen int) string {
	padding := 2
	if length-(textLen+2+textWidth(left)+textWidth(right)) < 0 {
		padding = 0
	}
	soFar := len(left) + padding + textLen
	return left + spaces(padding) + text + spaces(length-soFar-len(right)) + right
}

// spaces is Python ' ' * n (empty for n <= 0).
func spaces(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(" ", n)
}

type section struct {
	title     string
	headers   []string
	rows      [][]string
	indent    int
	numCols   int
	hasCols   bool
	maxWidths []int
}

func (s *section) columnWidths(padding int, maxWidth int, scale bool) []int {
	w := make([]int, len(s.maxWidths))
	sum := 0
	for i, m := range s.maxWidths {
		w[i] = m + padding
		sum += w[i]
	}
	if !scale || len(w) == 0 {
		return w
	}
	// Python: int(round(scale_factor * w)), round half to even.
	factor := float64(maxWidth) / float64(sum)
	total := 0
	for i := range w {
		w[i] = int(math.RoundToEven(factor * float64(w[i])))
		total += w[i]
	}
	off := total - maxWidth
	for off != 0 {
		if off > 0 {
			for i := 0; i < len(w) && off != 0; i++ {
				w[i]--
				off--
			}
		} else {
			for i := len(w) - 1; i >= 0 && off != 0; i-- {
				w[i]++
				off++
			}
		}
	}
	return w
}

func (s *section) totalWidth() int {
	total := 0
	for _, w := range s.columnWidths(0, 0, false) {
		total += w + 4
	}
	total += 2 + 2*s.indent
	return max(textWidth(s.title)+2+2*s.indent, total)
}

func (s *section) addHeader(h []string) {
	s.updateWidths(h)
	if !s.hasCols {
		s.numCols, s.hasCols = len(h), true
	}
	s.headers = h
}

func (s *section) addRow(row []string) error {
	if !s.hasCols {
		s.numCols, s.hasCols = len(row), true
	}
	if len(row) != s.numCols {
		return errorf(255, "\nRow should have %d elements, instead it has %d\n", s.numCols, len(row))
	}
	s.rows = append(s.rows, row)
	s.updateWidths(row)
	return nil
}

func (s *section) updateWidths(row []string) {
	if len(s.maxWidths) == 0 {
		s.maxWidths = make([]int, len(row))
		for i, e := range row {
			s.maxWidths[i] = textWidth(e)
		}
		return
	}
	for i, e := range row {
		if i < len(s.maxWidths) {
			s.maxWidths[i] = max(s.maxWidths[i], textWidth(e))
		}
	}
}

type styler struct{ color bool }

func (st styler) row(s string) string {
	if st.color {
		return "\x1b[1m\x1b[34m" + s + "\x1b[0m"
	}
	return s
}

func (st styler) indentChar() string {
	if st.color {
		return "\x1b[2m\x1b[33m|\x1b[0m"
	}
	return "|"
}

type multiTable struct {
	reset    string // colorama autoreset after each write
	sections []*section
	cur      *section
	style    styler
	termW    int
}

func (t *multiTable) newSection(title string, indent int) {
	t.cur = &section{title: title, indent: indent}
	t.sections = append(t.sections, t.cur)
}

// writeTable renders v under title; an empty or falsy result prints
// nothing (TableFormatter._build_table returns False).
func writeTable(b *strings.Builder, v any, title string, color, paged bool, termWidth int) error {
	t := &multiTable{style: styler{color}, termW: termWidth}
	if color && !paged {
		t.reset = "\x1b[0m"
	}
	ok, err := t.build(title, true, v, 0)
	if err != nil || !ok {
		return err
	}
	t.render(b)
	return nil
}

func (t *multiTable) build(title string, hasTitle bool, cur any, indent int) (bool, error) {
	if !truthy(cur) {
		return false, nil
	}
	if hasTitle {
		t.newSection(title, indent)
	}
	switch c := cur.(type) {
	case []any:
		if _, ok := c[0].(cosell.Object); ok {
			return true, t.subTableFromList(c, indent, title)
		}
		for _, item := range c {
			switch it := item.(type) {
			case []any:
				if allScalars(it) {
					if err := t.addRow(strs(it)); err != nil {
						return true, err
					}
				} else if _, err := t.build("", false, it, 0); err != nil {
					return true, err
				}
			case cosell.Object:
				// Every key of a dict is a scalar: the row is its keys.
				keys := make([]string, len(it))
				for i, f := range it {
					keys[i] = f.Name
				}
				if err := t.addRow(keys); err != nil {
					return true, err
				}
			default:
				if err := t.addRow([]string{pyStr(it)}); err != nil {
					return true, err
				}
			}
		}
	case cosell.Object:
		return true, t.subTableFromDict(c, indent)
	}
	return true, nil
}

func (t *multiTable) addRow(row []string) error {
	if t.cur == nil {
		return errorf(255, "\n'NoneType' object has no attribute 'add_row'\n")
	}
	return t.cur.addRow(row)
}

func allScalars(l []any) bool {
	for _, e := range l {
		if !isScalar(e) {
			return false
		}
	}
	return true
}

func strs(l []any) []string {
	out := make([]string, len(l))
	for i, e := range l {
		out[i] = pyStr(e)
	}
	return out
}

func groupScalarKeys(o cosell.Object) (headers, more []string) {
	for _, f := range o {
		if isScalar(f.Value) {
			headers = append(headers, f.Name)
		} else {
			more = append(more, f.Name)
		}
	}
	sort.Strings(headers)
	sort.Strings(more)
	return headers, more
}

func (t *multiTable) subTableFromDict(o cosell.Object, indent int) error {
	headers, more := groupScalarKeys(o)
	if len(headers) == 1 {
		if err := t.addRow([]string{headers[0], pyStr(o.Get(headers[0]))}); err != nil {
			return err
		}
	} else if len(headers) > 0 {
		t.cur.addHeader(headers)
		row := make([]string, len(headers))
		for i, h := range headers {
			row[i] = pyStr(o.Get(h))
		}
		if err := t.addRow(row); err != nil {
			return err
		}
	}
	for _, k := range more {
		if _, err := t.build(k, true, o.Get(k), indent+1); err != nil {
			return err
		}
	}
	return nil
}

func (t *multiTable) subTableFromList(l []any, indent int, title string) error {
	hs, ms := map[string]bool{}, map[string]bool{}
	for _, e := range l {
		o, _ := e.(cosell.Object)
		h, m := groupScalarKeys(o)
		for _, k := range h {
			hs[k] = true
		}
		for _, k := range m {
			ms[k] = true
		}
	}
	headers, more := sortedKeys(hs), sortedKeys(ms)
	t.cur.addHeader(headers)
	for i, e := range l {
		o, _ := e.(cosell.Object)
		if i > 0 && len(more) > 0 {
			t.newSection(title, indent)
			t.cur.addHeader(headers)
		}
		row := make([]string, len(headers))
		for j, h := range headers {
			if v, ok := o.Lookup(h); ok {
				row[j] = pyStr(v)
			}
		}
		if err := t.addRow(row); err != nil {
			return err
		}
		for _, k := range more {
			if v, ok := o.Lookup(k); ok {
				if _, err := t.build(k, true, v, indent+1); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (t *multiTable) maxWidth() int {
	w := 0
	for _, s := range t.sections {
		w = max(w, s.totalWidth())
	}
	return w
}

func (t *multiTable) render(b *strings.Builder) {
	maxW := t.maxWidth()
	if maxW > t.termW {
		// convert_to_vertical_table: single-row sections with headers
		// become one "header | value" row per column.
		for i, s := range t.sections {
			if len(s.rows) == 1 && len(s.headers) > 0 {
				ns := &section{title: s.title, indent: s.indent}
				for j, h := range s.headers {
					if j < len(s.rows[0]) {
						ns.addRow([]string{h, s.rows[0][j]})
					}
				}
				t.sections[i] = ns
			}
		}
		maxW = t.maxWidth()
	}
	b.WriteString(strings.Repeat("-", maxW) + "\n" + t.reset)
	for _, s := range t.sections {
		t.renderSection(b, s, maxW)
	}
}

// indented is awscli's IndentedStream: each written line gets indent
// bars on both sides.
// With colour on, the AWS CLI's colorama (init autoreset=True) wraps
// stdout and appends a reset after every write call: four per section
// line (left bars, text, right bars, newline). Output to a pager is not
// wrapped.
type indented struct {
	b      *strings.Builder
	prefix string
	reset  string
}

func (w indented) line(s string) {
	w.b.WriteString(w.prefix + w.reset + s + w.reset + w.prefix + w.reset + "\n" + w.reset)
}

func (t *multiTable) renderSection(b *strings.Builder, s *section, maxW int) {
	w := indented{b, strings.Repeat(t.style.indentChar(), s.indent), t.reset}
	maxW -= 2 * s.indent
	if s.title != "" {
		w.line(centerText(s.title, maxW, "|", "|", textWidth(s.title)))
		if len(s.headers) == 0 && len(s.rows) == 0 {
			w.line("+" + strings.Repeat("-", maxW-2) + "+")
		}
	}
	if len(s.headers) > 0 {
		widths := s.columnWidths(4, maxW, true)
		var cur strings.Builder
		for i, h := range s.headers {
			if i >= len(widths) {
				break
			}
			left := ""
			if i == 0 {
				left = "|"
			}
			cur.WriteString(centerText(h, widths[i], left, "|", textWidth(h)))
		}
		w.line(lineBreak(widths))
		w.line(cur.String())
	}
	if len(s.rows) == 0 {
		return
	}
	widths := s.columnWidths(4, maxW, true)
	if len(widths) == 0 {
		return
	}
	w.line(lineBreak(widths))
	for _, row := range s.rows {
		var cur strings.Builder
		for i, e := range row {
			if i >= len(widths) {
				break
			}
			left := ""
			if i == 0 {
				left = "|"
			}
			cur.WriteString(alignLeft(t.style.row(e), widths[i], left, "|", textWidth(e)))
		}
		w.line(cur.String())
	}
	w.line(lineBreak(widths))
}

func lineBreak(widths []int) string {
	var b strings.Builder
	for i, w := range widths {
		if i == 0 {
			b.WriteString("+" + strings.Repeat("-", max(w-2, 0)) + "+")
		} else {
			b.WriteString(strings.Repeat("-", max(w-1, 0)) + "+")
		}
	}
	return b.String()
}
