package cosell_test

import (
	"strings"
	"testing"

	"github.com/cosell/cosell"
)

// validUpdate is a complete UpdateOpportunity request that passes request validation.
func validUpdate(t *testing.T) cosell.Object {
	req := fullCreate(t, "AWS")
	req.Delete("ClientToken")
	req.Delete("OpportunityTeam")
	req.Set("Identifier", "O1000001")
	req.Set("LastModifiedDate", "2026-01-02T03:04:05.123Z")
	return req
}

func TestValidateRequest(t *testing.T) {
	long := strings.Repeat("x", 256)
	tests := []struct {
		name  string
		edit  func(*cosell.Object)
		want  []string // FieldName:Code, in model order
		wantS string   // SerializationException message fragment instead
	}{
		{name: "valid", edit: func(*cosell.Object) {}},
		{name: "missing required top level", edit: func(o *cosell.Object) {
			o.Delete("Catalog")
			o.Delete("Identifier")
			o.Delete("LastModifiedDate")
		}, want: []string{"Catalog:REQUIRED_FIELD_MISSING", "LastModifiedDate:REQUIRED_FIELD_MISSING", "Identifier:REQUIRED_FIELD_MISSING"}},
		{name: "null is absent", edit: func(o *cosell.Object) { o.Set("Catalog", nil) }, want: []string{"Catalog:REQUIRED_FIELD_MISSING"}},
		{name: "unknown members ignored at any depth", edit: func(o *cosell.Object) {
			o.Set("Arn", "arn:aws:x")
			set(*o, []string{"Customer", "Account", "Bogus"}, cosell.Object{{"x", cosell.Number("1")}})
		}},
		{name: "bad catalog enum", edit: func(o *cosell.Object) { o.Set("Catalog", "Prod") }, want: []string{"Catalog:INVALID_ENUM_VALUE"}},
		{name: "nested required and enum in list", edit: func(o *cosell.Object) {
			spend := (*o).List("Project", "ExpectedCustomerSpend")[0].(cosell.Object)
			spend.Delete("CurrencyCode")
			spend.Set("Frequency", "Weekly")
		}, want: []string{"Project.ExpectedCustomerSpend[0].CurrencyCode:REQUIRED_FIELD_MISSING", "Project.ExpectedCustomerSpend[0].Frequency:INVALID_ENUM_VALUE"}},
		{name: "every failure at once", edit: func(o *cosell.Object) {
			set(*o, []string{"Customer", "Account", "Duns"}, "12")
			set(*o, []string{"Customer", "Account", "WebsiteUrl"}, "x")
			set(*o, []string{"Project", "Title"}, long)
			set(*o, []string{"LifeCycle", "TargetCloseDate"}, "2030-02-30")
			set(*o, []string{"LifeCycle", "Stage"}, "Won")
			o.Set("NationalSecurity", "Maybe")
		}, want: []string{
			"NationalSecurity:INVALID_ENUM_VALUE",
			"Customer.Account.WebsiteUrl:INVALID_STRING_FORMAT",
			"Customer.Account.Duns:INVALID_STRING_FORMAT",
			"Project.Title:INVALID_STRING_FORMAT",
			"LifeCycle.Stage:INVALID_ENUM_VALUE",
			"LifeCycle.TargetCloseDate:INVALID_STRING_FORMAT",
		}},
		{name: "too many spend entries", edit: func(o *cosell.Object) {
			one := (*o).List("Project", "ExpectedCustomerSpend")[0]
			var l []any
			for range 11 {
				l = append(l, cosell.Clone(one))
			}
			set(*o, []string{"Project", "ExpectedCustomerSpend"}, l)
		}, want: []string{"Project.ExpectedCustomerSpend:TOO_MANY_VALUES"}},
		{name: "documented list for free string", edit: func(o *cosell.Object) {
			set(*o, []string{"Project", "CustomerUseCase"}, "Quantum")
			set(*o, []string{"Customer", "Account", "Address", "StateOrRegion"}, "Bavaria")
		}, want: []string{"Customer.Account.Address.StateOrRegion:INVALID_ENUM_VALUE", "Project.CustomerUseCase:INVALID_ENUM_VALUE"}},
		{name: "email phone amount patterns", edit: func(o *cosell.Object) {
			c := (*o).List("Customer", "Contacts")[0].(cosell.Object)
			c.Set("Email", "Jane@Example.com")
			c.Set("Phone", "206-555-0100")
			spend := (*o).List("Project", "ExpectedCustomerSpend")[0].(cosell.Object)
			spend.Set("Amount", "01.5")
		}, want: []string{"Customer.Contacts[0].Email:INVALID_STRING_FORMAT", "Customer.Contacts[0].Phone:INVALID_STRING_FORMAT", "Project.ExpectedCustomerSpend[0].Amount:INVALID_STRING_FORMAT"}},
		{name: "business problem length counts characters", edit: func(o *cosell.Object) {
			set(*o, []string{"Project", "CustomerBusinessProblem"}, strings.Repeat("é", 19))
		}, want: []string{"Project.CustomerBusinessProblem:INVALID_STRING_FORMAT"}},
		{name: "bad timestamp", edit: func(o *cosell.Object) { o.Set("LastModifiedDate", "yesterday") }, want: []string{"LastModifiedDate:INVALID_STRING_FORMAT"}},
		{name: "epoch timestamp accepted", edit: func(o *cosell.Object) { o.Set("LastModifiedDate", cosell.Number("1735787045.5")) }},
		{name: "bad identifier", edit: func(o *cosell.Object) { o.Set("Identifier", "X1") }, want: []string{"Identifier:INVALID_STRING_FORMAT"}},
		{name: "wrong type is a serialization error", edit: func(o *cosell.Object) { set(*o, []string{"Project", "Title"}, []any{"a"}) },
			wantS: "Project.Title must be a JSON string, not an array"},
		{name: "null inside a list", edit: func(o *cosell.Object) { o.Set("PrimaryNeedsFromAws", []any{nil}) },
			wantS: "PrimaryNeedsFromAws[0] must be a JSON string, not null"},
		{name: "number for a structure", edit: func(o *cosell.Object) { o.Set("Customer", cosell.Number("3")) },
			wantS: "Customer must be a JSON object, not an integer"},
		{name: "for visibility only marker accepted", edit: func(o *cosell.Object) {
			o.Set("PrimaryNeedsFromAws", []any{"Do Not Need Support from AWS Sales Rep"})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := validUpdate(t)
			tt.edit(&req)
			_, err := cosell.ValidateRequest(cosell.UpdateOpportunityInput, req)
			if tt.wantS != "" {
				if codeOf(err) != cosell.SerializationError || !strings.Contains(err.Error(), tt.wantS) {
					t.Fatalf("got %v, want SerializationException with %q", err, tt.wantS)
				}
				return
			}
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			reason, fields := fieldErrors(t, err)
			if reason != cosell.ValidationReasonReq {
				t.Errorf("reason %s", reason)
			}
			if d := diff(tt.want, paths(fields)); d != "" {
				t.Errorf("fields (-want +got):\n%s", d)
			}
			for _, f := range fields {
				if !strings.Contains(err.Error(), f.FieldName) {
					t.Errorf("message %q does not name %s", err.Error(), f.FieldName)
				}
			}
		})
	}
}

