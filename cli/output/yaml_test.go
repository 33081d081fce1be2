package output

import (
	"strings"
	"testing"

	"github.com/cosell/cosell"
)

// spec §15 --output yaml, rule by rule (the full set, checked against
// ruamel.yaml on libyaml, is in testdata/yamlstrings-yaml.golden).
func TestYAMLScalarStyle(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{name: "YAML 1.1 bool stays plain", in: "yes", want: "k: yes\n"},
		{name: "1.2 bool quoted", in: "True", want: "k: 'True'\n"},
		{name: "int quoted", in: "012", want: "k: '012'\n"},
		{name: "float quoted", in: "1e3", want: "k: '1e3'\n"},
		{name: "date-time quoted", in: "2025-01-02T03:04:05.123000+00:00", want: "k: '2025-01-02T03:04:05.123000+00:00'\n"},
		{name: "empty", in: "", want: "k: ''\n"},
		{name: "inner quote doubled", in: "'a", want: "k: '''a'\n"},
		{name: "newline folds", in: "line1\nline2", want: "k: 'line1\n\n  line2'\n"},
		{name: "tab escaped", in: "tab\there", want: "k: \"tab\\there\"\n"},
		{name: "NEL escaped", in: "x\u0085y", want: "k: \"x\\Ny\"\n"},
		{name: "astral escaped", in: "🚀", want: "k: \"\\U0001F680\"\n"},
		{name: "BMP raw", in: "Zoë 中文\u00a0x", want: "k: Zoë 中文\u00a0x\n"},
		{name: "fold at 80", in: strings.Repeat("word ", 20) + "end", want: "k: word word word word word word word word word word word word word word word word\n  word word word word end\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := render(t, cosell.Object{{Name: "k", Value: tc.in}}, Options{Format: "yaml"})
			if got != tc.want {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestYAMLStructure(t *testing.T) {
	tests := []struct {
		name   string
		format string
		in     any
		want   string
	}{
		{name: "keys sorted by code point", format: "yaml", in: cosell.Object{{Name: "a", Value: "1"}, {Name: "B", Value: "2"}}, want: "B: '2'\na: '1'\n"},
		{name: "list at key column", format: "yaml", in: cosell.Object{{Name: "l", Value: []any{"a", cosell.Object{{Name: "x", Value: "y"}}}}}, want: "l:\n- a\n- x: y\n"},
		{name: "empty containers flow", format: "yaml", in: cosell.Object{{Name: "l", Value: []any{}}, {Name: "m", Value: cosell.Object{}}}, want: "l: []\nm: {}\n"},
		{name: "scalar result as JSON", format: "yaml", in: "é🚀", want: "\"é🚀\"\n"},
		{name: "null result as JSON", format: "yaml", in: nil, want: "null\n"},
		{name: "list result", format: "yaml", in: []any{"O1", []any{"x"}}, want: "- O1\n- - x\n"},
		{name: "stream scalar", format: "yaml-stream", in: "O1", want: "- O1\n"},
		{name: "stream null", format: "yaml-stream", in: nil, want: "- null\n"},
		{name: "stream empty string", format: "yaml-stream", in: "", want: "- ''\n"},
		{name: "stream astral", format: "yaml-stream", in: "🚀", want: "- \"\\U0001F680\"\n"},
		{name: "stream list nests", format: "yaml-stream", in: []any{"O1", "x"}, want: "- - O1\n  - x\n"},
		{name: "numbers and bools plain", format: "yaml", in: cosell.Object{{Name: "b", Value: true}, {Name: "f", Value: cosell.Number("1.5")}, {Name: "i", Value: cosell.Number("7")}, {Name: "n", Value: nil}}, want: "b: true\nf: 1.5\ni: 7\nn: null\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := render(t, tc.in, Options{Format: tc.format}); got != tc.want {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}
