package cosell

import (
	"fmt"
	"reflect"
	"testing"
)

// The kinds and traits only the operations cosell does not serve yet use:
// maps, unions, integers bounded on one side.

func fieldCodes(fields []FieldError) []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.FieldName+":"+string(f.Code)+":"+f.Message)
	}
	return out
}

func TestValidateMap(t *testing.T) {
	insights := shAwsProductInsights // TotalAmountByCategory: map of String to MonetaryAmount
	base := func(m any) Object {
		return Object{{"CurrencyCode", "USD"}, {"Frequency", "Monthly"}, {"TotalAmountByCategory", m}, {"AwsProducts", []any{}}}
	}
	if typeErr, fields := Validate(insights, base(Object{{"Migration", "10.50"}, {"Modernize", "3"}})); typeErr != nil || fields != nil {
		t.Fatalf("valid map: %v %v", typeErr, fields)
	}
	_, fields := Validate(insights, base(Object{{"Migration", "ten"}}))
	if got, want := fieldCodes(fields), []string{`TotalAmountByCategory.Migration:INVALID_STRING_FORMAT:"ten" does not match the MonetaryAmount format`}; !reflect.DeepEqual(got, want) {
		t.Errorf("bad value: %q", got)
	}
	if typeErr, _ := Validate(insights, base([]any{"x"})); typeErr == nil || typeErr.Message != "TotalAmountByCategory must be a JSON object, not an array" {
		t.Errorf("not an object: %v", typeErr)
	}
	if typeErr, _ := Validate(insights, base(Object{{"Migration", Number("1")}})); typeErr == nil {
		t.Error("a number value: want a type error")
	}
	if got := Prune(shAmountMap, Object{{"A", "1"}, {"B", nil}}); !reflect.DeepEqual(got, Object{{"A", "1"}}) {
		t.Errorf("Prune: %v", got)
	}
}

func TestValidateUnion(t *testing.T) {
	receiver := Object{{"AwsAccountId", "123456789012"}}
	for _, c := range []struct {
		name string
		v    Object
		want []string
	}{
		{"one", Object{{"Account", receiver}}, nil},
		{"null is unset", Object{{"Account", receiver}, {"Other", nil}}, nil},
		{"none", Object{}, []string{":INVALID_VALUE:sets 0 of Account; exactly one is required"}},
	} {
		if _, fields := Validate(shReceiver, c.v); !reflect.DeepEqual(fieldCodes(fields), c.want) {
			t.Errorf("%s: %q", c.name, fieldCodes(fields))
		}
	}
	two := Object{{"OpportunityInvitation", Object{}}, {"LeadInvitation", Object{}}}
	_, fields := Validate(shInvitation, Object{{"Message", "hi"}, {"Receiver", Object{{"Account", receiver}}}, {"Payload", two}})
	var codes []string
	for _, f := range fields {
		if f.FieldName == "Payload" {
			codes = append(codes, f.Message)
		}
	}
	if want := []string{"sets 2 of OpportunityInvitation, LeadInvitation; exactly one is required"}; !reflect.DeepEqual(codes, want) {
		t.Errorf("two set: %q", fieldCodes(fields))
	}
}

func TestValidateIntegerBounds(t *testing.T) {
	for _, c := range []struct {
		s    *Shape
		n    string
		want []string
	}{
		{shResourceSnapshotRevision, "1", nil},
		{shResourceSnapshotRevision, "0", []string{":VALUE_OUT_OF_RANGE:0 is below the minimum 1"}},
		{shResourceSnapshotRevision, "99999999999999999999", []string{":VALUE_OUT_OF_RANGE:99999999999999999999 does not fit a 64-bit integer"}},
		{shInteger, "-5", nil},
		{shPageSize, "101", []string{":VALUE_OUT_OF_RANGE:101 is outside 1 to 100"}},
		{shPageSize, "99999999999999999999", []string{":VALUE_OUT_OF_RANGE:99999999999999999999 is outside 1 to 100"}},
		{integer("T", maxValue(3)), "4", []string{":VALUE_OUT_OF_RANGE:4 is above the maximum 3"}},
	} {
		if _, fields := Validate(c.s, Number(c.n)); !reflect.DeepEqual(fieldCodes(fields), c.want) {
			t.Errorf("%s %s: %q", c.s.Name, c.n, fieldCodes(fields))
		}
	}
}

func TestRedactMap(t *testing.T) {
	m := mapOf("M", shString, str("Secret", sensitive))
	got := Redact(m, Object{{"k", "v"}})
	if !reflect.DeepEqual(got, Object{{"k", SensitiveMask}}) {
		t.Errorf("Redact: %v", got)
	}
}

// Every idempotencyToken member of the model is marked, and only those.
func TestIdempotencyTokensMarked(t *testing.T) {
	var got []string
	for _, op := range AllOperations {
		for _, m := range op.Input.Members {
			if m.IdempotencyToken {
				got = append(got, op.Name+"."+m.Name)
			}
		}
	}
	want := []string{
		"CreateEngagement.ClientToken", "CreateEngagementContext.ClientToken", "CreateEngagementInvitation.ClientToken",
		"CreateOpportunity.ClientToken", "CreateResourceSnapshot.ClientToken", "CreateResourceSnapshotJob.ClientToken",
		"StartEngagementByAcceptingInvitationTask.ClientToken", "StartEngagementFromOpportunityTask.ClientToken",
		"StartOpportunityFromEngagementTask.ClientToken",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("idempotency tokens: %q", got)
	}
}

// AllOperations holds the model's 42 operations; Operations serves some of
// them, each with the very same schema and an implementation.
func TestOperationTables(t *testing.T) {
	if len(AllOperations) != 42 {
		t.Errorf("AllOperations has %d operations, want 42", len(AllOperations))
	}
	for _, op := range Operations {
		if s := OperationSchemaNamed(op.Name); s != op.OperationSchema {
			t.Errorf("%s: served schema is not the model's", op.Name)
		}
		if op.Call == nil {
			t.Errorf("%s: served without an implementation", op.Name)
		}
	}
}

// TestEnumMessage: an enum error names the allowed values when they fit
// in a short message (a case slip is fixed from the message alone), and
// counts them otherwise.
func TestEnumMessage(t *testing.T) {
	tests := []struct {
		name  string
		shape *Shape // ListOpportunitiesInput if nil
		req   Object
		want  string
	}{
		{name: "named", req: Object{{"Catalog", "AWS"}, {"Sort", Object{{"SortOrder", "Ascending"}, {"SortBy", "LastModifiedDate"}}}},
			want: `Sort.SortOrder:INVALID_ENUM_VALUE:"Ascending" is not one of the allowed values: ASCENDING, DESCENDING`},
		{name: "seven named", req: Object{{"Catalog", "AWS"}, {"LifeCycleStage", []any{"Nowhere"}}},
			want: `LifeCycleStage[0]:INVALID_ENUM_VALUE:"Nowhere" is not one of the allowed values: Prospect, Qualified, Technical Validation, Business Validation, Committed, Launched, Closed Lost`},
		{name: "counted", shape: shAddress, req: Object{{"CountryCode", "UK"}},
			want: fmt.Sprintf(`CountryCode:INVALID_ENUM_VALUE:"UK" is not one of the %d allowed values`, len(CountryCode("").Values()))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shape := tt.shape
			if shape == nil {
				shape = ListOpportunitiesInput
			}
			_, fields := Validate(shape, tt.req)
			if got := fieldCodes(fields); !reflect.DeepEqual(got, []string{tt.want}) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
