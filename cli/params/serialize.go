package params

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/cosell/cosell"
)

// Serialize writes a request document as the AWS CLI's JSON serializer does
// (spec §10): Python json.dumps with its default ", " and ": " separators,
// ensure_ascii (everything outside space..~ as \uXXXX, lower-case hex,
// surrogate pairs above U+FFFF), "/" not escaped, members in document order.
// Timestamps must already be in wire form (NormalizeTimestamps).
func Serialize(doc any) []byte {
	var b bytes.Buffer
	writePy(&b, doc)
	return b.Bytes()
}

func writePy(b *bytes.Buffer, v any) {
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
		writePyString(b, v)
	case Bytes:
		writePyString(b, string(v))
	case cosell.Number:
		switch s := pyNumberRepr(v); s {
		case "nan":
			b.WriteString("NaN")
		case "inf":
			b.WriteString("Infinity")
		case "-inf":
			b.WriteString("-Infinity")
		default:
			b.WriteString(s)
		}
	case cosell.Object:
		b.WriteByte('{')
		for i, f := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			writePyString(b, f.Name)
			b.WriteString(": ")
			writePy(b, f.Value)
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			writePy(b, e)
		}
		b.WriteByte(']')
	case Date:
		writePyString(b, pyStr(v))
	case DateTime:
		writePyString(b, FormatWire(v.Time))
	default:
		writePyString(b, fmt.Sprint(v))
	}
}

func writePyString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			// A lone surrogate in WTF-8 (from a JSON \ud800 escape), else a
			// byte that is not UTF-8, which Python holds as \udcXX.
			if i+2 < len(s) && s[i] == 0xed && s[i+1] >= 0xa0 && s[i+1] <= 0xbf && s[i+2] >= 0x80 && s[i+2] <= 0xbf {
				fmt.Fprintf(b, `\u%04x`, 0xd000|rune(s[i+1]&0x3f)<<6|rune(s[i+2]&0x3f))
				i += 3
				continue
			}
			fmt.Fprintf(b, `\udc%02x`, s[i])
			i++
			continue
		}
		i += size
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r >= ' ' && r <= '~':
			b.WriteRune(r)
		case r > 0xffff:
			r -= 0x10000
			fmt.Fprintf(b, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
		default:
			fmt.Fprintf(b, `\u%04x`, r)
		}
	}
	b.WriteByte('"')
}
