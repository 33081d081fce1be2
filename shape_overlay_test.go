package cosell

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// modelShapes walks every shape AllOperations reaches (inputs, outputs,
// errors) and returns them by name. Refined copies (memberOverlay) share
// their original's name; the first one met is kept.
func modelShapes() map[string]*Shape {
	out := map[string]*Shape{}
	var walk func(s *Shape)
	walk = func(s *Shape) {
		if _, ok := out[s.Name]; ok {
			return
		}
		out[s.Name] = s
		for _, m := range s.Members {
			walk(m.Shape)
		}
		for _, e := range []*Shape{s.Elem, s.Key} {
			if e != nil {
				walk(e)
			}
		}
	}
	for _, op := range AllOperations {
		walk(op.Input)
		if op.Output != nil {
			walk(op.Output)
		}
		for _, e := range op.Errors {
			walk(e)
		}
	}
	return out
}

// Every refinement names a shape or member of the model: a key the model
// no longer has would silently refine nothing.
func TestOverlayKeysNameTheModel(t *testing.T) {
	shapes := modelShapes()
	for name := range shapeOverlay {
		if shapes[name] == nil {
			t.Errorf("shapeOverlay[%q]: the model has no such shape", name)
		}
	}
	for key := range memberOverlay {
		parent, member, _ := strings.Cut(key, ".")
		s := shapes[parent]
		switch {
		case s == nil:
			t.Errorf("memberOverlay[%q]: the model has no shape %s", key, parent)
		case s.Kind == KindList && member != "member":
			t.Errorf("memberOverlay[%q]: a list's element is %s.member", key, parent)
		case s.Kind == KindStructure && s.Member(member) == nil:
			t.Errorf("memberOverlay[%q]: %s has no member %s", key, parent, member)
		case s.Kind != KindList && s.Kind != KindStructure:
			t.Errorf("memberOverlay[%q]: %s is a %s", key, parent, s.Kind)
		}
	}
}

func TestOverlayApplied(t *testing.T) {
	// In place: every use of the shape.
	for _, op := range AllOperations {
		if m := op.Input.Member("Catalog"); m != nil && m.Shape.Name == "CatalogIdentifier" {
			if !slices.Equal(m.Shape.Listed, []string{"AWS", "Sandbox"}) || m.Shape.Allows("Foo") {
				t.Errorf("%s.Catalog is not narrowed to AWS and Sandbox", op.Name)
			}
		}
	}
	if !shDate.Date || shDate.Pattern == nil {
		t.Error("Date: want the model's pattern and a calendar check")
	}
	if !shPrimaryNeedFromAws.Allows(string(NoSupportNeeded)) || slices.Contains(shPrimaryNeedFromAws.Enum, string(NoSupportNeeded)) {
		t.Error("PrimaryNeedFromAws: NoSupportNeeded must be accepted but not published")
	}
	// On a copy: the shared free String stays free.
	if shString.Listed != nil || shString.valueSet != nil {
		t.Error("the model's String shape was refined in place")
	}
	apn := shProject.Member("ApnPrograms").Shape
	if apn != shApnPrograms || apn.Elem == shString || !apn.Elem.Allows("Well-Architected") || apn.Elem.Allows("nope") {
		t.Error("Project.ApnPrograms: want the model's list with a refined copy of String as element")
	}
	if use := shProject.Member("CustomerUseCase").Shape; use == shString || use.Allows("nope") || !use.Allows("Database") {
		t.Error("Project.CustomerUseCase: want a refined copy of String")
	}
	for _, s := range []*Shape{shAddress, shAddressSummary} {
		if st := s.Member("StateOrRegion").Shape; st == shAddressPart || !st.Allows("Texas") || st.Allows("Bavaria") || !st.Sensitive {
			t.Errorf("%s.StateOrRegion: want a refined, still sensitive copy of AddressPart", s.Name)
		}
	}
}

// Every pattern compiles (they compile lazily, on first use).
func TestPatternsCompile(t *testing.T) {
	for name, s := range modelShapes() {
		if s.Pattern == nil {
			continue
		}
		if _, err := regexp.Compile(s.Pattern.String()); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
