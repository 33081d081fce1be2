package cosell

import "slices"

// Prune copies v keeping only the members the shape models and dropping
// nulls: unknown members are ignored at any depth (spec §1.1).
func Prune(s *Shape, v any) any {
	switch s.Kind {
	case KindStructure:
		src, ok := v.(Object)
		if !ok {
			return nil
		}
		out := make(Object, 0, min(len(src), len(s.Members)))
		for _, m := range s.Members {
			if mv := Prune(m.Shape, src.Get(m.Name)); mv != nil {
				out = append(out, Field{m.Name, mv})
			}
		}
		return out
	case KindList:
		l, ok := v.([]any)
		if !ok {
			return nil
		}
		out := make([]any, 0, len(l))
		for _, e := range l {
			if pe := Prune(s.Elem, e); pe != nil {
				out = append(out, pe)
			}
		}
		return out
	case KindMap:
		src, ok := v.(Object)
		if !ok {
			return nil
		}
		out := Object{}
		for _, f := range src {
			if pv := Prune(s.Elem, f.Value); pv != nil {
				out = append(out, Field{f.Name, pv})
			}
		}
		return out
	}
	return v
}

// partnerBody takes the writable members of a Create or Update request, as
// a full replacement: what the request omits is absent afterwards (spec
// §3.2). The service-managed LifeCycle members are left out; the caller
// decides what they become. TargetCompany is stored as AWS whatever was sent
// [model doc].
func partnerBody(in *Shape, req Object) Object {
	body := make(Object, 0, len(WritableMembers))
	for _, name := range WritableMembers {
		m := in.Member(name)
		if v := Prune(m.Shape, req.Get(name)); v != nil {
			body = append(body, Field{name, v})
		}
	}
	if lc := body.Obj("LifeCycle"); lc != nil {
		for _, name := range readOnlyLifeCycle {
			lc.Delete(name)
		}
		body.Set("LifeCycle", lc)
	}
	for _, e := range body.List("Project", "ExpectedCustomerSpend") {
		spend := e.(Object)
		spend.Set("TargetCompany", "AWS")
	}
	return body
}

// setLifeCycle sets (or, with nil, removes) a LifeCycle member, creating LifeCycle if needed.
func setLifeCycle(body *Object, name string, v any) {
	lc := body.Obj("LifeCycle")
	if v == nil {
		if lc != nil {
			lc.Delete(name)
			body.Set("LifeCycle", lc)
		}
		return
	}
	lc.Set(name, v)
	body.Set("LifeCycle", lc)
}

// withHistory appends a changed NextSteps to NextStepsHistory, keeping the
// newest 50, oldest first (spec §3.11: a new non-empty value that differs
// from the stored one; not seeded at creation).
func withHistory(body *Object, prev Object, at string) {
	history := slices.Clone(prev.List("LifeCycle", "NextStepsHistory"))
	next := body.Str("LifeCycle", "NextSteps")
	if next != "" && next != prev.Str("LifeCycle", "NextSteps") {
		history = append(history, Object{{"Value", next}, {"Time", at}})
		if over := len(history) - NextStepsHistoryLimit; over > 0 {
			history = history[over:]
		}
	}
	if len(history) > 0 {
		setLifeCycle(body, "NextStepsHistory", history)
	}
}

// NextStepsHistoryLimit is how many NextSteps values the record keeps.
const NextStepsHistoryLimit = 50
