package output

import (
	"math"
	"math/big"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/jmespath/go-jmespath"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/py"
)

// Query is a compiled --query JMESPath expression (spec §12: applied before
// formatting).
//
// go-jmespath works on map[string]any, which loses member order, while
// Python's jmespath keeps dict insertion order and json output shows it. So
// the document is converted for the search and the result's objects are
// given back an order: the key order of the expression's multiselect hash
// with the same keys, else the order of an object of the input holding
// those keys, else sorted.
type Query struct {
	expr   string
	jp     *jmespath.JMESPath
	hashes [][]string // key lists of the expression's multiselect hashes
}

// CompileQuery parses expr; a syntax error is v2's
// "\nBad value for --query EXPR: MSG\n" with exit 252, MSG being what
// Python's jmespath raises (pyQuerySyntaxError). Python's verdict decides:
// go-jmespath also accepts a few unfinished expressions such as "[0",
// which the AWS CLI rejects before sending anything.
func CompileQuery(expr string) (*Query, error) {
	if expr == "" { // jmespath's EmptyExpressionError
		return nil, errorf(252, "\nBad value for --query : Invalid JMESPath expression: cannot be empty.\n")
	}
	if text := pyQuerySyntaxError(expr); text != "" {
		return nil, errorf(252, "\nBad value for --query %s: %s\n", expr, text)
	}
	goExpr := expr
	jp, err := jmespath.Compile(goExpr)
	if err != nil {
		if rw, ok := pyBareLiteralsAsJSON(expr); ok {
			if jp2, err2 := jmespath.Compile(rw); err2 == nil {
				goExpr, jp, err = rw, jp2, nil
			}
		}
	}
	if err != nil {
		return nil, errorf(252, "\nBad value for --query %s: %s\n", expr, goSyntaxErrorText(expr, err))
	}
	q := &Query{expr: expr, jp: jp}
	if ast, err := jmespath.NewParser().Parse(goExpr); err == nil {
		q.hashes = multiselectKeys(ast.PrettyPrint(0))
	}
	return q, nil
}

// goSyntaxErrorText lays out, in the shape of Python's ParseError, an
// error of go-jmespath for an expression Python's jmespath accepts. The
// grammars still differ in corners (NaN and Infinity literals, for one);
// the AWS CLI would have run such a query.
func goSyntaxErrorText(expr string, err error) string {
	se, ok := err.(jmespath.SyntaxError)
	if !ok {
		return err.Error()
	}
	return se.Error() + ": Parse error at column " + strconv.Itoa(se.Offset) +
		", for expression:\n\"" + expr + "\"\n" + strings.Repeat(" ", se.Offset+1) + "^"
}

// multiselectKeys reads the key lists of multiselect hashes from the
// parser's pretty-printed AST (go-jmespath exports no AST accessors).
func multiselectKeys(pretty string) [][]string {
	lines := strings.Split(pretty, "\n")
	indentOf := func(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }
	var out [][]string
	for i, l := range lines {
		if strings.TrimSpace(l) != "ASTMultiSelectHash {" {
			continue
		}
		h := indentOf(l)
		var keys []string
		for j := i + 1; j < len(lines); j++ {
			lj := lines[j]
			if strings.TrimSpace(lj) == "" {
				continue
			}
			if indentOf(lj) <= h {
				break
			}
			if indentOf(lj) == h+4 && strings.TrimSpace(lj) == "ASTKeyValPair {" && j+1 < len(lines) {
				v := strings.TrimSpace(lines[j+1])
				if k, err := strconv.Unquote(strings.TrimPrefix(v, "value: ")); err == nil {
					keys = append(keys, k)
				}
			}
		}
		out = append(out, keys)
	}
	return out
}

// Search applies the expression to a document and returns a document.
// A runtime failure (such as a function given the wrong type) exits 255
// like the AWS CLI's unexpected errors.
func (q *Query) Search(doc any) (any, error) {
	c := &converter{numbers: map[float64]cosell.Number{}}
	in := c.toJMES(doc)
	res, err := q.jp.Search(in)
	if err != nil {
		return nil, errorf(255, "\n%s\n", searchErrorText(err))
	}
	switch objectListResult(q.expr) {
	case wholeList:
		res = c.inObjectOrder(res)
	case eachList:
		if list, ok := res.([]any); ok {
			for i, e := range list {
				list[i] = c.inObjectOrder(e)
			}
		}
	}
	return c.fromJMES(res, q.hashes), nil
}

// Where an expression's result is the list keys() or values() returned.
const (
	noObjectList = iota
	wholeList    // keys(x), values(x), x.keys(@), x | keys(@)
	eachList     // a projection's x[].keys(@): a list of such lists
)

var (
	outerCall  = regexp.MustCompile(`^\s*(keys|values)\((.*)\)\s*$`)
	trailCall  = regexp.MustCompile(`^(.*?)\s*(\.|\|)\s*(keys|values)\(\s*@\s*\)\s*$`)
	projection = regexp.MustCompile(`\[\s*\*?\s*\]|\[\?|\.\s*\*`)
)

