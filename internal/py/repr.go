package py

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/cosell/cosell"
)

// Value is a Python object that a cosell document cannot hold (bytes, a
// datetime): it prints itself.
type Value interface {
	PyRepr() string     // repr(v)
	PyStr() string      // str(v)
	PyTypeName() string // type(v).__name__ with its module, e.g. "datetime.date"
}

var intText = regexp.MustCompile(`^-?[0-9]+$`)

// IsInt reports whether a number is a Python int (written as an integer),
// else a float.
func IsInt(n cosell.Number) bool { return intText.MatchString(string(n)) }

// Str is Python's str(v).
func Str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case Value:
		return v.PyStr()
	}
	return Repr(v)
}

// Repr is Python's repr(v).
func Repr(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case string:
		return StrRepr(v)
	case cosell.Number:
		return NumberRepr(v)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = Repr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case cosell.Object:
		parts := make([]string, len(v))
		for i, f := range v {
			parts[i] = StrRepr(f.Name) + ": " + Repr(f.Value)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case Value:
		return v.PyRepr()
	}
	return fmt.Sprint(v)
}

// TypeName is the name of v's Python class (with its module for a Value),
// e.g. "list", "datetime.date".
func TypeName(v any) string {
	name := "object"
	switch v := v.(type) {
	case nil:
		name = "NoneType"
	case bool:
		name = "bool"
	case string:
		name = "str"
	case cosell.Number:
		name = "float"
		if IsInt(v) {
			name = "int"
		}
	case []any:
		name = "list"
	case cosell.Object:
		name = "dict"
	case Value:
		name = v.PyTypeName()
	}
	return name
}

// ClassStr is Python's str(type(v)), as botocore prints it: "<class 'int'>".
func ClassStr(v any) string { return "<class '" + TypeName(v) + "'>" }

// NumberRepr prints a JSON or YAML number the way Python prints the int or
// float it decodes to.
func NumberRepr(n cosell.Number) string {
	s := string(n)
	if IsInt(n) {
		neg := strings.HasPrefix(s, "-")
		s = strings.TrimLeft(strings.TrimPrefix(s, "-"), "0")
		if s == "" {
			return "0"
		}
		if neg {
			s = "-" + s
		}
		return s
	}
	switch s {
	case "NaN", "nan":
		return "nan"
	case "Infinity", "inf":
		return "inf"
	case "-Infinity", "-inf":
		return "-inf"
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(f, 0) {
		return s
	}
	return FloatRepr(f)
}

// FloatRepr is Python's repr(float): the shortest round-tripping digits,
// positional when the decimal exponent is in [-4, 16), else d.ddde±XX.
func FloatRepr(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // -d.ddde±XX
	mant, expText, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expText)
	decpt := exp + 1
	if decpt > -4 && decpt <= 16 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	sign := "+"
	if exp < 0 {
		sign, exp = "-", -exp
	}
	return fmt.Sprintf("%se%s%02d", mant, sign, exp)
}

// StrRepr is Python's repr(str).
func StrRepr(s string) string {
	quote := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		quote = '"'
	}
	var b strings.Builder
	b.WriteByte(quote)
	for _, r := range s {
		switch {
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
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
	b.WriteByte(quote)
	return b.String()
}

// IsSpace is Python's str.isspace for one character (what str.strip(),
// float() and the \s of a Unicode regex use).
func IsSpace(r rune) bool {
	switch {
	case r >= '\t' && r <= '\r', r >= 0x1c && r <= 0x20, r == 0x85, r == 0xa0, r == 0x1680,
		r >= 0x2000 && r <= 0x200a, r == 0x2028, r == 0x2029, r == 0x202f, r == 0x205f, r == 0x3000:
		return true
	}
	return false
}

// Strip is Python's str.strip() with no argument.
func Strip(s string) string { return strings.TrimFunc(s, IsSpace) }
