package cosell

import (
	"math"
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// The schema is generated from the facts of botocore's service model by
// cmd/cosell-schemagen (shapes_gen.go, enums_gen.go, operations_gen.go);
// cosell's descriptions are in shape_docs.go and its refinements of the
// facts in shape_overlay.go, both applied by the builders below.
//go:generate go run ./cmd/cosell-schemagen

// Kind is the type of a Shape, as the service model names it.
type Kind uint8

const (
	KindStructure Kind = iota + 1
	KindList
	KindString
	KindTimestamp
	KindInteger
	KindMap
)

func (k Kind) String() string {
	switch k {
	case KindStructure:
		return "structure"
	case KindList:
		return "list"
	case KindString:
		return "string"
	case KindTimestamp:
		return "timestamp"
	case KindInteger:
		return "integer"
	case KindMap:
		return "map"
	}
	return "unknown"
}

// Shape is one node of cosell's schema: the single definition from which the
// server's validation, the CLI's parsing, skeletons and help, and both sides'
// output formatting are derived.
type Shape struct {
	Name    string
	Kind    Kind
	Members []Member // structure members, in model order
	Union   bool     // a structure of which exactly one member is set
	Elem    *Shape   // list element, or map value
	Key     *Shape   // map key

	// Enum is a value set the model closes (an enum shape). Listed is a value
	// set the documentation lists for a free-string shape: the service still
	// enforces it, but clients (skeletons, the AWS CLI) treat it as a string.
	Enum   []string
	Listed []string

	MinLen, MaxLen     int      // string length in characters; MaxLen 0 means unbounded
	Pattern            *Pattern // full match
	Date               bool     // YYYY-MM-DD that must also be a real calendar date
	MinItems, MaxItems int      // list size; MaxItems 0 means unbounded
	Min, Max           int64    // integer range, when HasRange (math.MinInt64, math.MaxInt64: unbounded)
	HasRange           bool
	Sensitive          bool

	valueSet map[string]struct{}
	index    map[string]int
}

// Member is a named slot of a structure.
type Member struct {
	Name     string
	Shape    *Shape
	Required bool
	Doc      string // cosell's own one-line description (shape_docs.go)

	// IdempotencyToken: the model's idempotencyToken trait. Clients fill
	// the member with a fresh UUID when the caller leaves it out.
	IdempotencyToken bool
}

// Member returns the member called name, or nil.
func (s *Shape) Member(name string) *Member {
	if i, ok := s.index[name]; ok {
		return &s.Members[i]
	}
	return nil
}

// MemberNames lists the member names in model order.
func (s *Shape) MemberNames() []string {
	names := make([]string, len(s.Members))
	for i, m := range s.Members {
		names[i] = m.Name
	}
	return names
}

// Values is the value set the service enforces: Enum, else Listed.
func (s *Shape) Values() []string {
	if s.Enum != nil {
		return s.Enum
	}
	return s.Listed
}

// Allows reports whether v belongs to the shape's value set (true when it has none).
func (s *Shape) Allows(v string) bool {
	if s.valueSet == nil {
		return true
	}
	_, ok := s.valueSet[v]
	return ok
}

type shapeOpt func(*Shape)

func length(min, max int) shapeOpt { return func(s *Shape) { s.MinLen, s.MaxLen = min, max } }
func pattern(re string) shapeOpt {
	return func(s *Shape) { s.Pattern = &Pattern{expr: `^(?:` + re + `)$`} }
}

// Pattern is a string shape's regular expression, anchored at both ends
// and compiled on first use: the model has about a hundred patterns, most
// of them of operations a given process never checks, and compiling them
// all at start-up would add a millisecond to every CLI call. The generator
// and TestPatternsCompile make sure each one compiles.
type Pattern struct {
	expr string
	once sync.Once
	re   *regexp.Regexp
}

// MatchString reports whether s matches the whole pattern.
func (p *Pattern) MatchString(s string) bool { return p.Regexp().MatchString(s) }

// Regexp is the compiled pattern.
func (p *Pattern) Regexp() *regexp.Regexp {
	p.once.Do(func() { p.re = regexp.MustCompile(p.expr) })
	return p.re
}

// String is the anchored expression, ^(?:…)$.
func (p *Pattern) String() string { return p.expr }
func sensitive(s *Shape)          { s.Sensitive = true }
func listed(vals []string) shapeOpt {
	return func(s *Shape) { s.Listed = vals; s.valueSet = setOf(vals) }
}

// dateOnly: a YYYY-MM-DD string (the model's pattern) that must also be a
// real calendar date.
func dateOnly(s *Shape) { s.Date = true }

func valueRange(min, max int64) shapeOpt {
	return func(s *Shape) { s.Min, s.Max, s.HasRange = min, max, true }
}
func minValue(min int64) shapeOpt { return valueRange(min, math.MaxInt64) }
func maxValue(max int64) shapeOpt { return valueRange(math.MinInt64, max) }

// The builders below are what the generated code calls. Each applies the
// overlay (shape_overlay.go) to the shape it builds, and structure attaches
// the descriptions (shape_docs.go), so no shape is ever seen without them:
// Go initialises the overlay and description tables before any variable
// whose initialiser calls a builder.

func str(name string, opts ...shapeOpt) *Shape {
	s := &Shape{Name: name, Kind: KindString}
	for _, o := range opts {
		o(s)
	}
	return overlayShape(s)
}

func enum[T ~string](name string, vals []T, opts ...shapeOpt) *Shape {
	s := &Shape{Name: name, Kind: KindString, Enum: strs(vals)}
	s.valueSet = setOf(s.Enum)
	for _, o := range opts {
		o(s)
	}
	return overlayShape(s)
}

func timestamp(name string) *Shape { return overlayShape(&Shape{Name: name, Kind: KindTimestamp}) }

func integer(name string, opts ...shapeOpt) *Shape {
	s := &Shape{Name: name, Kind: KindInteger}
	for _, o := range opts {
		o(s)
	}
	return overlayShape(s)
}

func list(name string, elem *Shape, minItems, maxItems int) *Shape {
	elem = overlayMember(name, "member", elem)
	return overlayShape(&Shape{Name: name, Kind: KindList, Elem: elem, MinItems: minItems, MaxItems: maxItems})
}

func mapOf(name string, key, value *Shape) *Shape {
	return overlayShape(&Shape{Name: name, Kind: KindMap, Key: key, Elem: value})
}

func structure(name string, members ...Member) *Shape {
	s := &Shape{Name: name, Kind: KindStructure, Members: members, index: make(map[string]int, len(members))}
	for i := range members {
		m := &members[i]
		m.Doc = memberDoc(name, m.Name)
		m.Shape = overlayMember(name, m.Name, m.Shape)
		s.index[m.Name] = i
	}
	return overlayShape(s)
}

func union(name string, members ...Member) *Shape {
	s := structure(name, members...)
	s.Union = true
	return s
}

func req(name string, s *Shape) Member { return Member{Name: name, Shape: s, Required: true} }
func opt(name string, s *Shape) Member { return Member{Name: name, Shape: s} }

func idempotencyToken(m Member) Member {
	m.IdempotencyToken = true
	return m
}

func strs[T ~string](vals []T) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = string(v)
	}
	return out
}

func setOf(vals []string) map[string]struct{} {
	m := make(map[string]struct{}, len(vals))
	for _, v := range vals {
		m[v] = struct{}{}
	}
	return m
}

// CLIName turns a member name into the AWS CLI's option spelling:
// LifeCycle → life-cycle, PrimaryNeedsFromAws → primary-needs-from-aws.
func CLIName(member string) string {
	var b strings.Builder
	rs := []rune(member)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			prevLower := i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]))
			nextLower := i > 0 && i+1 < len(rs) && unicode.IsUpper(rs[i-1]) && unicode.IsLower(rs[i+1])
			if prevLower || nextLower {
				b.WriteByte('-')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// alsoAccepts adds values the service accepts beyond the enum it publishes.
func alsoAccepts(vals ...string) shapeOpt {
	return func(s *Shape) {
		for _, v := range vals {
			s.valueSet[v] = struct{}{}
		}
	}
}
