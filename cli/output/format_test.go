package output

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/py"
)

func render(t *testing.T, v any, opt Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, v, opt); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// spec §15 --generate-cli-skeleton output: a datetime prints as isoformat
// in json and as str() elsewhere.
func TestSkeletonOutputDateTime(t *testing.T) {
	doc := cosell.Object{{Name: "Id", Value: "Id"}, {Name: "LastModifiedDate", Value: DateTime{time.Unix(0, 0).UTC()}}}
	tests := []struct{ name, format, want string }{
		{name: "json", format: "json", want: "{\n    \"Id\": \"Id\",\n    \"LastModifiedDate\": \"1970-01-01T00:00:00\"\n}\n"},
		{name: "yaml", format: "yaml", want: "Id: Id\nLastModifiedDate: 1970-01-01 00:00:00\n"},
		{name: "text", format: "text", want: "Id\t1970-01-01 00:00:00\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := render(t, doc, Options{Format: tc.format}); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// spec §11/§15: an empty result prints nothing in json, yaml, yaml-stream
// and table; text prints nothing for an empty object too.
func TestEmptyResult(t *testing.T) {
	for _, f := range Formats {
		t.Run(f, func(t *testing.T) {
			if got := render(t, cosell.Object{}, Options{Format: f, Title: "T"}); got != "" {
				t.Errorf("got %q, want nothing", got)
			}
		})
	}
}

func TestFloatRepr(t *testing.T) {
	tests := []struct {
		name string
		in   float64
		want string
	}{
		{name: "integral", in: 1000, want: "1000.0"},
		{name: "fraction", in: 1735787045.5, want: "1735787045.5"},
		{name: "small fixed", in: 0.0001, want: "0.0001"},
		{name: "small sci", in: 0.00001, want: "1e-05"},
		{name: "large sci", in: 1e16, want: "1e+16"},
		{name: "just below sci", in: 1234567890123456, want: "1234567890123456.0"},
		{name: "negative", in: -0.25, want: "-0.25"},
		{name: "sci with digits", in: 1.5e-7, want: "1.5e-07"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := py.FloatRepr(tc.in); got != tc.want {
				t.Errorf("floatRepr(%v) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTextWidth(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{name: "ascii", in: "abc", want: 3},
		{name: "CJK wide", in: "中文", want: 4},
		{name: "fullwidth", in: "ＡＢ", want: 4},
		{name: "ambiguous é", in: "é", want: 2},
		{name: "latin letter outside the ambiguous set", in: "ã", want: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := textWidth(tc.in); got != tc.want {
				t.Errorf("textWidth(%q) = %d, want %d", tc.in, got, tc.want)
			}
		})
	}
}

// spec §12 table: --color auto colours only on a terminal.
func TestTableColorAuto(t *testing.T) {
	doc := cosell.Object{{Name: "Id", Value: "O1"}}
	tests := []struct {
		name      string
		color     string
		tty       bool
		wantColor bool
	}{
		{name: "auto not a tty", color: "auto", tty: false, wantColor: false},
		{name: "auto tty", color: "auto", tty: true, wantColor: true},
		{name: "default tty", color: "", tty: true, wantColor: true},
		{name: "off tty", color: "off", tty: true, wantColor: false},
		{name: "on not a tty", color: "on", tty: false, wantColor: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := render(t, doc, Options{Format: "table", Color: tc.color, TTY: tc.tty, Width: 80, Title: "T"})
			if strings.Contains(got, "\x1b[") != tc.wantColor {
				t.Errorf("colour = %v, want %v:\n%q", !tc.wantColor, tc.wantColor, got)
			}
		})
	}
}

// Coloured output into a pager gets no colorama resets (stdout is not
// wrapped then).
func TestTableColorPaged(t *testing.T) {
	doc := cosell.Object{{Name: "Id", Value: "O1"}}
	got := render(t, doc, Options{Format: "table", Color: "on", Paged: true, Title: "T"})
	want := "--------------\n|      T     |\n+-----+------+\n|  \x1b[1m\x1b[34mId\x1b[0m |  \x1b[1m\x1b[34mO1\x1b[0m  |\n+-----+------+\n"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, cosell.Object{}, Options{Format: "yamlx"})
	e, ok := err.(*Error)
	if !ok || e.Exit != 255 || e.Msg != "\nUnknown output type: yamlx\n" {
		t.Fatalf("got %#v", err)
	}
}
