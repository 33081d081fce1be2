package wire

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cosell/cosell"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// dump renders a response as status line, sorted headers and body: the
// bytes a client parses, minus Date which net/http adds later.
func dump(status int, hdr map[string][]string, body []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP %d\n", status)
	keys := make([]string, 0, len(hdr))
	for k := range hdr {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range hdr[k] {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	b.WriteString("\n")
	b.Write(body)
	b.WriteString("\n")
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		svc  *fakeService
		req  request
	}{
		{
			name: "update_ok",
			svc:  &fakeService{out: cosell.Object{{Name: "Id", Value: "O1000001"}, {Name: "LastModifiedDate", Value: "2025-12-15T23:36:17.505Z"}}},
			req:  request{headers: map[string]string{"X-Amz-Target": target + "UpdateOpportunity", "Content-Type": contentType}, body: `{"Catalog":"Sandbox","Identifier":"O1000001","LastModifiedDate":"2025-12-15T23:36:17.505000Z"}`},
		},
		{
			name: "submit_empty",
			svc:  &fakeService{},
			req:  request{path: "/SubmitOpportunity", headers: map[string]string{"Content-Type": "application/json"}, body: `{"Catalog":"Sandbox","Identifier":"O1000001","InvolvementType":"Co-Sell"}`},
		},
		{
			name: "validation_error",
			svc: &fakeService{err: cosell.NewValidationError(cosell.ValidationReasonReq, []cosell.FieldError{
				{FieldName: "LastModifiedDate", Message: "is required", Code: cosell.CodeRequired},
				{FieldName: "Project.ExpectedCustomerSpend[0].CurrencyCode", Message: `"GBP" is not one of the 2 allowed values`, Code: cosell.CodeInvalidEnum},
			})},
			req: request{headers: map[string]string{"X-Amz-Target": target + "UpdateOpportunity"}, body: `{"Catalog":"AWS","Identifier":"O1"}`},
		},
		{
			name: "conflict",
			svc:  &fakeService{err: cosell.Errorf(cosell.ConflictError, "LastModifiedDate does not match")},
			req:  request{headers: map[string]string{"X-Amz-Target": target + "UpdateOpportunity"}, body: `{}`},
		},
		{
			name: "unknown_operation",
			svc:  &fakeService{},
			req:  request{headers: map[string]string{"X-Amz-Target": target + "DeleteOpportunity"}, body: `{}`},
		},
		{
			name: "malformed_json",
			svc:  &fakeService{},
			req:  request{headers: map[string]string{"X-Amz-Target": target + "GetOpportunity"}, body: `{"Catalog":"AWS",}`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(t, tt.svc, Options{}, tt.req)
			got := dump(rec.Code, rec.Header(), rec.Body.Bytes())
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("response differs from %s (go test -update rewrites it):\ngot:\n%s\nwant:\n%s", path, got, want)
			}
		})
	}
}
