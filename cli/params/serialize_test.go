package params

import (
	"strings"
	"testing"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/py"
)

func TestSerialize(t *testing.T) {
	tests := []struct {
		name string
		doc  any
		want string
	}{
		{"spec example", o("Catalog", "AWS", "Project", o("Title", "é"), "LastModifiedDate", "2024-01-01T00:00:00Z", "Identifier", "O1"),
			`{"Catalog": "AWS", "Project": {"Title": "\u00e9"}, "LastModifiedDate": "2024-01-01T00:00:00Z", "Identifier": "O1"}`},
		{"slash not escaped", "a/b", `"a/b"`},
		{"astral as surrogate pair", "🚀", `"\ud83d\ude80"`},
		{"controls", "\x00\x1f\x7f\b\f\r\n\t", `"\u0000\u001f\u007f\b\f\r\n\t"`},
		{"empty containers", o("A", []any{}, "B", o()), `{"A": [], "B": {}}`},
		{"list separators", []any{"a", nil, true, false, cosell.Number("12")}, `["a", null, true, false, 12]`},
		{"invalid utf-8 byte", "a\xffb", `"a\udcffb"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(Serialize(tt.doc)); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestPyRepr(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"str top level is bare", "it's", "it's"},
		{"list", []any{"a", "b"}, "['a', 'b']"},
		{"quote choice", []any{"it's", `say "x"`, `both ' "`}, `["it's", 'say "x"', 'both \' "']`},
		{"escapes", []any{"a\nb\\\x01é\u00a0🚀"}, `['a\nb\\\x01é\xa0🚀']`},
		{"dict", o("a", "b", "n", nil), "{'a': 'b', 'n': None}"},
		{"bytes", Bytes("a'\x00\xff"), `b"a'\x00\xff"`},
		{"floats", []any{cosell.Number("1e16"), cosell.Number("1e15"), cosell.Number("1.5e-5"), cosell.Number("0.0001"), cosell.Number("-0.0")},
			"[1e+16, 1000000000000000.0, 1.5e-05, 0.0001, -0.0]"},
		{"ints", []any{cosell.Number("-0"), cosell.Number("123")}, "[0, 123]"},
		{"bools", []any{true, false}, "[True, False]"},
		{"date in list", []any{Date{2025, 3, 31}}, "[datetime.date(2025, 3, 31)]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := py.Str(tt.v); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// FuzzShorthand: the parser never panics, and every error is one of the
// documented shorthand errors (spec §5) or a paramfile load error.
func FuzzShorthand(f *testing.F) {
	for _, s := range []string{
		"Title=a", "a=b,c", "a=[b,{c=d}]", "a={b=[c]}", `a='x\'y'`, `a="x`, "a=b,,c", " a=b", "a=🚀",
		"a=b,a=c", "a@=x", "a=[", "a={", "=", ",", "a=b\nc==d", `a='\\'`, "a=b, c=d ,e",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.Contains(s, "file://") || strings.Contains(s, "fileb://") {
			t.Skip("paramfiles read the disk")
		}
		_, err := ParseShorthand(s)
		if err == nil {
			return
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "Expected: '") && !strings.HasPrefix(msg, "Second instance of key \"") {
			t.Fatalf("ParseShorthand(%q): undocumented error %q", s, msg)
		}
	})
}
