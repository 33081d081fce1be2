package output

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cosell/cosell"
)

// Timestamp formats (config cli_timestamp_format; spec §15 "Timestamps in
// output").
const (
	TimestampISO8601 = "iso8601" // v2 default: Python isoformat()
	TimestampWire    = "wire"    // as sent on the wire (v1 output)
)

// CheckTimestampFormat rejects a cli_timestamp_format other than wire and
// iso8601 ("" means the default) with v2's text and exit 253 (spec §15).
func CheckTimestampFormat(v string) error {
	if v == "" || v == TimestampISO8601 || v == TimestampWire {
		return nil
	}
	return errorf(253, "\nUnknown cli_timestamp_format value: %s, valid values are \"wire\" or \"iso8601\"\n", v)
}

// Shape keeps only the members s models, in model order, at every depth,
// and drops null members, as botocore's response parser does (spec §11).
// Timestamps are re-rendered in Python isoformat unless timestampFormat is
// "wire". A nil s is an operation without output: the result is empty.
func Shape(doc any, s *cosell.Shape, timestampFormat string) any {
	if s == nil {
		return cosell.Object{}
	}
	if doc == nil && s.Kind == cosell.KindStructure {
		return cosell.Object{}
	}
	return shapeValue(doc, s, timestampFormat != TimestampWire)
}

func shapeValue(v any, s *cosell.Shape, iso bool) any {
	switch s.Kind {
	case cosell.KindStructure:
		obj, ok := v.(cosell.Object)
		if !ok {
			return v
		}
		out := cosell.Object{}
		for _, m := range s.Members {
			mv, ok := obj.Lookup(m.Name)
			if !ok || mv == nil {
				continue
			}
			out = append(out, cosell.Field{Name: m.Name, Value: shapeValue(mv, m.Shape, iso)})
		}
		return out
	case cosell.KindList:
		l, ok := v.([]any)
		if !ok {
			return v
		}
		out := make([]any, len(l))
		for i, e := range l {
			if e != nil {
				e = shapeValue(e, s.Elem, iso)
			}
			out[i] = e
		}
		return out
	case cosell.KindMap:
		// botocore's _handle_map: every key is kept, in the answer's order,
		// and each value is parsed with the value shape.
		obj, ok := v.(cosell.Object)
		if !ok {
			return v
		}
		out := make(cosell.Object, len(obj))
		for i, f := range obj {
			if f.Value != nil {
				f.Value = shapeValue(f.Value, s.Elem, iso)
			}
			out[i] = f
		}
		return out
	case cosell.KindTimestamp:
		if iso {
			if r, ok := isoTimestamp(v); ok {
				return r
			}
		}
	}
	return v
}

// isoTimestamp renders a wire timestamp the way v2's iso8601 parser does:
// botocore parse_timestamp then datetime.isoformat(). A number (or numeric
// string) is epoch seconds in the local zone; an ISO 8601 string keeps its
// offset, and without one stays naive.
func isoTimestamp(v any) (string, bool) {
	var text string
	switch v := v.(type) {
	case cosell.Number:
		text = string(v)
	case string:
		text = v
	default:
		return "", false
	}
	if f, err := strconv.ParseFloat(strings.TrimSpace(text), 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		return isoformat(fromTimestamp(f), true), true
	}
	return parseISO(text)
}

// fromTimestamp is datetime.fromtimestamp(f, tzlocal()): the fraction is
// rounded half-even to microseconds.
func fromTimestamp(f float64) time.Time {
	sec, frac := math.Modf(f)
	us := math.RoundToEven(frac * 1e6)
	if us >= 1e6 {
		sec++
		us -= 1e6
	} else if us < 0 {
		sec--
		us += 1e6
	}
	return time.Unix(int64(sec), int64(us)*1000).In(time.Local)
}

var isoRE = regexp.MustCompile(`^\s*(\d{4})-?(\d{2})-?(\d{2})(?:[Tt ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$`)

// parseISO reads the ISO 8601 forms a service sends (dateutil accepts far
// more; anything else is left as it is).
func parseISO(s string) (string, bool) {
	m := isoRE.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	num := func(i int) int { n, _ := strconv.Atoi(m[i]); return n }
	us := 0
	if m[7] != "" {
		frac := (m[7] + "000000")[:6]
		us, _ = strconv.Atoi(frac)
	}
	loc, aware := time.UTC, false
	switch z := m[8]; {
	case z == "":
	case z == "Z" || z == "z" || z == "UTC" || z == "GMT":
		aware = true
	default:
		aware = true
		d := strings.ReplaceAll(z[1:], ":", "")
		h, _ := strconv.Atoi(d[:2])
		mi := 0
		if len(d) == 4 {
			mi, _ = strconv.Atoi(d[2:])
		}
		off := h*3600 + mi*60
		if z[0] == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
	}
	t := time.Date(num(1), time.Month(num(2)), num(3), num(4), num(5), num(6), us*1000, loc)
	if t.Month() != time.Month(num(2)) || t.Day() != num(3) || num(4) > 23 || num(5) > 59 || num(6) > 59 {
		return "", false
	}
	return isoformat(t, aware), true
}

// isoformat is Python datetime.isoformat(): microseconds only when
// non-zero, the UTC offset as ±HH:MM (±HH:MM:SS when it has seconds) for
// an aware value.
func isoformat(t time.Time, aware bool) string {
	s := t.Format("2006-01-02T15:04:05")
	if us := t.Nanosecond() / 1000; us != 0 {
		s += "." + pad6(us)
	}
	if !aware {
		return s
	}
	_, off := t.Zone()
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	s += sign + two(off/3600) + ":" + two(off%3600/60)
	if off%60 != 0 {
		s += ":" + two(off%60)
	}
	return s
}

func two(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
