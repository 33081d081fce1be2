// Package py holds what cosell needs of Python's behaviour to print what the
// AWS CLI (a Python program) prints: json.loads, json.dumps, repr() and
// str() of the values they produce. Values are cosell documents (nil, bool,
// string, cosell.Number, []any, cosell.Object) plus any type implementing
// Value.
package py

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/cosell/cosell"
)

// LoadsOptions are the ways cosell's callers of json.loads differ.
type LoadsOptions struct {
	// MaxDepth, when above zero, fails a value nested deeper than it with
	// Python's RecursionError text.
	MaxDepth int
	// ReplaceLoneSurrogates decodes an unpaired \uD800-\uDFFF escape as
	// U+FFFD. Otherwise it is kept, as Python keeps it in a str, in its
	// 3-byte WTF-8 form, which EncodeString writes back as the escape.
	ReplaceLoneSurrogates bool
}

// Error is a failure of Loads; Error() is Python's str() of the exception
// (json.JSONDecodeError with its position, or the ValueError of an integer
// longer than the conversion limit).
type Error struct{ msg string }

func (e *Error) Error() string { return e.msg }

// maxIntDigits is Python's default sys.get_int_max_str_digits(): json.loads
// refuses longer integers.
const maxIntDigits = 4300

// Loads decodes s like CPython's json.loads(s, object_pairs_hook=OrderedDict)
// with the C scanner: NaN, Infinity and -Infinity are accepted; control
// characters in strings are errors; a repeated key keeps its first position
// and its last value; numbers are kept as their text (cosell.Number), an
// integer of more than 4300 digits is an error. The \uXXXX rules are the
// C scanner's (checked against AWS CLI v2): an escape needs one more
// character after its four digits, and a high surrogate pairs with a
// following \uXXXX only when at least one character follows that.
func Loads(s string, opt LoadsOptions) (any, error) {
	d := &decoder{in: []rune(s), opt: opt}
	if len(d.in) > 0 && d.in[0] == '\ufeff' {
		return nil, d.errorAt("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0)
	}
	d.ws()
	v, ok, err := d.value(0)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, d.errorAt("Expecting value", d.i)
	}
	d.ws()
	if d.i != len(d.in) {
		return nil, d.errorAt("Extra data", d.i)
	}
	return v, nil
}

type decoder struct {
	in  []rune
	i   int
	opt LoadsOptions
}

// errorAt is a JSONDecodeError: the message, then the line and column
// (1-based) and the offset in characters of pos.
func (d *decoder) errorAt(msg string, pos int) error {
	line := 1
	col := pos + 1
	for k := 0; k < pos && k < len(d.in); k++ {
		if d.in[k] == '\n' {
			line++
			col = pos - k
		}
	}
	return &Error{fmt.Sprintf("%s: line %d column %d (char %d)", msg, line, col, pos)}
}

func (d *decoder) ws() {
	for d.i < len(d.in) && strings.ContainsRune(" \t\n\r", d.in[d.i]) {
		d.i++
	}
}

func (d *decoder) has(lit string) bool {
	r := []rune(lit)
	if d.i+len(r) > len(d.in) {
		return false
	}
	for k, c := range r {
		if d.in[d.i+k] != c {
			return false
		}
	}
	return true
}

