package world

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/cosell/cosell"
)

// Fault is one fault rule (issue 10, "Faults on demand"): an entry of the
// world file's `faults:` list, or of the body sent to cosell serve's
// control endpoint. Package faults applies it. The keys are fixed by the
// issue (operations, accounts, error, latency_ms, drop_connection,
// commit_then_drop, probability, every, seed): new ones may be added,
// these never renamed.
type Fault struct {
	// Operations the rule applies to: operation names, or ["*"] for all.
	Operations []string
	// Accounts the rule applies to (callers' partner accounts); nil is
	// every account.
	Accounts []string

	// The fault: exactly one of the four is set.

	// Error is answered instead of running the operation (one of
	// FaultErrors for each operation named), with its status from wire's
	// table.
	Error string
	// LatencyMS is added before the operation runs.
	LatencyMS int
	// DropConnection closes the connection without an answer; the
	// operation does not run.
	DropConnection bool
	// CommitThenDrop runs the operation (a write commits) and then closes
	// the connection without its answer: the "did it happen?" case.
	CommitThenDrop bool

	// When it fires: with Probability (0 < p ≤ 1) drawn from a generator
	// seeded with Seed, or on every Every-th call it matches (calls
	// Every, 2×Every, …); neither is every call.
	Probability float64
	Every       int
	Seed        int64
}

// Fault kinds, as Kind returns them (metrics label them so).
const (
	FaultLatency        = "latency"
	FaultDropConnection = "drop_connection"
	FaultCommitThenDrop = "commit_then_drop"
)

// Kind names the rule's fault: its error code, or FaultLatency,
// FaultDropConnection, FaultCommitThenDrop.
func (f *Fault) Kind() string {
	switch {
	case f.Error != "":
		return f.Error
	case f.LatencyMS > 0:
		return FaultLatency
	case f.DropConnection:
		return FaultDropConnection
	case f.CommitThenDrop:
		return FaultCommitThenDrop
	}
	return ""
}

// AnyOperationErrors are the errors a rule may inject into any operation,
// modelled for it or not (issue 10 names them).
var AnyOperationErrors = []string{cosell.ThrottlingError, cosell.InternalError, cosell.QuotaExceededError, cosell.ConflictError}

// FaultErrors returns the error codes a rule may inject into the served
// operation op: AnyOperationErrors, then the exceptions op's model lists
// (cosell.Operation.Errors). For "*", the codes it may inject into every
// served operation.
func FaultErrors(op string) []string {
	out := slices.Clone(AnyOperationErrors)
	for _, o := range cosell.Operations {
		if op != "*" && o.Name != op {
			continue
		}
		for _, e := range o.Errors {
			if !slices.Contains(out, e.Name) && (op != "*" || modelledByAll(e.Name)) {
				out = append(out, e.Name)
			}
		}
	}
	return out
}

// modelledByAll reports whether every served operation's model lists code.
func modelledByAll(code string) bool {
	for _, o := range cosell.Operations {
		if !slices.ContainsFunc(o.Errors, func(s *cosell.Shape) bool { return s.Name == code }) {
			return false
		}
	}
	return true
}

// MaxFaults bounds the rules in force: every call is matched against each.
const MaxFaults = 1000

// MaxFaultLatencyMS bounds latency_ms: 30 s still answers within cosell
// serve's write timeout (60 s, which also covers the body and the answer).
const MaxFaultLatencyMS = 30_000

// faultKeys are a rule's keys, in the order errors list them.
var faultKeys = []string{"operations", "accounts", "error", "latency_ms", "drop_connection", "commit_then_drop", "probability", "every", "seed"}

