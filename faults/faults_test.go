package faults

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/wire"
	"github.com/cosell/cosell/world"
)

const (
	alpha = "111111111111"
	beta  = "222222222222"
)

// fixture is an injector over two fake operations that count their calls.
type fixture struct {
	inj    *Injector
	ops    map[string]*cosell.Operation // wrapped
	bare   map[string]*cosell.Operation // unwrapped
	calls  map[string]int
	fired  []Fired
	slept  []time.Duration
	sleepE error
}

func newFixture(t *testing.T, rules string) *fixture {
	t.Helper()
	fx := &fixture{calls: map[string]int{}, ops: map[string]*cosell.Operation{}, bare: map[string]*cosell.Operation{}}
	var specs []*world.Fault
	if rules != "" {
		var err error
		if specs, err = world.ParseFaults([]byte(rules)); err != nil {
			t.Fatal(err)
		}
	}
	inj, err := New(Options{Rules: specs, Accounts: []string{alpha, beta}, DefaultAccount: alpha,
		Fired: func(f Fired) { fx.fired = append(fx.fired, f) },
		Sleep: func(_ context.Context, d time.Duration) error { fx.slept = append(fx.slept, d); return fx.sleepE }})
	if err != nil {
		t.Fatal(err)
	}
	fx.inj = inj
	var table []*cosell.Operation
	for _, name := range []string{"UpdateOpportunity", "GetOpportunity"} {
		table = append(table, &cosell.Operation{OperationSchema: &cosell.OperationSchema{Name: name}, Call: func(cosell.Service, context.Context, cosell.Object) (cosell.Object, error) {
			fx.calls[name]++
			return cosell.Object{{Name: "Id", Value: "O1"}}, nil
		}})
	}
	for _, op := range inj.Wrap(table) {
		fx.ops[op.Name] = op
	}
	for _, op := range table {
		fx.bare[op.Name] = op
	}
	return fx
}

// call runs op as account ("" is no caller) and returns a letter for what
// happened: . ran and answered, E error (code in the error), D dropped
// without running, C ran then dropped.
func (fx *fixture) call(op, account string) (string, error) {
	ctx := context.Background()
	if account != "" {
		ctx = cosell.WithCaller(ctx, cosell.Caller{AccountID: account})
	}
	before := fx.calls[op]
	_, err := fx.ops[op].Call(nil, ctx, cosell.Object{})
	ran := fx.calls[op] > before
	switch {
	case err == nil && ran:
		return ".", nil
	case errors.Is(err, wire.ErrDropConnection) && ran:
		return "C", err
	case errors.Is(err, wire.ErrDropConnection):
		return "D", err
	case err != nil && !ran:
		return "E", err
	}
	return "?", err
}

func (fx *fixture) run(op, account string, n int) string {
	var b strings.Builder
	for range n {
		s, _ := fx.call(op, account)
		b.WriteString(s)
	}
	return b.String()
}

// A probability rule's decisions are a fixed sequence for its seed: the
// same in every run (pinned here), another for another seed; every: N
// fires on the calls N, 2N, …; neither fires on every call.
func TestFiringSequences(t *testing.T) {
	tests := []struct {
		name  string
		rules string
		want  string
	}{
		{name: "probability 0.5 seed 42", rules: "- {operations: [UpdateOpportunity], error: ThrottlingException, probability: 0.5, seed: 42}",
			want: "E.EE.EE.EE.E.E..EE.."},
		{name: "probability 0.5 seed 7", rules: "- {operations: [UpdateOpportunity], error: ThrottlingException, probability: 0.5, seed: 7}",
			want: "..EEEEEE.EE...E..E.E"},
		{name: "probability 0.5 default seed", rules: "- {operations: [UpdateOpportunity], error: ThrottlingException, probability: 0.5}",
			want: "..EEE........EE.EEE."},
		{name: "probability 1", rules: "- {operations: [UpdateOpportunity], error: ThrottlingException, probability: 1, seed: 3}",
			want: "EEEEEEEEEEEEEEEEEEEE"},
		{name: "every 3", rules: "- {operations: [UpdateOpportunity], drop_connection: true, every: 3}",
			want: "..D..D..D..D..D..D.."},
		{name: "every call", rules: "- {operations: ['*'], commit_then_drop: true}",
			want: "CCCCCCCCCCCCCCCCCCCC"},
		{name: "other operation only", rules: "- {operations: [GetOpportunity], error: ThrottlingException}",
			want: "...................."},
		{name: "no rules", want: "...................."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := newFixture(t, tt.rules).run("UpdateOpportunity", alpha, 20)
			if first != tt.want {
				t.Errorf("got  %s\nwant %s", first, tt.want)
			}
			if again := newFixture(t, tt.rules).run("UpdateOpportunity", alpha, 20); again != first {
				t.Errorf("a second run differs:\n%s\n%s", first, again)
			}
		})
	}
}

