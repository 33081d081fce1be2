package cli

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/cosell/cosell/internal/py"
)

// A small re-implementation of the parts of Python's argparse that the AWS
// CLI relies on (aws-cli-behaviour.md §2, §15). The AWS CLI parses argv
// twice: the global parser runs parse_known_args over everything first, so a
// prefix that fits a global option belongs to it; the operation parser then
// parses what is left. Both stages use the same rules, implemented here.

// nargs kinds.
const (
	nargsOne      = iota // one value: `--opt v` or `--opt=v`
	nargsOptional        // '?': zero or one value; const when zero
	nargsStar            // '*': zero or more values (list-of-strings options)
	nargsNone            // store_true flag
)

// argSpec is one option of a parser.
type argSpec struct {
	Name     string // "--catalog"
	Nargs    int
	Choices  []string
	Required bool
	Const    string // value for nargsOptional without a value
	Version  bool   // argparse action="version": acts as soon as it is seen
	// Exact options (cosell's own extras) take no prefix abbreviations, so
	// adding them never makes an AWS CLI abbreviation ambiguous.
	Exact bool
	// Int options are argparse type=int (the paginator's --max-items and
	// --page-size): a value int() refuses is a usage error, as it is read.
	Int bool
}

// argParser holds the options of one parsing stage.
type argParser struct {
	specs  []*argSpec
	byName map[string]*argSpec
}

func newArgParser(specs []*argSpec) *argParser {
	p := &argParser{specs: specs, byName: make(map[string]*argSpec, len(specs))}
	for _, s := range specs {
		p.byName[s.Name] = s
	}
	return p
}

// parsedArgs is the result of parseKnown.
type parsedArgs struct {
	// Values holds, per option name, the values of its last occurrence
	// (argparse: the last occurrence wins, lists included). A flag maps to
	// an empty, non-nil slice.
	Values map[string][]string
	// Extras are the tokens the parser did not consume, in argv order:
	// unknown options, their values, positionals.
	Extras []string
	// Version is set when a version action was met.
	Version bool
}

func (a *parsedArgs) has(name string) bool { _, ok := a.Values[name]; return ok }

func (a *parsedArgs) value(name string) (string, bool) {
	v, ok := a.Values[name]
	if !ok || len(v) == 0 {
		return "", ok
	}
	return v[0], true
}

// usageError is an argparse error: exit 252 with the usage block (§15).
type usageError struct{ Msg string }

func (e *usageError) Error() string { return e.Msg }

// negativeNumber is argparse's _negative_number_matcher.
var negativeNumber = regexp.MustCompile(`^-\d+$|^-\d*\.\d+$`)

// optTuple is argparse's classification of one token as an option.
type optTuple struct {
	spec     *argSpec // nil: an unknown option
	explicit *string  // value after '='
}

// classify mirrors argparse._parse_optional: it returns nil when the token
// is a value (positional), otherwise the option it names.
func (p *argParser) classify(tok string) (*optTuple, error) {
	if tok == "" || tok[0] != '-' {
		return nil, nil
	}
	if s, ok := p.byName[tok]; ok {
		return &optTuple{spec: s}, nil
	}
	if len(tok) == 1 {
		return nil, nil
	}
	if i := strings.IndexByte(tok, '='); i >= 0 {
		if s, ok := p.byName[tok[:i]]; ok {
			v := tok[i+1:]
			return &optTuple{spec: s, explicit: &v}, nil
		}
	}
	// Prefix abbreviations: --life → --life-cycle.
	prefix, explicit := tok, (*string)(nil)
	if i := strings.IndexByte(tok, '='); i >= 0 && strings.HasPrefix(tok, "--") {
		v := tok[i+1:]
		prefix, explicit = tok[:i], &v
	}
	if strings.HasPrefix(tok, "--") {
		var matches []*argSpec
		for _, s := range p.specs {
			if !s.Exact && strings.HasPrefix(s.Name, prefix) {
				matches = append(matches, s)
			}
		}
		if len(matches) > 1 {
			names := make([]string, len(matches))
			for i, m := range matches {
				names[i] = m.Name
			}
			return nil, &usageError{fmt.Sprintf("ambiguous option: %s could match %s", prefix, strings.Join(names, ", "))}
		}
		if len(matches) == 1 {
			return &optTuple{spec: matches[0], explicit: explicit}, nil
		}
	}
	// Values that only look like options: negative numbers and words
	// containing a space (§2).
	if negativeNumber.MatchString(tok) || strings.Contains(tok, " ") {
		return nil, nil
	}
	return &optTuple{}, nil
}

