package output

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell"
)

// The AWS CLI v2 compiles --query with Python's jmespath before sending
// anything, and prints that library's syntax error (exit 252). Every want
// below is what Python's jmespath 1.0.1 (the AWS CLI's) raises for expr,
// wrapped as the CLI wraps it: LexerError ("Bad jmespath expression"),
// IncompleteExpressionError and ParseError, columns in characters.
func TestCompileQuerySyntaxErrorsMatchPython(t *testing.T) {
	tests := []struct {
		name, expr, want string
	}{
		{name: "incomplete hash", expr: "{", want: "\nBad value for --query {: Invalid jmespath expression: Incomplete expression:\n\"{\"\n  ^\n"},
		{name: "lone equals", expr: "Id[=", want: "\nBad value for --query Id[=: Bad jmespath expression: Unknown token '=':\nId[=\n   ^\n"},
		{name: "equals between fields", expr: "a=b", want: "\nBad value for --query a=b: Bad jmespath expression: Unknown token '=':\na=b\n ^\n"},
		{name: "unknown character", expr: "foo#bar", want: "\nBad value for --query foo#bar: Bad jmespath expression: Unknown token #:\nfoo#bar\n   ^\n"},
		{name: "non-ASCII character is one column in lexer errors", expr: "\"é\" #", want: "\nBad value for --query \"é\" #: Bad jmespath expression: Unknown token #:\n\"é\" #\n    ^\n"},
		{name: "non-ASCII character is one column in parse errors", expr: "\"é\" foo", want: "\nBad value for --query \"é\" foo: Unexpected token: foo: Parse error at column 4, token \"foo\" (UNQUOTED_IDENTIFIER), for expression:\n\"\"é\" foo\"\n     ^\n"},
		{name: "non-ASCII character is one column when incomplete", expr: "\"é\"[", want: "\nBad value for --query \"é\"[: Invalid jmespath expression: Incomplete expression:\n\"\"é\"[\"\n     ^\n"},
		{name: "lone minus", expr: "foo[-]", want: "\nBad value for --query foo[-]: Bad jmespath expression: Unknown token '-':\nfoo[-]\n    ^\n"},
		{name: "unclosed raw string", expr: "foo == 'abc", want: "\nBad value for --query foo == 'abc: Bad jmespath expression: Unclosed ' delimiter:\nfoo == 'abc\n       ^\n"},
		{name: "unclosed quoted identifier", expr: "\"abc", want: "\nBad value for --query \"abc: Bad jmespath expression: Unclosed \" delimiter:\n\"abc\n^\n"},
		{name: "unclosed literal", expr: "foo == `abc", want: "\nBad value for --query foo == `abc: Bad jmespath expression: Unclosed ` delimiter:\nfoo == `abc\n       ^\n"},
		{name: "bad literal", expr: "foo == `\"abc`", want: "\nBad value for --query foo == `\"abc`: Bad jmespath expression: Bad token \"abc:\nfoo == `\"abc`\n       ^\n"},
		{name: "invalid escape in quoted identifier", expr: "\"a\\qb\"", want: "\nBad value for --query \"a\\qb\": Bad jmespath expression: Invalid \\escape:\n\"a\\qb\"\n^\n"},
		{name: "invalid unicode escape in quoted identifier", expr: "\"\\u12\"", want: "\nBad value for --query \"\\u12\": Bad jmespath expression: Invalid \\uXXXX escape:\n\"\\u12\"\n^\n"},
		{name: "control character in quoted identifier", expr: "\"a\tb\"", want: "\nBad value for --query \"a\tb\": Bad jmespath expression: Invalid control character at:\n\"a\tb\"\n^\n"},
		{name: "lexer error wins over earlier parse error", expr: "foo]] #", want: "\nBad value for --query foo]] #: Bad jmespath expression: Unknown token #:\nfoo]] #\n      ^\n"},
		{name: "trailing dot", expr: "foo.", want: "\nBad value for --query foo.: Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: eof: Parse error at column 4, token \"\" (EOF), for expression:\n\"foo.\"\n     ^\n"},
		{name: "trailing pipe", expr: "foo |", want: "\nBad value for --query foo |: Invalid jmespath expression: Incomplete expression:\n\"foo |\"\n      ^\n"},
		{name: "unclosed index", expr: "foo[0", want: "\nBad value for --query foo[0: Invalid jmespath expression: Incomplete expression:\n\"foo[0\"\n      ^\n"},
		{name: "unclosed index at top level", expr: "[0", want: "\nBad value for --query [0: Invalid jmespath expression: Incomplete expression:\n\"[0\"\n   ^\n"},
		{name: "unclosed filter", expr: "foo[?a == `1`", want: "\nBad value for --query foo[?a == `1`: Invalid jmespath expression: Incomplete expression:\n\"foo[?a == `1`\"\n              ^\n"},
		{name: "unclosed function call", expr: "length(foo", want: "\nBad value for --query length(foo: Invalid jmespath expression: Incomplete expression:\n\"length(foo\"\n           ^\n"},
		{name: "unclosed multiselect list", expr: "[a, b", want: "\nBad value for --query [a, b: Invalid jmespath expression: Incomplete expression:\n\"[a, b\"\n      ^\n"},
		{name: "unexpected closing bracket", expr: "foo]", want: "\nBad value for --query foo]: Unexpected token: ]: Parse error at column 3, token \"]\" (RBRACKET), for expression:\n\"foo]\"\n    ^\n"},
		{name: "unexpected number", expr: "foo 1", want: "\nBad value for --query foo 1: Unexpected token: 1: Parse error at column 4, token \"1\" (NUMBER), for expression:\n\"foo 1\"\n     ^\n"},
		{name: "unexpected literal shows its Python value", expr: "foo `{\"a\": [1, 2.50, true, null]}`", want: "\nBad value for --query foo `{\"a\": [1, 2.50, true, null]}`: Unexpected token: {'a': [1, 2.5, True, None]}: Parse error at column 4, token \"{'a': [1, 2.5, True, None]}\" (LITERAL), for expression:\n\"foo `{\"a\": [1, 2.50, true, null]}`\"\n     ^\n"},
		{name: "unexpected raw string", expr: "foo 'bar'", want: "\nBad value for --query foo 'bar': Unexpected token: bar: Parse error at column 4, token \"bar\" (LITERAL), for expression:\n\"foo 'bar'\"\n     ^\n"},
		{name: "dot before number", expr: "foo.1", want: "\nBad value for --query foo.1: Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: number: Parse error at column 4, token \"1\" (NUMBER), for expression:\n\"foo.1\"\n     ^\n"},
		{name: "dot before eof after star", expr: "foo.*.", want: "\nBad value for --query foo.*.: Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: eof: Parse error at column 6, token \"\" (EOF), for expression:\n\"foo.*.\"\n       ^\n"},
		{name: "index with two numbers", expr: "foo[1 2]", want: "\nBad value for --query foo[1 2]: Expecting: rbracket, got: number: Parse error at column 6, token \"2\" (NUMBER), for expression:\n\"foo[1 2]\"\n       ^\n"},
		{name: "field in brackets", expr: "foo[bar]", want: "\nBad value for --query foo[bar]: Expecting: star, got: unquoted_identifier: Parse error at column 4, token \"bar\" (UNQUOTED_IDENTIFIER), for expression:\n\"foo[bar]\"\n     ^\n"},
		{name: "slice with too many colons", expr: "foo[1:2:3:]", want: "\nBad value for --query foo[1:2:3:]: syntax error: Parse error at column 9, token \":\" (COLON), for expression:\n\"foo[1:2:3:]\"\n          ^\n"},
		{name: "slice with a field", expr: "foo[1:a]", want: "\nBad value for --query foo[1:a]: syntax error: Parse error at column 6, token \"a\" (UNQUOTED_IDENTIFIER), for expression:\n\"foo[1:a]\"\n       ^\n"},
		{name: "unfinished slice", expr: "foo[1:", want: "\nBad value for --query foo[1:: syntax error: Parse error at column 6, token \"\" (EOF), for expression:\n\"foo[1:\"\n       ^\n"},
		{name: "star after projection", expr: "foo[*]*", want: "\nBad value for --query foo[*]*: syntax error: Parse error at column 6, token \"*\" (STAR), for expression:\n\"foo[*]*\"\n       ^\n"},
		{name: "star after field", expr: "foo*", want: "\nBad value for --query foo*: invalid token: Parse error at column 3, token \"*\" (STAR), for expression:\n\"foo*\"\n    ^\n"},
		{name: "comparator without right side", expr: "foo[?a ==]", want: "\nBad value for --query foo[?a ==]: invalid token: Parse error at column 9, token \"]\" (RBRACKET), for expression:\n\"foo[?a ==]\"\n          ^\n"},
		{name: "hash key not an identifier", expr: "{1: a}", want: "\nBad value for --query {1: a}: Expecting: ['quoted_identifier', 'unquoted_identifier'], got: number: Parse error at column 1, token \"1\" (NUMBER), for expression:\n\"{1: a}\"\n  ^\n"},
		{name: "hash without colon", expr: "{a b}", want: "\nBad value for --query {a b}: Expecting: colon, got: unquoted_identifier: Parse error at column 3, token \"b\" (UNQUOTED_IDENTIFIER), for expression:\n\"{a b}\"\n    ^\n"},
		{name: "hash unclosed after value", expr: "{a: b,", want: "\nBad value for --query {a: b,: Invalid jmespath expression: Incomplete expression:\n\"{a: b,\"\n       ^\n"},
		{name: "quoted function name", expr: "\"length\"(foo)", want: "\nBad value for --query \"length\"(foo): Quoted identifier not allowed for function names.: Parse error at column 0, token \"(\" (LPAREN), for expression:\n\"\"length\"(foo)\"\n ^\n"},
		{name: "function name not a field", expr: "@(foo)", want: "\nBad value for --query @(foo): Invalid function name '@': Parse error at column 0, token \"@\" (CURRENT), for expression:\n\"@(foo)\"\n ^\n"},
		{name: "nothing before pipe", expr: "| foo", want: "\nBad value for --query | foo: invalid token: Parse error at column 0, token \"|\" (PIPE), for expression:\n\"| foo\"\n ^\n"},
		{name: "not without operand", expr: "!", want: "\nBad value for --query !: Invalid jmespath expression: Incomplete expression:\n\"!\"\n  ^\n"},
		{name: "and without right side", expr: "a &&", want: "\nBad value for --query a &&: Invalid jmespath expression: Incomplete expression:\n\"a &&\"\n     ^\n"},
		{name: "expression reference without expression", expr: "sort_by(@, &)", want: "\nBad value for --query sort_by(@, &): invalid token: Parse error at column 12, token \")\" (RPAREN), for expression:\n\"sort_by(@, &)\"\n             ^\n"},
		{name: "closing paren without opening", expr: "foo)", want: "\nBad value for --query foo): Unexpected token: ): Parse error at column 3, token \")\" (RPAREN), for expression:\n\"foo)\"\n    ^\n"},
		{name: "comma at top level", expr: "a, b", want: "\nBad value for --query a, b: Unexpected token: ,: Parse error at column 1, token \",\" (COMMA), for expression:\n\"a, b\"\n  ^\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := CompileQuery(tc.expr)
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("CompileQuery(%q) = %v, want *Error", tc.expr, err)
			}
			if diff := cmp.Diff(&Error{Msg: tc.want, Exit: 252}, e); diff != "" {
				t.Errorf("CompileQuery(%q) (-want +got):\n%s", tc.expr, diff)
			}
		})
	}
}