// A rule counts only the calls it matches (operation and account), so
// calls of other operations or accounts do not shift its sequence.
func TestMatching(t *testing.T) {
	tests := []struct {
		name    string
		rules   string
		account string
		want    string
	}{
		{name: "listed account", rules: "- {operations: [UpdateOpportunity], accounts: ['111111111111'], error: ConflictException, every: 2}", account: alpha, want: ".E.E"},
		{name: "other account", rules: "- {operations: [UpdateOpportunity], accounts: ['111111111111'], error: ConflictException, every: 2}", account: beta, want: "...."},
		{name: "no caller is the default account", rules: "- {operations: [UpdateOpportunity], accounts: ['111111111111'], error: ConflictException, every: 2}", account: "", want: ".E.E"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newFixture(t, tt.rules)
			var b strings.Builder
			for range 4 {
				s, _ := fx.call("UpdateOpportunity", tt.account)
				b.WriteString(s)
				fx.call("GetOpportunity", tt.account) // not matched: does not count
			}
			if b.String() != tt.want {
				t.Errorf("got %s, want %s", b.String(), tt.want)
			}
		})
	}
}

// Each kind: the error is a *cosell.Error wire answers with its status and
// the operation does not run; drop closes without running; commit_then_drop
// runs and then drops; latency sleeps and runs.
func TestKinds(t *testing.T) {
	tests := []struct {
		name       string
		rules      string
		want       string
		wantCode   string
		wantStatus int
		wantSlept  []time.Duration
		wantKind   string
	}{
		{name: "throttling", rules: "- {operations: ['*'], error: ThrottlingException}", want: "E", wantCode: cosell.ThrottlingError, wantStatus: 429, wantKind: cosell.ThrottlingError},
		{name: "internal", rules: "- {operations: ['*'], error: InternalServerException}", want: "E", wantCode: cosell.InternalError, wantStatus: 500, wantKind: cosell.InternalError},
		{name: "quota", rules: "- {operations: ['*'], error: ServiceQuotaExceededException}", want: "E", wantCode: cosell.QuotaExceededError, wantStatus: 402, wantKind: cosell.QuotaExceededError},
		{name: "conflict", rules: "- {operations: ['*'], error: ConflictException}", want: "E", wantCode: cosell.ConflictError, wantStatus: 409, wantKind: cosell.ConflictError},
		{name: "modelled not found", rules: "- {operations: ['*'], error: ResourceNotFoundException}", want: "E", wantCode: cosell.NotFoundError, wantStatus: 404, wantKind: cosell.NotFoundError},
		{name: "drop", rules: "- {operations: ['*'], drop_connection: true}", want: "D", wantKind: world.FaultDropConnection},
		{name: "commit then drop", rules: "- {operations: ['*'], commit_then_drop: true}", want: "C", wantKind: world.FaultCommitThenDrop},
		{name: "latency", rules: "- {operations: ['*'], latency_ms: 200}", want: ".", wantSlept: []time.Duration{200 * time.Millisecond}, wantKind: world.FaultLatency},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newFixture(t, tt.rules)
			got, err := fx.call("UpdateOpportunity", alpha)
			if got != tt.want {
				t.Fatalf("got %s (%v), want %s", got, err, tt.want)
			}
			if tt.wantCode != "" {
				var ce *cosell.Error
				if !errors.As(err, &ce) || ce.Code != tt.wantCode || wire.StatusOf(ce.Code) != tt.wantStatus {
					t.Errorf("error %v, want %s (%d)", err, tt.wantCode, tt.wantStatus)
				}
				if want := tt.wantCode + " injected by cosell fault rule 0 into UpdateOpportunity."; ce.Message != want {
					t.Errorf("message %q, want %q", ce.Message, want)
				}
			}
			var inj *Injected
			if (err != nil) != errors.As(err, &inj) {
				t.Errorf("%v is not an *Injected", err)
			}
			if diff := cmp.Diff(tt.wantSlept, fx.slept); diff != "" {
				t.Errorf("slept (-want +got):\n%s", diff)
			}
			if want := []Fired{{Rule: 0, Operation: "UpdateOpportunity", Account: alpha, Kind: tt.wantKind}}; !cmp.Equal(want, fx.fired) {
				t.Errorf("fired %+v, want %+v", fx.fired, want)
			}
		})
	}
}

