package params

import (
	"math/big"
	"strings"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/py"
)

// DecodeOption turns the argv values of one operation option into its
// document value (spec §3): paramfile expansion, then JSON or shorthand
// decoding by the member's shape, then the model-driven list wrapping of
// shorthand values. values holds what argparse collected: one string for a
// scalar or structure option, zero or more for a list option. Errors are
// *Error with awscli's "Error parsing parameter '<option>': …" text.
func DecodeOption(option string, m *cosell.Member, values []string) (any, error) {
	v, err := decodeOption(option, m.Shape, values)
	if err != nil {
		if _, ok := err.(*Error); ok {
			return nil, err
		}
		return nil, paramError(option, err.Error())
	}
	return v, nil
}

func decodeOption(option string, s *cosell.Shape, values []string) (any, error) {
	// Step 1, spec §4: the whole value is expanded; for a list option only
	// when exactly one value was given (and it then stops being a list).
	var raw any
	switch {
	case s.Kind == cosell.KindList && len(values) != 1:
		l := make([]any, len(values))
		for i, v := range values {
			l[i] = v
		}
		raw = l
	case len(values) == 0:
		raw = ""
	default:
		raw = values[0]
		if s.Kind == cosell.KindList {
			raw = []any{values[0]}
		}
		if v, ok, err := getParamfile(values[0]); err != nil {
			return nil, err
		} else if ok {
			raw = v
		}
	}

	// Step 2: decode.
	if supportsShorthand(s) && !looksLikeJSON(raw) {
		return parseShorthandOption(option, s, raw)
	}
	return unpack(option, s, raw)
}

// supportsShorthand: structures, and lists of structures (awscli's
// _supports_shorthand_syntax); lists of strings take separate values (spec §6).
func supportsShorthand(s *cosell.Shape) bool {
	switch s.Kind {
	case cosell.KindStructure, cosell.KindMap:
		return true
	case cosell.KindList:
		return s.Elem.Kind == cosell.KindStructure || s.Elem.Kind == cosell.KindList
	}
	return false
}

// looksLikeJSON: the (first) value, stripped, starts with "[" or "{".
func looksLikeJSON(raw any) bool {
	check := raw
	if l, ok := raw.([]any); ok && len(l) > 0 {
		check = l[0]
	}
	s, ok := check.(string)
	if !ok {
		return false
	}
	s = py.Strip(s)
	return strings.HasPrefix(s, "[") || strings.HasPrefix(s, "{")
}

func parseShorthandOption(option string, s *cosell.Shape, raw any) (any, error) {
	switch raw := raw.(type) {
	case string:
		if v, ok := valueOnlyStructure(s, raw); ok {
			return v, nil
		}
		obj, err := ParseShorthand(raw)
		if err != nil {
			return nil, err
		}
		// A paramfile expanded for a list option gives one object: awscli
		// wraps it in a throwaway parent, so it stays an unwrapped object
		// (and then fails validation).
		if s.Kind == cosell.KindList {
			return obj, nil
		}
		return wrapLists(s, obj)
	case []any:
		out := make([]any, len(raw))
		for i, v := range raw {
			obj, err := ParseShorthand(v.(string))
			if err != nil {
				return nil, err
			}
			out[i] = obj
		}
		return wrapLists(s, out)
	}
	return nil, &Error{Msg: "a bytes-like object is required, not 'str'", Exit: ExitUnexpected}
}

// valueOnlyStructure is awscli's special case for a structure whose only
// member is a string called Value: "--opt x" means {"Value": "x"}.
func valueOnlyStructure(s *cosell.Shape, raw string) (any, bool) {
	if s.Kind == cosell.KindStructure && len(s.Members) == 1 && s.Members[0].Name == "Value" &&
		s.Members[0].Shape.Kind == cosell.KindString && !strings.Contains(raw, "=") {
		return cosell.Object{{Name: "Value", Value: raw}}, true
	}
	return nil, false
}

