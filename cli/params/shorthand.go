package params

import (
	"strconv"
	"strings"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/py"
)

// Shorthand syntax (spec §5), a port of awscli's ShorthandParser. Indexes
// are in characters (runes), as Python's are, because the error location
// text points at a character.
//
//	params     = keyval *(ws "," ws keyval)        ; top level: duplicate keys are errors
//	keyval     = key ws ["@" ws] "=" ws values      ; "@=" loads file:// and fileb:// (v2.20+)
//	key        = *[A-Za-z0-9_.#/:-]
//	values     = EOF → "" / explicit-list / hash / csv-value
//	csv-value  = first-value *("," second-value)    ; one element: scalar, more: list
//
// An unquoted value may not start with whitespace, a control character,
// quote, ",", "=", "[" or "{"; it continues through anything but quotes,
// ",", "]", "}" and non-space controls ("second" values: anything but
// quotes, "," and "="). "\," is a literal comma. Characters above U+FFFF are
// never part of an unquoted value (Python's regex ranges stop at U+FFFF).

// ShorthandError is a shorthand syntax error; Error() is the text awscli
// puts after "Error parsing parameter '--opt': ".
type ShorthandError struct {
	msg string
}

func (e *ShorthandError) Error() string { return e.msg }

// ParseShorthand parses a shorthand value into an object. Key@=file://…
// values are loaded from their files (a load failure is a *loadError).
func ParseShorthand(s string) (cosell.Object, error) {
	p := &shorthandParser{in: []rune(s)}
	obj, err := p.parameter()
	if err != nil {
		return nil, err
	}
	return obj, nil
}

type shorthandParser struct {
	in      []rune
	i       int
	resolve bool // the current key was written with "@="
	frame   int  // Python stack depth of the innermost open container (see pyFrameLimit)
}

// Nesting (issue 9). awscli's parser recurses once per "[" or "{" (two
// Python frames a level: _explicit_list or _hash_literal, then
// _explicit_values), so deep nesting ends in Python's RecursionError, which
// the CLI prints as "\nmaximum recursion depth exceeded\n" with exit 255.
// The parser mirrors the Python stack depth, counted from _parameter (0):
// a container opened by _values is at frame 3, one nested in a container at
// frame p is at p+2. At frame p a container needs p+3 (_expect →
// _consume_whitespace → _current), an unquoted value p+4 (…_value →
// _NamedRegex.match) plus one for the C call of re.match, a quoted one p+6
// plus one, a syntax error raised by _expect p+5 (the exception's __init__,
// _construct_msg and _error_location), and one raised for an unterminated
// quote p+9. Python fails on the first frame past the limit; a C call past
// it says "while calling a Python object". The limit was measured with
// AWS CLI v2 2.9.19 (Python 3.11): a{a={…{a=x}}} passes with 485 levels and
// fails with 486 ("… while calling a Python object") or more. It depends on
// the CLI's own call stack and Python version, so another release may fail
// a few levels earlier or later.
const pyFrameLimit = 977

const (
	recursionMsg        = "maximum recursion depth exceeded"
	recursionCallingMsg = "maximum recursion depth exceeded while calling a Python object"
)

// recursionError is Python's RecursionError surfacing through the CLI.
func recursionError(msg string) *Error { return &Error{Msg: msg, Exit: ExitUnexpected} }

// needFrames fails when Python would need more than pyFrameLimit frames
// (python) or a C call one frame further (c) at this point of the parse.
func (p *shorthandParser) needFrames(python, c int) error {
	switch {
	case p.frame+python > pyFrameLimit:
		return recursionError(recursionMsg)
	case c > 0 && p.frame+c > pyFrameLimit:
		return recursionError(recursionCallingMsg)
	}
	return nil
}

// expectIn is expect inside a container: raising its syntax error takes
// Python five frames above the container.
func (p *shorthandParser) expectIn(c rune, ws bool) error {
	err := p.expect(c, ws)
	if err != nil {
		if rerr := p.needFrames(5, 0); rerr != nil {
			return rerr
		}
	}
	return err
}

