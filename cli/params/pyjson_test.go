package params

import (
	"strings"
	"testing"
)

// Messages and positions checked against Python 3.11's json.loads.
func TestParsePyJSONErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "Expecting value: line 1 column 1 (char 0)"},
		{"space", " ", "Expecting value: line 1 column 2 (char 1)"},
		{"open brace", "{", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"},
		{"no colon", `{"a"`, "Expecting ':' delimiter: line 1 column 5 (char 4)"},
		{"no value", `{"a":`, "Expecting value: line 1 column 6 (char 5)"},
		{"no comma", `{"a":1`, "Expecting ',' delimiter: line 1 column 7 (char 6)"},
		{"trailing comma object", `{"a":1,}`, "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)"},
		{"trailing comma array", `[1,]`, "Expecting value: line 1 column 4 (char 3)"},
		{"missing comma array", `[1 2]`, "Expecting ',' delimiter: line 1 column 4 (char 3)"},
		{"bare key", `{a:1}`, "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"},
		{"unterminated", `"abc`, "Unterminated string starting at: line 1 column 1 (char 0)"},
		{"bad escape", `"a\x"`, "Invalid \\escape: line 1 column 3 (char 2)"},
		{"bad unicode escape", `"a\u12"`, "Invalid \\uXXXX escape: line 1 column 4 (char 3)"},
		{"control character", "\"a\nb\"", "Invalid control character at: line 1 column 3 (char 2)"},
		{"extra data", "1.", "Extra data: line 1 column 2 (char 1)"},
		{"extra data after space", "[1] x", "Extra data: line 1 column 5 (char 4)"},
		{"extra data lines", "{\"a\":1}\n\n x", "Extra data: line 3 column 2 (char 10)"},
		{"minus", "-", "Expecting value: line 1 column 1 (char 0)"},
		{"bom", "\ufeff{}", "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)"},
		// CPython's C scanner, as AWS CLI v2 runs it (checked with aws 2.x):
		// a \u escape needs a character after its digits.
		{"unicode escape at end", `{"a": "\u0041`, "Invalid \\uXXXX escape: line 1 column 9 (char 8)"},
		{"surrogate pair at end", `{"a": "\ud83d\ude00`, "Invalid \\uXXXX escape: line 1 column 15 (char 14)"},
		{"integer over 4300 digits", "[" + strings.Repeat("1", 4301) + "]", "Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit"},
		{"characters not bytes", `{"é": 1, "x"}`, "Expecting ':' delimiter: line 1 column 13 (char 12)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parsePyJSON(tt.in, optionJSON)
			if err == nil || err.Error() != tt.want {
				t.Errorf("parsePyJSON(%q) error = %v, want %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestParsePyJSONValues(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"surrogate pair", `"\ud83d\ude80"`, `"\ud83d\ude80"`},
		{"lone surrogate survives", `"\ud800x"`, `"\ud800x"`},
		{"python extensions", `[NaN, Infinity, -Infinity]`, `[NaN, Infinity, -Infinity]`},
		{"numbers", `[1e5, -0, 1E+2, 1.50, 10]`, `[100000.0, 0, 100.0, 1.5, 10]`},
		{"order and duplicates", `{"b": 1, "a": 2, "b": 3}`, `{"b": 3, "a": 2}`},
		{"escapes", `"a\/b\"\\\n\t"`, `"a/b\"\\\n\t"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := parsePyJSON(tt.in, optionJSON)
			if err != nil {
				t.Fatal(err)
			}
			if s := string(Serialize(v)); s != tt.want {
				t.Errorf("got %s, want %s", s, tt.want)
			}
		})
	}
}
