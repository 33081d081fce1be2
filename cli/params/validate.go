package params

import (
	"strings"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/py"
)

// Validate is botocore's ParamValidator (spec §8): required members,
// unknown keys at any depth, Python types, timestamps that parse, and the
// minimums the client model carries. Enums, patterns and maximum lengths are
// not checked on the client. All failures are collected; the error text is
// "Parameter validation failed:" and one line per failure, exit 252.
//
// Minimums: botocore checks "min" wherever the model has it. The client
// model of this service has min only on lists (MinItems) and integers
// (Min); no string has a minimum length there (spec §8: "No member here has
// a min length above 0"), so the schema's MinLen (which comes from the
// model's length patterns), a service-side rule, is not checked here.
//
// op is the operation name; botocore does not print it, it is accepted for
// the callers' convenience.
func Validate(op string, shape *cosell.Shape, doc cosell.Object) error {
	v := &validator{}
	var top any = doc
	if doc == nil {
		top = cosell.Object{}
	}
	v.value(top, shape, "")
	if len(v.errs) == 0 {
		return nil
	}
	return &Error{Msg: "Parameter validation failed:\n" + strings.Join(v.errs, "\n"), Exit: ExitUsage}
}

type validator struct{ errs []string }

// name is botocore's _get_name: "input" at the top level.
func name(path string) string {
	if path == "" {
		return "input"
	}
	return strings.TrimPrefix(path, ".")
}

func (v *validator) invalidType(path string, param any, validTypes string) {
	v.errs = append(v.errs, "Invalid type for parameter "+name(path)+", value: "+py.Str(param)+
		", type: "+py.ClassStr(param)+", valid types: "+validTypes)
}

func (v *validator) value(param any, s *cosell.Shape, path string) {
	switch s.Kind {
	case cosell.KindStructure:
		obj, ok := param.(cosell.Object)
		if !ok {
			v.invalidType(path, param, "<class 'dict'>")
			return
		}
		if s.Union {
			// botocore's tagged-union check comes first; its "empty input"
			// message lacks a space ("unionstructure").
			switch {
			case len(obj) == 0:
				v.errs = append(v.errs, "Must set one of the following keys for tagged unionstructure "+
					name(path)+": "+strings.Join(s.MemberNames(), ". ")+".")
			case len(obj) > 1:
				v.errs = append(v.errs, "Invalid number of parameters set for tagged union structure "+
					name(path)+". Can only set one of the following keys: "+strings.Join(s.MemberNames(), ". ")+".")
			}
		}
		for _, m := range s.Members {
			if _, present := obj.Lookup(m.Name); m.Required && !present {
				v.errs = append(v.errs, "Missing required parameter in "+name(path)+": \""+m.Name+"\"")
			}
		}
		for _, f := range obj {
			if s.Member(f.Name) == nil {
				v.errs = append(v.errs, "Unknown parameter in "+name(path)+": \""+f.Name+
					"\", must be one of: "+strings.Join(s.MemberNames(), ", "))
			}
		}
		for _, f := range obj {
			if m := s.Member(f.Name); m != nil {
				v.value(f.Value, m.Shape, path+"."+f.Name)
			}
		}
	case cosell.KindMap:
		obj, ok := param.(cosell.Object)
		if !ok {
			v.invalidType(path, param, "<class 'dict'>")
			return
		}
		for _, f := range obj {
			v.value(f.Name, s.Key, path+" (key: "+f.Name+")")
			v.value(f.Value, s.Elem, path+"."+f.Name)
		}
	case cosell.KindList:
		l, ok := param.([]any)
		if !ok {
			v.invalidType(path, param, "<class 'list'>, <class 'tuple'>")
			return
		}
		if len(l) < s.MinItems {
			v.errs = append(v.errs, "Invalid length for parameter "+name(path)+", value: "+itoa(len(l))+
				", valid min length: "+itoa(s.MinItems))
		}
		for i, e := range l {
			v.value(e, s.Elem, path+"["+itoa(i)+"]")
		}
	case cosell.KindString:
		if _, ok := param.(string); !ok {
			v.invalidType(path, param, "<class 'str'>")
		}
	case cosell.KindInteger:
		// Python's bool is an int.
		switch n := param.(type) {
		case bool:
		case cosell.Number:
			if !py.IsInt(n) {
				v.invalidType(path, param, "<class 'int'>")
				return
			}
			if s.HasRange && belowMin(n, s.Min) {
				v.errs = append(v.errs, "Invalid value for parameter "+name(path)+", value: "+py.NumberRepr(n)+
					", valid min value: "+itoa(int(s.Min)))
			}
		default:
			v.invalidType(path, param, "<class 'int'>")
		}
	case cosell.KindTimestamp:
		if _, err := timestampValue(param); err != nil {
			v.invalidType(path, param, "<class 'datetime.datetime'>, timestamp-string")
		}
	}
}

func belowMin(n cosell.Number, min int64) bool {
	i, err := pyInt(string(n))
	if err != nil {
		return false
	}
	s := string(i.(cosell.Number))
	m := itoa(int(min))
	neg, mneg := strings.HasPrefix(s, "-"), strings.HasPrefix(m, "-")
	if neg != mneg {
		return neg
	}
	a, b := strings.TrimPrefix(s, "-"), strings.TrimPrefix(m, "-")
	less := len(a) < len(b) || len(a) == len(b) && a < b
	if neg {
		return !less && a != b
	}
	return less
}
