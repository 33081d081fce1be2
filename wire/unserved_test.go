package wire

import (
	"testing"

	"github.com/cosell/cosell"
)

// The server routes every operation of the model to its service method, by
// the X-Amz-Target header and by the path form, and nothing else: a name
// the model lacks is UnknownOperationException and reaches no method.
func TestEveryModelOperationIsServed(t *testing.T) {
	for _, s := range cosell.AllOperations {
		if cosell.OperationNamed(s.Name) == nil {
			t.Errorf("%s: in the model but not served", s.Name)
			continue
		}
		for _, rq := range []request{
			{headers: map[string]string{"X-Amz-Target": target + s.Name}, body: `{}`},
			{path: "/" + s.Name, body: `{}`},
		} {
			svc := &fakeService{out: cosell.Object{}}
			rec := serve(t, svc, Options{}, rq)
			calls := svc.Calls()
			if rec.Code != 200 || len(calls) != 1 || calls[0].Op != s.Name {
				t.Errorf("%s: status %d, body %s, calls %v", s.Name, rec.Code, rec.Body, calls)
			}
		}
	}
	for _, name := range []string{"CreateOpportunities", "StartProspectingFromEngagementTask", "createopportunity"} {
		svc := &fakeService{out: cosell.Object{}}
		rec := serve(t, svc, Options{}, request{headers: map[string]string{"X-Amz-Target": target + name}, body: `{}`})
		if rec.Code != 400 || errorBody(t, rec)["__type"] != cosell.UnknownOperation || len(svc.Calls()) != 0 {
			t.Errorf("%s: status %d, body %s, %d service calls", name, rec.Code, rec.Body, len(svc.Calls()))
		}
	}
}
