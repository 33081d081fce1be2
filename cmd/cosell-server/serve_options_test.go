package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startServe runs cosell serve with args on a free port until the test ends.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	url, _ := startServeLog(t, args...)
	return url
}

func post(t *testing.T, url, op, body string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/", strings.NewReader(body))
	req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling."+op)
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestServeEvents(t *testing.T) {
	events := filepath.Join(t.TempDir(), "events.jsonl")
	url := startServe(t, "--events", events)
	body, err := os.ReadFile("../../testdata/create-full.json")
	if err != nil {
		t.Fatal(err)
	}
	if code := post(t, url, "CreateOpportunity", string(body)); code != 200 {
		t.Fatalf("create: %d", code)
	}
	// The dispatcher appends the event after the commit.
	var got []byte
	for deadline := time.Now().Add(10 * time.Second); len(got) == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		got, _ = os.ReadFile(events)
	}
	for _, want := range []string{`"detail-type":"Opportunity Created"`, `"source":"aws.partnercentral-selling"`, `"catalog":"Sandbox"`, `"identifier":"O1000001"`} {
		if !strings.Contains(string(got), want) {
			t.Errorf("event %s lacks %s", got, want)
		}
	}
}

func TestServeThrottle(t *testing.T) {
	url := startServe(t, "--throttle")
	var codes []int
	for range 12 {
		codes = append(codes, post(t, url, "ListOpportunities", `{"Catalog":"AWS"}`))
	}
	if codes[0] != 200 || codes[11] != 429 {
		t.Errorf("statuses %v: want 200 first and 429 past 10 reads per second", codes)
	}
}