// A client gone during the added latency: the operation does not run.
func TestLatencyCancelled(t *testing.T) {
	fx := newFixture(t, "- {operations: ['*'], latency_ms: 50}")
	fx.sleepE = context.Canceled
	got, err := fx.call("UpdateOpportunity", alpha)
	if got != "E" || !errors.Is(err, context.Canceled) {
		t.Errorf("got %s %v, want the context's error without running", got, err)
	}
}

// The real sleep waits, or returns at once when the context is done.
func TestSleep(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("sleep on a done context: %v", err)
	}
	if err := sleep(context.Background(), time.Nanosecond); err != nil {
		t.Errorf("sleep: %v", err)
	}
}

// Several rules: latencies add up, the first error or drop that fires
// decides, later ones are not applied and not counted as fired, and every
// matching rule counts the call.
func TestSeveralRules(t *testing.T) {
	fx := newFixture(t, `
- {operations: ['*'], latency_ms: 10}
- {operations: [UpdateOpportunity], error: ThrottlingException, every: 2}
- {operations: ['*'], latency_ms: 5, every: 2}
- {operations: [UpdateOpportunity], drop_connection: true}
`)
	if got := fx.run("UpdateOpportunity", alpha, 4); got != "DEDE" {
		t.Errorf("got %s, want DEDE", got)
	}
	ms := time.Millisecond
	if diff := cmp.Diff([]time.Duration{10 * ms, 15 * ms, 10 * ms, 15 * ms}, fx.slept); diff != "" {
		t.Errorf("slept (-want +got):\n%s", diff)
	}
	want := []Status{
		{Index: 0, Operations: []string{"*"}, LatencyMS: 10, Calls: 4, Fired: 4},
		{Index: 1, Operations: []string{"UpdateOpportunity"}, Error: "ThrottlingException", Every: 2, Calls: 4, Fired: 2},
		{Index: 2, Operations: []string{"*"}, LatencyMS: 5, Every: 2, Calls: 4, Fired: 2},
		{Index: 3, Operations: []string{"UpdateOpportunity"}, DropConnection: true, Calls: 4, Fired: 2},
	}
	if diff := cmp.Diff(want, fx.inj.Rules()); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	var kinds []string
	for _, f := range fx.fired {
		kinds = append(kinds, f.Kind)
	}
	wantKinds := []string{"latency", "drop_connection", "latency", "ThrottlingException", "latency", "latency", "drop_connection", "latency", "ThrottlingException", "latency"}
	if diff := cmp.Diff(wantKinds, kinds); diff != "" {
		t.Errorf("fired (-want +got):\n%s", diff)
	}
}

