package params

import (
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/cosell/cosell"
)

// parsePyJSON decodes JSON like Python's json.loads(s,
// object_pairs_hook=OrderedDict): NaN, Infinity and -Infinity are accepted,
// a repeated key keeps its first position and last value, and errors carry
// Python's messages ("Expecting value: line 1 column 1 (char 0)"), which the
// AWS CLI prints after "Invalid JSON: " (spec §3, §6, §9).
func parsePyJSON(s string) (any, error) {
	d := &pyJSON{in: []rune(s)}
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

// pyJSONError is json.JSONDecodeError.
type pyJSONError struct{ msg string }

func (e *pyJSONError) Error() string { return e.msg }

type pyJSON struct {
	in []rune
	i  int
}

func (d *pyJSON) errorAt(msg string, pos int) error {
	line := 1
	col := pos + 1
	for k := 0; k < pos && k < len(d.in); k++ {
		if d.in[k] == '\n' {
			line++
			col = pos - k
		}
	}
	return &pyJSONError{fmt.Sprintf("%s: line %d column %d (char %d)", msg, line, col, pos)}
}

func (d *pyJSON) ws() {
	for d.i < len(d.in) && strings.ContainsRune(" \t\n\r", d.in[d.i]) {
		d.i++
	}
}

func (d *pyJSON) has(lit string) bool {
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
func (d *pyJSON) value(depth int) (any, bool, error) {
	if d.i >= len(d.in) {
		return nil, false, nil
	}
	if depth > 500 {
		return nil, false, &pyJSONError{"maximum recursion depth exceeded while decoding a JSON document"}
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
func (d *pyJSON) number() (any, bool, error) {
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
	if j+1 < len(d.in) && d.in[j] == '.' && isDigit(d.in[j+1]) {
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
		}
	}
	n := cosell.Number(string(d.in[d.i:j]))
	d.i = j
	return n, true, nil
}

// str scans a string in strict mode (control characters are errors).
func (d *pyJSON) str() (string, error) {
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
		if utf16.IsSurrogate(rune(u)) && u < 0xdc00 && d.i+1 < len(d.in) && d.in[d.i] == '\\' && d.in[d.i+1] == 'u' {
			lo, ok := d.hex4(d.i + 2)
			if !ok {
				return "", d.errorAt("Invalid \\uXXXX escape", d.i+1)
			}
			if lo >= 0xdc00 && lo <= 0xdfff {
				b.WriteRune(utf16.DecodeRune(rune(u), rune(lo)))
				d.i += 6
				continue
			}
		}
		writeCodePoint(&b, rune(u))
	}
}

// writeCodePoint writes r; a lone surrogate (which Python keeps in a str) is
// written as its 3-byte WTF-8 form so Serialize can escape it back.
func writeCodePoint(b *strings.Builder, r rune) {
	if utf16.IsSurrogate(r) {
		b.Write([]byte{0xed, byte(0xa0 | (r>>6)&0x1f), byte(0x80 | r&0x3f)})
		return
	}
	b.WriteRune(r)
}

func (d *pyJSON) hex4(at int) (int, bool) {
	if at+4 > len(d.in) {
		return 0, false
	}
	n := 0
	for _, c := range d.in[at : at+4] {
		n <<= 4
		switch {
		case isDigit(c):
			n |= int(c - '0')
		case c >= 'a' && c <= 'f':
			n |= int(c-'a') + 10
		case c >= 'A' && c <= 'F':
			n |= int(c-'A') + 10
		default:
			return 0, false
		}
	}
	return n, true
}

func (d *pyJSON) object(depth int) (any, error) {
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

func (d *pyJSON) array(depth int) (any, error) {
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
