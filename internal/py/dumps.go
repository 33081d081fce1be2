package py

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/cosell/cosell"
)

// Encoder is Python's json.dumps with its parameters. Members are written
// in document order.
type Encoder struct {
	// Indent is Python's indent as a string: "" (indent=None) writes
	// everything on one line; otherwise every item is on its own line,
	// indented by Indent per level, and empty containers stay "{}", "[]".
	Indent string
	// ItemSep and KeySep are Python's separators.
	ItemSep, KeySep string
	// EnsureASCII is ensure_ascii: everything outside space..~ as \uXXXX
	// (lower-case hex, surrogate pairs above U+FFFF).
	EnsureASCII bool
	// Default is Python's default=: it turns a value that is not a
	// document into the string written for it. Without it, or when it
	// returns false, the value is written as the string of fmt.Sprint.
	Default func(v any) (string, bool)
}

// Append appends the JSON text of v to dst.
func (e *Encoder) Append(dst []byte, v any) []byte {
	return e.value(dst, v, 0)
}

func (e *Encoder) value(b []byte, v any, depth int) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		return strconv.AppendBool(b, v)
	case string:
		return AppendString(b, v, e.EnsureASCII)
	case cosell.Number:
		return append(b, NumberJSON(v)...)
	case cosell.Object:
		if len(v) == 0 {
			return append(b, "{}"...)
		}
		b = append(b, '{')
		for i, f := range v {
			b = e.item(b, i, depth+1)
			b = AppendString(b, f.Name, e.EnsureASCII)
			b = append(b, e.KeySep...)
			b = e.value(b, f.Value, depth+1)
		}
		return append(e.newline(b, depth), '}')
	case []any:
		if len(v) == 0 {
			return append(b, "[]"...)
		}
		b = append(b, '[')
		for i, x := range v {
			b = e.item(b, i, depth+1)
			b = e.value(b, x, depth+1)
		}
		return append(e.newline(b, depth), ']')
	}
	if e.Default != nil {
		if s, ok := e.Default(v); ok {
			return AppendString(b, s, e.EnsureASCII)
		}
	}
	return AppendString(b, fmt.Sprint(v), e.EnsureASCII)
}

// item writes what comes before the i-th item of a container.
func (e *Encoder) item(b []byte, i, depth int) []byte {
	if i > 0 {
		b = append(b, e.ItemSep...)
	}
	return e.newline(b, depth)
}

func (e *Encoder) newline(b []byte, depth int) []byte {
	if e.Indent == "" {
		return b
	}
	b = append(b, '\n')
	for range depth {
		b = append(b, e.Indent...)
	}
	return b
}

// NumberJSON is json.dumps of the int or float a number decodes to.
func NumberJSON(n cosell.Number) string {
	switch s := NumberRepr(n); s {
	case "nan":
		return "NaN"
	case "inf":
		return "Infinity"
	case "-inf":
		return "-Infinity"
	default:
		return s
	}
}

// AppendString appends s as a JSON string. With ensureASCII it is Python's
// py_encode_basestring_ascii: a lone surrogate in WTF-8 (from a JSON
// \ud800 escape, see LoadsOptions) is written back as its escape, a byte
// that is not UTF-8 as \udcXX (Python's surrogateescape). Without, it is
// py_encode_basestring: only '"', '\\' and control characters below U+0020
// are escaped, the rest is written as UTF-8 (a byte that is not UTF-8 as
// U+FFFD).
func AppendString(b []byte, s string, ensureASCII bool) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if ensureASCII && r == utf8.RuneError && size == 1 {
			if i+2 < len(s) && s[i] == 0xed && s[i+1] >= 0xa0 && s[i+1] <= 0xbf && s[i+2] >= 0x80 && s[i+2] <= 0xbf {
				b = appendEscape(b, 0xd000|rune(s[i+1]&0x3f)<<6|rune(s[i+2]&0x3f))
				i += 3
				continue
			}
			b = appendEscape(b, 0xdc00|rune(s[i]))
			i++
			continue
		}
		i += size
		switch {
		case r == '"':
			b = append(b, `\"`...)
		case r == '\\':
			b = append(b, `\\`...)
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\r':
			b = append(b, `\r`...)
		case r == '\t':
			b = append(b, `\t`...)
		case r == '\b':
			b = append(b, `\b`...)
		case r == '\f':
			b = append(b, `\f`...)
		case r < 0x20:
			b = appendEscape(b, r)
		case r <= '~' || !ensureASCII:
			b = utf8.AppendRune(b, r)
		case r > 0xffff:
			r -= 0x10000
			b = appendEscape(appendEscape(b, 0xd800+(r>>10)), 0xdc00+(r&0x3ff))
		default:
			b = appendEscape(b, r)
		}
	}
	return append(b, '"')
}

// appendEscape appends \uXXXX in lower-case hex.
func appendEscape(b []byte, r rune) []byte {
	const hex = "0123456789abcdef"
	return append(b, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
}