// ParseFaults reads fault rules given on their own (the control
// endpoint's body): a list of rules, or one rule. YAML or JSON; the same
// bounds and strict checks as the world file, and errors naming the rule
// ("line 2: faults[0] (UpdateOpportunity): …"). Accounts are not checked
// against any world: the caller knows which accounts exist.
func ParseFaults(data []byte) ([]*Fault, error) {
	doc, err := document(data, "the body is empty: want a fault rule or a list of them")
	if err != nil {
		return nil, err
	}
	root := doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	p := parser{}
	var out []*Fault
	if r := resolve(root); r.Kind == yaml.MappingNode {
		if f := p.fault(r, 0, nil); f != nil {
			out = []*Fault{f}
		}
	} else {
		out = p.faults(root, nil)
	}
	if p.err != nil {
		return nil, p.err
	}
	if out == nil {
		out = []*Fault{}
	}
	return out, nil
}

// faults reads the list of rules; known, when set, says which account ids
// exist.
func (p *parser) faults(n *yaml.Node, known func(string) bool) []*Fault {
	items := p.list(n, "faults")
	if p.err == nil && len(items) > MaxFaults {
		p.fail(n, "faults", "%d rules: at most %d", len(items), MaxFaults)
	}
	var out []*Fault
	for i, it := range items {
		f := p.fault(it, i, known)
		if p.err != nil {
			return nil
		}
		out = append(out, f)
	}
	return out
}

func (p *parser) fault(n *yaml.Node, i int, known func(string) bool) *Fault {
	where := fmt.Sprintf("faults[%d]", i)
	f := &Fault{}
	members := p.mapping(n, where, faultKeys...)
	if p.err != nil {
		return nil
	}
	var ops, accounts, probability, every, seed *yaml.Node
	var kinds []string
	for _, kv := range members {
		key, v := kv[0].Value, kv[1]
		switch key {
		case "operations":
			ops = v
		case "accounts":
			accounts = v
		case "probability":
			probability = v
		case "every":
			every = v
		case "seed":
			seed = v
		case "error":
			f.Error = p.str(v, where+".error")
			kinds = append(kinds, key)
		case "latency_ms":
			kinds = append(kinds, key)
			ms := p.integer(v, where+".latency_ms")
			if p.err == nil && (ms < 1 || ms > MaxFaultLatencyMS) {
				p.fail(v, where+".latency_ms", "%d: want 1 to %d milliseconds", ms, MaxFaultLatencyMS)
			}
			f.LatencyMS = int(ms)
		case "drop_connection", "commit_then_drop":
			kinds = append(kinds, key)
			b := p.boolean(v, where+"."+key)
			if p.err == nil && !b {
				p.fail(v, where+"."+key, "false declares no fault: leave the key out")
			}
			f.DropConnection = f.DropConnection || (key == "drop_connection" && b)
			f.CommitThenDrop = f.CommitThenDrop || (key == "commit_then_drop" && b)
		}
	}
	if p.err != nil {
		return nil
	}
	if ops == nil {
		p.fail(n, where, "operations is missing: name operations, or [\"*\"] for all")
		return nil
	}
	f.Operations = p.operations(ops, where+".operations")
	if p.err != nil {
		return nil
	}
	where = fmt.Sprintf("faults[%d] (%s)", i, strings.Join(f.Operations, ","))
	if accounts != nil {
		f.Accounts = p.faultAccounts(accounts, where+".accounts", known)
	}
	switch len(kinds) {
	case 0:
		p.fail(n, where, "no fault: give one of error, latency_ms, drop_connection: true, commit_then_drop: true")
	case 1:
	default:
		p.fail(n, where, "%s: give one fault per rule (two rules may match the same calls)", strings.Join(kinds, " and "))
	}
	if p.err != nil {
		return nil
	}
	if f.Error != "" {
		for _, op := range f.Operations {
			if known := FaultErrors(op); !contains(known, f.Error) {
				into := op
				if op == "*" {
					into = "every operation"
				}
				p.fail(n, where+".error", "%q is not an error a rule may inject into %s (known: %s)", f.Error, into, strings.Join(known, ", "))
				return nil
			}
		}
	}
	if probability != nil && every != nil {
		p.fail(n, where, "probability and every: give one (neither fires on every call)")
		return nil
	}
	if probability != nil {
		f.Probability = p.number(probability, where+".probability")
		if p.err == nil && !(f.Probability > 0 && f.Probability <= 1) {
			p.fail(probability, where+".probability", "%v: want a number above 0 and at most 1", f.Probability)
		}
	}
	if every != nil {
		e := p.integer(every, where+".every")
		if p.err == nil && (e < 1 || e > math.MaxInt32) {
			p.fail(every, where+".every", "%d: want a whole number from 1 (every call) to %d", e, math.MaxInt32)
		}
		f.Every = int(e)
	}
	if seed != nil {
		if probability == nil {
			p.fail(seed, where+".seed", "seed only applies to probability (every: N fires on calls N, 2N, … of the rule)")
			return nil
		}
		f.Seed = p.integer(seed, where+".seed")
	}
	if p.err != nil {
		return nil
	}
	return f
}

