package wire_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/sqlite"
	"github.com/cosell/cosell/wire"
)

const (
	benchAcct  = "111111111111"
	benchOther = "222222222222"
)

// benchPartners connects the two benchmark accounts.
type benchPartners struct{}

func (benchPartners) Partner(id string) (cosell.Partner, bool) {
	return cosell.Partner{AccountID: id, CompanyName: "Partner " + id, WebsiteURL: "https://" + id + ".example.com"}, id == benchAcct || id == benchOther
}
func (benchPartners) Connected(a, b string) bool { return a != b }

// BenchmarkRead compares the reads of issue 7's resources with
// GetOpportunity through one harness: wire.NewHandler over
// cosell.NewService over SQLite on a temporary file (synchronous=normal,
// as cosell serve), one request at a time, the configured account calling.
// The world is one opportunity submitted through
// StartEngagementFromOpportunityTask (its engagement, the invitation to
// AWS, a Running snapshot job) and an invitation of a connected partner.
// Issue 7's bound: each new read's p50 within 2× GetOpportunity's.
//
//	go test ./wire -run '^$' -bench Read -count 5
func BenchmarkRead(b *testing.B) {
	store, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	svc := cosell.NewService(store, cosell.ServiceConfig{AccountID: benchAcct, Partners: benchPartners{}})
	h := wire.NewHandler(svc, wire.Options{RequestID: func() string { return "id" }})
	call := func(b *testing.B, op, body string) []byte {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling."+op)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", op, rec.Code, rec.Body)
		}
		return rec.Body.Bytes()
	}
	str := func(b *testing.B, body []byte, member string) string {
		v, err := cosell.ParseJSON(body)
		if err != nil {
			b.Fatal(err)
		}
		s := v.(cosell.Object).Str(member)
		if s == "" {
			b.Fatalf("no %s in %s", member, body)
		}
		return s
	}

	full, err := os.ReadFile("../testdata/create-full.json")
	if err != nil {
		b.Fatal(err)
	}
	parsed, err := cosell.ParseJSON(full)
	if err != nil {
		b.Fatal(err)
	}
	create := parsed.(cosell.Object)
	create.Set("Catalog", "Sandbox")
	createBody, _ := create.MarshalJSON()
	opp := str(b, call(b, "CreateOpportunity", string(createBody)), "Id")
	call(b, "AssociateOpportunity", `{"Catalog":"Sandbox","OpportunityIdentifier":"`+opp+`","RelatedEntityType":"Solutions","RelatedEntityIdentifier":"S-1234567"}`)
	task := call(b, "StartEngagementFromOpportunityTask", `{"Catalog":"Sandbox","ClientToken":"bench","Identifier":"`+opp+
		`","AwsSubmission":{"InvolvementType":"Co-Sell","Visibility":"Full"}}`)
	eng, job := str(b, task, "EngagementId"), str(b, task, "ResourceSnapshotJobId")
	inv := str(b, call(b, "CreateEngagementInvitation", `{"Catalog":"Sandbox","ClientToken":"inv","EngagementIdentifier":"`+eng+
		`","Invitation":{"Message":"m","Receiver":{"Account":{"AwsAccountId":"`+benchOther+`"}},"Payload":{"LeadInvitation":{`+
		`"Customer":{"CompanyName":"Lead Corp","CountryCode":"US"},"Interaction":{"SourceType":"Website","SourceId":"f","SourceName":"n","ContactBusinessTitle":"CIO"}}}}}`), "Id")

	for _, tc := range []struct{ name, body string }{
		{"GetOpportunity", `{"Catalog":"Sandbox","Identifier":"` + opp + `"}`},
		{"GetEngagement", `{"Catalog":"Sandbox","Identifier":"` + eng + `"}`},
		{"GetEngagementInvitation", `{"Catalog":"Sandbox","Identifier":"` + inv + `"}`},
		{"GetResourceSnapshotJob", `{"Catalog":"Sandbox","ResourceSnapshotJobIdentifier":"` + job + `"}`},
	} {
		b.Run("op="+tc.name, func(b *testing.B) {
			var lat []time.Duration
			b.ReportAllocs()
			for b.Loop() {
				start := time.Now()
				call(b, tc.name, tc.body)
				lat = append(lat, time.Since(start))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
		})
	}
}
