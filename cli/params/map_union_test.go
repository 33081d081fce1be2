package params

import (
	"strings"
	"testing"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp"
)

// A map-valued option, as the AWS CLI parses it: shorthand Key=Value pairs
// (awscli's _supports_shorthand_syntax includes maps) or a JSON object;
// botocore validates a dict, each key as the key shape and each value as the
// value shape. The model's only map (AmountMap) is an output member, so the
// shape here is made up.
func TestMapOption(t *testing.T) {
	str := &cosell.Shape{Name: "String", Kind: cosell.KindString}
	ints := &cosell.Shape{Name: "Ints", Kind: cosell.KindList, Elem: &cosell.Shape{Name: "Integer", Kind: cosell.KindInteger}}
	m := &cosell.Member{Name: "Labels", Shape: &cosell.Shape{Name: "LabelMap", Kind: cosell.KindMap, Key: str, Elem: str}}
	lm := &cosell.Member{Name: "Counts", Shape: &cosell.Shape{Name: "CountMap", Kind: cosell.KindMap, Key: str, Elem: ints}}

	for _, tc := range []struct {
		m    *cosell.Member
		arg  string
		want any
	}{
		{m, "env=test,team=sales", o("env", "test", "team", "sales")},
		{m, `{"b": "2", "a": "1"}`, o("b", "2", "a", "1")},
		// A scalar wrapped into a list stays a string (BackCompatVisitor._visit_list).
		{lm, "a=1,b=[2,3]", o("a", []any{"1"}, "b", []any{cosell.Number("2"), cosell.Number("3")})},
	} {
		got, err := DecodeOption("--x", tc.m, []string{tc.arg})
		if err != nil {
			t.Errorf("%s: %v", tc.arg, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.arg, diff)
		}
	}
	if _, err := DecodeOption("--x", m, []string{"[1]"}); err == nil {
		t.Error("a JSON list for a map option: want an error")
	}

	// The map as the top-level shape: paths start at its keys.
	err := Validate("Op", m.Shape, o("a", cosell.Number("1")))
	want := "Parameter validation failed:\nInvalid type for parameter a, value: 1, type: <class 'int'>, valid types: <class 'str'>"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %s", err, want)
	}
	var v validator
	v.value("x", m.Shape, ".Labels")
	want = "Invalid type for parameter Labels, value: x, type: <class 'str'>, valid types: <class 'dict'>"
	if len(v.errs) != 1 || v.errs[0] != want {
		t.Errorf("got %q, want %s", v.errs, want)
	}
}

// Tagged unions: botocore's messages, checked before required members.
func TestValidateUnion(t *testing.T) {
	in := cosell.OperationSchemaNamed("CreateEngagementContext").Input
	base := func(payload any) cosell.Object {
		return o("Catalog", "AWS", "EngagementIdentifier", "e", "ClientToken", "t", "Type", "Lead", "Payload", payload)
	}
	err := Validate("CreateEngagementContext", in, base(o()))
	want := "Parameter validation failed:\nMust set one of the following keys for tagged unionstructure Payload: CustomerProject. Lead."
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("empty union: got %v, want %s", err, want)
	}
	err = Validate("CreateEngagementContext", in, base(o("CustomerProject", o(), "Lead", o("Customer", o()))))
	want = "Parameter validation failed:\nInvalid number of parameters set for tagged union structure Payload. Can only set one of the following keys: CustomerProject. Lead."
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("two members: got %v, want prefix %s", err, want)
	}
}