// Expressions Python's jmespath accepts compile, whatever their corner of
// the grammar; the port must not turn any of them into an error.
func TestCompileQueryAcceptsValid(t *testing.T) {
	tests := []struct {
		name, expr string
	}{
		{name: "subexpression", expr: "LifeCycle.Stage"},
		{name: "filter with literal", expr: "Items[?Stage == `\"Prospect\"`].Id"},
		{name: "raw string with escaped quote", expr: `Items[?Name == 'it\'s']`},
		{name: "slice projection", expr: "Items[1:-1:2].Id"},
		{name: "index chain", expr: "a[0][1]"},
		{name: "multiselect hash", expr: "{id: Id, stage: LifeCycle.Stage}"},
		{name: "multiselect list after dot", expr: "LifeCycle.[Stage, ReviewStatus]"},
		{name: "function with expression reference", expr: "sort_by(Items, &Id)[0]"},
		{name: "quoted identifier with unicode escape", expr: `"caf\u00e9".x`},
		{name: "boolean operators", expr: "a || b && !c"},
		{name: "flatten and pipe", expr: "Items[].Id | [0]"},
		{name: "comparators", expr: "Items[?a <= `1` && b != `null`]"},
		{name: "current node", expr: "@"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := pyQuerySyntaxError(tc.expr); got != "" {
				t.Errorf("pyQuerySyntaxError(%q) = %q, want none", tc.expr, got)
			}
			if _, err := CompileQuery(tc.expr); err != nil {
				t.Errorf("CompileQuery(%q): %v", tc.expr, err)
			}
		})
	}
}

