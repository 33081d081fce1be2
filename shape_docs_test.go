package cosell

import (
	"sort"
	"strings"
	"testing"
)

// Every description names a member of a structure of the model.
func TestDocKeysNameTheModel(t *testing.T) {
	shapes := modelShapes()
	for parent, members := range memberDocs {
		s := shapes[parent]
		if s == nil || s.Kind != KindStructure {
			t.Errorf("memberDocs[%q]: the model has no such structure", parent)
			continue
		}
		for member := range members {
			if s.Member(member) == nil {
				t.Errorf("memberDocs[%q][%q]: no such member", parent, member)
			}
		}
	}
}

// Every member of every structure the 42 operations reach has cosell's
// own description.
func TestEveryMemberDescribed(t *testing.T) {
	var missing []string
	for _, s := range modelShapes() {
		for _, m := range s.Members {
			if strings.TrimSpace(m.Doc) == "" {
				missing = append(missing, s.Name+"."+m.Name)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("%d members have no description in shape_docs.go:\n%s", len(missing), strings.Join(missing, "\n"))
	}
}
