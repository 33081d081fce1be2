package world

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The example and every kind and trigger parse into the rules they
// say, in the world file and on their own (the control endpoint's body,
// YAML or JSON, a list or one rule).
func TestParseFaultsGood(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []*Fault
	}{
		{name: "issue example", body: `
- operations: ["UpdateOpportunity"]
  accounts: ["111111111111"]
  error: ThrottlingException
  probability: 0.5
  seed: 42
`, want: []*Fault{{Operations: []string{"UpdateOpportunity"}, Accounts: []string{"111111111111"}, Error: "ThrottlingException", Probability: 0.5, Seed: 42}}},
		{name: "one rule, not a list", body: `{operations: ["*"], latency_ms: 200, every: 3}`,
			want: []*Fault{{Operations: []string{"*"}, LatencyMS: 200, Every: 3}}},
		{name: "JSON", body: `[{"operations":["CreateOpportunity","GetOpportunity"],"drop_connection":true,"probability":1}]`,
			want: []*Fault{{Operations: []string{"CreateOpportunity", "GetOpportunity"}, DropConnection: true, Probability: 1}}},
		{name: "commit then drop, every call", body: "- operations: [UpdateOpportunity]\n  commit_then_drop: true\n",
			want: []*Fault{{Operations: []string{"UpdateOpportunity"}, CommitThenDrop: true}}},
		{name: "modelled error", body: "- operations: [GetOpportunity]\n  error: ResourceNotFoundException\n  probability: 0.25\n  seed: -7\n",
			want: []*Fault{{Operations: []string{"GetOpportunity"}, Error: "ResourceNotFoundException", Probability: 0.25, Seed: -7}}},
		{name: "probability written as an integer", body: "- operations: ['*']\n  error: InternalServerException\n  probability: 1\n",
			want: []*Fault{{Operations: []string{"*"}, Error: "InternalServerException", Probability: 1}}},
		{name: "empty list", body: "[]", want: []*Fault{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFaults([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rules (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFaultKind(t *testing.T) {
	tests := []struct {
		name string
		f    Fault
		want string
	}{
		{name: "error", f: Fault{Error: "ThrottlingException"}, want: "ThrottlingException"},
		{name: "latency", f: Fault{LatencyMS: 5}, want: FaultLatency},
		{name: "drop", f: Fault{DropConnection: true}, want: FaultDropConnection},
		{name: "commit then drop", f: Fault{CommitThenDrop: true}, want: FaultCommitThenDrop},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.Kind(); got != tt.want {
				t.Errorf("Kind() = %q, want %q", got, tt.want)
			}
		})
	}
}

// The errors a rule may inject: the four for any operation, then
// those the operation's model lists (all eight list AccessDenied,
// Validation and ResourceNotFound; Create and Update also Conflict).
func TestFaultErrors(t *testing.T) {
	generic := []string{"ThrottlingException", "InternalServerException", "ServiceQuotaExceededException", "ConflictException"}
	modelled := append(generic, "AccessDeniedException", "ValidationException", "ResourceNotFoundException")
	tests := []struct {
		name string
		op   string
		want []string
	}{
		{name: "update", op: "UpdateOpportunity", want: modelled},
		{name: "get", op: "GetOpportunity", want: modelled},
		{name: "every operation", op: "*", want: modelled},
		{name: "served since issue 8", op: "ListSolutions", want: modelled},
		{name: "served since issue 7", op: "GetEngagement", want: modelled},
		{name: "not an operation", op: "GetEngagements", want: generic},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, FaultErrors(tt.op)); diff != "" {
				t.Errorf("FaultErrors(%q) (-want +got):\n%s", tt.op, diff)
			}
		})
	}
}

// Every mistake is refused with the line, the rule (by index and
// operations) and the key at fault.
func TestParseFaultsBad(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string // the whole error
	}{
		{name: "empty body", body: "", want: "the body is empty: want a fault rule or a list of them"},
		{name: "not a list", body: `"x"`, want: "line 1: faults: want a list"},
		{name: "unknown key", body: "- operations: [GetOpportunity]\n  error: ThrottlingException\n  probabilty: 0.5\n",
			want: `line 3: faults[0]: unknown key "probabilty" (known: operations, accounts, error, latency_ms, drop_connection, commit_then_drop, probability, every, seed)`},
		{name: "no operations", body: "- error: ThrottlingException\n", want: `line 1: faults[0]: operations is missing: name operations, or ["*"] for all`},
		{name: "empty operations", body: "- operations: []\n  error: ThrottlingException\n", want: `line 1: faults[0].operations: the list is empty: name operations, or ["*"] for all`},
		{name: "unknown operation", body: "- operations: [UpdateOpportunty]\n  error: ThrottlingException\n",
			want: `line 1: faults[0].operations[0]: "UpdateOpportunty" is not an operation (known: ` + strings.Join(operationNames(), ", ") + ")"},
		{name: "star with names", body: "- operations: ['*', GetOpportunity]\n  error: ThrottlingException\n", want: `line 1: faults[0].operations[0]: "*" stands for every operation: give it alone`},
		{name: "operation twice", body: "- operations: [GetOpportunity, GetOpportunity]\n  error: ThrottlingException\n", want: `line 1: faults[0].operations[1]: "GetOpportunity" is given twice`},
		{name: "no fault", body: "- operations: [GetOpportunity]\n  every: 2\n",
			want: "line 1: faults[0] (GetOpportunity): no fault: give one of error, latency_ms, drop_connection: true, commit_then_drop: true"},
		{name: "two faults", body: "- operations: [GetOpportunity]\n  error: ThrottlingException\n  latency_ms: 10\n",
			want: "line 1: faults[0] (GetOpportunity): error and latency_ms: give one fault per rule (two rules may match the same calls)"},
		{name: "unknown error", body: "- operations: [GetOpportunity]\n  error: Throttling\n",
			want: `line 1: faults[0] (GetOpportunity).error: "Throttling" is not an error a rule may inject into GetOpportunity (known: ThrottlingException, InternalServerException, ServiceQuotaExceededException, ConflictException, AccessDeniedException, ValidationException, ResourceNotFoundException)`},
		{name: "error nobody models", body: "- operations: ['*']\n  error: SerializationException\n",
			want: `line 1: faults[0] (*).error: "SerializationException" is not an error a rule may inject into every operation (known: ThrottlingException, InternalServerException, ServiceQuotaExceededException, ConflictException, AccessDeniedException, ValidationException, ResourceNotFoundException)`},
		{name: "latency zero", body: "- operations: [GetOpportunity]\n  latency_ms: 0\n", want: "line 2: faults[0].latency_ms: 0: want 1 to 30000 milliseconds"},
		{name: "latency text", body: "- operations: [GetOpportunity]\n  latency_ms: \"200\"\n", want: "line 2: faults[0].latency_ms: want a whole number"},
		{name: "drop false", body: "- operations: [GetOpportunity]\n  drop_connection: false\n", want: "line 2: faults[0].drop_connection: false declares no fault: leave the key out"},
		{name: "drop not a bool", body: "- operations: [GetOpportunity]\n  commit_then_drop: yes\n", want: "line 2: faults[0].commit_then_drop: want true or false"},
		{name: "probability and every", body: "- operations: [GetOpportunity]\n  error: ThrottlingException\n  probability: 0.5\n  every: 2\n",
			want: "line 1: faults[0] (GetOpportunity): probability and every: give one (neither fires on every call)"},
		{name: "probability zero", body: "- operations: [GetOpportunity]\n  error: ThrottlingException\n  probability: 0\n", want: "line 3: faults[0] (GetOpportunity).probability: 0: want a number above 0 and at most 1"},
		{name: "probability above one", body: "- operations: [GetOpportunity]\n  error: ThrottlingException\n  probability: 1.5\n", want: "line 3: faults[0] (GetOpportunity).probability: 1.5: want a number above 0 and at most 1"},
		{name: "probability nan", body: "- operations: [GetOpportunity]\n  error: ThrottlingException\n  probability: .nan\n", want: `line 3: faults[0] (GetOpportunity).probability: ".nan": want a finite number`},
		{name: "every zero", body: "- operations: [GetOpportunity]\n  error: ThrottlingException\n  every: 0\n", want: "line 3: faults[0] (GetOpportunity).every: 0: want a whole number from 1 (every call) to 2147483647"},
		{name: "every fraction", body: "- operations: [GetOpportunity]\n  error: ThrottlingException\n  every: 1.5\n", want: "line 3: faults[0] (GetOpportunity).every: want a whole number"},
		{name: "seed without probability", body: "- operations: [GetOpportunity]\n  error: ThrottlingException\n  every: 2\n  seed: 1\n",
			want: "line 4: faults[0] (GetOpportunity).seed: seed only applies to probability (every: N fires on calls N, 2N, … of the rule)"},
		{name: "seed too large", body: "- operations: [GetOpportunity]\n  error: ThrottlingException\n  probability: 0.5\n  seed: 99999999999999999999\n", want: "line 4: faults[0] (GetOpportunity).seed: want a whole number"},
		{name: "bad account", body: "- operations: [GetOpportunity]\n  accounts: [111]\n  error: ThrottlingException\n", want: `line 2: faults[0] (GetOpportunity).accounts[0]: "111" is not an account id: want 12 digits (quote it, "111111111111")`},
		{name: "empty accounts", body: "- operations: [GetOpportunity]\n  accounts: []\n  error: ThrottlingException\n", want: "line 2: faults[0] (GetOpportunity).accounts: the list is empty and would match no call: leave accounts out for every account"},
		{name: "account twice", body: "- operations: [GetOpportunity]\n  accounts: ['111111111111', '111111111111']\n  error: ThrottlingException\n", want: "line 2: faults[0] (GetOpportunity).accounts[1]: account 111111111111 is given twice"},
		{name: "second rule named", body: "- operations: [GetOpportunity]\n  error: ThrottlingException\n- operations: [UpdateOpportunity]\n  error: Nope\n",
			want: `line 3: faults[1] (UpdateOpportunity).error: "Nope" is not an error a rule may inject into UpdateOpportunity (known: ThrottlingException, InternalServerException, ServiceQuotaExceededException, ConflictException, AccessDeniedException, ValidationException, ResourceNotFoundException)`},
		{name: "too many rules", body: "[" + strings.Repeat("{operations: ['*'], latency_ms: 1},", MaxFaults) + "{operations: ['*'], latency_ms: 1}]", want: "line 1: faults: 1001 rules: at most 1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseFaults([]byte(tt.body))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got error\n%v\nwant\n%s", err, tt.want)
			}
		})
	}
}

