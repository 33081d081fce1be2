package wire

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cosell/cosell"
)

// FuzzHandler feeds arbitrary targets, paths and bodies. The fake service
// always succeeds, so any 5xx is the transport's own fault; every error must
// still be an AWS-shaped JSON body with __type.
//
//	go test ./wire -run '^$' -fuzz FuzzHandler -fuzztime 30s
func FuzzHandler(f *testing.F) {
	f.Add("AWSPartnerCentralSelling.UpdateOpportunity", "/", []byte(`{"Catalog":"AWS","Identifier":"O1"}`))
	f.Add("", "/GetOpportunity", []byte(`{"Catalog":null}`))
	f.Add("AWSPartnerCentralSelling.Nope", "/", []byte(`[]`))
	f.Add("", "/", []byte("{\"a\":\"\xff\"}"))
	f.Add("Other.UpdateOpportunity", "/x", []byte(strings.Repeat("[", 100)))
	f.Add("", "/ListOpportunities", []byte(`{"MaxResults":1e400,"x":-0.0}`))
	// The engagement family's operations (issue 7).
	f.Add("AWSPartnerCentralSelling.CreateEngagementContext", "/", []byte(`{"Catalog":"Sandbox","Payload":{"Lead":{},"CustomerProject":{}}}`))
	f.Add("AWSPartnerCentralSelling.CreateEngagementInvitation", "/", []byte(`{"Invitation":{"Payload":{}}}`))
	f.Add("", "/GetEngagement", []byte(`{"Catalog":"Sandbox","Identifier":"eng-XYZ"}`))
	f.Add("AWSPartnerCentralSelling.StartEngagementFromOpportunityTask", "/", []byte(`{"ClientToken":1}`))
	f.Add("", "/ListEngagementInvitations", []byte(`{"ParticipantType":"BOTH","MaxResults":0}`))
	f.Add("AWSPartnerCentralSelling.GetResourceSnapshotJob", "/", []byte(`{"ResourceSnapshotJobIdentifier":"job-1"}`))
	f.Fuzz(func(t *testing.T, tgt, path string, body []byte) {
		svc := &fakeService{out: cosell.Object{{Name: "Id", Value: "O1"}}}
		r := httptest.NewRequest("POST", "/", strings.NewReader(string(body)))
		r.URL.Path = path // any bytes: the router must cope
		if tgt != "" {
			r.Header.Set("X-Amz-Target", tgt)
		}
		rec := httptest.NewRecorder()
		NewHandler(svc, Options{}).ServeHTTP(rec, r)
		if rec.Code >= 500 {
			t.Fatalf("status %d with a succeeding service; body %s", rec.Code, rec.Body)
		}
		if rec.Code == 200 {
			if len(svc.Calls()) != 1 {
				t.Fatalf("200 without exactly one service call")
			}
			return
		}
		var m map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
			t.Fatalf("error body %q is not a JSON object: %v", rec.Body, err)
		}
		if code, _ := m["__type"].(string); code == "" || rec.Header().Get("X-Amzn-ErrorType") != code {
			t.Fatalf("error without __type/x-amzn-ErrorType: %s", rec.Body)
		}
	})
}
