package output

import (
	"encoding/json"
	"math/big"
	"strings"

	"github.com/cosell/cosell/internal/py"
)

// The AWS CLI v2 compiles --query with Python's jmespath library, and its
// syntax errors are what the user sees (spec §15: "Bad value for --query
// EXPR: MSG", exit 252). go-jmespath words and places its errors
// differently, so pyQuerySyntaxError re-reads a rejected expression the way
// Python's jmespath 1.0.x does — lexer first over the whole text, then its
// Pratt parser — only to produce that library's error text. Positions are
// counted in characters (code points), as Python strings are.

// pyToken is one token of Python jmespath's lexer.
type pyToken struct {
	typ   string // Python's token type name, e.g. "unquoted_identifier"
	value any    // string, *big.Int (number) or a JSON value (literal)
	start int
}

// pySyntaxError is a Python jmespath syntax error, already worded.
type pySyntaxError struct{ text string }

// lexerError is jmespath's LexerError: the expression unquoted, the caret
// under the offending character.
func lexerError(expr string, pos int, msg string) *pySyntaxError {
	return &pySyntaxError{"Bad jmespath expression: " + msg + ":\n" + expr + "\n" + strings.Repeat(" ", pos) + "^"}
}

// pyLexer is a port of Python jmespath's Lexer: same token types, same
// positions, same LexerError messages.
type pyLexer struct {
	expr  string
	chars []rune
	pos   int
	cur   rune // -1 at the end
	bare  []bareLiteral
}

// bareLiteral is a `literal` that is not JSON, which Python's jmespath
// reads as a string (JEP-12's deprecated form, as in [?Stage==`Won`]):
// its span in characters, backticks included, and its value.
type bareLiteral struct {
	start, end int
	value      string
}

const pyEOF = -1

func isPyIdentStart(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_'
}

func isPyIdent(r rune) bool { return isPyIdentStart(r) || isPyDigit(r) }

func isPyDigit(r rune) bool { return r >= '0' && r <= '9' }

var pySimpleTokens = map[rune]string{
	'.': "dot", '*': "star", ']': "rbracket", ',': "comma", ':': "colon",
	'@': "current", '(': "lparen", ')': "rparen", '{': "lbrace", '}': "rbrace",
}

// next advances one character. Like the Python lexer, the position stays
// on the last character when the end is reached.
func (l *pyLexer) next() rune {
	if l.pos == len(l.chars)-1 {
		l.cur = pyEOF
	} else {
		l.pos++
		l.cur = l.chars[l.pos]
	}
	return l.cur
}

// pyTokenize lexes a non-empty expression.
func pyTokenize(expr string) ([]pyToken, *pySyntaxError) {
	return (&pyLexer{expr: expr, chars: []rune(expr)}).tokenize()
}

func (l *pyLexer) tokenize() ([]pyToken, *pySyntaxError) {
	expr := l.expr
	l.cur = l.chars[0]
	var toks []pyToken
	for l.cur != pyEOF {
		start := l.pos
		c := l.cur
		if typ, ok := pySimpleTokens[c]; ok {
			toks = append(toks, pyToken{typ, string(c), start})
			l.next()
			continue
		}
		switch {
		case isPyIdentStart(c):
			for isPyIdent(l.next()) {
			}
			toks = append(toks, pyToken{"unquoted_identifier", string(l.chars[start:l.end(start)]), start})
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			l.next()
		case c == '[':
			switch l.next() {
			case ']':
				l.next()
				toks = append(toks, pyToken{"flatten", "[]", start})
			case '?':
				l.next()
				toks = append(toks, pyToken{"filter", "[?", start})
			default:
				toks = append(toks, pyToken{"lbracket", "[", start})
			}
		case c == '\'':
			raw, err := l.consumeUntil('\'')
			if err != nil {
				return nil, err
			}
			toks = append(toks, pyToken{"literal", strings.ReplaceAll(raw, `\'`, "'"), start})
		case c == '|':
			toks = append(toks, l.matchOrElse('|', "or", "pipe"))
		case c == '&':
			toks = append(toks, l.matchOrElse('&', "and", "expref"))
		case c == '`':
			t, err := l.consumeLiteral()
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
		case isPyDigit(c) || c == '-':
			digits := string(c)
			for isPyDigit(l.next()) {
				digits += string(l.cur)
			}
			if digits == "-" {
				return nil, lexerError(expr, start, "Unknown token '-'")
			}
			n, _ := new(big.Int).SetString(digits, 10)
			toks = append(toks, pyToken{"number", n, start})
		case c == '"':
			t, err := l.consumeQuotedIdentifier()
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
		case c == '<':
			toks = append(toks, l.matchOrElse('=', "lte", "lt"))
		case c == '>':
			toks = append(toks, l.matchOrElse('=', "gte", "gt"))
		case c == '!':
			toks = append(toks, l.matchOrElse('=', "ne", "not"))
		case c == '=':
			// A lone '=' is an error at its own position whether or not
			// anything follows it.
			if l.next() != '=' {
				return nil, lexerError(expr, start, "Unknown token '='")
			}
			l.next()
			toks = append(toks, pyToken{"eq", "==", start})
		default:
			// Note the missing quotes: that is Python's wording here.
			return nil, lexerError(expr, start, "Unknown token "+string(c))
		}
	}
	return append(toks, pyToken{"eof", "", len(l.chars)}), nil
}

