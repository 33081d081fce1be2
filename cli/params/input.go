package params

import (
	"errors"
	"io"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/py"
	"gopkg.in/yaml.v3"
)

// --cli-input-json and --cli-input-yaml (spec §9, §15). The value, or the
// file:// / fileb:// file it names, must hold one object; cli-core merges
// its members under the command-line options. JSON values are used as they
// are (no shorthand, paramfiles or list wrapping); a repeated key keeps the
// last value.

// DecodeInputJSON decodes a --cli-input-json value.
func DecodeInputJSON(value string) (cosell.Object, error) {
	const name = "cli-input-json"
	text, isBytes, err := inputText(name, value)
	if err != nil {
		return nil, err
	}
	if isBytes {
		// json.loads of bytes (fileb://) takes a UTF-8 BOM for the
		// encoding's mark (utf-8-sig); of text (file://) it refuses it.
		text = strings.TrimPrefix(text, "\ufeff")
	}
	v, err := parsePyJSON(text, inputJSON)
	if err != nil {
		if _, recursion := err.(*Error); recursion {
			return nil, err // RecursionError is no ValueError: it escapes
		}
		return nil, paramError(name, "Invalid JSON received.")
	}
	return inputObject(name, v)
}

// DecodeInputYAML decodes a --cli-input-yaml value with YAML 1.2 safe
// loading (ruamel.yaml's resolver): unquoted scalars are typed, so
// `Identifier: 123` is an int, `TargetCloseDate: 2025-03-31` a date and
// `Title: null` None, and they fail validation with those Python types.
func DecodeInputYAML(value string) (cosell.Object, error) {
	const name = "cli-input-yaml"
	text, _, err := inputText(name, value)
	if err != nil {
		return nil, err
	}
	v, err := parseYAML(text)
	if err != nil {
		if e, ok := err.(*Error); ok {
			return nil, e // RecursionError is no YAMLError: it escapes
		}
		if errors.Is(err, errAliasBomb) {
			return nil, paramError(name, "Invalid YAML received. "+err.Error())
		}
		return nil, paramError(name, "Invalid YAML received.")
	}
	return inputObject(name, v)
}

// inputText expands file:// and fileb:// (never http(s)://, spec §4);
// isBytes: the text came from fileb://.
func inputText(name, value string) (text string, isBytes bool, err error) {
	v, ok, err := getParamfile(value)
	if err != nil {
		return "", false, paramError(name, err.Error())
	}
	if !ok {
		return value, false, nil
	}
	if b, isBytes := v.(Bytes); isBytes {
		return string(b), true, nil
	}
	return v.(string), false, nil
}

func inputObject(name string, v any) (cosell.Object, error) {
	obj, ok := v.(cosell.Object)
	if !ok {
		return nil, paramError("--"+name, "Invalid type: expecting map, received "+py.ClassStr(v))
	}
	return obj, nil
}

// Bounds (issue 9). ruamel.yaml's composer recurses for every nested
// collection, so deep nesting ends in Python's RecursionError (exit 255,
// "maximum recursion depth exceeded"): with AWS CLI v2 2.9.19 a document of
// 480 nested block mappings loads and one of 481 fails. The limit moves
// with the styles (484 for flow collections with plain scalars, 486 for
// empty flow sequences) and so does the message's ending near it ("while
// getting the repr of an object"); cosell takes 480, the block style of
// --generate-cli-skeleton yaml-input, and the plain message. yaml.v3
// refuses 10,000 levels itself, reported the same way.
//
// Aliases are shared in Python (the composer returns the anchored node), so
// a "billion laughs" document loads there and only costs memory and time
// when something walks it. cosell expands aliases into copies, so it
// refuses a document whose aliases add more than yamlAliasBudget values
// (exit 252, "Invalid YAML received." and why), and an expansion nested
// deeper than yamlExpandedDepth.
const (
	yamlMaxNesting    = 480
	yamlAliasBudget   = 1_000_000
	yamlExpandedDepth = 10_000
)

var errAliasBomb = errors.New("Its aliases expand to more than 1000000 values.")

func parseYAML(text string) (any, error) {
	dec := yaml.NewDecoder(strings.NewReader(text))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil // an empty document is None
		}
		if strings.Contains(err.Error(), "exceeded max depth") {
			return nil, recursionError(recursionMsg)
		}
		return nil, err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("expected a single document in the stream")
	}
	if yamlNesting(&doc) > yamlMaxNesting {
		return nil, recursionError(recursionMsg)
	}
	if yamlAliasValues(&doc, map[*yaml.Node]int{}) > yamlAliasBudget {
		return nil, errAliasBomb
	}
	return yamlValue(&doc, 0)
}

// yamlAliasValues counts the values that expanding the aliases adds: for
// each alias written in the document, its anchor's expanded size less the
// alias itself. The count stops soon after passing the budget.
func yamlAliasValues(n *yaml.Node, sizes map[*yaml.Node]int) int {
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return 0
		}
		return yamlExpandedSize(n.Alias, sizes) - 1
	}
	extra := 0
	for _, c := range n.Content {
		if extra += yamlAliasValues(c, sizes); extra > yamlAliasBudget {
			break
		}
	}
	return extra
}

// yamlNesting is the deepest collection nesting written in the document
// (aliases not followed), 1 for a flat mapping.
func yamlNesting(n *yaml.Node) int {
	deepest := 0
	for _, c := range n.Content {
		deepest = max(deepest, yamlNesting(c))
	}
	if n.Kind == yaml.SequenceNode || n.Kind == yaml.MappingNode {
		deepest++
	}
	return deepest
}