// objectListResult finds, from the expression's text, whether its result
// comes straight from keys() or values(): only then is it put back in the
// object's order (inObjectOrder). A list the expression goes on to use
// (sort(keys(x)), join(',', values(x))) is left as go-jmespath made it.
func objectListResult(expr string) int {
	if m := outerCall.FindStringSubmatch(expr); m != nil && balanced(m[2]) {
		return wholeList
	}
	if m := trailCall.FindStringSubmatch(expr); m != nil && balanced(m[1]) {
		if m[2] == "." && projection.MatchString(m[1]) {
			return eachList
		}
		return wholeList
	}
	return noObjectList
}

// balanced reports whether s closes every bracket it opens, outside
// quoted strings and literals.
func balanced(s string) bool {
	depth := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case quote != 0:
			if ch == '\\' {
				i++
			} else if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"' || ch == '`':
			quote = ch
		case ch == '(' || ch == '[' || ch == '{':
			depth++
		case ch == ')' || ch == ']' || ch == '}':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0 && quote == 0
}

// inObjectOrder puts a list keys() or values() returned back in the order
// of the object it came from: Python's dicts keep the response's order,
// go-jmespath's maps have none (the same query printed its keys in a
// different order each run). The list is matched to the input object
// whose member names, or member values, it holds exactly.
func (c *converter) inObjectOrder(v any) any {
	list, ok := v.([]any)
	if !ok {
		return v
	}
	for i, keys := range c.orders {
		if len(keys) != len(list) || len(list) < 2 {
			continue
		}
		if ordered, ok := permutation(list, keys, func(k string) any { return k }); ok {
			return ordered
		}
		m := c.objects[i]
		if ordered, ok := permutation(list, keys, func(k string) any { return m[k] }); ok {
			return ordered
		}
	}
	return list
}

// permutation returns want(k) for each key in order if list holds exactly
// those values, in any order.
func permutation(list []any, keys []string, want func(string) any) ([]any, bool) {
	used := make([]bool, len(list))
	out := make([]any, len(keys))
	for i, k := range keys {
		w, found := want(k), false
		for j, e := range list {
			if !used[j] && reflect.DeepEqual(e, w) {
				used[j], out[i], found = true, e, true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	return out, true
}

type converter struct {
	numbers map[float64]cosell.Number // original text of each number
	orders  [][]string                // key orders of the input's objects
	objects []map[string]any          // those objects, as searched (orders[i] is objects[i]'s)
}

func (c *converter) toJMES(v any) any {
	switch v := v.(type) {
	case cosell.Object:
		m := make(map[string]any, len(v))
		keys := make([]string, len(v))
		for i, f := range v {
			m[f.Name] = c.toJMES(f.Value)
			keys[i] = f.Name
		}
		c.orders = append(c.orders, keys)
		c.objects = append(c.objects, m)
		return m
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = c.toJMES(e)
		}
		return out
	case cosell.Number:
		p := parseNumber(v)
		f := p.f
		if p.isInt {
			f, _ = new(big.Float).SetInt(p.i).Float64()
		}
		if _, seen := c.numbers[f]; !seen {
			c.numbers[f] = v
		}
		return f
	}
	return v
}

func (c *converter) fromJMES(v any, hashes [][]string) any {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		keys = c.order(keys, hashes)
		out := make(cosell.Object, len(keys))
		for i, k := range keys {
			out[i] = cosell.Field{Name: k, Value: c.fromJMES(v[k], hashes)}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = c.fromJMES(e, hashes)
		}
		return out
	case float64:
		if n, ok := c.numbers[v]; ok {
			return n
		}
		return floatNumber(v)
	case int:
		return cosell.Number(strconv.Itoa(v))
	}
	return v
}

// floatNumber renders a number the search computed. go-jmespath has only
// float64; Python's jmespath returns ints for length(), sums of ints and
// the like, so integral values print as ints.
func floatNumber(f float64) cosell.Number {
	if f == math.Trunc(f) && math.Abs(f) < 1e16 {
		return cosell.Number(strconv.FormatInt(int64(f), 10))
	}
	return cosell.Number(py.FloatRepr(f))
}

func (c *converter) order(keys []string, hashes [][]string) []string {
	set := make(map[string]bool, len(keys))
	for _, k := range keys {
		set[k] = true
	}
	match := func(order []string, exact bool) []string {
		if exact && len(order) != len(keys) {
			return nil
		}
		var out []string
		for _, k := range order {
			if set[k] {
				out = append(out, k)
			}
		}
		if len(out) != len(keys) {
			return nil
		}
		return out
	}
	for _, h := range hashes {
		if o := match(h, true); o != nil {
			return o
		}
	}
	for _, o := range c.orders {
		if o := match(o, false); o != nil {
			return o
		}
	}
	sort.Strings(keys)
	return keys
}

// searchErrorText words a go-jmespath runtime error as Python's jmespath
// does where the two differ ("Unknown function: nope()").
func searchErrorText(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "unknown function: "); ok {
		return "Unknown function: " + name + "()"
	}
	return msg
}
