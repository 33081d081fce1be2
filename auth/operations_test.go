package auth_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/auth"
	"github.com/cosell/cosell/world"
)

// Options.Operations is the table the policies guard (cosell serve passes
// the one its fault rules wrap): a call the policy refuses never reaches
// it, an allowed one does.
func TestGuardsTheGivenTable(t *testing.T) {
	w, err := world.Parse([]byte(worldFile))
	if err != nil {
		t.Fatal(err)
	}
	reached := map[string]int{}
	var table []*cosell.Operation
	for _, op := range cosell.Operations {
		o := *op
		o.Call = func(cosell.Service, context.Context, cosell.Object) (cosell.Object, error) {
			reached[o.Name]++
			return cosell.Object{}, nil
		}
		table = append(table, &o)
	}
	a := auth.New(auth.Options{World: w, Operations: table}) // --auth off: any signature
	r := httptest.NewRequest("POST", "/", nil)
	r.Header.Set("X-Amz-Date", "20260304T120000Z")
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAALPHAREADER00003/20260304/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=host;x-amz-date, Signature=00")
	ctx, err := a.Authenticate(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		op       string
		wantCode string
	}{
		{name: "allowed", op: "GetOpportunity"},
		{name: "refused by the policy", op: "UpdateOpportunity", wantCode: cosell.AccessDeniedError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := a.Lookup(tt.op).Call(nil, ctx, cosell.Object{{Name: "Catalog", Value: "AWS"}})
			code := ""
			if err != nil {
				code = cosell.ErrorCodeOf(err)
			}
			if code != tt.wantCode {
				t.Errorf("error %v, want %q", err, tt.wantCode)
			}
			if want := map[bool]int{true: 1, false: 0}[tt.wantCode == ""]; reached[tt.op] != want {
				t.Errorf("the given table's %s ran %d times, want %d", tt.op, reached[tt.op], want)
			}
		})
	}
}
