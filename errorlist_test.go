package cosell_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cosell/cosell"
)

func manyFields(n int) []cosell.FieldError {
	out := make([]cosell.FieldError, n)
	for i := range out {
		out[i] = cosell.FieldError{FieldName: fmt.Sprintf("F[%d]", i), Message: "bad", Code: cosell.CodeInvalidValue}
	}
	return out
}

// TestErrorListCap: a ValidationException lists at most MaxErrorList
// entries; past that, the first MaxErrorList-1 problems and a final entry
// without FieldName that counts the ones left out.
func TestErrorListCap(t *testing.T) {
	tests := []struct {
		name        string
		n           int
		wantLen     int
		wantSummary string // Message of the last entry; "" when nothing was cut
	}{
		{name: "one", n: 1, wantLen: 1},
		{name: "exactly the cap", n: cosell.MaxErrorList, wantLen: cosell.MaxErrorList},
		{name: "one over the cap", n: cosell.MaxErrorList + 1, wantLen: cosell.MaxErrorList,
			wantSummary: "2 more errors not listed: ErrorList holds at most 100 entries"},
		{name: "far over the cap", n: 10000, wantLen: cosell.MaxErrorList,
			wantSummary: "9901 more errors not listed: ErrorList holds at most 100 entries"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := cosell.NewValidationError(cosell.ValidationReasonReq, manyFields(tt.n))
			if len(e.Fields) != tt.wantLen {
				t.Fatalf("ErrorList has %d entries, want %d", len(e.Fields), tt.wantLen)
			}
			last := e.Fields[len(e.Fields)-1]
			if tt.wantSummary == "" {
				if last.FieldName != fmt.Sprintf("F[%d]", tt.n-1) {
					t.Errorf("last entry %+v, want the last field", last)
				}
				return
			}
			want := cosell.FieldError{Message: tt.wantSummary, Code: cosell.CodeTooMany}
			if last != want {
				t.Errorf("last entry = %+v, want %+v", last, want)
			}
			if prev := e.Fields[len(e.Fields)-2]; prev.FieldName != fmt.Sprintf("F[%d]", cosell.MaxErrorList-2) {
				t.Errorf("entry before the summary = %+v, want F[%d]", prev, cosell.MaxErrorList-2)
			}
			if !strings.HasSuffix(e.Message, "; "+tt.wantSummary) {
				t.Errorf("Message does not end with the summary: …%s", e.Message[max(0, len(e.Message)-120):])
			}
		})
	}
}

// TestErrorListCapOnAHugeRequest is issue 9's reproduction: a 1 MiB
// request of 262,044 invalid list items got a 51 MB ValidationException.
// The answer now lists 100 entries and counts the rest.
func TestErrorListCapOnAHugeRequest(t *testing.T) {
	const items = 262044
	var body bytes.Buffer
	body.WriteString(`{"Catalog":"AWS","Identifier":"O1000001","LastModifiedDate":"2026-01-02T03:04:05.123Z","PrimaryNeedsFromAws":[`)
	for i := range items {
		if i > 0 {
			body.WriteByte(',')
		}
		body.WriteString(`"x"`)
	}
	body.WriteString(`]}`)
	if body.Len() > 1<<20 {
		t.Fatalf("request of %d bytes exceeds 1 MiB", body.Len())
	}
	doc, err := cosell.ParseJSON(body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	_, err = cosell.ValidateRequest(cosell.UpdateOpportunityInput, doc)
	var e *cosell.Error
	if !errors.As(err, &e) || e.Code != cosell.ValidationError {
		t.Fatalf("err = %v, want a ValidationException", err)
	}
	if len(e.Fields) != cosell.MaxErrorList {
		t.Fatalf("ErrorList has %d entries, want %d", len(e.Fields), cosell.MaxErrorList)
	}
	// Every item fails; whatever else fails (required members) comes first.
	first := e.Fields[len(e.Fields)-2]
	if !strings.HasPrefix(first.FieldName, "PrimaryNeedsFromAws[") {
		t.Errorf("entry before the summary = %+v, want an item of PrimaryNeedsFromAws", first)
	}
	var before int
	for _, f := range e.Fields[:len(e.Fields)-1] {
		if !strings.HasPrefix(f.FieldName, "PrimaryNeedsFromAws[") {
			before++
		}
	}
	left := items - (cosell.MaxErrorList - 1 - before)
	want := fmt.Sprintf("%d more errors not listed: ErrorList holds at most 100 entries", left)
	if got := e.Fields[len(e.Fields)-1].Message; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	var doc2 bytes.Buffer
	list := make([]any, len(e.Fields))
	for i, f := range e.Fields {
		list[i] = cosell.Object{{Name: "FieldName", Value: f.FieldName}, {Name: "Message", Value: f.Message}, {Name: "Code", Value: string(f.Code)}}
	}
	if err := cosell.AppendJSON(&doc2, cosell.Object{{Name: "Message", Value: e.Message}, {Name: "ErrorList", Value: list}}); err != nil {
		t.Fatal(err)
	}
	if doc2.Len() > 64<<10 {
		t.Errorf("the error document is %d bytes, want at most 64 KiB", doc2.Len())
	}
}
