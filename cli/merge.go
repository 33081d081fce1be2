package cli

import (
	"errors"

	"github.com/cosell/cosell"
)

// --merge (a cosell extra, update-opportunity only). UpdateOpportunity
// replaces the whole record (service-behaviour.md §3.2), so a partial
// update must resend everything. --merge does the Get → modify → Update
// dance the service documentation recommends: read the record, deep-merge
// the given options over its writable members (objects merge recursively,
// lists and scalars replace; the read-only LifeCycle members are dropped
// unless given), send it with the record's LastModifiedDate and, on a
// ConflictException (someone updated in between), read again and retry,
// up to mergeAttempts in all. A --last-modified-date the user gives is
// sent as is and never retried: it pins the version the edit is based on.

const mergeAttempts = 3

// callError is an error of package client: stderr text, exit code and the
// service's error code ("" for non-service errors).
type callError struct {
	Msg  string
	Exit int
	Code string
}

func (e *callError) Error() string { return e.Msg }
func (e *callError) ExitCode() int { return e.Exit }

func (r *runner) merge(cl Client, o *opOptions, doc cosell.Object) int {
	op := r.cmd.Op
	get := cosell.OperationSchemaNamed("GetOpportunity")
	_, pinned := doc.Lookup("LastModifiedDate")
	for attempt := 1; ; attempt++ {
		key := cosell.Object{}
		for _, m := range get.Input.Members {
			if v, ok := doc.Lookup(m.Name); ok {
				key = append(key, cosell.Field{Name: m.Name, Value: v})
			}
		}
		rec, err := r.call(cl, get, key)
		if err != nil {
			return r.fail(err)
		}
		record, _ := rec.(cosell.Object)
		full := mergedUpdate(op.Input, record, doc)
		if o.DryRun {
			return r.dryRun(full)
		}
		res, err := r.call(cl, op, full)
		var ce *callError
		if err != nil && errors.As(err, &ce) && ce.Code == cosell.ConflictError && !pinned && attempt < mergeAttempts {
			continue
		}
		if err != nil {
			return r.fail(err)
		}
		return r.emit(r.f.Output.Shape(res, op.Output, r.cfg.TimestampFormat))
	}
}

// mergedUpdate builds the full update payload in model order: identity
// members from the request, LastModifiedDate from the request or else the
// record, writable members merged, then any keys the model does not know
// (left for client-side validation to report).
func mergedUpdate(in *cosell.Shape, record, given cosell.Object) cosell.Object {
	writable := map[string]bool{}
	for _, n := range cosell.WritableMembers {
		writable[n] = true
	}
	readOnly := cosell.ReadOnlyLifeCycleMembers()
	out := cosell.Object{}
	for _, m := range in.Members {
		u, hasU := given.Lookup(m.Name)
		var cur any
		switch {
		case writable[m.Name]:
			cur = cosell.Prune(m.Shape, record.Get(m.Name)) // the record comes back with every member, null when unset
			if obj, ok := cur.(cosell.Object); ok && m.Name == "LifeCycle" {
				for _, n := range readOnly {
					obj.Delete(n)
				}
				cur = obj
			}
		case m.Name == "LastModifiedDate":
			cur = record.Get(m.Name)
		}
		var v any
		switch {
		case hasU && cur != nil:
			v = deepMerge(cur, u)
		case hasU:
			v = u
		default:
			v = cur
		}
		if v != nil {
			out = append(out, cosell.Field{Name: m.Name, Value: v})
		}
	}
	for _, f := range given {
		if in.Member(f.Name) == nil {
			out = append(out, f)
		}
	}
	return out
}

// deepMerge lays over on base: objects merge member by member, anything
// else replaces.
func deepMerge(base, over any) any {
	bo, ok1 := base.(cosell.Object)
	oo, ok2 := over.(cosell.Object)
	if !ok1 || !ok2 {
		return cosell.Clone(over)
	}
	out := cosell.Clone(bo).(cosell.Object)
	for _, f := range oo {
		if cur, ok := out.Lookup(f.Name); ok && cur != nil {
			out.Set(f.Name, deepMerge(cur, f.Value))
		} else {
			out.Set(f.Name, cosell.Clone(f.Value))
		}
	}
	return out
}
