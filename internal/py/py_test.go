package py

import (
	"math"
	"strings"
	"testing"

	"github.com/cosell/cosell"
)

func TestLoadsOptions(t *testing.T) {
	deep := strings.Repeat("[", 3) + strings.Repeat("]", 3)
	tests := []struct {
		name    string
		in      string
		opt     LoadsOptions
		want    string // Repr of the value, or the error text
		wantErr bool
	}{
		{name: "lone surrogate replaced", in: `"\ud800x"`, opt: LoadsOptions{ReplaceLoneSurrogates: true}, want: `'�x'`},
		{name: "pair joined", in: `"\ud83d\ude80"`, want: `'🚀'`},
		{name: "depth within", in: deep, opt: LoadsOptions{MaxDepth: 2}, want: "[[[]]]"},
		{name: "depth beyond", in: deep, opt: LoadsOptions{MaxDepth: 1}, wantErr: true,
			want: "maximum recursion depth exceeded while decoding a JSON document"},
		{name: "duplicates keep first place last value", in: `{"b": 1, "a": 2, "b": 3}`, want: "{'b': 3, 'a': 2}"},
		{name: "python constants", in: `[NaN, Infinity, -Infinity, 1E400, -0, 1.50]`, want: "[nan, inf, -inf, inf, 0, 1.5]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Loads(tt.in, tt.opt)
			got := ""
			if err != nil {
				got = err.Error()
			} else {
				got = Repr(v)
			}
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("Loads(%q) = %q (err %v), want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

// A lone surrogate is kept in its WTF-8 form and written back as the escape.
func TestLoadsLoneSurrogateRoundTrip(t *testing.T) {
	v, err := Loads(`"\ud800x"`, LoadsOptions{})
	if err != nil || v != "\xed\xa0\x80x" {
		t.Fatalf("Loads = %q, %v", v, err)
	}
	if got := string(AppendString(nil, v.(string), true)); got != `"\ud800x"` {
		t.Errorf("AppendString = %s", got)
	}
}

func TestEncoder(t *testing.T) {
	doc := cosell.Object{
		{Name: "s", Value: "é/\"\x7f\U0001F680\xed\xa0\x80\xff"},
		{Name: "n", Value: []any{cosell.Number("1.50"), cosell.Number("NaN"), nil, true}},
		{Name: "e", Value: cosell.Object{}},
	}
	tests := []struct {
		name string
		enc  Encoder
		want string
	}{
		{name: "compact ascii", enc: Encoder{ItemSep: ", ", KeySep: ": ", EnsureASCII: true},
			want: `{"s": "\u00e9/\"\u007f\ud83d\ude80\ud800\udcff", "n": [1.5, NaN, null, true], "e": {}}`},
		{name: "indented utf-8", enc: Encoder{Indent: "  ", ItemSep: ",", KeySep: ": "},
			want: "{\n  \"s\": \"é/\\\"\x7f\U0001F680\uFFFD\uFFFD\uFFFD\uFFFD\",\n  \"n\": [\n    1.5,\n    NaN,\n    null,\n    true\n  ],\n  \"e\": {}\n}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(tt.enc.Append(nil, doc)); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestReprs(t *testing.T) {
	tests := []struct{ name, got, want string }{
		{"float positional", FloatRepr(1e15), "1000000000000000.0"},
		{"float exponent", FloatRepr(1e16), "1e+16"},
		{"float small", FloatRepr(0.0001), "0.0001"},
		{"float smaller", FloatRepr(0.00001), "1e-05"},
		{"float negative zero", FloatRepr(math.Copysign(0, -1)), "-0.0"},
		{"int leading zeros", NumberRepr("-007"), "-7"},
		{"str quotes", StrRepr(`it's`), `"it's"`},
		{"str both quotes", StrRepr(`'"`), `'\'"'`},
		{"str unprintable", StrRepr("A\u200bB\u00a0\u0085\t"), `'A\u200bB\xa0\x85\t'`},
		{"str of list", Str([]any{"a", nil, cosell.Number("2")}), "['a', None, 2]"},
		{"class of float", ClassStr(cosell.Number("1e3")), "<class 'float'>"},
		{"class of dict", ClassStr(cosell.Object{}), "<class 'dict'>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
