package output

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
)

// pyJSONLoads decodes s as Python's json.loads does for the jmespath lexer
// (NaN and Infinity accepted, control characters in strings rejected,
// integers unbounded up to Python's 4300-digit conversion limit). Values
// are nil, bool, string, *big.Int, float64, []any and pyDict. On failure it
// returns the JSONDecodeError message up to its first colon, which is what
// the lexer reports for a bad quoted identifier. A lone UTF-16 surrogate,
// which Python keeps, becomes U+FFFD.
func pyJSONLoads(s string) (any, string) {
	d := &pyJSONDecoder{s: []rune(s)}
	d.ws()
	v, msg := d.value()
	if msg != "" {
		return nil, msg
	}
	d.ws()
	if d.i != len(d.s) {
		return nil, "Extra data"
	}
	return v, ""
}

// pyDict is a decoded JSON object in Python dict order (a repeated key
// keeps its first place and takes its last value).
type pyDict []pyKV

type pyKV struct {
	key   string
	value any
}

type pyJSONDecoder struct {
	s []rune
	i int
}

func (d *pyJSONDecoder) ws() {
	for d.i < len(d.s) && (d.s[d.i] == ' ' || d.s[d.i] == '\t' || d.s[d.i] == '\n' || d.s[d.i] == '\r') {
		d.i++
	}
}

func (d *pyJSONDecoder) hasPrefix(p string) bool {
	return strings.HasPrefix(string(d.s[d.i:min(len(d.s), d.i+len(p))]), p)
}

func (d *pyJSONDecoder) value() (any, string) {
	if d.i >= len(d.s) {
		return nil, "Expecting value"
	}
	for _, c := range []struct {
		text string
		v    any
	}{{"null", nil}, {"true", true}, {"false", false}, {"NaN", math.NaN()}, {"Infinity", math.Inf(1)}, {"-Infinity", math.Inf(-1)}} {
		if d.hasPrefix(c.text) {
			d.i += len(c.text)
			return c.v, ""
		}
	}
	switch d.s[d.i] {
	case '"':
		return d.str()
	case '{':
		return d.object()
	case '[':
		return d.array()
	}
	return d.number()
}

func (d *pyJSONDecoder) number() (any, string) {
	start := d.i
	digits := func() int {
		n := 0
		for d.i < len(d.s) && isPyDigit(d.s[d.i]) {
			d.i++
			n++
		}
		return n
	}
	if d.i < len(d.s) && d.s[d.i] == '-' {
		d.i++
	}
	switch {
	case d.i < len(d.s) && d.s[d.i] >= '1' && d.s[d.i] <= '9':
		digits()
	case d.i < len(d.s) && d.s[d.i] == '0':
		d.i++
	default:
		d.i = start
		return nil, "Expecting value"
	}
	isFloat := false
	if d.i+1 < len(d.s) && d.s[d.i] == '.' && isPyDigit(d.s[d.i+1]) {
		d.i++
		digits()
		isFloat = true
	}
	if d.i < len(d.s) && (d.s[d.i] == 'e' || d.s[d.i] == 'E') {
		save := d.i
		d.i++
		if d.i < len(d.s) && (d.s[d.i] == '+' || d.s[d.i] == '-') {
			d.i++
		}
		if digits() == 0 {
			d.i = save
		} else {
			isFloat = true
		}
	}
	text := string(d.s[start:d.i])
	if isFloat {
		f, _ := strconv.ParseFloat(text, 64) // out of range is ±inf or 0, as in Python
		return f, ""
	}
	if len(strings.TrimPrefix(text, "-")) > 4300 {
		return nil, "Exceeds the limit (4300 digits) for integer string conversion"
	}
	n, _ := new(big.Int).SetString(text, 10)
	return n, ""
}

