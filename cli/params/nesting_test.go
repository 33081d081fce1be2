package params

import (
	"strings"
	"testing"
)

// nested is prefix, open n times, leaf, close n times, suffix.
func nested(prefix, open, leaf, close, suffix string, n int) string {
	return prefix + strings.Repeat(open, n) + leaf + strings.Repeat(close, n) + suffix
}

const (
	plainRecursion   = "\nmaximum recursion depth exceeded\n"
	callingRecursion = "\nmaximum recursion depth exceeded while calling a Python object\n"
	arrayRecursion   = "\nmaximum recursion depth exceeded while decoding a JSON array from a unicode string\n"
	objectRecursion  = "\nmaximum recursion depth exceeded while decoding a JSON object from a unicode string\n"
)

// checkRecursion: want "" means the value decodes or fails with anything but
// a RecursionError; otherwise the error must be that RecursionError (exit 255).
func checkRecursion(t *testing.T, err error, want string) {
	t.Helper()
	e, isErr := err.(*Error)
	recursion := isErr && strings.Contains(e.Msg, "maximum recursion depth")
	switch {
	case want == "" && recursion:
		t.Errorf("unexpected RecursionError %q", e.Msg)
	case want != "" && !recursion:
		t.Errorf("err = %v, want the RecursionError %q", err, want)
	case want != "" && (e.Error() != want || e.Exit != ExitUnexpected):
		t.Errorf("err = %q exit %d, want %q exit 255", e.Error(), e.Exit, want)
	}
}

// Issue 9: deep shorthand crashed cosell with a Go stack overflow. The
// boundaries are AWS CLI v2 2.9.19's, run on these inputs.
func TestShorthandNesting(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{name: "hash 485 parses", in: nested("a=", "{a=", "x", "}", "", 485)},
		{name: "hash 486 fails in re.match", in: nested("a=", "{a=", "x", "}", "", 486), want: callingRecursion},
		{name: "hash 487", in: nested("a=", "{a=", "x", "}", "", 487), want: plainRecursion},
		{name: "hash 5,000,000", in: nested("a=", "{a=", "x", "}", "", 5_000_000), want: plainRecursion},
		{name: "list 5,000,000", in: nested("a=", "[", "x", "]", "", 5_000_000), want: plainRecursion},
		{name: "list 485 parses", in: nested("a=", "[", "x", "]", "", 485)},
		{name: "list 486", in: nested("a=", "[", "x", "]", "", 486), want: callingRecursion},
		{name: "empty hash 486 parses", in: nested("a=", "{a=", "{}", "}", "", 485)},
		{name: "empty hash 487", in: nested("a=", "{a=", "{}", "}", "", 486), want: plainRecursion},
		{name: "empty list 486 parses", in: nested("a=", "[", "", "]", "", 486)},
		{name: "empty list 487", in: nested("a=", "[", "", "]", "", 487), want: plainRecursion},
		{name: "quoted leaf 484 parses", in: nested("a=", "{a=", "'x'", "}", "", 484)},
		{name: "quoted leaf 485", in: nested("a=", "{a=", "'x'", "}", "", 485), want: callingRecursion},
		{name: "double quoted leaf 486", in: nested("a=", "{a=", `"x"`, "}", "", 486), want: plainRecursion},
		{name: "a sibling fails first", in: nested("a=", "{b=1,a=", "x", "}", "", 488), want: callingRecursion},
		{name: "second key", in: nested("b=c,a=", "[", "x", "]", "", 486), want: callingRecursion},
		{name: "mixed", in: nested("a=", "[{a=", "x", "}]", "", 243), want: callingRecursion},
		{name: "syntax error below the limit", in: nested("a=", "{a=", "x", "", "", 485)},
		{name: "syntax error raised at the limit", in: nested("a=", "{a=", "{a", "}", "}", 485), want: plainRecursion},
		{name: "unterminated quote at the limit", in: nested("a=", "{a=", "'x", "", "", 484), want: plainRecursion},
		{name: "unterminated quote below the limit", in: nested("a=", "{a=", "'x", "", "", 483)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseShorthand(tt.in)
			checkRecursion(t, err, tt.want)
		})
	}
}

