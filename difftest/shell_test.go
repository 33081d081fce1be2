package difftest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplitWords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{name: "plain", in: "a  b\tc", want: []string{"a", "b", "c"}},
		{name: "single quotes literal", in: `--project 'Title="a,b" \x'`, want: []string{"--project", `Title="a,b" \x`}},
		{name: "double quotes escapes", in: `"a\"b\\c\d"`, want: []string{`a"b\c\d`}},
		{name: "empty quoted word kept", in: `--catalog '' ""`, want: []string{"--catalog", "", ""}},
		{name: "adjacent quoting joins", in: `Title='a b'"c"d`, want: []string{"Title=a bcd"}},
		{name: "backslash escapes space", in: `a\ b`, want: []string{"a b"}},
		{name: "ansi c quoting", in: `$'a\nb\t\x41\u00e9\U0001F680\''`, want: []string{"a\nb\tAé🚀'"}},
		{name: "no words", in: "   ", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SplitWords(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("SplitWords(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
	for _, bad := range []string{`'open`, `"open`, `$'open`, `$'\u12'`} {
		if _, err := SplitWords(bad); err == nil {
			t.Errorf("SplitWords(%q): want an error", bad)
		}
	}
}