// Python's jmespath reads a `literal` that is not JSON as a string (the
// deprecated JEP-12 form, left-trimmed), so [?Stage==`Won`] is a working
// AWS CLI query; go-jmespath gets it rewritten as JSON. Each want is
// Python's jmespath.search of expr over doc.
func TestQueryBareLiterals(t *testing.T) {
	doc := cosell.Object{{Name: "Items", Value: []any{
		cosell.Object{{Name: "Stage", Value: "Won"}, {Name: "Id", Value: "a"}},
		cosell.Object{{Name: "Stage", Value: "{"}, {Name: "Id", Value: "b"}},
		cosell.Object{{Name: "Stage", Value: "x`y"}, {Name: "Id", Value: "c"}},
	}}}
	tests := []struct {
		name, expr string
		want       any
	}{
		{name: "bare word", expr: "Items[?Stage==`Won`].Id", want: []any{"a"}},
		{name: "leading spaces trimmed", expr: "Items[?Stage==`   Won`].Id", want: []any{"a"}},
		{name: "not JSON though it starts like JSON", expr: "Items[?Stage==`{`].Id", want: []any{"b"}},
		{name: "escaped backtick", expr: "Items[?Stage==`x\\`y`].Id", want: []any{"c"}},
		{name: "mixed with JSON literals", expr: "[`Won`, `\"json\"`, `1`, `caf\\u00e9`]", want: []any{"Won", "json", cosell.Number("1"), "café"}},
		{name: "escaped quote", expr: "`a\\\"b`", want: "a\"b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, err := CompileQuery(tc.expr)
			if err != nil {
				t.Fatalf("CompileQuery(%q): %v", tc.expr, err)
			}
			got, err := q.Search(doc)
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Search(%q) (-want +got):\n%s", tc.expr, diff)
			}
		})
	}
}
