package client

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestRetries(t *testing.T) {
	const op = "UpdateOpportunity"
	jsonErr := func(status int, typ, msg string) reply {
		return reply{status: status, body: `{"__type":"` + typ + `","message":"` + msg + `"}`}
	}
	tests := []struct {
		name         string
		maxAttempts  string // AWS_MAX_ATTEMPTS
		replies      []reply
		wantRequests int
		wantMsg      string // "" = success
		wantExit     int
		wantCode     string
	}{
		{name: "500 retried 3 times in all", replies: []reply{jsonErr(500, "InternalServerException", "boom")}, wantRequests: 3,
			wantMsg: "\nAn error occurred (InternalServerException) when calling the UpdateOpportunity operation (reached max retries: 2): boom\n", wantExit: 254, wantCode: "InternalServerException"},
		{name: "503 without body", replies: []reply{{status: 503}}, wantRequests: 3,
			wantMsg: "\nAn error occurred (503) when calling the UpdateOpportunity operation (reached max retries: 2): Service Unavailable\n", wantExit: 254, wantCode: "503"},
		{name: "502 and 504 retried", replies: []reply{{status: 502}, {status: 504}, {status: 200, body: `{"Id":"O1"}`}}, wantRequests: 3},
		{name: "ThrottlingException at 400", replies: []reply{jsonErr(400, "ThrottlingException", "slow down")}, wantRequests: 3,
			wantMsg: "\nAn error occurred (ThrottlingException) when calling the UpdateOpportunity operation (reached max retries: 2): slow down\n", wantExit: 254, wantCode: "ThrottlingException"},
		{name: "ThrottlingException at 429", replies: []reply{jsonErr(429, "ThrottlingException", "q")}, wantRequests: 3,
			wantMsg: "\nAn error occurred (ThrottlingException) when calling the UpdateOpportunity operation (reached max retries: 2): q\n", wantExit: 254, wantCode: "ThrottlingException"},
		{name: "TooManyRequestsException", replies: []reply{jsonErr(400, "TooManyRequestsException", "")}, wantRequests: 3,
			wantMsg: "\nAn error occurred (TooManyRequestsException) when calling the UpdateOpportunity operation (reached max retries: 2): \n", wantExit: 254, wantCode: "TooManyRequestsException"},
		{name: "RequestTimeoutException", replies: []reply{jsonErr(400, "RequestTimeoutException", "t")}, wantRequests: 3,
			wantMsg: "\nAn error occurred (RequestTimeoutException) when calling the UpdateOpportunity operation (reached max retries: 2): t\n", wantExit: 254, wantCode: "RequestTimeoutException"},
		{name: "413 LimitExceededException", replies: []reply{jsonErr(413, "LimitExceededException", "l")}, wantRequests: 3,
			wantMsg: "\nAn error occurred (LimitExceededException) when calling the UpdateOpportunity operation (reached max retries: 2): l\n", wantExit: 254, wantCode: "LimitExceededException"},
		{name: "success after a 500", replies: []reply{{status: 500}, {status: 200, body: `{"Id":"O1"}`}}, wantRequests: 2},
		{name: "ValidationException not retried", replies: []reply{jsonErr(400, "ValidationException", "bad")}, wantRequests: 1,
			wantMsg: "\nAn error occurred (ValidationException) when calling the UpdateOpportunity operation: bad\n", wantExit: 254, wantCode: "ValidationException"},
		{name: "409 not retried", replies: []reply{jsonErr(409, "ConflictException", "stale")}, wantRequests: 1,
			wantMsg: "\nAn error occurred (ConflictException) when calling the UpdateOpportunity operation: stale\n", wantExit: 254, wantCode: "ConflictException"},
		{name: "bare 429 not retried", replies: []reply{{status: 429}}, wantRequests: 1,
			wantMsg: "\nAn error occurred (429) when calling the UpdateOpportunity operation: \n", wantExit: 254, wantCode: "429"},
		{name: "404 not retried", replies: []reply{jsonErr(404, "ResourceNotFoundException", "no")}, wantRequests: 1,
			wantMsg: "\nAn error occurred (ResourceNotFoundException) when calling the UpdateOpportunity operation: no\n", wantExit: 254, wantCode: "ResourceNotFoundException"},
		{name: "403 not retried", replies: []reply{jsonErr(403, "AccessDeniedException", "no")}, wantRequests: 1,
			wantMsg: "\nAn error occurred (AccessDeniedException) when calling the UpdateOpportunity operation: no\n", wantExit: 254, wantCode: "AccessDeniedException"},
		{name: "AWS_MAX_ATTEMPTS=2", maxAttempts: "2", replies: []reply{jsonErr(500, "InternalServerException", "x")}, wantRequests: 2,
			wantMsg: "\nAn error occurred (InternalServerException) when calling the UpdateOpportunity operation (reached max retries: 1): x\n", wantExit: 254, wantCode: "InternalServerException"},
		{name: "AWS_MAX_ATTEMPTS=1: every error is the last attempt", maxAttempts: "1", replies: []reply{jsonErr(400, "ValidationException", "v")}, wantRequests: 1,
			wantMsg: "\nAn error occurred (ValidationException) when calling the UpdateOpportunity operation (reached max retries: 0): v\n", wantExit: 254, wantCode: "ValidationException"},
		{name: "non-retryable error on the last attempt", replies: []reply{{status: 500}, {status: 500}, jsonErr(400, "ValidationException", "v")}, wantRequests: 3,
			wantMsg: "\nAn error occurred (ValidationException) when calling the UpdateOpportunity operation (reached max retries: 2): v\n", wantExit: 254, wantCode: "ValidationException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolate(t, "", "")
			if tt.maxAttempts != "" {
				t.Setenv("AWS_MAX_ATTEMPTS", tt.maxAttempts)
			}
			svc := newFakeService(t, tt.replies...)
			c, delays := newTestClient(t, Config{Region: "us-east-1", EndpointURL: svc.URL, NoSignRequest: true})
			_, err := c.Call(context.Background(), op, []byte(updateBody))
			if got := len(svc.got()); got != tt.wantRequests {
				t.Errorf("%d requests, want %d", got, tt.wantRequests)
			}
			var wantDelays []int
			for n := 1; n < tt.wantRequests; n++ {
				wantDelays = append(wantDelays, n)
			}
			if diff := cmp.Diff(wantDelays, *delays); diff != "" {
				t.Errorf("backoff calls (-want +got):\n%s", diff)
			}
			if tt.wantMsg == "" {
				if err != nil {
					t.Fatalf("Call: %v", err)
				}
				return
			}
			wantError(t, err, tt.wantMsg, tt.wantExit)
			if e, _ := err.(*Error); e != nil && e.Code != tt.wantCode {
				t.Errorf("Code = %q, want %q", e.Code, tt.wantCode)
			}
		})
	}
}

