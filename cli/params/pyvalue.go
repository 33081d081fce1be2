package params

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cosell/cosell"
)

// The AWS CLI is Python: before validation a document may hold values that
// JSON cannot. They are represented by these types; the other values are the
// cosell document ones (nil, bool, string, cosell.Number, []any,
// cosell.Object). A cosell.Number is a Python int when it is written as an
// integer and a Python float otherwise.

// Bytes is Python bytes: the content of a fileb:// paramfile (spec §4).
type Bytes []byte

// Date is Python datetime.date: a YAML date such as 2025-03-31 (spec §15).
type Date struct{ Year, Month, Day int }

// DateTime is Python datetime.datetime: a YAML timestamp (spec §15). A naive
// one (no zone in the YAML) has Aware false and its wall clock in Time.
type DateTime struct {
	Time  time.Time
	Aware bool
}

var pyIntText = regexp.MustCompile(`^-?[0-9]+$`)

// isPyInt reports whether a number is a Python int (else a float).
func isPyInt(n cosell.Number) bool { return pyIntText.MatchString(string(n)) }

// pyTypeName is Python's str(type(v)), as botocore prints it.
func pyTypeName(v any) string {
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
		if isPyInt(v) {
			name = "int"
		}
	case []any:
		name = "list"
	case cosell.Object:
		name = "dict"
	case Bytes:
		name = "bytes"
	case Date:
		name = "datetime.date"
	case DateTime:
		name = "datetime.datetime"
	}
	return "<class '" + name + "'>"
}

// pyStr is Python's str(v): what botocore's f-strings print.
func pyStr(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case Date:
		return fmt.Sprintf("%04d-%02d-%02d", v.Year, v.Month, v.Day)
	case DateTime:
		return pyDateTimeStr(v)
	}
	return pyRepr(v)
}

// pyRepr is Python's repr(v).
func pyRepr(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case string:
		return pyStrRepr(v)
	case cosell.Number:
		return pyNumberRepr(v)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = pyRepr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case cosell.Object:
		parts := make([]string, len(v))
		for i, f := range v {
			parts[i] = pyStrRepr(f.Name) + ": " + pyRepr(f.Value)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case Bytes:
		return pyBytesRepr(v)
	case Date:
		return fmt.Sprintf("datetime.date(%d, %d, %d)", v.Year, v.Month, v.Day)
	case DateTime:
		t := v.Time
		s := fmt.Sprintf("datetime.datetime(%d, %d, %d, %d, %d", t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute())
		if t.Second() != 0 || t.Nanosecond() >= 1000 {
			s += fmt.Sprintf(", %d", t.Second())
		}
		if us := t.Nanosecond() / 1000; us != 0 {
			s += fmt.Sprintf(", %d", us)
		}
		if v.Aware {
			_, off := t.Zone()
			if off == 0 {
				s += ", tzinfo=datetime.timezone.utc"
			} else {
				s += fmt.Sprintf(", tzinfo=datetime.timezone(datetime.timedelta(seconds=%d))", off)
			}
		}
		return s + ")"
	}
	return fmt.Sprint(v)
}

func pyDateTimeStr(v DateTime) string {
	t := v.Time
	s := t.Format("2006-01-02 15:04:05")
	if us := t.Nanosecond() / 1000; us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	if v.Aware {
		s += pyOffset(t)
	}
	return s
}

// pyOffset is the +HH:MM form of isoformat() and str(datetime).
func pyOffset(t time.Time) string {
	_, off := t.Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	s := fmt.Sprintf("%c%02d:%02d", sign, off/3600, off/60%60)
	if off%60 != 0 {
		s += fmt.Sprintf(":%02d", off%60)
	}
	return s
}

// pyNumberRepr prints a JSON or YAML number the way Python prints the int
// or float it decodes to.
func pyNumberRepr(n cosell.Number) string {
	s := string(n)
	if isPyInt(n) {
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
	return pyFloatRepr(f)
}

// pyFloatRepr is Python's repr(float): the shortest round-tripping digits,
// positional when the decimal exponent is in [-4, 16), else d.ddde±XX.
func pyFloatRepr(f float64) string {
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

// pyStrRepr is Python's repr(str).
func pyStrRepr(s string) string {
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

// pyBytesRepr is Python's repr(bytes).
func pyBytesRepr(p []byte) string {
	quote := byte('\'')
	if strings.ContainsRune(string(p), '\'') && !strings.ContainsRune(string(p), '"') {
		quote = '"'
	}
	var b strings.Builder
	b.WriteString("b")
	b.WriteByte(quote)
	for _, c := range p {
		switch {
		case c == quote || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// pyIsSpace is Python's str.isspace for one character (what str.strip(),
// float() and the \s of a Unicode regex use).
func pyIsSpace(r rune) bool {
	switch {
	case r >= '\t' && r <= '\r', r >= 0x1c && r <= 0x20, r == 0x85, r == 0xa0, r == 0x1680,
		r >= 0x2000 && r <= 0x200a, r == 0x2028, r == 0x2029, r == 0x202f, r == 0x205f, r == 0x3000:
		return true
	}
	return false
}

// pyStrip is Python's str.strip() with no argument.
func pyStrip(s string) string { return strings.TrimFunc(s, pyIsSpace) }

// pyRepr of a filename in an OSError: Python's repr of the path.
func pyPathRepr(p string) string {
	if !utf8.ValidString(p) {
		p = strings.ToValidUTF8(p, "\ufffd")
	}
	return pyStrRepr(p)
}