// The syntax errors the nesting tests expect below the limit are the usual ones.
func TestShorthandNestingSyntaxErrors(t *testing.T) {
	_, err := ParseShorthand(nested("a=", "{a=", "x", "", "", 485))
	if _, ok := err.(*syntaxError); !ok {
		t.Errorf("err = %v, want a syntax error", err)
	}
}

// JSON nesting for an option (object_pairs_hook) and for --cli-input-json
// (plain json.loads), as AWS CLI v2 2.9.19 reads them.
func TestJSONNesting(t *testing.T) {
	tests := []struct {
		name, in, want string
		n              jsonNesting
	}{
		{name: "arrays 978 parse", n: optionJSON, in: nested(`{"a":`, "[", "", "]", "}", 977)},
		{name: "arrays 979", n: optionJSON, in: nested(`{"a":`, "[", "", "]", "}", 978), want: arrayRecursion},
		{name: "scalar at 978 parses", n: optionJSON, in: nested("", "[", "1", "]", "", 978)},
		{name: "objects 977 parse", n: optionJSON, in: nested("", `{"a":`, "1", "}", "", 977)},
		{name: "object at 978 calls the hook", n: optionJSON, in: nested("", `{"a":`, "1", "}", "", 978), want: callingRecursion},
		{name: "objects 979", n: optionJSON, in: nested("", `{"a":`, "1", "}", "", 979), want: objectRecursion},
		{name: "empty object at 979", n: optionJSON, in: nested(`{"a":`, "[", "{}", "]", "}", 977), want: objectRecursion},
		{name: "5,000,000 objects", n: optionJSON, in: nested("", `{"a":`, "1", "}", "", 5_000_000), want: objectRecursion},
		{name: "5,000,000 arrays", n: optionJSON, in: nested("", "[", "", "]", "", 5_000_000), want: arrayRecursion},
		{name: "strings do not nest", n: optionJSON, in: nested(`{"a":`, `["[{",`, `"x"`, "]", "}", 977)},
		{name: "first in scan order", n: optionJSON, in: `[` + nested("", "[", "", "]", "", 978) + `,` + nested("", `{"a":`, "1", "}", "", 979) + `]`, want: arrayRecursion},
		{name: "syntax error first", n: optionJSON, in: `[1 2,` + nested("", "[", "", "]", "", 979) + `]`},
		{name: "syntax error raised 3 below the limit", n: optionJSON, in: nested(`{"a":`, "[", "1 2", "]", "}", 974)},
		{name: "syntax error raised 2 below the limit", n: optionJSON, in: nested(`{"a":`, "[", "1 2", "]", "}", 975), want: callingRecursion},
		{name: "syntax error raised 1 below the limit", n: optionJSON, in: nested(`{"a":`, "[", "1 2", "]", "}", 976), want: plainRecursion},
		{name: "syntax error raised at the limit", n: optionJSON, in: nested(`{"a":`, "[", `"a\x01"`, "]", "}", 977), want: callingRecursion},
		{name: "expecting value is raised at the top", n: optionJSON, in: nested(`{"a":`, "[", "1,", "]", "}", 977)},
		{name: "unclosed deep arrays", n: optionJSON, in: nested("", "[", "", "", "", 979), want: arrayRecursion},
		{name: "input 979 parses", n: inputJSON, in: nested("", `{"a":`, "1", "}", "", 979)},
		{name: "input 980", n: inputJSON, in: nested("", `{"a":`, "1", "}", "", 980), want: objectRecursion},
		{name: "input syntax error at the limit", n: inputJSON, in: nested(`{"a":`, "[", "1 2", "]", "}", 978), want: callingRecursion},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parsePyJSON(tt.in, tt.n)
			checkRecursion(t, err, tt.want)
		})
	}
}