// syntaxError is ShorthandParseSyntaxError. v2 (2.24.21 and later) prints the
// location with one extra leading space, so the caret sits one column left
// of the failing character (spec §15).
type syntaxError struct {
	expected, actual string
	in               []rune
	index            int
}

func (e *syntaxError) Error() string {
	return "Expected: '" + e.expected + "', received: '" + e.actual + "' for input:\n " + errorLocation(e.in, e.index)
}

// duplicateKeyError is DuplicateKeyInObjectError; its location has no extra space.
func duplicateKeyError(key string, in []rune, index int) error {
	return &ShorthandError{"Second instance of key \"" + key + "\" encountered for input:\n" +
		errorLocation(in, index) + "\nThis is often because there is a preceding \",\" instead of a space."}
}

// errorLocation echoes the input up to the end of the failing line, then a
// caret under the failing character, then the rest of the input.
func errorLocation(in []rune, index int) string {
	consumed, remaining, spaces := string(in), "", index
	if index > len(in) {
		index = len(in)
	}
	if k := lastIndexRune(in[:index], '\n'); k >= 0 {
		spaces = index - k - 1
	}
	if k := indexRune(in[index:], '\n'); k >= 0 {
		consumed, remaining = string(in[:index+k]), string(in[index+k:])
	}
	return consumed + "\n" + strings.Repeat(" ", spaces) + "^" + remaining
}

func indexRune(rs []rune, r rune) int {
	for i, c := range rs {
		if c == r {
			return i
		}
	}
	return -1
}

func lastIndexRune(rs []rune, r rune) int {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i] == r {
			return i
		}
	}
	return -1
}

func (p *shorthandParser) parameter() (cosell.Object, error) {
	params := cosell.Object{}
	key, val, err := p.keyval()
	if err != nil {
		return nil, err
	}
	params = append(params, cosell.Field{Name: key, Value: val})
	last := p.i
	for p.i < len(p.in) {
		if err := p.expect(',', true); err != nil {
			return nil, err
		}
		key, val, err := p.keyval()
		if err != nil {
			return nil, err
		}
		if _, dup := params.Lookup(key); dup {
			return nil, duplicateKeyError(key, p.in, last+1)
		}
		params = append(params, cosell.Field{Name: key, Value: val})
		last = p.i
	}
	return params, nil
}

func (p *shorthandParser) keyval() (string, any, error) {
	key := p.key()
	if err := p.fileMarker(); err != nil {
		return "", nil, err
	}
	v, err := p.values()
	return key, v, err
}

// fileMarker reads the optional "@" and the "=" after a key.
func (p *shorthandParser) fileMarker() error {
	p.resolve = p.expect('@', true) == nil
	return p.expect('=', true)
}

func isKeyChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.#/:", r)
}

func (p *shorthandParser) key() string {
	start := p.i
	for p.i < len(p.in) && isKeyChar(p.in[p.i]) {
		p.i++
	}
	return string(p.in[start:p.i])
}

func (p *shorthandParser) values() (any, error) {
	switch {
	case p.eof():
		return "", nil
	case p.in[p.i] == '[':
		p.frame = 3
		return p.explicitList()
	case p.in[p.i] == '{':
		p.frame = 3
		return p.hashLiteral()
	}
	return p.csvValue()
}

func (p *shorthandParser) csvValue() (any, error) {
	first, err := p.firstValue()
	if err != nil {
		return nil, err
	}
	p.consumeWhitespace()
	if p.eof() || p.in[p.i] != ',' {
		return first, nil
	}
	if err := p.expect(',', true); err != nil {
		return nil, err
	}
	list := []any{first}
	for {
		cur, err := p.secondValue()
		if err == nil {
			p.consumeWhitespace()
			if p.eof() {
				list = append(list, cur)
				break
			}
			err = p.expect(',', true)
			if err == nil {
				list = append(list, cur)
				continue
			}
		}
		if _, syntax := err.(*syntaxError); !syntax || p.eof() {
			return nil, err
		}
		// Not a list element but the next key: rewind to the comma before it.
		for p.i >= 0 && p.in[p.i] != ',' {
			p.i--
		}
		break
	}
	if len(list) == 1 {
		return first, nil
	}
	return list, nil
}