// In the world file, a rule may only name listed accounts, whichever key
// comes first; the file's other errors stay as they were.
func TestWorldFaults(t *testing.T) {
	const acct = "accounts:\n  - id: \"111111111111\"\n    company_name: A\n    access_keys:\n      - id: AKIAALPHA00000000001\n        secret: s\n"
	tests := []struct {
		name    string
		file    string
		want    []*Fault
		wantErr string
	}{
		{name: "listed account", file: acct + "faults:\n  - operations: ['*']\n    accounts: ['111111111111']\n    drop_connection: true\n",
			want: []*Fault{{Operations: []string{"*"}, Accounts: []string{"111111111111"}, DropConnection: true}}},
		{name: "faults before accounts", file: "faults:\n  - operations: ['*']\n    accounts: ['111111111111']\n    drop_connection: true\n" + acct,
			want: []*Fault{{Operations: []string{"*"}, Accounts: []string{"111111111111"}, DropConnection: true}}},
		{name: "unlisted account", file: acct + "faults:\n  - operations: ['*']\n    accounts: ['222222222222']\n    drop_connection: true\n",
			wantErr: `line 9: faults[0] (*).accounts[0]: account "222222222222" is not listed under accounts`},
		{name: "no faults key", file: acct},
		{name: "null faults", file: acct + "faults:\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := Parse([]byte(tt.file))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("got error %v, want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, w.Faults); diff != "" {
				t.Errorf("rules (-want +got):\n%s", diff)
			}
		})
	}
}