// end is the index just past the token that began at start and ended at
// the current character (or at the end of the text).
func (l *pyLexer) end(start int) int {
	if l.cur == pyEOF {
		return len(l.chars)
	}
	return l.pos
}

func (l *pyLexer) matchOrElse(expected rune, matchType, elseType string) pyToken {
	start, c := l.pos, l.cur
	if l.next() == expected {
		l.next()
		return pyToken{matchType, string(c) + string(expected), start}
	}
	return pyToken{elseType, string(c), start}
}

// consumeUntil reads up to an unescaped delimiter, keeping backslashes and
// the character each one escapes; running out of text is "Unclosed X
// delimiter" at the opening delimiter.
func (l *pyLexer) consumeUntil(delim rune) (string, *pySyntaxError) {
	start := l.pos
	var b strings.Builder
	l.next()
	for l.cur != delim {
		if l.cur == '\\' {
			b.WriteRune('\\')
			l.next()
		}
		if l.cur == pyEOF {
			return "", lexerError(l.expr, start, "Unclosed "+string(delim)+" delimiter")
		}
		b.WriteRune(l.cur)
		l.next()
	}
	l.next()
	return b.String(), nil
}

// consumeLiteral reads a `json` literal: JSON, else (the JEP-12 deprecated
// form) the text left-trimmed as a JSON string's content, else "Bad token".
func (l *pyLexer) consumeLiteral() (pyToken, *pySyntaxError) {
	start := l.pos
	raw, err := l.consumeUntil('`')
	if err != nil {
		return pyToken{}, err
	}
	lexeme := strings.ReplaceAll(raw, "\\`", "`")
	if v, msg := pyJSONLoads(lexeme); msg == "" {
		return pyToken{"literal", v, start}, nil
	}
	if v, msg := pyJSONLoads(`"` + strings.TrimLeftFunc(lexeme, py.IsSpace) + `"`); msg == "" {
		l.bare = append(l.bare, bareLiteral{start, l.end(start), v.(string)})
		return pyToken{"literal", v, start}, nil
	}
	return pyToken{}, lexerError(l.expr, start, "Bad token "+lexeme)
}

// consumeQuotedIdentifier reads a "quoted" identifier, decoded as a JSON
// string; a decoding failure is reported with the JSON error's message
// before its first colon.
func (l *pyLexer) consumeQuotedIdentifier() (pyToken, *pySyntaxError) {
	start := l.pos
	raw, err := l.consumeUntil('"')
	if err != nil {
		return pyToken{}, err
	}
	v, msg := pyJSONLoads(`"` + raw + `"`)
	if msg != "" {
		return pyToken{}, lexerError(l.expr, start, msg)
	}
	return pyToken{"quoted_identifier", v, start}, nil
}

// pyBareLiteralsAsJSON rewrites each bare `literal` of a valid expression
// as the JSON string Python reads it as, so that go-jmespath, which knows
// only JSON literals, evaluates what the AWS CLI evaluates. ok is false
// when there was nothing to rewrite.
func pyBareLiteralsAsJSON(expr string) (rewritten string, ok bool) {
	l := &pyLexer{expr: expr, chars: []rune(expr)}
	if expr == "" {
		return "", false
	}
	if _, err := l.tokenize(); err != nil || len(l.bare) == 0 {
		return "", false
	}
	var b strings.Builder
	last := 0
	for _, lit := range l.bare {
		j, _ := json.Marshal(lit.value)
		b.WriteString(string(l.chars[last:lit.start]))
		b.WriteString("`" + strings.ReplaceAll(string(j), "`", "\\`") + "`")
		last = lit.end
	}
	b.WriteString(string(l.chars[last:]))
	return b.String(), true
}
