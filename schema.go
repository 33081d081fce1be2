package cosell

import (
	"regexp"
	"strings"
	"unicode"
)

// Kind is the type of a Shape, as the service model names it.
type Kind uint8

const (
	KindStructure Kind = iota + 1
	KindList
	KindString
	KindTimestamp
	KindInteger
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
	Elem    *Shape   // list element

	// Enum is a value set the model closes (an enum shape). Listed is a value
	// set the documentation lists for a free-string shape: the service still
	// enforces it, but clients (skeletons, the AWS CLI) treat it as a string.
	Enum   []string
	Listed []string

	MinLen, MaxLen     int // string length in characters; MaxLen 0 means unbounded
	Pattern            *regexp.Regexp
	Date               bool // YYYY-MM-DD that must also be a real calendar date
	MinItems, MaxItems int  // list size; MaxItems 0 means unbounded
	Min, Max           int64
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
	Doc      string // cosell's own one-line description
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
	return func(s *Shape) { s.Pattern = regexp.MustCompile(`^(?:` + re + `)$`) }
}
func sensitive(s *Shape) { s.Sensitive = true }
func listed(vals []string) shapeOpt {
	return func(s *Shape) { s.Listed = vals; s.valueSet = setOf(vals) }
}
func dateOnly(s *Shape) {
	s.Date = true
	pattern(`[1-9][0-9]{3}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])`)(s)
}

func str(name string, opts ...shapeOpt) *Shape {
	s := &Shape{Name: name, Kind: KindString}
	for _, o := range opts {
		o(s)
	}
	return s
}

func enum[T ~string](name string, vals []T, opts ...shapeOpt) *Shape {
	s := &Shape{Name: name, Kind: KindString, Enum: strs(vals)}
	s.valueSet = setOf(s.Enum)
	for _, o := range opts {
		o(s)
	}
	return s
}

func timestamp(name string) *Shape { return &Shape{Name: name, Kind: KindTimestamp} }

func integer(name string, min, max int64) *Shape {
	return &Shape{Name: name, Kind: KindInteger, Min: min, Max: max, HasRange: true}
}

func list(name string, elem *Shape, minItems, maxItems int) *Shape {
	return &Shape{Name: name, Kind: KindList, Elem: elem, MinItems: minItems, MaxItems: maxItems}
}

func structure(name string, members ...Member) *Shape {
	s := &Shape{Name: name, Kind: KindStructure, Members: members, index: make(map[string]int, len(members))}
	for i, m := range members {
		s.index[m.Name] = i
	}
	return s
}

func req(name string, s *Shape, doc string) Member {
	return Member{Name: name, Shape: s, Required: true, Doc: doc}
}
func opt(name string, s *Shape, doc string) Member { return Member{Name: name, Shape: s, Doc: doc} }

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