func (p *shorthandParser) explicitList() (any, error) {
	if err := p.needFrames(3, 0); err != nil {
		return nil, err
	}
	if err := p.expectIn('[', true); err != nil {
		return nil, err
	}
	values := []any{}
	for p.eof() || p.in[p.i] != ']' {
		v, err := p.explicitValue()
		if err != nil {
			return nil, err
		}
		values = append(values, v)
		p.consumeWhitespace()
		if p.eof() || p.in[p.i] != ']' {
			if err := p.expectIn(',', false); err != nil {
				return nil, err
			}
			p.consumeWhitespace()
		}
	}
	if err := p.expectIn(']', false); err != nil {
		return nil, err
	}
	return values, nil
}

// explicitValue is _explicit_values, called by the container at p.frame.
func (p *shorthandParser) explicitValue() (any, error) {
	if !p.eof() {
		switch p.in[p.i] {
		case '[', '{':
			p.frame += 2
			defer func() { p.frame -= 2 }()
			if p.in[p.i] == '[' {
				return p.explicitList()
			}
			return p.hashLiteral()
		case '\'', '"':
			// _first_value → _single_quoted_value → _consume_quoted →
			// _must_consume_regex → match, and the C call of re.match.
			if err := p.needFrames(6, 7); err != nil {
				return nil, err
			}
			v, err := p.quotedValue(p.in[p.i])
			if _, syntax := err.(*syntaxError); syntax {
				if rerr := p.needFrames(9, 0); rerr != nil {
					return nil, rerr
				}
			}
			return v, err
		}
	}
	// _first_value → _value → match, and the C call of re.match.
	if err := p.needFrames(4, 5); err != nil {
		return nil, err
	}
	return p.firstValue()
}

// hashLiteral reads {k=v, ...}; a repeated key keeps its first position and
// its last value, as a Python dict does.
func (p *shorthandParser) hashLiteral() (any, error) {
	if err := p.needFrames(3, 0); err != nil {
		return nil, err
	}
	if err := p.expectIn('{', true); err != nil {
		return nil, err
	}
	obj := cosell.Object{}
	for p.eof() || p.in[p.i] != '}' {
		key := p.key()
		if err := p.fileMarker(); err != nil {
			if rerr := p.needFrames(5, 0); rerr != nil {
				return nil, rerr
			}
			return nil, err
		}
		v, err := p.explicitValue()
		if err != nil {
			return nil, err
		}
		p.consumeWhitespace()
		if p.eof() || p.in[p.i] != '}' {
			if err := p.expectIn(',', false); err != nil {
				return nil, err
			}
			p.consumeWhitespace()
		}
		obj.Set(key, v)
	}
	if err := p.expectIn('}', false); err != nil {
		return nil, err
	}
	return obj, nil
}

func (p *shorthandParser) firstValue() (any, error) {
	if !p.eof() {
		switch p.in[p.i] {
		case '\'', '"':
			return p.quotedValue(p.in[p.i])
		}
	}
	n := p.matchWord(isStartChar, isFirstFollowChar)
	if n == 0 {
		return "", nil
	}
	return p.word(n)
}

func (p *shorthandParser) secondValue() (any, error) {
	if !p.eof() {
		switch p.in[p.i] {
		case '\'', '"':
			return p.quotedValue(p.in[p.i])
		}
	}
	n := p.matchWord(isStartChar, isSecondFollowChar)
	if n == 0 {
		return nil, &syntaxError{"<second>", "<none>", p.in, p.i}
	}
	return p.word(n)
}