// wrapLists is awscli's BackCompatVisitor (spec §3 step 3): where the model
// expects a list but shorthand produced one value, the value is wrapped in
// a one-element list. Integers given as text are converted.
func wrapLists(s *cosell.Shape, v any) (any, error) {
	switch s.Kind {
	case cosell.KindStructure:
		obj, ok := v.(cosell.Object)
		if !ok {
			return v, nil
		}
		for i := range s.Members {
			m := &s.Members[i]
			for k := range obj {
				if obj[k].Name != m.Name || obj[k].Value == nil {
					continue
				}
				w, err := wrapLists(m.Shape, obj[k].Value)
				if err != nil {
					return nil, err
				}
				obj[k].Value = w
			}
		}
		return obj, nil
	case cosell.KindMap:
		obj, ok := v.(cosell.Object)
		if !ok {
			return v, nil
		}
		for k := range obj {
			if obj[k].Value == nil {
				continue
			}
			w, err := wrapLists(s.Elem, obj[k].Value)
			if err != nil {
				return nil, err
			}
			obj[k].Value = w
		}
		return obj, nil
	case cosell.KindList:
		l, ok := v.([]any)
		if !ok {
			if v == nil {
				return nil, nil
			}
			return []any{v}, nil
		}
		for i, e := range l {
			w, err := wrapLists(s.Elem, e)
			if err != nil {
				return nil, err
			}
			l[i] = w
		}
		return l, nil
	case cosell.KindInteger:
		if str, ok := v.(string); ok {
			return pyInt(str)
		}
	}
	return v, nil
}

// unpack is awscli's _unpack_cli_arg for values that are not shorthand.
func unpack(option string, s *cosell.Shape, raw any) (any, error) {
	switch s.Kind {
	case cosell.KindStructure, cosell.KindMap:
		str, ok := raw.(string)
		if !ok {
			return nil, &Error{Msg: "a bytes-like object is required, not 'str'", Exit: ExitUnexpected}
		}
		if t := strings.TrimLeftFunc(str, py.IsSpace); t == "" {
			return nil, &Error{Msg: "string index out of range", Exit: ExitUnexpected}
		} else if t[0] == '{' {
			return unpackJSON(str)
		}
		return nil, &loadError{"Invalid JSON:\n" + str}
	case cosell.KindList:
		switch raw := raw.(type) {
		case string:
			t := strings.TrimLeftFunc(raw, py.IsSpace)
			if t == "" {
				if raw == "" {
					return nil, &Error{Msg: "string index out of range", Exit: ExitUnexpected}
				}
			} else if t[0] == '[' {
				return unpackJSON(raw)
			}
			// Any other text is iterated: one element per character (spec §4).
			out := []any{}
			for _, r := range raw {
				e, err := unpack(option, s.Elem, string(r))
				if err != nil {
					return nil, err
				}
				out = append(out, e)
			}
			return out, nil
		case Bytes:
			// Iterating bytes gives ints.
			out := make([]any, len(raw))
			for i, c := range raw {
				out[i] = cosell.Number(itoa(int(c)))
			}
			return out, nil
		case []any:
			if len(raw) == 1 {
				if t := py.Strip(raw[0].(string)); strings.HasPrefix(t, "[") {
					return unpackJSON(raw[0].(string))
				}
			}
			out := make([]any, len(raw))
			for i, v := range raw {
				e, err := unpack(option, s.Elem, v)
				if err != nil {
					return nil, err
				}
				out[i] = e
			}
			return out, nil
		}
	case cosell.KindInteger:
		switch raw := raw.(type) {
		case string:
			return pyInt(raw)
		case Bytes:
			return pyInt(string(raw))
		}
	}
	// Strings and timestamps are used as they are (timestamps are parsed by
	// the serializer, spec §7).
	return raw, nil
}

func unpackJSON(s string) (any, error) {
	v, err := parsePyJSON(s, optionJSON)
	if err != nil {
		if _, recursion := err.(*Error); recursion {
			return nil, err
		}
		return nil, &loadError{"Invalid JSON: " + err.Error() + "\nJSON received: " + s}
	}
	return v, nil
}

// pyInt is Python's int(str): surrounding whitespace, a sign and single
// underscores between digits are allowed.
func pyInt(s string) (any, error) {
	t := py.Strip(s)
	body := strings.TrimLeft(t, "+-")
	valid := len(t)-len(body) <= 1 && body != "" && !strings.HasPrefix(body, "_") &&
		!strings.HasSuffix(body, "_") && !strings.Contains(body, "__")
	if valid {
		body = strings.ReplaceAll(body, "_", "")
		var n big.Int
		if _, ok := n.SetString(body, 10); ok && !strings.ContainsAny(body, "+-") {
			if strings.HasPrefix(t, "-") {
				n.Neg(&n)
			}
			return cosell.Number(n.String()), nil
		}
	}
	return nil, &Error{Msg: "invalid literal for int() with base 10: " + py.StrRepr(s), Exit: ExitUnexpected}
}