// parseKnown is argparse.parse_known_args over the options of p (no
// positionals: the callers pick those out of Extras). A bare "--" ends
// option parsing; it and everything after it are returned in Extras.
func (p *argParser) parseKnown(args []string) (*parsedArgs, error) {
	out := &parsedArgs{Values: map[string][]string{}}
	// isOpt[i] is the classification of args[i]; tokens after "--" are values.
	isOpt := make([]*optTuple, len(args))
	dd := len(args)
	for i, tok := range args {
		if tok == "--" {
			dd = i
			break
		}
		t, err := p.classify(tok)
		if err != nil {
			return nil, err
		}
		isOpt[i] = t
	}
	i := 0
	for i < dd {
		t := isOpt[i]
		if t == nil {
			out.Extras = append(out.Extras, args[i])
			i++
			continue
		}
		if t.spec == nil {
			out.Extras = append(out.Extras, args[i])
			i++
			continue
		}
		s := t.spec
		i++
		// Values that follow: consecutive non-option tokens before "--".
		j := i
		for j < dd && isOpt[j] == nil {
			j++
		}
		avail := args[i:j]
		var vals []string
		switch s.Nargs {
		case nargsNone:
			if t.explicit != nil {
				return nil, &usageError{fmt.Sprintf("argument %s: ignored explicit argument '%s'", s.Name, *t.explicit)}
			}
			vals = []string{}
		case nargsOne, nargsOptional:
			switch {
			case t.explicit != nil:
				vals = []string{*t.explicit}
			case len(avail) >= 1:
				vals = []string{avail[0]}
				i++
			case s.Nargs == nargsOptional: // "?" without a value takes its const
				vals = []string{s.Const}
			default:
				return nil, &usageError{fmt.Sprintf("argument %s: expected one argument", s.Name)}
			}
		case nargsStar:
			if t.explicit != nil {
				vals = []string{*t.explicit}
			} else {
				vals = append([]string{}, avail...)
				i = j
			}
		}
		if s.Choices != nil {
			for _, v := range vals {
				if !contains(s.Choices, v) {
					return nil, &usageError{invalidChoice(s.Name, v, s.Choices)}
				}
			}
		}
		if s.Int {
			for _, v := range vals {
				if _, ok := parsePyInt(v); !ok {
					return nil, &usageError{fmt.Sprintf("argument %s: invalid int value: %s", s.Name, py.StrRepr(v))}
				}
			}
		}
		if s.Version {
			out.Version = true
			return out, nil
		}
		out.Values[s.Name] = vals
	}
	out.Extras = append(out.Extras, args[dd:]...)
	return out, nil
}

// missingRequired lists the required options not given, in parser order.
func (p *argParser) missingRequired(a *parsedArgs) []string {
	var missing []string
	for _, s := range p.specs {
		if s.Required && !a.has(s.Name) {
			missing = append(missing, s.Name)
		}
	}
	return missing
}

// invalidChoice is v2 2.31+'s bad-choice text (§15): a "Maybe you meant"
// list when difflib finds close matches, one extra blank line otherwise.
func invalidChoice(name, v string, choices []string) string {
	msg := fmt.Sprintf("argument %s: Found invalid choice '%s'", name, v)
	close := closeMatches(v, choices)
	if len(close) == 0 {
		return msg + "\n"
	}
	msg += "\n\nMaybe you meant:\n\n"
	for _, c := range close {
		msg += "  * " + c + "\n"
	}
	return msg
}

// closeMatches approximates difflib.get_close_matches(v, choices, n=3,
// cutoff=0.6) with a ratio over the longest common subsequence.
func closeMatches(v string, choices []string) []string {
	type scored struct {
		s string
		r float64
	}
	var out []scored
	for _, c := range choices {
		if r := ratio(v, c); r >= 0.6 {
			out = append(out, scored{c, r})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].r > out[j].r })
	var names []string
	for i := 0; i < len(out) && i < 3; i++ {
		names = append(names, out[i].s)
	}
	return names
}

func ratio(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra)+len(rb) == 0 {
		return 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			switch {
			case ra[i-1] == rb[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] > cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return 2 * float64(prev[len(rb)]) / float64(len(ra)+len(rb))
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