// yamlExpandedSize counts the nodes with every alias replaced by a copy of
// its anchor's node, saturating past the budget (sizes memoises anchors).
func yamlExpandedSize(n *yaml.Node, sizes map[*yaml.Node]int) int {
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return 1
		}
		n = n.Alias
	}
	if s, ok := sizes[n]; ok {
		return s
	}
	size := 1
	for _, c := range n.Content {
		size = min(size+yamlExpandedSize(c, sizes), yamlAliasBudget+2)
	}
	sizes[n] = size
	return size
}

func yamlValue(n *yaml.Node, depth int) (any, error) {
	if depth > yamlExpandedDepth {
		return nil, recursionError(recursionMsg)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return yamlValue(n.Content[0], depth+1)
	case yaml.AliasNode:
		return yamlValue(n.Alias, depth+1)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValue(c, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		obj := cosell.Object{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, err := yamlValue(n.Content[i], depth+1)
			if err != nil {
				return nil, err
			}
			v, err := yamlValue(n.Content[i+1], depth+1)
			if err != nil {
				return nil, err
			}
			key := py.Str(k)
			if _, dup := obj.Lookup(key); dup {
				return nil, errors.New("duplicate key " + key)
			}
			obj = append(obj, cosell.Field{Name: key, Value: v})
		}
		return obj, nil
	case yaml.ScalarNode:
		return yamlScalar(n)
	}
	return nil, errors.New("unsupported YAML node")
}

// YAML 1.2 implicit types as ruamel.yaml resolves plain scalars.
var (
	yamlNull  = regexp.MustCompile(`^(?:~|null|Null|NULL|)$`)
	yamlBool  = regexp.MustCompile(`^(?:true|True|TRUE|false|False|FALSE)$`)
	yamlInt   = regexp.MustCompile(`^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$`)
	yamlFloat = regexp.MustCompile(`^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)
	yamlTime  = regexp.MustCompile(`^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?)?$`)
)

func yamlScalar(n *yaml.Node) (any, error) {
	tag := ""
	switch {
	case n.Style&yaml.TaggedStyle != 0:
		tag = n.ShortTag()
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		tag = "!!str"
	}
	s := n.Value
	if tag == "" {
		switch {
		case yamlNull.MatchString(s):
			tag = "!!null"
		case yamlBool.MatchString(s):
			tag = "!!bool"
		case yamlInt.MatchString(s) && strings.ContainsAny(s, "0123456789"):
			tag = "!!int"
		case yamlFloat.MatchString(s):
			tag = "!!float"
		case yamlTime.MatchString(s):
			tag = "!!timestamp"
		default:
			tag = "!!str"
		}
	}
	switch tag {
	case "!!null":
		return nil, nil
	case "!!bool":
		return strings.EqualFold(s, "true"), nil
	case "!!int":
		return yamlIntValue(s)
	case "!!float":
		return yamlFloatValue(s)
	case "!!timestamp":
		return yamlTimestamp(s)
	}
	return s, nil
}

func yamlIntValue(s string) (any, error) {
	t := strings.ReplaceAll(s, "_", "")
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimLeft(t, "+-")
	base := 10
	switch {
	case strings.HasPrefix(t, "0b"):
		base, t = 2, t[2:]
	case strings.HasPrefix(t, "0x"):
		base, t = 16, t[2:]
	case strings.HasPrefix(t, "0o"):
		base, t = 8, t[2:]
	}
	var n big.Int
	if _, ok := n.SetString(t, base); !ok {
		return nil, errors.New("bad int " + s)
	}
	if neg {
		n.Neg(&n)
	}
	return cosell.Number(n.String()), nil
}

func yamlFloatValue(s string) (any, error) {
	t := strings.ToLower(strings.ReplaceAll(s, "_", ""))
	switch strings.TrimLeft(t, "+") {
	case ".inf":
		return cosell.Number("inf"), nil
	case "-.inf":
		return cosell.Number("-inf"), nil
	case ".nan":
		return cosell.Number("nan"), nil
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return nil, err
	}
	return cosell.Number(py.FloatRepr(f)), nil
}

func yamlTimestamp(s string) (any, error) {
	m := yamlTime.FindStringSubmatch(s)
	atoi := func(x string) int { n, _ := strconv.Atoi(x); return n }
	y, mo, d := atoi(m[1]), atoi(m[2]), atoi(m[3])
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) {
		return nil, errors.New("bad date " + s)
	}
	if m[4] == "" {
		return Date{y, mo, d}, nil
	}
	frac := (m[7] + "000000")[:6]
	loc, aware := time.UTC, false
	if z := m[8]; z != "" {
		aware = true
		if z != "Z" {
			sign := 1
			if z[0] == '-' {
				sign = -1
			}
			hh, mm := strings.ReplaceAll(z[1:], ":", ""), "0"
			if len(hh) > 2 {
				hh, mm = hh[:len(hh)-2], hh[len(hh)-2:]
			}
			loc = time.FixedZone("", sign*(atoi(hh)*3600+atoi(mm)*60))
		}
	}
	t := time.Date(y, time.Month(mo), d, atoi(m[4]), atoi(m[5]), atoi(m[6]), atoi(frac)*1000, loc)
	if t.Hour() != atoi(m[4]) || t.Minute() != atoi(m[5]) || t.Second() != atoi(m[6]) {
		return nil, errors.New("bad time " + s)
	}
	return DateTime{Time: t, Aware: aware}, nil
}