// Through the public entry points: an option's deep JSON and a deep
// --cli-input-json are RecursionErrors (exit 255), not "Invalid JSON".
func TestJSONNestingEntryPoints(t *testing.T) {
	_, err := unpackJSON(nested("", "[", "", "]", "", 979))
	checkRecursion(t, err, arrayRecursion)
	_, err = DecodeInputJSON(nested("", `{"a":`, "1", "}", "", 980))
	checkRecursion(t, err, objectRecursion)
	_, err = DecodeInputJSON(nested("", `{"a":`, "1", "}", "", 970) + "x")
	if e, ok := err.(*Error); !ok || e.Msg != "Error parsing parameter 'cli-input-json': Invalid JSON received." {
		t.Errorf("err = %v, want Invalid JSON received.", err)
	}
}

// Issue 9: a "billion laughs" --cli-input-yaml ran cosell out of memory.
func TestYAMLBounds(t *testing.T) {
	bomb := `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`
	const bombMsg = "Error parsing parameter 'cli-input-yaml': Invalid YAML received. Its aliases expand to more than 1000000 values."
	// 6 levels of 9 expand to 9^6 = 531,441 values: within the budget.
	small := strings.Join(strings.SplitAfter(bomb, "\n")[:6], "")
	var chain strings.Builder
	chain.WriteString("a0: &a0 [x]\n")
	for i := 1; i < 3000; i++ {
		chain.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [*a" + itoa(i-1) + "]\n")
	}
	tests := []struct {
		name, in, wantErr string
		wantExit          int
	}{
		{name: "billion laughs", in: bomb, wantErr: bombMsg, wantExit: ExitUsage},
		{name: "under a member", in: bomb + "Project:\n  Title: *i\n", wantErr: bombMsg, wantExit: ExitUsage},
		{name: "half a million expands", in: small},
		{name: "alias chain", in: chain.String(), wantErr: bombMsg, wantExit: ExitUsage},
		{name: "shared small values", in: "Catalog: &c AWS\nIdentifier: *c\nProject: {Title: *c, CustomerBusinessProblem: *c}\n"},
		{name: "480 nested mappings load", in: nested("", `{"a":`, "1", "}", "", 480)},
		{name: "481 nested mappings", in: nested("", `{"a":`, "1", "}", "", 481), wantErr: "maximum recursion depth exceeded", wantExit: ExitUnexpected},
		{name: "yaml.v3's own depth limit", in: nested("", "[", "", "]", "", 20_000), wantErr: "maximum recursion depth exceeded", wantExit: ExitUnexpected},
		{name: "block mappings", in: blockMappings(481), wantErr: "maximum recursion depth exceeded", wantExit: ExitUnexpected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeInputYAML(tt.in)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok || e.Msg != tt.wantErr || e.Exit != tt.wantExit {
				t.Fatalf("err = %#v, want %q exit %d", err, tt.wantErr, tt.wantExit)
			}
		})
	}
}

func blockMappings(n int) string {
	var b strings.Builder
	for i := 0; i < n-1; i++ {
		b.WriteString(strings.Repeat("  ", i) + "a:\n")
	}
	b.WriteString(strings.Repeat("  ", n-1) + "a: 1\n")
	return b.String()
}

// Aliases are expanded into copies: the same value appears at each use.
func TestYAMLAliasesExpand(t *testing.T) {
	got, err := DecodeInputYAML("Catalog: &c AWS\nIdentifier: *c\nL: &l [a, {b: c}]\nM: *l\n")
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Catalog": "AWS", "Identifier": "AWS", "L": ["a", {"b": "c"}], "M": ["a", {"b": "c"}]}`
	if s := string(Serialize(got)); s != want {
		t.Errorf("got %s, want %s", s, want)
	}
}