func TestValidateRequestNotAnObject(t *testing.T) {
	_, err := cosell.ValidateRequest(cosell.GetOpportunityInput, []any{})
	if codeOf(err) != cosell.SerializationError {
		t.Fatalf("got %v", err)
	}
}

func TestListMaxResultsRange(t *testing.T) {
	for _, tt := range []struct {
		name, n string
		want    string
	}{
		{name: "zero", n: "0", want: "MaxResults:VALUE_OUT_OF_RANGE"},
		{name: "over", n: "101", want: "MaxResults:VALUE_OUT_OF_RANGE"},
		{name: "beyond int64", n: "9223372036854775808", want: "MaxResults:VALUE_OUT_OF_RANGE"},
		{name: "ok", n: "100"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := cosell.ValidateRequest(cosell.ListOpportunitiesInput, cosell.Object{{"Catalog", "AWS"}, {"MaxResults", cosell.Number(tt.n)}})
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			_, fields := fieldErrors(t, err)
			if d := diff([]string{tt.want}, paths(fields)); d != "" {
				t.Error(d)
			}
		})
	}
}

func BenchmarkValidateUpdate(b *testing.B) {
	t := &testing.T{}
	req := validUpdate(t)
	b.ReportAllocs()
	for b.Loop() {
		if typeErr, fields := cosell.Validate(cosell.UpdateOpportunityInput, req); typeErr != nil || len(fields) > 0 {
			b.Fatal(typeErr, fields)
		}
	}
}

func TestParseJSONStrings(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{name: "schema name shared", in: `{"Catalog":"AWS"}`, want: "AWS"},
		{name: "escapes", in: `{"Catalog":"A\"W\\S\u00e9\n"}`, want: "A\"W\\Sé\n"},
		{name: "escaped member name", in: `{"Cat\u0061log":"x"}`, want: "x"},
		{name: "free text", in: `{"Catalog":"Sandbox2"}`, want: "Sandbox2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v, err := cosell.ParseJSON([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got := v.(cosell.Object).Str("Catalog"); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestClientTokenSingleLine(t *testing.T) {
	req := fullCreate(t, "AWS")
	req.Set("ClientToken", "a\nb")
	_, err := cosell.ValidateRequest(cosell.CreateOpportunityInput, req)
	_, fields := fieldErrors(t, err)
	if d := diff([]string{"ClientToken:INVALID_STRING_FORMAT"}, paths(fields)); d != "" {
		t.Error(d)
	}
}
