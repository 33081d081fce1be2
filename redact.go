package cosell

// SensitiveMask replaces the value of every member whose shape the model
// marks sensitive (Shape.Sensitive), in logs and debug traces; it is the
// text the AWS SDKs print for such members.
const SensitiveMask = "*** SENSITIVE ***"

// Redact returns a copy of the document v, read as shape s, in which every
// non-null value of a sensitive shape is replaced by SensitiveMask. Members
// and elements the schema does not describe (unknown members, wrong JSON
// types) are copied unchanged: they are not modelled, so not sensitive. v is
// never modified. A nil shape copies v as is.
func Redact(s *Shape, v any) any {
	if s == nil || v == nil {
		return Clone(v)
	}
	if s.Sensitive {
		return SensitiveMask
	}
	switch s.Kind {
	case KindStructure:
		obj, ok := v.(Object)
		if !ok {
			return Clone(v)
		}
		out := make(Object, len(obj))
		for i, f := range obj {
			var ms *Shape
			if m := s.Member(f.Name); m != nil {
				ms = m.Shape
			}
			out[i] = Field{f.Name, Redact(ms, f.Value)}
		}
		return out
	case KindList:
		l, ok := v.([]any)
		if !ok {
			return Clone(v)
		}
		out := make([]any, len(l))
		for i, e := range l {
			out[i] = Redact(s.Elem, e)
		}
		return out
	case KindMap:
		obj, ok := v.(Object)
		if !ok {
			return Clone(v)
		}
		out := make(Object, len(obj))
		for i, f := range obj {
			out[i] = Field{f.Name, Redact(s.Elem, f.Value)}
		}
		return out
	}
	return Clone(v)
}