// operations reads a rule's operation names: each one of cosell's
// operations, or "*" alone.
func (p *parser) operations(n *yaml.Node, where string) []string {
	list := p.strings(n, where)
	if p.err != nil {
		return nil
	}
	if len(list) == 0 {
		p.fail(n, where, "the list is empty: name operations, or [\"*\"] for all")
		return nil
	}
	seen := map[string]bool{}
	for i, name := range list {
		w := fmt.Sprintf("%s[%d]", where, i)
		switch {
		case name == "*" && len(list) > 1:
			p.fail(n, w, `"*" stands for every operation: give it alone`)
		case name != "*" && cosell.OperationNamed(name) == nil:
			p.fail(n, w, "%q is not an operation (known: %s)", name, strings.Join(operationNames(), ", "))
		case seen[name]:
			p.fail(n, w, "%q is given twice", name)
		}
		seen[name] = true
	}
	return list
}

func (p *parser) faultAccounts(n *yaml.Node, where string, known func(string) bool) []string {
	list := p.strings(n, where)
	if p.err != nil {
		return nil
	}
	if len(list) == 0 {
		p.fail(n, where, "the list is empty and would match no call: leave accounts out for every account")
		return nil
	}
	seen := map[string]bool{}
	for i, id := range list {
		w := fmt.Sprintf("%s[%d]", where, i)
		switch {
		case !accountIDPattern.MatchString(id):
			p.fail(n, w, "%q is not an account id: want 12 digits (quote it, \"111111111111\")", id)
		case seen[id]:
			p.fail(n, w, "account %s is given twice", id)
		case known != nil && !known(id):
			p.fail(n, w, "account %q is not listed under accounts", id)
		}
		seen[id] = true
	}
	return list
}

func operationNames() []string {
	names := make([]string, len(cosell.Operations))
	for i, op := range cosell.Operations {
		names[i] = op.Name
	}
	return names
}

// scalar returns n resolved if it is a scalar of one of tags, else fails.
func (p *parser) scalar(n *yaml.Node, where, want string, tags ...string) *yaml.Node {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode && contains(tags, n.Tag) {
		return n
	}
	p.fail(n, where, "want %s", want)
	return nil
}

func (p *parser) integer(n *yaml.Node, where string) int64 {
	var v int64
	if s := p.scalar(n, where, "a whole number", "!!int"); s != nil && s.Decode(&v) != nil {
		p.fail(s, where, "%q: want a whole number that fits 64 bits", s.Value)
	}
	return v
}

func (p *parser) number(n *yaml.Node, where string) float64 {
	var v float64
	if s := p.scalar(n, where, "a number", "!!int", "!!float"); s != nil {
		if s.Decode(&v) != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			p.fail(s, where, "%q: want a finite number", s.Value)
		}
	}
	return v
}

func (p *parser) boolean(n *yaml.Node, where string) bool {
	var v bool
	if s := p.scalar(n, where, "true or false", "!!bool"); s != nil && s.Decode(&v) != nil {
		p.fail(s, where, "want true or false")
	}
	return v
}
