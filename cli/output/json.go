package output

import (
	"strconv"
	"strings"

	"github.com/cosell/cosell"
)

// writeJSON renders json.dumps(v, indent=4, ensure_ascii=False) plus a
// newline (spec §12 json): ", " never appears because indent puts every
// item on its own line; ": " separates keys; UTF-8 is written raw.
func writeJSON(b *strings.Builder, v any) {
	encodeJSON(b, v, 0)
	b.WriteByte('\n')
}

func encodeJSON(b *strings.Builder, v any, depth int) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		if v {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case string:
		jsonString(b, v)
	case cosell.Number:
		b.WriteString(parseNumber(v).json())
	case DateTime:
		jsonString(b, v.isoformat('T'))
	case cosell.Object:
		if len(v) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteByte('{')
		for i, f := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(b, depth+1)
			jsonString(b, f.Name)
			b.WriteString(": ")
			encodeJSON(b, f.Value, depth+1)
		}
		newline(b, depth)
		b.WriteByte('}')
	case []any:
		if len(v) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(b, depth+1)
			encodeJSON(b, e, depth+1)
		}
		newline(b, depth)
		b.WriteByte(']')
	}
}

func newline(b *strings.Builder, depth int) {
	b.WriteByte('\n')
	for i := 0; i < depth; i++ {
		b.WriteString("    ")
	}
}

// jsonString is Python's py_encode_basestring: only '"', '\\' and control
// characters below U+0020 are escaped.
func jsonString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 {
				h := strconv.FormatInt(int64(r), 16)
				b.WriteString(`\u` + strings.Repeat("0", 4-len(h)) + h)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}

// jsonLine is json.dumps(v, ensure_ascii=False) of a scalar, as the yaml
// format prints a scalar result (spec §15).
func jsonLine(b *strings.Builder, v any) {
	encodeJSON(b, v, 0)
	b.WriteByte('\n')
}
