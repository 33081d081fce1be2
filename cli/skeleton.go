package cli

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/py"
)

// Skeletons (aws-cli-behaviour.md §9, §15), generated from the shapes:
// every member at every depth in model order, lists with one element,
// enums with their first model value, timestamps at the 1970 epoch.

// inputSkeletonJSON is `--generate-cli-skeleton input`: Python's
// json.dumps(skeleton, indent=4) plus a newline (ASCII-escaped).
func inputSkeletonJSON(s *cosell.Shape) string {
	var b strings.Builder
	writeSkeletonJSON(&b, s, 0)
	b.WriteByte('\n')
	return b.String()
}

func writeSkeletonJSON(b *strings.Builder, s *cosell.Shape, depth int) {
	ind := strings.Repeat("    ", depth+1)
	switch s.Kind {
	case cosell.KindStructure:
		if len(s.Members) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		for i, m := range s.Members {
			b.WriteString(ind)
			b.WriteString(pyJSONString(m.Name))
			b.WriteString(": ")
			writeSkeletonJSON(b, m.Shape, depth+1)
			if i < len(s.Members)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(strings.Repeat("    ", depth))
		b.WriteByte('}')
	case cosell.KindList:
		b.WriteString("[\n")
		b.WriteString(ind)
		writeSkeletonJSON(b, s.Elem, depth+1)
		b.WriteByte('\n')
		b.WriteString(strings.Repeat("    ", depth))
		b.WriteByte(']')
	case cosell.KindMap:
		// botocore's ArgumentGenerator: one sample entry under "KeyName".
		b.WriteString("{\n")
		b.WriteString(ind)
		b.WriteString(`"KeyName": `)
		writeSkeletonJSON(b, s.Elem, depth+1)
		b.WriteByte('\n')
		b.WriteString(strings.Repeat("    ", depth))
		b.WriteByte('}')
	case cosell.KindTimestamp:
		b.WriteString(`"1970-01-01T00:00:00"`)
	case cosell.KindInteger:
		b.WriteString("0")
	default:
		b.WriteString(pyJSONString(skeletonString(s)))
	}
}

// skeletonString is a string member's placeholder: v2 takes the first
// value of a model enum; free strings (Listed ones too) are empty.
func skeletonString(s *cosell.Shape) string {
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	return ""
}

// pyJSONString quotes like Python's json.dumps with ensure_ascii=True.
func pyJSONString(s string) string { return string(py.AppendString(nil, s, true)) }

// inputSkeletonYAML is `--generate-cli-skeleton yaml-input` in v2's layout
// (§15): values as YAML in model order, each key followed by a comment of
// "[REQUIRED] " (when required), cosell's own one-line Member.Doc and, for
// enums, " Valid values are: A, B." The first key of every mapping has two
// spaces before '#', later keys one; a key holding a list or mapping has
// its comment right after the colon.
func inputSkeletonYAML(s *cosell.Shape) string {
	var b strings.Builder
	writeYAMLMembers(&b, s, "", "")
	return b.String()
}

// writeYAMLMembers writes the members of structure s. The first line starts
// with first (a list item's "- " under indent), the others with indent.
func writeYAMLMembers(b *strings.Builder, s *cosell.Shape, indent, first string) {
	for i, m := range s.Members {
		lead := indent
		if i == 0 && first != "" {
			lead = first
		}
		gap := " "
		if i == 0 {
			gap = "  "
		}
		comment := yamlComment(&m)
		switch m.Shape.Kind {
		case cosell.KindStructure, cosell.KindList, cosell.KindMap:
			fmt.Fprintf(b, "%s%s:%s%s\n", lead, m.Name, gap, comment)
			writeYAMLValue(b, m.Shape, indent)
		default:
			fmt.Fprintf(b, "%s%s: %s%s%s\n", lead, m.Name, yamlScalar(m.Shape), gap, comment)
		}
	}
}

// writeYAMLValue writes the block value of a structure or list member
// whose key sits at indent.
func writeYAMLValue(b *strings.Builder, s *cosell.Shape, indent string) {
	switch s.Kind {
	case cosell.KindStructure:
		writeYAMLMembers(b, s, indent+"  ", "")
	case cosell.KindMap:
		switch s.Elem.Kind {
		case cosell.KindStructure, cosell.KindList, cosell.KindMap:
			fmt.Fprintf(b, "%s  KeyName:\n", indent)
			writeYAMLValue(b, s.Elem, indent+"  ")
		default:
			fmt.Fprintf(b, "%s  KeyName: %s\n", indent, yamlScalar(s.Elem))
		}
	case cosell.KindList:
		switch s.Elem.Kind {
		case cosell.KindStructure:
			writeYAMLMembers(b, s.Elem, indent+"  ", indent+"- ")
		case cosell.KindList:
			fmt.Fprintf(b, "%s-\n", indent)
			writeYAMLValue(b, s.Elem, indent+"  ")
		default:
			fmt.Fprintf(b, "%s- %s\n", indent, yamlScalar(s.Elem))
		}
	}
}

func yamlComment(m *cosell.Member) string {
	var c strings.Builder
	c.WriteString("# ")
	if m.Required {
		c.WriteString("[REQUIRED] ")
	}
	c.WriteString(strings.ReplaceAll(m.Doc, "\n", " "))
	if len(m.Shape.Enum) > 0 {
		c.WriteString(" Valid values are: ")
		c.WriteString(strings.Join(m.Shape.Enum, ", "))
		c.WriteString(".")
	}
	return c.String()
}

func yamlScalar(s *cosell.Shape) string {
	switch s.Kind {
	case cosell.KindTimestamp:
		return "1970-01-01 00:00:00"
	case cosell.KindInteger:
		return "0"
	}
	return yamlQuote(skeletonString(s))
}

// YAML 1.2 core-schema plain scalars that would read back as another type,
// and the YAML 1.1 timestamp form that libyaml-style dumpers also quote.
var yamlNonString = regexp.MustCompile(`^(?:` +
	`~|null|Null|NULL|true|True|TRUE|false|False|FALSE|` +
	`[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?[0-9_]+|` +
	`[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|` +
	`[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?` +
	`)$`)

// yamlQuote writes a string as a YAML scalar: plain when it reads back as
// the same string, otherwise single-quoted (double-quoted with escapes for
// control characters and characters above U+FFFF).
func yamlQuote(v string) string {
	needsDouble := false
	for _, r := range v {
		if (r < 0x20 && r != '\n') || r == 0x7f || r > 0xffff || r == 0xfeff || r == 0x85 {
			needsDouble = true
		}
	}
	if needsDouble || !utf8.ValidString(v) {
		return pyJSONString(v)
	}
	plain := v != "" &&
		!yamlNonString.MatchString(v) &&
		!strings.ContainsAny(v[:1], "-?:,[]{}#&*!|>'\"%@` ") &&
		!strings.Contains(v, ": ") && !strings.Contains(v, " #") &&
		!strings.HasSuffix(v, ":") && !strings.HasSuffix(v, " ") &&
		!strings.Contains(v, "\n") && v != "=" && v != "<<"
	if plain {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}

// outputSkeleton is the fake response of `--generate-cli-skeleton output`
// (botocore's generator with member names): each string holds its member
// name (a list element its shape name), each timestamp is a datetime at
// the epoch, integers 0.
func outputSkeleton(out Output, s *cosell.Shape) any {
	if s == nil {
		return cosell.Object{}
	}
	return outputSkeletonValue(out, s, "")
}

func outputSkeletonValue(out Output, s *cosell.Shape, name string) any {
	switch s.Kind {
	case cosell.KindStructure:
		obj := cosell.Object{}
		for _, m := range s.Members {
			obj = append(obj, cosell.Field{Name: m.Name, Value: outputSkeletonValue(out, m.Shape, m.Name)})
		}
		return obj
	case cosell.KindList:
		return []any{outputSkeletonValue(out, s.Elem, s.Elem.Name)}
	case cosell.KindMap:
		// Map values take no name: a string value is "".
		return cosell.Object{{Name: "KeyName", Value: outputSkeletonValue(out, s.Elem, "")}}
	case cosell.KindTimestamp:
		if out == nil {
			return "1970-01-01T00:00:00"
		}
		return out.DateTime(time.Unix(0, 0).UTC())
	case cosell.KindInteger:
		return cosell.Number("0")
	}
	return name
}

// checkOutputSkeleton is botocore's Stubber check that v2's `output`
// skeleton goes through: the fake response is validated against the
// output shape like a request (ParamValidator), so a shape the generator
// cannot fill validly (a tagged union, which gets every member; an integer
// whose minimum is above 0) fails with "Parameter validation failed:"
// (252).
func (r *runner) checkOutputSkeleton(s *cosell.Shape) error {
	if s == nil {
		return nil
	}
	doc, _ := outputSkeletonValue(nil, s, "").(cosell.Object)
	return r.f.Params.Validate(r.cmd.Op.Name, s, doc)
}
