package output

import (
	"sort"
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"

	"github.com/cosell/cosell"
)

// writeText renders the text format (spec §12 text), a port of the AWS
// CLI's text.format_text: objects print their scalar values sorted by key
// on one tab-separated line, nested members follow sorted by key with the
// uppercased key as identifier; lists of objects use the union of scalar
// keys.
func writeText(b *strings.Builder, v any) {
	formatText(b, v, "", false, nil)
}

var upper = cases.Upper(language.Und)

func formatText(b *strings.Builder, v any, ident string, hasIdent bool, scalarKeys []string) {
	switch v := v.(type) {
	case cosell.Object:
		textDict(b, v, ident, hasIdent, scalarKeys)
	case []any:
		textList(b, v, ident, hasIdent)
	default:
		b.WriteString(pyStr(v))
		b.WriteByte('\n')
	}
}

func textList(b *strings.Builder, l []any, ident string, hasIdent bool) {
	if len(l) == 0 {
		return
	}
	anyDict, anyList := false, false
	for _, e := range l {
		switch e.(type) {
		case cosell.Object:
			anyDict = true
		case []any:
			anyList = true
		}
	}
	switch {
	case anyDict:
		keys := allScalarKeys(l)
		for _, e := range l {
			formatText(b, e, ident, hasIdent, keys)
		}
	case anyList:
		var scalars, rest []any
		for _, e := range l {
			if isScalar(e) {
				scalars = append(scalars, e)
			} else {
				rest = append(rest, e)
			}
		}
		if len(scalars) > 0 {
			textScalarList(b, scalars, ident, hasIdent)
		}
		for _, e := range rest {
			formatText(b, e, ident, hasIdent, nil)
		}
	default:
		textScalarList(b, l, ident, hasIdent)
	}
}

func textScalarList(b *strings.Builder, l []any, ident string, hasIdent bool) {
	if hasIdent {
		for _, e := range l {
			b.WriteString(upper.String(ident) + "\t" + pyStr(e) + "\n")
		}
		return
	}
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\t')
		}
		b.WriteString(pyStr(e))
	}
	b.WriteByte('\n')
}

func textDict(b *strings.Builder, o cosell.Object, ident string, hasIdent bool, scalarKeys []string) {
	var scalars []string
	type pair struct {
		key string
		val any
	}
	var rest []pair
	if scalarKeys == nil {
		for _, f := range sortedFields(o) {
			if isScalar(f.Value) {
				scalars = append(scalars, pyStr(f.Value))
			} else {
				rest = append(rest, pair{f.Name, f.Value})
			}
		}
	} else {
		in := map[string]bool{}
		for _, k := range scalarKeys {
			in[k] = true
			if v, ok := o.Lookup(k); ok {
				scalars = append(scalars, pyStr(v))
			} else {
				scalars = append(scalars, "")
			}
		}
		for _, f := range sortedFields(o) {
			if !in[f.Name] {
				rest = append(rest, pair{f.Name, f.Value})
			}
		}
	}
	if len(scalars) > 0 {
		if hasIdent {
			scalars = append([]string{upper.String(ident)}, scalars...)
		}
		b.WriteString(strings.Join(scalars, "\t"))
		b.WriteByte('\n')
	}
	for _, p := range rest {
		formatText(b, p.val, p.key, true, nil)
	}
}

func allScalarKeys(l []any) []string {
	seen := map[string]bool{}
	keys := []string{}
	for _, e := range l {
		o, ok := e.(cosell.Object)
		if !ok {
			continue
		}
		for _, f := range o {
			if isScalar(f.Value) && !seen[f.Name] {
				seen[f.Name] = true
				keys = append(keys, f.Name)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// sortedFields orders members by key code point, like Python's sorted() on
// str keys (UTF-8 byte order is code point order).
func sortedFields(o cosell.Object) cosell.Object {
	out := append(cosell.Object(nil), o...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
