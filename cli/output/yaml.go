package output

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/py"
)

// The yaml format (spec §15 --output yaml). AWS CLI v2 dumps with
// ruamel.yaml's safe dumper on libyaml's emitter: block style, sorted keys,
// 2-space indent, sequences under a key at the key's column, folding at 80
// columns, and a YAML 1.2 resolver deciding which strings need quotes.
// gopkg.in/yaml.v3 differs on all of these (YAML 1.1 quoting of yes/on,
// indented sequences, its own folding), so this is a port of the subset of
// libyaml's emitter that documents need. See docs/decisions.md "YAML output".

const yamlBestWidth = 80

// yamlScalar is a scalar node: its text, whether the text read back as a
// plain scalar resolves to the node's own type (plain_implicit) and whether
// a quoted form does (quoted_implicit: true only for strings).
type yamlScalar struct {
	value         string
	plainImplicit bool
	isStr         bool
}

type yamlEmitter struct {
	b          *strings.Builder
	column     int
	whitespace bool
	indention  bool
	indent     int
	indents    []int
	// node context
	mappingCtx, simpleKeyCtx bool
}

// writeYAML dumps a mapping or sequence as one YAML document.
func writeYAML(b *strings.Builder, v any) {
	e := &yamlEmitter{b: b, indent: -1, whitespace: true, indention: true}
	e.node(v, false, false)
	// DOCUMENT-END (implicit): finish the last line.
	e.writeIndent()
}

func (e *yamlEmitter) increaseIndent(flow, indentless bool) {
	e.indents = append(e.indents, e.indent)
	if e.indent < 0 {
		if flow {
			e.indent = 2
		} else {
			e.indent = 0
		}
	} else if !indentless {
		e.indent += 2
	}
}

func (e *yamlEmitter) popIndent() {
	e.indent = e.indents[len(e.indents)-1]
	e.indents = e.indents[:len(e.indents)-1]
}

func (e *yamlEmitter) put(s string) {
	e.b.WriteString(s)
	e.column += utf8.RuneCountInString(s)
}

func (e *yamlEmitter) putBreak() {
	e.b.WriteByte('\n')
	e.column = 0
}

func (e *yamlEmitter) writeIndent() {
	indent := max(e.indent, 0)
	if !e.indention || e.column > indent || (e.column == indent && !e.whitespace) {
		e.putBreak()
	}
	for e.column < indent {
		e.put(" ")
	}
	e.whitespace, e.indention = true, true
}

func (e *yamlEmitter) writeIndicator(ind string, needWhitespace, isWhitespace, isIndention bool) {
	if needWhitespace && !e.whitespace {
		e.put(" ")
	}
	e.put(ind)
	e.whitespace = isWhitespace
	e.indention = e.indention && isIndention
}

func (e *yamlEmitter) node(v any, mapping, simpleKey bool) {
	e.mappingCtx, e.simpleKeyCtx = mapping, simpleKey
	switch v := v.(type) {
	case cosell.Object:
		if len(v) == 0 {
			e.emptyFlow("{", "}")
			return
		}
		e.blockMapping(sortedFields(v))
	case []any:
		if len(v) == 0 {
			e.emptyFlow("[", "]")
			return
		}
		e.blockSequence(v)
	default:
		e.scalar(yamlScalarOf(v))
	}
}

func (e *yamlEmitter) emptyFlow(open, close string) {
	e.writeIndicator(open, true, true, false)
	e.increaseIndent(true, false)
	e.popIndent()
	e.writeIndicator(close, false, false, false)
}

func (e *yamlEmitter) blockSequence(l []any) {
	e.increaseIndent(false, e.mappingCtx && !e.indention)
	for _, item := range l {
		e.writeIndent()
		e.writeIndicator("-", true, false, true)
		e.node(item, false, false)
	}
	e.popIndent()
}

func (e *yamlEmitter) blockMapping(o cosell.Object) {
	e.increaseIndent(false, false)
	for _, f := range o {
		e.writeIndent()
		key := yamlScalar{value: f.Name, plainImplicit: !resolvesNonString(f.Name), isStr: true}
		a := analyzeScalar(key.value)
		if !a.multiline && len(key.value) <= 128 {
			e.mappingCtx, e.simpleKeyCtx = true, true
			e.scalar(key)
			e.writeIndicator(":", false, false, false)
		} else {
			e.writeIndicator("?", true, false, true)
			e.mappingCtx, e.simpleKeyCtx = true, false
			e.scalar(key)
			e.writeIndent()
			e.writeIndicator(":", true, false, true)
		}
		e.node(f.Value, true, false)
	}
	e.popIndent()
}

