package deliver_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/deliver"
	"github.com/cosell/cosell/memory"
	"github.com/google/go-cmp/cmp"
)

// fakeEventBridge speaks PutEvents (AWS JSON 1.1): it refuses the first
// entry it gets (FailedEntryCount 1), then accepts.
type fakeEventBridge struct {
	mu      sync.Mutex
	refuse  int
	entries []map[string]any
	bad     []string
}

func (f *fakeEventBridge) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	if got := r.Header.Get("X-Amz-Target"); got != "AWSEvents.PutEvents" {
		f.bad = append(f.bad, "target "+got)
	}
	if got := r.Header.Get("Content-Type"); got != "application/x-amz-json-1.1" {
		f.bad = append(f.bad, "content type "+got)
	}
	if !strings.Contains(r.Header.Get("Authorization"), "Credential=AKIDEXAMPLE/") || !strings.Contains(r.Header.Get("Authorization"), "/eu-west-1/events/aws4_request") {
		f.bad = append(f.bad, "authorization "+r.Header.Get("Authorization"))
	}
	var in struct{ Entries []map[string]any }
	if err := json.Unmarshal(body, &in); err != nil || len(in.Entries) != 1 {
		f.bad = append(f.bad, "body "+string(body))
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	if f.refuse > 0 {
		f.refuse--
		io.WriteString(w, `{"FailedEntryCount":1,"Entries":[{"ErrorCode":"InternalFailure","ErrorMessage":"try again"}]}`)
		return
	}
	f.entries = append(f.entries, in.Entries...)
	io.WriteString(w, `{"FailedEntryCount":0,"Entries":[{"EventId":"eb-1"}]}`)
}

func TestEventBridgePutEvents(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", t.TempDir()+"/none")
	fake := &fakeEventBridge{refuse: 1}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	tests := []struct {
		name       string
		bus        string
		source     string
		wantBus    any
		wantSource string
	}{
		{name: "named bus", bus: "partner-bus", wantBus: "partner-bus", wantSource: "aws.partnercentral-selling"},
		{name: "default bus, own source", source: "cosell.test", wantBus: nil, wantSource: "cosell.test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake.mu.Lock()
			fake.entries = nil
			fake.mu.Unlock()
			eb, err := deliver.NewEventBridge(context.Background(), deliver.EventBridgeOptions{Endpoint: srv.URL, Region: "eu-west-1", Bus: tt.bus, Source: tt.source})
			if err != nil {
				t.Fatal(err)
			}
			store := memory.New()
			at := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
			it, _ := cosell.OutboxItem(cosell.Event{DetailType: cosell.EventInvitationCreated, Catalog: "Sandbox", Time: at, Account: "111122223333",
				Detail:    cosell.Object{{Name: "engagementInvitation", Value: cosell.Object{{Name: "id", Value: "engi-1"}}}},
				Resources: []string{"arn:aws:partnercentral:us-east-1:111122223333:catalog/Sandbox/engagement-invitation/engi-1"}})
			if err := store.UpdateItems(context.Background(), func(tx cosell.ItemTx) error { return tx.Put(it) }); err != nil {
				t.Fatal(err)
			}
			d := deliver.New(store, fast("one"))
			d.Add(eb)
			run(t, d, "one")
			eventually(t, "an entry", func() bool { fake.mu.Lock(); defer fake.mu.Unlock(); return len(fake.entries) == 1 })
			fake.mu.Lock()
			defer fake.mu.Unlock()
			got := fake.entries[0]
			want := map[string]any{
				"Source": tt.wantSource, "DetailType": "Engagement Invitation Created",
				"Detail":    `{"schemaVersion":"1.0","catalog":"Sandbox","engagementInvitation":{"id":"engi-1"}}`,
				"Resources": []any{"arn:aws:partnercentral:us-east-1:111122223333:catalog/Sandbox/engagement-invitation/engi-1"},
				"Time":      float64(at.Unix()),
			}
			if tt.wantBus != nil {
				want["EventBusName"] = tt.wantBus
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("entry (-want +got):\n%s", diff)
			}
			if len(fake.bad) > 0 {
				t.Errorf("bad requests: %v", fake.bad)
			}
		})
	}
}