// Replace starts new counters, Add keeps the rules in force and theirs,
// Clear removes all; rules naming an account the server does not have, or
// too many rules, are refused and change nothing.
func TestChanges(t *testing.T) {
	fx := newFixture(t, "- {operations: [UpdateOpportunity], error: ThrottlingException, every: 2}")
	fx.run("UpdateOpportunity", alpha, 3)
	parse := func(s string) []*world.Fault {
		f, err := world.ParseFaults([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	if err := fx.inj.Add(parse("{operations: [GetOpportunity], latency_ms: 1}")); err != nil {
		t.Fatal(err)
	}
	if got := fx.run("UpdateOpportunity", alpha, 1); got != "E" { // the 4th call of rule 0
		t.Errorf("after Add, rule 0 restarted: got %s", got)
	}
	if n := len(fx.inj.Rules()); n != 2 {
		t.Errorf("%d rules after Add, want 2", n)
	}
	if err := fx.inj.Replace(parse("{operations: [UpdateOpportunity], error: ThrottlingException, every: 2}")); err != nil {
		t.Fatal(err)
	}
	if got := fx.run("UpdateOpportunity", alpha, 2); got != ".E" {
		t.Errorf("after Replace: got %s, want .E (counters from zero)", got)
	}
	err := fx.inj.Add(parse("{operations: [GetOpportunity], accounts: ['333333333333'], latency_ms: 1}"))
	if want := `faults[0] (GetOpportunity).accounts[0]: account "333333333333" is not a partner account of this server, so the rule could never fire (accounts: 111111111111, 222222222222)`; err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	many := make([]*world.Fault, world.MaxFaults)
	for j := range many {
		many[j] = &world.Fault{Operations: []string{"*"}, LatencyMS: 1}
	}
	if err := fx.inj.Add(many); err == nil || err.Error() != "that makes 1001 rules: at most 1000 are in force at once" {
		t.Errorf("got %v", err)
	}
	if n := len(fx.inj.Rules()); n != 1 {
		t.Errorf("refused changes changed the rules: %d in force", n)
	}
	fx.inj.Clear()
	if got := fx.run("UpdateOpportunity", alpha, 2); got != ".." || len(fx.inj.Rules()) != 0 {
		t.Errorf("after Clear: got %s, %d rules", got, len(fx.inj.Rules()))
	}
}

// New refuses world rules naming accounts it does not know.
func TestNewRefuses(t *testing.T) {
	_, err := New(Options{Rules: []*world.Fault{{Operations: []string{"*"}, Accounts: []string{beta}, DropConnection: true}}, Accounts: []string{alpha}})
	if err == nil || !strings.Contains(err.Error(), `account "222222222222" is not a partner account of this server`) {
		t.Errorf("got %v", err)
	}
}

// The cost a call pays for the fault layer: nothing in force (every
// server, always), and one rule that matches the call but does not fire;
// "bare" is the fake operation alone.
func BenchmarkCall(b *testing.B) {
	benches := []struct {
		name  string
		rules string
	}{
		{name: "bare"},
		{name: "no rules"},
		{name: "one matching rule", rules: "- {operations: [UpdateOpportunity], error: ThrottlingException, every: 2147483647}"},
		{name: "one probability rule", rules: "- {operations: [UpdateOpportunity], error: ThrottlingException, probability: 0.000001}"},
	}
	for _, bb := range benches {
		b.Run(bb.name, func(b *testing.B) {
			t := &testing.T{}
			fx := newFixture(t, bb.rules)
			op, ctx := fx.ops["UpdateOpportunity"], cosell.WithCaller(context.Background(), cosell.Caller{AccountID: alpha})
			if bb.name == "bare" {
				op = fx.bare["UpdateOpportunity"]
			}
			in := cosell.Object{}
			b.ReportAllocs()
			for b.Loop() {
				op.Call(nil, ctx, in)
			}
		})
	}
}
