package wire

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cosell/cosell"
)

// BenchmarkHandler measures the transport alone (route, read, decode,
// encode, log) around a service that answers at once:
//
//	go test ./wire -run '^$' -bench Handler -benchmem
func BenchmarkHandler(b *testing.B) {
	body := `{"Catalog":"Sandbox","Identifier":"O1000001","LastModifiedDate":"2026-01-01T00:00:00.000Z",` +
		`"Customer":{"Account":{"CompanyName":"Example Corp","Industry":"Other","WebsiteUrl":"https://example.com","Address":{"CountryCode":"US","PostalCode":"98101"}},` +
		`"Contacts":[{"Email":"a@example.com","FirstName":"A","LastName":"B","Phone":"+12065550100"}]},` +
		`"Project":{"Title":"T","CustomerBusinessProblem":"` + strings.Repeat("p", 400) + `","DeliveryModels":["SaaS or PaaS"],` +
		`"ExpectedCustomerSpend":[{"Amount":"100","CurrencyCode":"USD","Frequency":"Monthly","TargetCompany":"AWS"}]},` +
		`"LifeCycle":{"Stage":"Qualified","TargetCloseDate":"2099-01-01","NextSteps":"n"}}`
	svc := &fakeService{out: cosell.Object{{Name: "Id", Value: "O1000001"}, {Name: "LastModifiedDate", Value: "2026-01-01T00:00:01.000Z"}}}
	h := NewHandler(svc, Options{RequestID: func() string { return "id" }})
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		svc.calls = svc.calls[:0]
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("X-Amz-Target", target+"UpdateOpportunity")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code != 200 {
			b.Fatal(rec.Code, rec.Body)
		}
	}
}