// value scans one value at d.i; ok is false when none starts there
// (Python's StopIteration, reported by the caller as "Expecting value").
func (d *decoder) value(depth int) (any, bool, error) {
	if d.i >= len(d.in) {
		return nil, false, nil
	}
	if d.opt.MaxDepth > 0 && depth > d.opt.MaxDepth {
		return nil, false, &Error{"maximum recursion depth exceeded while decoding a JSON document"}
	}
	switch c := d.in[d.i]; {
	case c == '"':
		s, err := d.str()
		return s, true, err
	case c == '{':
		v, err := d.object(depth)
		return v, true, err
	case c == '[':
		v, err := d.array(depth)
		return v, true, err
	case c == 'n' && d.has("null"):
		d.i += 4
		return nil, true, nil
	case c == 't' && d.has("true"):
		d.i += 4
		return true, true, nil
	case c == 'f' && d.has("false"):
		d.i += 5
		return false, true, nil
	case c == 'N' && d.has("NaN"):
		d.i += 3
		return cosell.Number("NaN"), true, nil
	case c == 'I' && d.has("Infinity"):
		d.i += 8
		return cosell.Number("Infinity"), true, nil
	case c == '-' && d.has("-Infinity"):
		d.i += 9
		return cosell.Number("-Infinity"), true, nil
	}
	return d.number()
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// number matches (-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?.
func (d *decoder) number() (any, bool, error) {
	j := d.i
	if j < len(d.in) && d.in[j] == '-' {
		j++
	}
	switch {
	case j < len(d.in) && d.in[j] == '0':
		j++
	case j < len(d.in) && d.in[j] >= '1' && d.in[j] <= '9':
		for j < len(d.in) && isDigit(d.in[j]) {
			j++
		}
	default:
		return nil, false, nil
	}
	isInt := true
	if j+1 < len(d.in) && d.in[j] == '.' && isDigit(d.in[j+1]) {
		isInt = false
		j += 2
		for j < len(d.in) && isDigit(d.in[j]) {
			j++
		}
	}
	if j < len(d.in) && (d.in[j] == 'e' || d.in[j] == 'E') {
		k := j + 1
		if k < len(d.in) && (d.in[k] == '+' || d.in[k] == '-') {
			k++
		}
		if k < len(d.in) && isDigit(d.in[k]) {
			for k < len(d.in) && isDigit(d.in[k]) {
				k++
			}
			j = k
			isInt = false
		}
	}
	text := string(d.in[d.i:j])
	if n := len(strings.TrimPrefix(text, "-")); isInt && n > maxIntDigits {
		return nil, false, &Error{fmt.Sprintf("Exceeds the limit (%d digits) for integer string conversion: value has %d digits; use sys.set_int_max_str_digits() to increase the limit", maxIntDigits, n)}
	}
	d.i = j
	return cosell.Number(text), true, nil
}

// str scans a string in strict mode (control characters are errors).
func (d *decoder) str() (string, error) {
	begin := d.i
	d.i++
	var b strings.Builder
	for {
		if d.i >= len(d.in) {
			return "", d.errorAt("Unterminated string starting at", begin)
		}
		c := d.in[d.i]
		switch {
		case c == '"':
			d.i++
			return b.String(), nil
		case c < 0x20:
			return "", d.errorAt("Invalid control character at", d.i)
		case c != '\\':
			b.WriteRune(c)
			d.i++
			continue
		}
		// Escape.
		if d.i+1 >= len(d.in) {
			return "", d.errorAt("Unterminated string starting at", begin)
		}
		esc := d.in[d.i+1]
		if esc != 'u' {
			r, ok := map[rune]rune{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}[esc]
			if !ok {
				return "", d.errorAt("Invalid \\escape", d.i)
			}
			b.WriteRune(r)
			d.i += 2
			continue
		}
		u, ok := d.hex4(d.i + 2)
		if !ok {
			return "", d.errorAt("Invalid \\uXXXX escape", d.i+1)
		}
		d.i += 6
		if utf16.IsSurrogate(u) && u < 0xdc00 && d.i+6 < len(d.in) && d.in[d.i] == '\\' && d.in[d.i+1] == 'u' {
			lo, ok := d.hex4(d.i + 2)
			if !ok {
				return "", d.errorAt("Invalid \\uXXXX escape", d.i+1)
			}
			if lo >= 0xdc00 && lo <= 0xdfff {
				b.WriteRune(utf16.DecodeRune(u, lo))
				d.i += 6
				continue
			}
		}
		d.writeCodePoint(&b, u)
	}
}

// writeCodePoint writes r; a lone surrogate as LoadsOptions says.
func (d *decoder) writeCodePoint(b *strings.Builder, r rune) {
	switch {
	case !utf16.IsSurrogate(r):
		b.WriteRune(r)
	case d.opt.ReplaceLoneSurrogates:
		b.WriteRune(unicode.ReplacementChar)
	default:
		b.Write([]byte{0xed, byte(0xa0 | (r>>6)&0x1f), byte(0x80 | r&0x3f)})
	}
}

// hex4 reads the four hex digits of a \u escape at at; as in the C scanner,
// they must not be the last characters of the text.
func (d *decoder) hex4(at int) (rune, bool) {
	if at+4 >= len(d.in) {
		return 0, false
	}
	var n rune
	for _, c := range d.in[at : at+4] {
		n <<= 4
		switch {
		case isDigit(c):
			n |= c - '0'
		case c >= 'a' && c <= 'f':
			n |= c - 'a' + 10
		case c >= 'A' && c <= 'F':
			n |= c - 'A' + 10
		default:
			return 0, false
		}
	}
	return n, true
}

func (d *decoder) object(depth int) (any, error) {
	d.i++
	obj := cosell.Object{}
	d.ws()
	if d.i < len(d.in) && d.in[d.i] == '}' {
		d.i++
		return obj, nil
	}
	for {
		if d.i >= len(d.in) || d.in[d.i] != '"' {
			return nil, d.errorAt("Expecting property name enclosed in double quotes", d.i)
		}
		key, err := d.str()
		if err != nil {
			return nil, err
		}
		d.ws()
		if d.i >= len(d.in) || d.in[d.i] != ':' {
			return nil, d.errorAt("Expecting ':' delimiter", d.i)
		}
		d.i++
		d.ws()
		v, ok, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, d.errorAt("Expecting value", d.i)
		}
		obj.Set(key, v)
		d.ws()
		if d.i < len(d.in) && d.in[d.i] == '}' {
			d.i++
			return obj, nil
		}
		if d.i >= len(d.in) || d.in[d.i] != ',' {
			return nil, d.errorAt("Expecting ',' delimiter", d.i)
		}
		d.i++
		d.ws()
	}
}

func (d *decoder) array(depth int) (any, error) {
	d.i++
	arr := []any{}
	d.ws()
	if d.i < len(d.in) && d.in[d.i] == ']' {
		d.i++
		return arr, nil
	}
	for {
		v, ok, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, d.errorAt("Expecting value", d.i)
		}
		arr = append(arr, v)
		d.ws()
		if d.i < len(d.in) && d.in[d.i] == ']' {
			d.i++
			return arr, nil
		}
		if d.i >= len(d.in) || d.in[d.i] != ',' {
			return nil, d.errorAt("Expecting ',' delimiter", d.i)
		}
		d.i++
		d.ws()
	}
}
