package output

import (
	"strconv"
	"strings"

	"github.com/cosell/cosell/internal/py"
)

// pyQuerySyntaxError is the text of the error Python's jmespath raises when
// compiling expr, or "" when it compiles. It runs the lexer over the whole
// expression first (so a lexer error anywhere wins), then a port of the
// library's Pratt parser that builds no tree: it tracks only the node kinds
// that steer parsing ("field" for a function name, "index_expression" and
// "slice" for index chains and slice projections).
func pyQuerySyntaxError(expr string) (text string) {
	if expr == "" {
		return "Invalid JMESPath expression: cannot be empty."
	}
	toks, lexErr := pyTokenize(expr)
	if lexErr != nil {
		return lexErr.text
	}
	p := &pyParser{expr: expr, toks: toks}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*pySyntaxError)
			if !ok {
				panic(r)
			}
			text = e.text
		}
	}()
	p.expression(0)
	if t := p.tok(0); t.typ != "eof" {
		p.fail(t, "Unexpected token: "+py.Str(t.value))
	}
	return ""
}

// pyBindingPower is the parser's binding power per token type: tokens
// below pyProjectionStop end a projection.
var pyBindingPower = map[string]int{
	"eof": 0, "unquoted_identifier": 0, "quoted_identifier": 0, "literal": 0,
	"rbracket": 0, "rparen": 0, "comma": 0, "rbrace": 0, "number": 0,
	"current": 0, "expref": 0, "colon": 0, "pipe": 1, "or": 2, "and": 3,
	"eq": 5, "gt": 5, "lt": 5, "gte": 5, "lte": 5, "ne": 5, "flatten": 9,
	"star": 20, "filter": 21, "dot": 40, "not": 45, "lbrace": 50, "lbracket": 55, "lparen": 60,
}

const pyProjectionStop = 10

type pyParser struct {
	expr string
	toks []pyToken
	i    int
}

func (p *pyParser) tok(n int) pyToken {
	if j := p.i + n; j >= 0 && j < len(p.toks) {
		return p.toks[j]
	}
	return p.toks[len(p.toks)-1]
}

func (p *pyParser) cur() string { return p.tok(0).typ }

func (p *pyParser) advance() { p.i++ }

// fail raises jmespath's ParseError: the reason, the column and the token,
// then the expression in quotes with the caret under the column.
func (p *pyParser) fail(t pyToken, reason string) {
	p.failAt(t.start, t, reason)
}

func (p *pyParser) failAt(col int, t pyToken, reason string) {
	panic(&pySyntaxError{reason + ": Parse error at column " + strconv.Itoa(col) +
		", token \"" + py.Str(t.value) + "\" (" + strings.ToUpper(t.typ) + "), for expression:\n\"" +
		p.expr + "\"\n" + strings.Repeat(" ", col+1) + "^"})
}

// incomplete raises IncompleteExpressionError: the caret goes past the end
// of the expression whatever was being parsed.
func (p *pyParser) incomplete() {
	n := len([]rune(p.expr))
	panic(&pySyntaxError{"Invalid jmespath expression: Incomplete expression:\n\"" + p.expr + "\"\n" + strings.Repeat(" ", n+1) + "^"})
}

// match consumes a token of the given type; the end of the expression
// instead is incomplete, any other token "Expecting: TYPE, got: TYPE".
func (p *pyParser) match(typ string) {
	if p.cur() == typ {
		p.advance()
		return
	}
	p.failExpecting(typ)
}

func (p *pyParser) failExpecting(expected string) {
	t := p.tok(0)
	if t.typ == "eof" {
		p.incomplete()
	}
	p.fail(t, "Expecting: "+expected+", got: "+t.typ)
}

