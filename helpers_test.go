package cosell_test

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/memory"
	"github.com/google/go-cmp/cmp"
)

// fakeClock starts at a fixed instant and advances 1.5 s on every read, so
// each change gets a distinct LastModifiedDate.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 3, 4, 5, 6, 7, 123_000_000, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(1500 * time.Millisecond)
	return c.now
}

type env struct {
	t     *testing.T
	svc   *cosell.OpportunityService
	store cosell.Store
	ctx   context.Context
}

func newEnv(t *testing.T) *env {
	t.Helper()
	store := memory.New()
	return &env{t: t, svc: cosell.NewService(store, cosell.ServiceConfig{Clock: newClock(), Solutions: testSolutions}), store: store, ctx: context.Background()}
}

// testSolutions is the solution catalog of every account in tests: S-1 to
// S-3 and the Sandbox test solution, Active, in both catalogs.
func testSolutions(_, _ string) []cosell.Solution {
	out := []cosell.Solution{cosell.TestSolution}
	for _, id := range []string{"S-1", "S-2", "S-3"} {
		out = append(out, cosell.Solution{ID: id, Name: "Solution " + id, Category: "Software Product", Status: "Active"})
	}
	return out
}

// doc parses a JSON document or fails the test.
func doc(t *testing.T, s string) cosell.Object {
	t.Helper()
	v, err := cosell.ParseJSON([]byte(s))
	if err != nil {
		t.Fatalf("parse %s: %v", s, err)
	}
	return v.(cosell.Object)
}

// fullCreate is a complete, valid CreateOpportunity request in catalog.
func fullCreate(t *testing.T, catalog string) cosell.Object {
	t.Helper()
	b, err := os.ReadFile("testdata/create-full.json")
	if err != nil {
		t.Fatal(err)
	}
	o := doc(t, string(b))
	o.Set("Catalog", catalog)
	return o
}

// create stores fullCreate (after edit) and returns the Get payload.
func (e *env) create(catalog string, edit func(*cosell.Object)) cosell.Object {
	e.t.Helper()
	req := fullCreate(e.t, catalog)
	req.Set("ClientToken", time.Now().String()+e.t.Name())
	if edit != nil {
		edit(&req)
	}
	out, err := e.svc.CreateOpportunity(e.ctx, req)
	if err != nil {
		e.t.Fatalf("create: %v", err)
	}
	return e.get(catalog, out.Str("Id"))
}

func (e *env) get(catalog, id string) cosell.Object {
	e.t.Helper()
	got, err := e.svc.GetOpportunity(e.ctx, cosell.Object{{"Catalog", catalog}, {"Identifier", id}})
	if err != nil {
		e.t.Fatalf("get %s: %v", id, err)
	}
	return got
}

// updateFrom turns a Get payload into an UpdateOpportunity request: what a
// partner does before changing a field (Get → modify → Update).
func updateFrom(got cosell.Object) cosell.Object {
	req := cosell.Clone(got).(cosell.Object)
	req.Set("Identifier", got.Str("Id"))
	return req
}

func (e *env) update(req cosell.Object) (cosell.Object, error) {
	e.t.Helper()
	return e.svc.UpdateOpportunity(e.ctx, req)
}

func (e *env) mustUpdate(req cosell.Object) cosell.Object {
	e.t.Helper()
	out, err := e.update(req)
	if err != nil {
		e.t.Fatalf("update: %v", err)
	}
	return out
}

func (e *env) call(op string, req cosell.Object) error {
	e.t.Helper()
	_, err := cosell.OperationNamed(op).Call(e.svc, e.ctx, req)
	return err
}

// set writes v at a dotted path, creating objects on the way.
func set(o cosell.Object, path []string, v any) cosell.Object {
	if len(path) == 1 {
		if v == nil {
			o.Delete(path[0])
		} else {
			o.Set(path[0], v)
		}
		return o
	}
	inner, _ := o.Get(path[0]).(cosell.Object)
	o.Set(path[0], set(inner, path[1:], v))
	return o
}

// fieldErrors returns the code and ErrorList of err, failing unless it is a ValidationException.
func fieldErrors(t *testing.T, err error) (cosell.ValidationExceptionReason, []cosell.FieldError) {
	t.Helper()
	var e *cosell.Error
	if !errors.As(err, &e) || e.Code != cosell.ValidationError {
		t.Fatalf("want ValidationException, got %v", err)
	}
	return e.Reason, e.Fields
}

func codeOf(err error) string {
	if err == nil {
		return ""
	}
	return cosell.ErrorCodeOf(err)
}

// paths lists FieldName:Code of field errors.
func paths(fields []cosell.FieldError) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.FieldName + ":" + string(f.Code)
	}
	return out
}

func diff(a, b any) string { return cmp.Diff(a, b) }
