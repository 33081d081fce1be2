package wire

import (
	"testing"

	"github.com/cosell/cosell"
)

// The model's operations that cosell has a schema for but does not serve
// yet (cosell.AllOperations minus cosell.Operations) are unknown to the
// server: it never answers them with a made-up result.
func TestUnservedOperationsAreUnknown(t *testing.T) {
	for _, s := range cosell.AllOperations {
		if cosell.OperationNamed(s.Name) != nil {
			continue
		}
		for _, rq := range []request{
			{headers: map[string]string{"X-Amz-Target": target + s.Name}, body: `{}`},
			{path: "/" + s.Name, body: `{}`},
		} {
			svc := &fakeService{out: cosell.Object{}}
			rec := serve(t, svc, Options{}, rq)
			if rec.Code != 400 || errorBody(t, rec)["__type"] != cosell.UnknownOperation || len(svc.Calls()) != 0 {
				t.Errorf("%s: status %d, body %s, %d service calls", s.Name, rec.Code, rec.Body, len(svc.Calls()))
			}
		}
	}
}