func (d *pyJSONDecoder) str() (any, string) {
	d.i++ // opening quote
	var b []rune
	for {
		if d.i >= len(d.s) {
			return nil, "Unterminated string starting at"
		}
		c := d.s[d.i]
		switch {
		case c == '"':
			d.i++
			return string(b), ""
		case c < 0x20:
			return nil, "Invalid control character at"
		case c != '\\':
			b = append(b, c)
			d.i++
			continue
		}
		d.i++
		if d.i >= len(d.s) {
			return nil, "Unterminated string starting at"
		}
		esc := d.s[d.i]
		d.i++
		if simple, ok := map[rune]rune{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}[esc]; ok {
			b = append(b, simple)
			continue
		}
		if esc != 'u' {
			return nil, `Invalid \escape`
		}
		r, ok := d.hex4()
		if !ok {
			return nil, `Invalid \uXXXX escape`
		}
		// A high surrogate followed by \uXXXX (and at least one more
		// character) pairs with it when that is a low surrogate.
		if utf16.IsSurrogate(r) && r < 0xdc00 && d.i+6 < len(d.s) && d.s[d.i] == '\\' && d.s[d.i+1] == 'u' {
			d.i += 2
			r2, ok := d.hex4()
			if !ok {
				return nil, `Invalid \uXXXX escape`
			}
			if r2 >= 0xdc00 && r2 <= 0xdfff {
				r = utf16.DecodeRune(r, r2)
			} else {
				d.i -= 6 // read again as an escape of its own
			}
		}
		if utf16.IsSurrogate(r) {
			r = unicode.ReplacementChar
		}
		b = append(b, r)
	}
}

// hex4 reads the four hex digits of a \u escape; fewer than four characters
// before the end of the text is an error too.
func (d *pyJSONDecoder) hex4() (rune, bool) {
	if d.i+4 >= len(d.s) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(d.s[d.i:d.i+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	d.i += 4
	return rune(n), true
}

func (d *pyJSONDecoder) object() (any, string) {
	d.i++
	obj := pyDict{}
	d.ws()
	if d.i < len(d.s) && d.s[d.i] == '}' {
		d.i++
		return obj, ""
	}
	for {
		if d.i >= len(d.s) || d.s[d.i] != '"' {
			return nil, "Expecting property name enclosed in double quotes"
		}
		k, msg := d.str()
		if msg != "" {
			return nil, msg
		}
		d.ws()
		if d.i >= len(d.s) || d.s[d.i] != ':' {
			return nil, "Expecting ':' delimiter"
		}
		d.i++
		d.ws()
		v, msg := d.value()
		if msg != "" {
			return nil, msg
		}
		obj = obj.set(k.(string), v)
		d.ws()
		if d.i < len(d.s) && d.s[d.i] == '}' {
			d.i++
			return obj, ""
		}
		if d.i >= len(d.s) || d.s[d.i] != ',' {
			return nil, "Expecting ',' delimiter"
		}
		d.i++
		d.ws()
	}
}

func (o pyDict) set(k string, v any) pyDict {
	for i := range o {
		if o[i].key == k {
			o[i].value = v
			return o
		}
	}
	return append(o, pyKV{k, v})
}

func (d *pyJSONDecoder) array() (any, string) {
	d.i++
	arr := []any{}
	d.ws()
	if d.i < len(d.s) && d.s[d.i] == ']' {
		d.i++
		return arr, ""
	}
	for {
		v, msg := d.value()
		if msg != "" {
			return nil, msg
		}
		arr = append(arr, v)
		d.ws()
		if d.i < len(d.s) && d.s[d.i] == ']' {
			d.i++
			return arr, ""
		}
		if d.i >= len(d.s) || d.s[d.i] != ',' {
			return nil, "Expecting ',' delimiter"
		}
		d.i++
		d.ws()
	}
}

// pyValueStr is Python's str() of a token value (what ParseError prints).
func pyValueStr(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return pyValueRepr(v)
}

// pyValueRepr is Python's repr() of a decoded JSON value or token value.
func pyValueRepr(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case string:
		return pyQuote(v)
	case *big.Int:
		return v.String()
	case float64:
		switch {
		case math.IsInf(v, 1):
			return "inf"
		case math.IsInf(v, -1):
			return "-inf"
		case math.IsNaN(v):
			return "nan"
		}
		return floatRepr(v)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = pyValueRepr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case pyDict:
		parts := make([]string, len(v))
		for i, kv := range v {
			parts[i] = pyQuote(kv.key) + ": " + pyValueRepr(kv.value)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

// pyQuote is Python's repr(str).
func pyQuote(s string) string {
	quote := '\''
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		quote = '"'
	}
	var b strings.Builder
	b.WriteRune(quote)
	for _, r := range s {
		switch {
		case r == quote || r == '\\':
			b.WriteRune('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x7f || unicode.IsPrint(r):
			b.WriteRune(r)
		case r <= 0xff:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	b.WriteRune(quote)
	return b.String()
}