func yamlScalarOf(v any) yamlScalar {
	switch v := v.(type) {
	case nil:
		return yamlScalar{value: "null", plainImplicit: true}
	case bool:
		if v {
			return yamlScalar{value: "true", plainImplicit: true}
		}
		return yamlScalar{value: "false", plainImplicit: true}
	case cosell.Number:
		s := py.NumberRepr(v)
		if !py.IsInt(v) {
			switch s {
			case "inf":
				s = ".inf"
			case "-inf":
				s = "-.inf"
			case "nan":
				s = ".nan"
			default:
				s = strings.ToLower(s)
			}
		}
		return yamlScalar{value: s, plainImplicit: true}
	case DateTime:
		return yamlScalar{value: v.isoformat(' '), plainImplicit: true}
	case string:
		return yamlScalar{value: v, plainImplicit: !resolvesNonString(v), isStr: true}
	}
	return yamlScalar{value: "", isStr: true}
}

type scalarStyle int

const (
	stylePlain scalarStyle = iota
	styleSingle
	styleDouble
)

type scalarAnalysis struct {
	multiline                              bool
	blockPlainAllowed, singleQuotedAllowed bool
}

func isPrintable(r rune) bool {
	return r == 0x0A || (r >= 0x20 && r <= 0x7E) || (r >= 0xA0 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF)
}

func isBreak(r rune) bool {
	return r == '\r' || r == '\n' || r == 0x85 || r == 0x2028 || r == 0x2029
}

// isBlankZ: space, tab, line break or the end of the string (NUL).
func isBlankZ(r rune) bool { return r == ' ' || r == '\t' || r == 0 || isBreak(r) }

// analyzeScalar is libyaml's yaml_emitter_analyze_scalar for a block
// context with allow_unicode on.
func analyzeScalar(s string) scalarAnalysis {
	if s == "" {
		return scalarAnalysis{blockPlainAllowed: true, singleQuotedAllowed: true}
	}
	rs := []rune(s)
	at := func(i int) rune {
		if i < len(rs) {
			return rs[i]
		}
		return 0
	}
	var blockInd, lineBreaks, special bool
	var leadingSpace, leadingBreak, trailingSpace, trailingBreak, breakSpace, spaceBreak bool
	var prevSpace, prevBreak bool
	if strings.HasPrefix(s, "---") || strings.HasPrefix(s, "...") {
		blockInd = true
	}
	preceded := true
	followed := isBlankZ(at(1))
	for i, r := range rs {
		if i == 0 {
			if strings.ContainsRune("#,[]{}&*!|>'\"%@`", r) {
				blockInd = true
			}
			if (r == '?' || r == ':') && followed {
				blockInd = true
			}
			if r == '-' && followed {
				blockInd = true
			}
		} else {
			if r == ':' && followed {
				blockInd = true
			}
			if r == '#' && preceded {
				blockInd = true
			}
		}
		if !isPrintable(r) {
			special = true
		}
		if isBreak(r) {
			lineBreaks = true
		}
		switch {
		case r == ' ':
			if i == 0 {
				leadingSpace = true
			}
			if i == len(rs)-1 {
				trailingSpace = true
			}
			if prevBreak {
				breakSpace = true
			}
			prevSpace, prevBreak = true, false
		case isBreak(r):
			if i == 0 {
				leadingBreak = true
			}
			if i == len(rs)-1 {
				trailingBreak = true
			}
			if prevSpace {
				spaceBreak = true
			}
			prevSpace, prevBreak = false, true
		default:
			prevSpace, prevBreak = false, false
		}
		preceded = isBlankZ(r)
		followed = isBlankZ(at(i + 2))
	}
	a := scalarAnalysis{multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true}
	if leadingSpace || leadingBreak || trailingSpace || trailingBreak {
		a.blockPlainAllowed = false
	}
	if breakSpace {
		a.blockPlainAllowed, a.singleQuotedAllowed = false, false
	}
	if spaceBreak || special {
		a.blockPlainAllowed, a.singleQuotedAllowed = false, false
	}
	if lineBreaks || blockInd {
		a.blockPlainAllowed = false
	}
	return a
}

// scalar is yaml_emitter_emit_scalar: choose a style, then write.
func (e *yamlEmitter) scalar(sc yamlScalar) {
	a := analyzeScalar(sc.value)
	style := stylePlain
	if e.simpleKeyCtx && a.multiline {
		style = styleDouble
	}
	if style == stylePlain {
		if !a.blockPlainAllowed || (sc.value == "" && e.simpleKeyCtx) || !sc.plainImplicit {
			style = styleSingle
		}
	}
	if style == styleSingle && !a.singleQuotedAllowed {
		style = styleDouble
	}
	e.increaseIndent(true, false)
	breaks := !e.simpleKeyCtx
	switch style {
	case stylePlain:
		e.writePlain(sc.value, breaks)
	case styleSingle:
		e.writeSingle(sc.value, breaks)
	default:
		e.writeDouble(sc.value, breaks)
	}
	e.popIndent()
}

