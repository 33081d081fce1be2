package params

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cosell/cosell/internal/py"
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

// PyRepr, PyStr and PyTypeName make the Python-only values py.Values.

func (p Bytes) PyRepr() string   { return pyBytesRepr(p) }
func (p Bytes) PyStr() string    { return pyBytesRepr(p) }
func (Bytes) PyTypeName() string { return "bytes" }
func (d Date) PyRepr() string {
	return fmt.Sprintf("datetime.date(%d, %d, %d)", d.Year, d.Month, d.Day)
}
func (d Date) PyStr() string        { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }
func (Date) PyTypeName() string     { return "datetime.date" }
func (v DateTime) PyStr() string    { return pyDateTimeStr(v) }
func (DateTime) PyTypeName() string { return "datetime.datetime" }

func (v DateTime) PyRepr() string {
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

// pyRepr of a filename in an OSError: Python's repr of the path.
func pyPathRepr(p string) string {
	if !utf8.ValidString(p) {
		p = strings.ToValidUTF8(p, "\ufffd")
	}
	return py.StrRepr(p)
}