// word consumes an n-character unquoted value: "\," becomes ",", trailing
// whitespace is trimmed.
func (p *shorthandParser) word(n int) (any, error) {
	s := string(p.in[p.i : p.i+n])
	p.i += n
	s = strings.TrimRightFunc(strings.ReplaceAll(s, `\,`, ","), py.IsSpace)
	return p.maybeResolve(s)
}

// matchWord is the length of the regex match (\\,|[start])(\\,|[follow])* at p.i.
func (p *shorthandParser) matchWord(start, follow func(rune) bool) int {
	j := p.i
	for j < len(p.in) {
		set := follow
		if j == p.i {
			set = start
		}
		switch {
		case p.in[j] == '\\' && j+1 < len(p.in) && p.in[j+1] == ',':
			j += 2
		case set(p.in[j]):
			j++
		default:
			return j - p.i
		}
	}
	return j - p.i
}

// quotedValue reads '…' or "…". Like the regex '(?:\\'|[^'])*' it prefers
// to read \' as an escape, and only when no closing quote follows does the
// quote of the last \' close the value. Then \' (or \") becomes the quote and
// \\ one backslash; other backslashes stay.
func (p *shorthandParser) quotedValue(q rune) (any, error) {
	lastEscape := -1
	end := -1
	for j := p.i + 1; j < len(p.in); j++ {
		if p.in[j] == '\\' && j+1 < len(p.in) && p.in[j+1] == q {
			lastEscape = j + 1
			j++
			continue
		}
		if p.in[j] == q {
			end = j
			break
		}
	}
	if end < 0 {
		end = lastEscape
	}
	if end < 0 {
		name := "singled quoted"
		if q == '"' {
			name = "double quoted"
		}
		return nil, &syntaxError{"<" + name + ">", "<none>", p.in, p.i}
	}
	s := string(p.in[p.i+1 : end])
	p.i = end + 1
	s = strings.ReplaceAll(s, `\`+string(q), string(q))
	s = strings.ReplaceAll(s, `\\`, `\`)
	return p.maybeResolve(s)
}

func (p *shorthandParser) maybeResolve(s string) (any, error) {
	if !p.resolve {
		return s, nil
	}
	v, ok, err := getParamfile(s)
	if err != nil {
		return nil, err
	}
	if ok {
		return v, nil
	}
	return s, nil
}

func (p *shorthandParser) expect(c rune, ws bool) error {
	if ws {
		p.consumeWhitespace()
	}
	if p.eof() {
		return &syntaxError{string(c), "EOF", p.in, p.i}
	}
	if p.in[p.i] != c {
		return &syntaxError{string(c), string(p.in[p.i]), p.in, p.i}
	}
	p.i++
	if ws {
		p.consumeWhitespace()
	}
	return nil
}

func (p *shorthandParser) eof() bool { return p.i >= len(p.in) }

// consumeWhitespace skips Python's string.whitespace (ASCII only).
func (p *shorthandParser) consumeWhitespace() {
	for p.i < len(p.in) && strings.ContainsRune(" \t\n\r\v\f", p.in[p.i]) {
		p.i++
	}
}

// Character classes of awscli's _START_WORD, _FIRST_FOLLOW_CHARS and
// _SECOND_FOLLOW_CHARS.
func isStartChar(r rune) bool {
	return r == '!' || r >= '#' && r <= '&' || r >= '(' && r <= '+' || r >= '-' && r <= '<' ||
		r >= '>' && r <= 'Z' || r >= '\\' && r <= 'z' || r >= '|' && r <= 0xffff
}

func isFirstFollowChar(r rune) bool {
	return py.IsSpace(r) || r == '!' || r >= '#' && r <= '&' || r >= '(' && r <= '+' ||
		r >= '-' && r <= '\\' || r >= '^' && r <= '|' || r >= '~' && r <= 0xffff
}

func isSecondFollowChar(r rune) bool {
	return py.IsSpace(r) || r == '!' || r >= '#' && r <= '&' || r >= '(' && r <= '+' ||
		r >= '-' && r <= '<' || r >= '>' && r <= 0xffff
}

func itoa(i int) string { return strconv.Itoa(i) }
