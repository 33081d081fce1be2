// Package faults makes cosell serve fail on purpose (issue 10, "Faults on
// demand"): rules from the world file's `faults:` list, or set at run time
// through the control endpoint (Handler, /_cosell/faults), answer chosen
// operations and accounts with an error, add latency, drop the
// connection, or run the operation and then drop the connection without
// its answer (commit_then_drop: the "did it happen?" case).
//
// Faults wrap the one operation table, as auth's policies do, so no
// service method knows about them. In a request's walk they sit after
// authentication and the key policy (a call IAM would refuse never
// reaches the service, and does not count as a call of any rule) and
// before `--throttle`'s quotas (a faulted call does not use quota):
//
//	wire → auth (signature, policy) → faults → quotas → service → store
//
// A rule fires with a probability, drawn from its own generator seeded
// with its seed, or on every Nth call it matches, so the nth call a rule
// matches fires or not the same way in every run: a sequential client's
// run can be replayed exactly. (With concurrent clients the sequence of
// decisions is the same; which request gets which depends on arrival
// order.)
package faults

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/wire"
	"github.com/cosell/cosell/world"
)

// Options configure New.
type Options struct {
	// Rules are in force from the start (the world file's).
	Rules []*world.Fault
	// Accounts are the partner accounts rules may name: the world file's,
	// or, without --world, the one --account-id. Rules naming any other
	// account are refused, since they could never fire.
	Accounts []string
	// DefaultAccount is the account of a call whose context carries no
	// caller (cosell serve without --world: --account-id).
	DefaultAccount string
	// Fired, when set, learns each fault applied (metrics).
	Fired func(Fired)
	// Sleep waits d or until ctx is done; nil is a timer. Tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Fired is one fault applied to one call.
type Fired struct {
	Rule      int    // the rule's index in the list in force
	Operation string // the operation called
	Account   string // the caller's account
	Kind      string // world.Fault.Kind: the error code, latency, drop_connection or commit_then_drop
}

// Injector holds the rules in force and wraps operations with them. It is
// safe for concurrent use.
type Injector struct {
	rules    atomic.Pointer[[]*rule] // replaced whole; read without a lock per call
	mu       sync.Mutex              // serializes changes
	accounts []string
	dflt     string
	fired    func(Fired)
	sleep    func(context.Context, time.Duration) error
}

// rule is a world.Fault in force, with its own counters and generator.
type rule struct {
	spec     *world.Fault
	ops      map[string]bool // nil: every operation
	accounts map[string]bool // nil: every account

	mu    sync.Mutex
	rng   *rand.Rand // probability rules only
	calls uint64     // calls matched
	fired uint64     // faults applied
}

// New returns an injector holding opts.Rules.
func New(opts Options) (*Injector, error) {
	i := &Injector{accounts: opts.Accounts, dflt: opts.DefaultAccount, fired: opts.Fired, sleep: opts.Sleep}
	if i.sleep == nil {
		i.sleep = sleep
	}
	i.rules.Store(&[]*rule{})
	if err := i.Replace(opts.Rules); err != nil {
		return nil, err
	}
	return i, nil
}

func newRule(f *world.Fault) *rule {
	r := &rule{spec: f}
	if !(len(f.Operations) == 1 && f.Operations[0] == "*") {
		r.ops = map[string]bool{}
		for _, op := range f.Operations {
			r.ops[op] = true
		}
	}
	if f.Accounts != nil {
		r.accounts = map[string]bool{}
		for _, a := range f.Accounts {
			r.accounts[a] = true
		}
	}
	if f.Probability > 0 {
		// PCG's output is fixed by math/rand/v2, so a seed gives the same
		// sequence on every platform and Go release.
		r.rng = rand.New(rand.NewPCG(uint64(f.Seed), 0))
	}
	return r
}

// Replace puts rules in force instead of the current ones; the new rules'
// counters start at zero.
func (i *Injector) Replace(rules []*world.Fault) error {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.set(nil, rules)
}

// Add appends rules to those in force, whose counters go on.
func (i *Injector) Add(rules []*world.Fault) error {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.set(*i.rules.Load(), rules)
}

// Clear removes every rule.
func (i *Injector) Clear() {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.rules.Store(&[]*rule{})
}

func (i *Injector) set(keep []*rule, add []*world.Fault) error {
	if n := len(keep) + len(add); n > world.MaxFaults {
		return fmt.Errorf("that makes %d rules: at most %d are in force at once", n, world.MaxFaults)
	}
	for j, f := range add {
		for k, a := range f.Accounts {
			if !slices.Contains(i.accounts, a) {
				return fmt.Errorf("faults[%d] (%s).accounts[%d]: account %q is not a partner account of this server, so the rule could never fire (accounts: %s)",
					j, strings.Join(f.Operations, ","), k, a, listAccounts(i.accounts))
			}
		}
	}
	rules := slices.Clip(slices.Clone(keep))
	for _, f := range add {
		rules = append(rules, newRule(f))
	}
	i.rules.Store(&rules)
	return nil
}

func listAccounts(ids []string) string {
	const show = 10
	if len(ids) <= show {
		return strings.Join(ids, ", ")
	}
	return strings.Join(ids[:show], ", ") + fmt.Sprintf(", … (%d in all)", len(ids))
}

// Status is one rule in force and its counters, as the control endpoint
// lists it (the rule's keys as in the world file).
type Status struct {
	Index          int      `json:"index"`
	Operations     []string `json:"operations"`
	Accounts       []string `json:"accounts,omitempty"`
	Error          string   `json:"error,omitempty"`
	LatencyMS      int      `json:"latency_ms,omitempty"`
	DropConnection bool     `json:"drop_connection,omitempty"`
	CommitThenDrop bool     `json:"commit_then_drop,omitempty"`
	Probability    float64  `json:"probability,omitempty"`
	Every          int      `json:"every,omitempty"`
	Seed           *int64   `json:"seed,omitempty"` // with probability only
	// Calls counts the calls the rule matched, Fired the faults it applied.
	Calls uint64 `json:"calls"`
	Fired uint64 `json:"fired"`
}

// Rules lists the rules in force with their counters.
func (i *Injector) Rules() []Status {
	rules := *i.rules.Load()
	out := make([]Status, len(rules))
	for j, r := range rules {
		f := r.spec
		s := Status{Index: j, Operations: f.Operations, Accounts: f.Accounts, Error: f.Error, LatencyMS: f.LatencyMS,
			DropConnection: f.DropConnection, CommitThenDrop: f.CommitThenDrop, Probability: f.Probability, Every: f.Every}
		if f.Probability > 0 {
			seed := f.Seed
			s.Seed = &seed
		}
		r.mu.Lock()
		s.Calls, s.Fired = r.calls, r.fired
		r.mu.Unlock()
		out[j] = s
	}
	return out
}

// Wrap returns ops with each operation's Call going through the rules in
// force. cosell serve wraps cosell.Operations once, at start; rules
// changed later apply to the next call.
func (i *Injector) Wrap(ops []*cosell.Operation) []*cosell.Operation {
	out := make([]*cosell.Operation, len(ops))
	for j, op := range ops {
		w := *op
		call, name := op.Call, op.Name
		w.Call = func(svc cosell.Service, ctx context.Context, in cosell.Object) (cosell.Object, error) {
			rules := *i.rules.Load()
			if len(rules) == 0 {
				return call(svc, ctx, in)
			}
			return i.apply(rules, name, call, svc, ctx, in)
		}
		out[j] = &w
	}
	return out
}

// apply decides which rules fire for this call and applies them. Every
// rule matching the call counts it and decides, in list order, so each
// rule's sequence depends only on the calls it matches. The latencies of
// the latency rules that fire add up; then the first error, drop or
// commit_then_drop rule that fires decides the answer (later ones that
// would also fire are not applied, nor counted as fired).
func (i *Injector) apply(rules []*rule, op string, call func(cosell.Service, context.Context, cosell.Object) (cosell.Object, error),
	svc cosell.Service, ctx context.Context, in cosell.Object) (cosell.Object, error) {
	account := i.dflt
	if c, ok := cosell.CallerFrom(ctx); ok {
		account = c.AccountID
	}
	var latency time.Duration
	var applied []Fired
	decider, decided := -1, (*rule)(nil)
	for j, r := range rules {
		if (r.ops != nil && !r.ops[op]) || (r.accounts != nil && !r.accounts[account]) {
			continue
		}
		latencyRule := r.spec.LatencyMS > 0
		r.mu.Lock()
		r.calls++
		fire := r.fires()
		apply := fire && (latencyRule || decided == nil)
		if apply {
			r.fired++
		}
		r.mu.Unlock()
		if !apply {
			continue
		}
		applied = append(applied, Fired{Rule: j, Operation: op, Account: account, Kind: r.spec.Kind()})
		if latencyRule {
			latency += time.Duration(r.spec.LatencyMS) * time.Millisecond
		} else {
			decider, decided = j, r
		}
	}
	if i.fired != nil {
		for _, f := range applied {
			i.fired(f)
		}
	}
	if latency > 0 {
		if err := i.sleep(ctx, latency); err != nil {
			return nil, err // the client went away meanwhile
		}
	}
	if decided == nil {
		return call(svc, ctx, in)
	}
	f := decided.spec
	switch {
	case f.Error != "":
		return nil, &Injected{Rule: decider, Kind: f.Error, err: &cosell.Error{Code: f.Error,
			Message: fmt.Sprintf("%s injected by cosell fault rule %d into %s.", f.Error, decider, op)}}
	case f.DropConnection:
		return nil, &Injected{Rule: decider, Kind: world.FaultDropConnection, err: wire.ErrDropConnection}
	default: // commit_then_drop: whatever the operation did stands; its answer is lost
		_, opErr := call(svc, ctx, in)
		return nil, &Injected{Rule: decider, Kind: world.FaultCommitThenDrop, err: wire.ErrDropConnection, OperationErr: opErr}
	}
}

// fires draws the rule's decision for the call it just counted; r.mu is held.
func (r *rule) fires() bool {
	switch {
	case r.rng != nil:
		return r.rng.Float64() < r.spec.Probability
	case r.spec.Every > 0:
		return r.calls%uint64(r.spec.Every) == 0
	}
	return true
}

// Injected is the error of a faulted call: a *cosell.Error (wire answers
// it with its status from the one table) or wire.ErrDropConnection (wire
// closes the connection), in its chain.
type Injected struct {
	Rule int    // the rule's index
	Kind string // world.Fault.Kind
	// OperationErr is what the operation returned under commit_then_drop
	// (nil: it succeeded, and a write committed).
	OperationErr error
	err          error
}

func (e *Injected) Error() string {
	return fmt.Sprintf("fault rule %d (%s): %v", e.Rule, e.Kind, e.err)
}

func (e *Injected) Unwrap() error { return e.err }

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