// pyList is Python's repr of a list of strings.
func pyList(items ...string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = py.StrRepr(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func (p *pyParser) expression(bp int) string {
	left := p.tok(0)
	p.advance()
	kind := p.nud(left)
	for bp < pyBindingPower[p.cur()] {
		t := p.tok(0)
		if !pyHasLed[t.typ] {
			p.fail(t, "invalid token")
		}
		p.advance()
		kind = p.led(t.typ, kind)
	}
	return kind
}

var pyHasLed = map[string]bool{
	"dot": true, "pipe": true, "or": true, "and": true, "lparen": true, "filter": true,
	"eq": true, "ne": true, "gt": true, "gte": true, "lt": true, "lte": true,
	"flatten": true, "lbracket": true,
}

// nud parses a token in prefix position and returns the node kind.
func (p *pyParser) nud(t pyToken) string {
	switch t.typ {
	case "literal", "current":
		return t.typ
	case "unquoted_identifier":
		return "field"
	case "quoted_identifier":
		if p.cur() == "lparen" {
			p.failAt(0, p.tok(0), "Quoted identifier not allowed for function names.")
		}
		return "field"
	case "star":
		if p.cur() != "rbracket" {
			p.projectionRHS(pyBindingPower["star"])
		}
		return "value_projection"
	case "filter":
		return p.ledFilter()
	case "lbrace":
		return p.multiSelectHash()
	case "lparen":
		kind := p.expression(0)
		p.match("rparen")
		return kind
	case "flatten":
		p.projectionRHS(pyBindingPower["flatten"])
		return "projection"
	case "not":
		p.expression(pyBindingPower["not"])
		return "not_expression"
	case "lbracket":
		switch {
		case p.cur() == "number" || p.cur() == "colon":
			return p.projectIfSlice(p.indexExpression())
		case p.cur() == "star" && p.tok(1).typ == "rbracket":
			p.advance()
			p.advance()
			p.projectionRHS(pyBindingPower["star"])
			return "projection"
		}
		return p.multiSelectList()
	case "expref":
		p.expression(pyBindingPower["expref"])
		return "expref"
	case "eof":
		p.incomplete()
	}
	p.fail(t, "invalid token")
	return ""
}

// led parses an infix token whose left operand has the given kind.
func (p *pyParser) led(typ, left string) string {
	switch typ {
	case "dot":
		if p.cur() != "star" {
			p.dotRHS(pyBindingPower["dot"])
			return "subexpression"
		}
		p.advance()
		p.projectionRHS(pyBindingPower["dot"])
		return "value_projection"
	case "pipe", "or", "and":
		p.expression(pyBindingPower[typ])
		return typ
	case "lparen":
		if left != "field" {
			name := p.tok(-2)
			p.fail(name, "Invalid function name '"+py.Str(name.value)+"'")
		}
		for p.cur() != "rparen" {
			p.expression(0)
			if p.cur() == "comma" {
				p.match("comma")
			}
		}
		p.match("rparen")
		return "function_expression"
	case "filter":
		return p.ledFilter()
	case "flatten":
		p.projectionRHS(pyBindingPower["flatten"])
		return "projection"
	case "lbracket":
		if p.cur() == "number" || p.cur() == "colon" {
			right := p.indexExpression()
			if left == "index_expression" {
				return left // the index joins the chain: no slice projection
			}
			return p.projectIfSlice(right)
		}
		p.match("star")
		p.match("rbracket")
		p.projectionRHS(pyBindingPower["star"])
		return "projection"
	}
	// Comparators.
	p.expression(pyBindingPower[typ])
	return "comparator"
}

func (p *pyParser) ledFilter() string {
	p.expression(0)
	p.match("rbracket")
	if p.cur() != "flatten" {
		p.projectionRHS(pyBindingPower["filter"])
	}
	return "filter_projection"
}

// indexExpression parses [N] or a slice after the '['; it returns "index"
// or "slice".
func (p *pyParser) indexExpression() string {
	if p.tok(0).typ != "colon" && p.tok(1).typ != "colon" {
		p.advance()
		p.match("rbracket")
		return "index"
	}
	colons := 0
	for p.cur() != "rbracket" && colons < 3 {
		switch p.cur() {
		case "colon":
			colons++
			if colons == 3 {
				p.fail(p.tok(0), "syntax error")
			}
			p.advance()
		case "number":
			p.advance()
		default:
			p.fail(p.tok(0), "syntax error")
		}
	}
	p.match("rbracket")
	return "slice"
}

func (p *pyParser) projectIfSlice(right string) string {
	if right == "slice" {
		p.projectionRHS(pyBindingPower["star"])
		return "projection"
	}
	return "index_expression"
}

func (p *pyParser) multiSelectList() string {
	for {
		p.expression(0)
		if p.cur() == "rbracket" {
			break
		}
		p.match("comma")
	}
	p.match("rbracket")
	return "multi_select_list"
}

// multiSelectHash parses {key: expr, ...}. A pair not followed by ',' or
// '}' simply starts the next pair, as in the Python parser.
func (p *pyParser) multiSelectHash() string {
	for {
		if c := p.cur(); c != "quoted_identifier" && c != "unquoted_identifier" {
			p.failExpecting(pyList("quoted_identifier", "unquoted_identifier"))
		}
		p.advance()
		p.match("colon")
		p.expression(0)
		switch p.cur() {
		case "comma":
			p.match("comma")
		case "rbrace":
			p.match("rbrace")
			return "multi_select_dict"
		}
	}
}

func (p *pyParser) projectionRHS(bp int) {
	switch c := p.cur(); {
	case pyBindingPower[c] < pyProjectionStop:
	case c == "lbracket", c == "filter":
		p.expression(bp)
	case c == "dot":
		p.match("dot")
		p.dotRHS(bp)
	default:
		p.fail(p.tok(0), "syntax error")
	}
}

func (p *pyParser) dotRHS(bp int) {
	switch p.cur() {
	case "quoted_identifier", "unquoted_identifier", "star":
		p.expression(bp)
	case "lbracket":
		p.match("lbracket")
		p.multiSelectList()
	case "lbrace":
		p.match("lbrace")
		p.multiSelectHash()
	default:
		t := p.tok(0)
		p.fail(t, "Expecting: "+pyList("quoted_identifier", "unquoted_identifier", "lbracket", "lbrace")+", got: "+t.typ)
	}
}
