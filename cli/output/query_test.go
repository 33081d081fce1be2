package output

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell"
)

func TestCompileQueryErrors(t *testing.T) {
	tests := []struct {
		name, expr, wantPrefix string
	}{
		{name: "empty", expr: "", wantPrefix: "\nBad value for --query : Invalid JMESPath expression: cannot be empty.\n"},
		{name: "syntax", expr: "foo[", wantPrefix: "\nBad value for --query foo[: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := CompileQuery(tc.expr)
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("got %#v, want *Error", err)
			}
			if e.Exit != 252 || len(e.Msg) < len(tc.wantPrefix) || e.Msg[:len(tc.wantPrefix)] != tc.wantPrefix {
				t.Errorf("got %q exit %d, want prefix %q exit 252", e.Msg, e.Exit, tc.wantPrefix)
			}
		})
	}
}

// Python dicts keep insertion order, so json shows a multiselect hash in
// expression order and a projected object in its original order.
func TestQueryKeepsOrder(t *testing.T) {
	doc := cosell.Object{
		{Name: "Id", Value: "O1"},
		{Name: "LifeCycle", Value: cosell.Object{{Name: "Stage", Value: "Prospect"}, {Name: "ReviewStatus", Value: "Approved"}, {Name: "NextSteps", Value: "x"}}},
		{Name: "Count", Value: cosell.Number("1.0")},
	}
	tests := []struct {
		name, expr string
		want       any
	}{
		{name: "hash order", expr: "{z: Id, a: LifeCycle.Stage, m: Id}", want: cosell.Object{{Name: "z", Value: "O1"}, {Name: "a", Value: "Prospect"}, {Name: "m", Value: "O1"}}},
		{name: "original object order", expr: "LifeCycle", want: doc.Get("LifeCycle")},
		{name: "nested hash", expr: "{b: {y: Id, x: Id}, a: Id}", want: cosell.Object{{Name: "b", Value: cosell.Object{{Name: "y", Value: "O1"}, {Name: "x", Value: "O1"}}}, {Name: "a", Value: "O1"}}},
		{name: "number keeps its text", expr: "Count", want: cosell.Number("1.0")},
		{name: "computed int", expr: "length(LifeCycle)", want: cosell.Number("3")},
		{name: "missing", expr: "Nope", want: nil},
		{name: "list", expr: "[Id, LifeCycle.Stage]", want: []any{"O1", "Prospect"}},
		// keys() and values() in the object's order, as Python's dicts
		// give them (go-jmespath's maps gave a new order each run).
		{name: "keys in the object's order", expr: "keys(LifeCycle)", want: []any{"Stage", "ReviewStatus", "NextSteps"}},
		{name: "values in the object's order", expr: "values(LifeCycle)", want: []any{"Prospect", "Approved", "x"}},
		{name: "top-level keys", expr: "keys(@)", want: []any{"Id", "LifeCycle", "Count"}},
		{name: "a sorted list stays sorted", expr: "sort(keys(LifeCycle))", want: []any{"NextSteps", "ReviewStatus", "Stage"}},
		{name: "keys after a pipe", expr: "LifeCycle | keys(@)", want: []any{"Stage", "ReviewStatus", "NextSteps"}},
		{name: "keys of each projected object", expr: "[LifeCycle, LifeCycle][].keys(@)", want: []any{[]any{"Stage", "ReviewStatus", "NextSteps"}, []any{"Stage", "ReviewStatus", "NextSteps"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, err := CompileQuery(tc.expr)
			if err != nil {
				t.Fatal(err)
			}
			for range 20 { // map order is random: one run could match by luck
				got, err := q.Search(doc)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Fatalf("(-want +got)\n%s", diff)
				}
			}
		})
	}
}

func TestQueryUnknownFunction(t *testing.T) {
	q, err := CompileQuery("nope(Id)")
	if err != nil {
		t.Fatalf("unknown functions are a search-time error, not a compile error: %v", err)
	}
	_, err = q.Search(cosell.Object{{Name: "Id", Value: "O1"}})
	var oe *Error
	if !errors.As(err, &oe) || oe.Exit != 255 || oe.Msg != "\nUnknown function: nope()\n" {
		t.Fatalf("got %#v", err)
	}
}