func (e *yamlEmitter) writePlain(s string, allowBreaks bool) {
	if !e.whitespace && s != "" {
		e.put(" ")
	}
	rs := []rune(s)
	spaces := false
	for i, r := range rs {
		if r == ' ' {
			if allowBreaks && !spaces && e.column > yamlBestWidth && !(i+1 < len(rs) && rs[i+1] == ' ') {
				e.writeIndent()
			} else {
				e.put(" ")
			}
			spaces = true
			continue
		}
		e.put(string(r))
		e.indention = false
		spaces = false
	}
	e.whitespace, e.indention = false, false
}

func (e *yamlEmitter) writeBreak(r rune) {
	if r == '\n' {
		e.putBreak()
		return
	}
	e.b.WriteRune(r)
	e.column = 0
}

func (e *yamlEmitter) writeSingle(s string, allowBreaks bool) {
	e.writeIndicator("'", true, false, false)
	rs := []rune(s)
	spaces, breaks := false, false
	for i, r := range rs {
		switch {
		case r == ' ':
			if allowBreaks && !spaces && e.column > yamlBestWidth && i != 0 && i != len(rs)-1 && rs[i+1] != ' ' {
				e.writeIndent()
			} else {
				e.put(" ")
			}
			spaces = true
		case isBreak(r):
			if !breaks && r == '\n' {
				e.putBreak()
			}
			e.writeBreak(r)
			e.indention = true
			breaks = true
		default:
			if breaks {
				e.writeIndent()
			}
			if r == '\'' {
				e.put("'")
			}
			e.put(string(r))
			e.indention = false
			spaces, breaks = false, false
		}
	}
	if breaks {
		e.writeIndent()
	}
	e.writeIndicator("'", false, false, false)
	e.whitespace, e.indention = false, false
}

var yamlEscapes = map[rune]string{
	0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0A: "n", 0x0B: "v", 0x0C: "f",
	0x0D: "r", 0x1B: "e", '"': "\"", '\\': "\\", 0x85: "N", 0xA0: "_",
	0x2028: "L", 0x2029: "P",
}

func (e *yamlEmitter) writeDouble(s string, allowBreaks bool) {
	e.writeIndicator("\"", true, false, false)
	rs := []rune(s)
	spaces := false
	for i, r := range rs {
		switch {
		case !isPrintable(r) || r == 0xFEFF || isBreak(r) || r == '"' || r == '\\':
			if esc, ok := yamlEscapes[r]; ok {
				e.put("\\" + esc)
			} else {
				var hex string
				switch {
				case r <= 0xFF:
					hex = "x" + upperHex(r, 2)
				case r <= 0xFFFF:
					hex = "u" + upperHex(r, 4)
				default:
					hex = "U" + upperHex(r, 8)
				}
				e.put("\\" + hex)
			}
			spaces = false
		case r == ' ':
			if allowBreaks && !spaces && e.column > yamlBestWidth && i != 0 && i != len(rs)-1 {
				e.writeIndent()
				if rs[i+1] == ' ' {
					e.put("\\")
				}
			} else {
				e.put(" ")
			}
			spaces = true
		default:
			e.put(string(r))
			spaces = false
		}
	}
	e.writeIndicator("\"", false, false, false)
	e.whitespace, e.indention = false, false
}

func upperHex(r rune, n int) string {
	const digits = "0123456789ABCDEF"
	out := make([]byte, n)
	for i := n - 1; i >= 0; i-- {
		out[i] = digits[r&0xF]
		r >>= 4
	}
	return string(out)
}

// The YAML 1.2 implicit resolvers of ruamel.yaml's VersionedResolver, keyed
// by the first character they apply to. A plain scalar that one of them
// matches would read back as a bool, float, int, merge key, null,
// timestamp, value or yaml node, so a string with such text is quoted.
var yamlResolvers = []struct {
	first string
	re    *regexp.Regexp
}{
	{"tTfF", pyFull(`true|True|TRUE|false|False|FALSE`)},
	{"-+0123456789.", pyFull(`[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)`)},
	{"-+0123456789", pyFull(`[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+`)},
	{"<", pyFull(`<<`)},
	{"~nN", pyFull(`~|null|Null|NULL|`)},
	{"0123456789", pyFull(`[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?`)},
	{"=", pyFull(`=`)},
	{"!&*", pyFull(`!|&|\*`)},
}

// pyFull is Python re.match(^(?:...)$): "$" also matches before a final
// newline.
func pyFull(alt string) *regexp.Regexp {
	return regexp.MustCompile(`^(?:` + alt + `)\n?\z`)
}

// resolvesNonString reports whether s, written plain, would resolve to a
// tag other than str.
func resolvesNonString(s string) bool {
	if s == "" {
		return true // the null resolver is registered for ''
	}
	first, _ := utf8.DecodeRuneInString(s)
	for _, r := range yamlResolvers {
		if strings.ContainsRune(r.first, first) && r.re.MatchString(s) {
			return true
		}
	}
	return false
}