func TestConnectionRefused(t *testing.T) {
	isolate(t, "", "")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	c, delays := newTestClient(t, Config{Region: "us-east-1", EndpointURL: "http://" + addr, NoSignRequest: true})
	_, err = c.Call(context.Background(), "GetOpportunity", []byte(`{}`))
	wantError(t, err, "\nCould not connect to the endpoint URL: \"http://"+addr+"/\"\n", 255)
	if diff := cmp.Diff([]int{1, 2}, *delays); diff != "" {
		t.Errorf("connection errors are retried up to 3 attempts; backoff calls (-want +got):\n%s", diff)
	}
}

func TestBackoffBounds(t *testing.T) {
	tests := []struct {
		name string
		n    int
		max  float64 // seconds
	}{
		{name: "first retry", n: 1, max: 1},
		{name: "second retry", n: 2, max: 2},
		{name: "fifth retry", n: 5, max: 16},
		{name: "capped at 20 s", n: 9, max: 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 200 {
				d := backoff(tt.n).Seconds()
				if d < 0 || d >= tt.max {
					t.Fatalf("backoff(%d) = %v s, want in [0, %v)", tt.n, d, tt.max)
				}
			}
		})
	}
}

func TestCanceled(t *testing.T) {
	isolate(t, "", "")
	svc := newFakeService(t, reply{status: 500})
	c, _ := newTestClient(t, Config{Region: "us-east-1", EndpointURL: svc.URL, NoSignRequest: true})
	ctx, cancel := context.WithCancel(context.Background())
	c.sleep = func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	_, err := c.Call(ctx, "GetOpportunity", []byte(`{}`))
	wantError(t, err, "", 130)
}
