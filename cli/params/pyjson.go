package params

import (
	"errors"
	"regexp"
	"strconv"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/py"
)

// parsePyJSON decodes JSON like Python's json.loads(s,
// object_pairs_hook=OrderedDict) (py.Loads); errors carry Python's messages
// ("Expecting value: line 1 column 1 (char 0)"), which the AWS CLI prints
// after "Invalid JSON: " (spec §3, §6, §9). A lone surrogate escape is kept
// so Serialize writes it back. Nesting beyond Python's recursion limit is a
// RecursionError (*Error, exit 255), see jsonNesting.
func parsePyJSON(s string, n jsonNesting) (any, error) {
	v, err := py.Loads(s, py.LoadsOptions{MaxDepth: n.limit})
	var pe *py.Error
	switch {
	case err == nil:
		if msg := n.walk(v, 1); msg != "" {
			return nil, recursionError(msg)
		}
		return v, nil
	case !errors.As(err, &pe):
		return nil, err
	case err.Error() == pyDepthError:
		// py.Loads stops one level later than Python, so Python failed
		// earlier, on text py.Loads read without a syntax error.
		if msg, _ := n.scan([]rune(s), -1); msg != "" {
			return nil, recursionError(msg)
		}
		return nil, recursionError(recursionMsg)
	}
	// A syntax error: Python failed first if the nesting went too deep
	// before the error's position.
	m := charPos.FindStringSubmatch(err.Error())
	if m == nil {
		return nil, err
	}
	pos, _ := strconv.Atoi(m[1])
	msg, level := n.scan([]rune(s), pos)
	if msg != "" {
		return nil, recursionError(msg)
	}
	// The C scanner raises most errors where it finds them, creating the
	// JSONDecodeError there: a call from C (one level), its Python
	// __init__ (two) and a call from that (three). Near the limit that is
	// the RecursionError. "Expecting value" travels up as StopIteration and
	// is raised at the top, as are "Extra data" and the BOM error.
	if deepRaised.MatchString(err.Error()) {
		switch n.limit - level {
		case 0, 2:
			return nil, recursionError(recursionCallingMsg)
		case 1:
			return nil, recursionError(recursionMsg)
		}
	}
	return nil, err
}

var deepRaised = regexp.MustCompile(`^(Expecting ',' delimiter|Expecting ':' delimiter|Expecting property name|Unterminated string|Invalid control character|Invalid \\escape|Invalid \\uXXXX escape)`)

const pyDepthError = "maximum recursion depth exceeded while decoding a JSON document"

var charPos = regexp.MustCompile(`\(char (\d+)\)$`)

// jsonNesting is where Python's C JSON scanner hits the recursion limit
// (issue 9). It enters the limit once per array or object, so a container
// nested deeper than limit fails ("maximum recursion depth exceeded while
// decoding a JSON array from a unicode string", or "object"); with
// object_pairs_hook, calling OrderedDict for an object at exactly limit
// takes one more ("… while calling a Python object"), after its members.
// The limits were measured with AWS CLI v2 2.9.19 (Python 3.11), where the
// CLI's own stack leaves 978 levels for an option's JSON (objects 977) and
// 979 for --cli-input-json (plain json.loads). They depend on the CLI's
// call stack and Python version: another release may differ by a few.
type jsonNesting struct {
	limit     int
	pairsHook bool
}

var (
	optionJSON = jsonNesting{limit: 978, pairsHook: true}
	inputJSON  = jsonNesting{limit: 979}
)

func (n jsonNesting) decodingMsg(object bool) string {
	if object {
		return "maximum recursion depth exceeded while decoding a JSON object from a unicode string"
	}
	return "maximum recursion depth exceeded while decoding a JSON array from a unicode string"
}

// walk finds Python's first recursion failure in a decoded document, in
// scan order: a container at level (1 = the top) beyond the limit, or an
// object at the limit once its members are read.
func (n jsonNesting) walk(v any, level int) string {
	switch v := v.(type) {
	case []any:
		if level > n.limit {
			return n.decodingMsg(false)
		}
		for _, e := range v {
			if msg := n.walk(e, level+1); msg != "" {
				return msg
			}
		}
	case cosell.Object:
		if level > n.limit {
			return n.decodingMsg(true)
		}
		for _, f := range v {
			if msg := n.walk(f.Value, level+1); msg != "" {
				return msg
			}
		}
		if n.pairsHook && level == n.limit {
			return recursionCallingMsg
		}
	}
	return ""
}

// scan finds the same failure in text Python read without a syntax error,
// before rune index end (end < 0: anywhere), and tells how many containers
// are open at end.
func (n jsonNesting) scan(in []rune, end int) (string, int) {
	if end < 0 || end > len(in) {
		end = len(in)
	}
	var stack []bool // open containers, true for an object
	inString, escaped := false, false
	for i := 0; i < end; i++ {
		c := in[i]
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			stack = append(stack, c == '{')
			if len(stack) > n.limit {
				return n.decodingMsg(c == '{'), 0
			}
		case c == ']' || c == '}':
			if len(stack) == 0 {
				return "", 0
			}
			if n.pairsHook && c == '}' && len(stack) == n.limit {
				return recursionCallingMsg, 0
			}
			stack = stack[:len(stack)-1]
		}
	}
	return "", len(stack)
}
