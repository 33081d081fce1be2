package client

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/logging"
)

func TestDebugLog(t *testing.T) {
	isolate(t, "", "")
	withKeys(t)
	t.Setenv("AWS_SESSION_TOKEN", "SESSIONTOKENSECRET")
	svc := newFakeService(t,
		reply{status: 500, body: `{"__type":"InternalServerException","message":"retry me"}`},
		reply{status: 200, header: map[string]string{"x-amzn-RequestId": "rid-1"}, body: `{"Id":"O1","LastModifiedDate":"2025-01-02T03:04:05.123Z"}`},
	)
	var log bytes.Buffer
	c, _ := newTestClient(t, Config{Region: "us-east-1", EndpointURL: svc.URL, Debug: &log})
	body := `{"Catalog": "AWS", "Customer": {"Account": {"CompanyName": "Acme Secret Corp", "Industry": "Other"}, "Contacts": [{"Email": "pat@acme.example"}]}, "LastModifiedDate": "2024-01-01T00:00:00Z", "Identifier": "O1"}`
	if _, err := c.Call(context.Background(), "UpdateOpportunity", []byte(body)); err != nil {
		t.Fatal(err)
	}
	out := log.String()

	// Every record starts with the AWS CLI's prefix; multi-line messages
	// (bodies) continue on the following lines, as botocore's do.
	recordRe := regexp.MustCompile(`(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - MainThread - cosell\.[a-z]+ - DEBUG - `)
	if n := len(recordRe.FindAllString(out, -1)); n < 10 {
		t.Errorf("%d log records, want at least 10:\n%s", n, out)
	}
	for _, secret := range []string{"Acme Secret Corp", "pat@acme.example", "SESSIONTOKENSECRET"} {
		if strings.Contains(out, secret) {
			t.Errorf("debug log leaks %q:\n%s", secret, out)
		}
	}
	if regexp.MustCompile(`Signature=[0-9a-f]{64}`).MatchString(out) {
		t.Errorf("debug log shows the request signature:\n%s", out)
	}
	for _, want := range []string{
		`"CompanyName":"*** SENSITIVE ***"`,
		`"Industry":"Other"`,
		`"Email":"*** SENSITIVE ***"`,
		"Signature=<elided>",
		"'X-Amz-Target': 'AWSPartnerCentralSelling.UpdateOpportunity'",
		"Response status: 500",
		"retry me",
		"Retry needed, retrying request after delay of: ",
		"Sending http request (attempt 2): POST " + svc.URL + "/",
		"Response status: 200",
		"rid-1",
		`{"Id":"O1","LastModifiedDate":"2025-01-02T03:04:05.123Z"}`,
		"Found credentials: EnvConfigCredentials",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("debug log lacks %q:\n%s", want, out)
		}
	}
}

func TestDebugOff(t *testing.T) {
	var nilLog *debugLog
	nilLog.logf("cosell.x", "nothing %d", 1) // must not panic
}

func TestFormatHeaders(t *testing.T) {
	h := map[string][]string{
		"X-Amz-Target":  {"T"},
		"Authorization": {"AWS4-HMAC-SHA256 Credential=AK/20240101/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=host, Signature=" + strings.Repeat("ab", 32)},
		"Content-Type":  {"application/x-amz-json-1.0"},
	}
	want := "{'Authorization': 'AWS4-HMAC-SHA256 Credential=AK/20240101/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=host, Signature=<elided>', 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'T'}"
	if got := formatHeaders(h); got != want {
		t.Errorf("formatHeaders =\n%s\nwant\n%s", got, want)
	}
}

func TestSDKLogger(t *testing.T) {
	var buf bytes.Buffer
	sdkLogger{&debugLog{w: &buf, now: time.Now}}.Logf(logging.Warn, "falling back to %s", "IMDSv1")
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - MainThread - cosell\.sdk - DEBUG - WARN falling back to IMDSv1\n$`).MatchString(buf.String()) {
		t.Errorf("SDK message logged as %q", buf.String())
	}
	sdkLogger{nil}.Logf(logging.Warn, "dropped") // without --debug: silent, no panic
}
