package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell"
)

const target = "AWSPartnerCentralSelling."

type request struct {
	method  string // POST when empty
	path    string // "/" when empty
	headers map[string]string
	body    string
}

func (rq request) build() *http.Request {
	method, path := rq.method, rq.path
	if method == "" {
		method = http.MethodPost
	}
	if path == "" {
		path = "/"
	}
	r := httptest.NewRequest(method, path, strings.NewReader(rq.body))
	for k, v := range rq.headers {
		r.Header.Set(k, v)
	}
	return r
}

func serve(t testing.TB, svc cosell.Service, opts Options, rq request) *httptest.ResponseRecorder {
	t.Helper()
	if opts.RequestID == nil {
		opts.RequestID = func() string { return "00000000-0000-4000-8000-000000000000" }
	}
	rec := httptest.NewRecorder()
	NewHandler(svc, opts).ServeHTTP(rec, rq.build())
	return rec
}

// errorBody decodes an AWS error body into a plain map for comparison.
func errorBody(t testing.TB, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", rec.Body.String(), err)
	}
	return m
}

func TestRouting(t *testing.T) {
	tests := []struct {
		name       string
		req        request
		wantStatus int
		wantOp     string // operation the service saw; "" means not called
		wantCode   string // __type on errors
	}{
		{
			name:       "target header to slash",
			req:        request{headers: map[string]string{"X-Amz-Target": target + "UpdateOpportunity", "Content-Type": "application/x-amz-json-1.0"}, body: `{}`},
			wantStatus: 200, wantOp: "UpdateOpportunity",
		},
		{
			name:       "target header to a base path",
			req:        request{path: "/some/base/", headers: map[string]string{"X-Amz-Target": target + "GetOpportunity"}, body: `{}`},
			wantStatus: 200, wantOp: "GetOpportunity",
		},
		{
			name:       "path with application/json",
			req:        request{path: "/ListOpportunities", headers: map[string]string{"Content-Type": "application/json"}, body: `{}`},
			wantStatus: 200, wantOp: "ListOpportunities",
		},
		{
			name:       "path without content type",
			req:        request{path: "/SubmitOpportunity", body: `{}`},
			wantStatus: 200, wantOp: "SubmitOpportunity",
		},
		{
			name:       "target wins over path",
			req:        request{path: "/GetOpportunity", headers: map[string]string{"X-Amz-Target": target + "CreateOpportunity"}, body: `{}`},
			wantStatus: 200, wantOp: "CreateOpportunity",
		},
		{
			name: "authorization and user agent ignored",
			req: request{headers: map[string]string{
				"X-Amz-Target":      target + "AssignOpportunity",
				"Authorization":     "AWS4-HMAC-SHA256 Credential=garbage",
				"X-Amzn-User-Agent": "partner-tool/1.0",
			}, body: `{}`},
			wantStatus: 200, wantOp: "AssignOpportunity",
		},
		{
			name:       "unknown operation in target",
			req:        request{headers: map[string]string{"X-Amz-Target": target + "DeleteOpportunity"}, body: `{}`},
			wantStatus: 400, wantCode: cosell.UnknownOperation,
		},
		{
			name:       "other service prefix",
			req:        request{headers: map[string]string{"X-Amz-Target": "DynamoDB_20120810.UpdateOpportunity"}, body: `{}`},
			wantStatus: 400, wantCode: cosell.UnknownOperation,
		},
		{
			name:       "target without prefix",
			req:        request{headers: map[string]string{"X-Amz-Target": "UpdateOpportunity"}, body: `{}`},
			wantStatus: 400, wantCode: cosell.UnknownOperation,
		},
		{
			name:       "unknown operation in path",
			req:        request{path: "/DeleteOpportunity", body: `{}`},
			wantStatus: 400, wantCode: cosell.UnknownOperation,
		},
		{
			name:       "operation names are case sensitive",
			req:        request{path: "/updateopportunity", body: `{}`},
			wantStatus: 400, wantCode: cosell.UnknownOperation,
		},
		{
			name:       "no target and no path",
			req:        request{body: `{}`},
			wantStatus: 400, wantCode: cosell.UnknownOperation,
		},
		{
			name:       "GET an operation",
			req:        request{method: http.MethodGet, path: "/GetOpportunity"},
			wantStatus: 405, wantCode: MethodNotAllowedError,
		},
		{
			name:       "PUT with a target",
			req:        request{method: http.MethodPut, headers: map[string]string{"X-Amz-Target": target + "UpdateOpportunity"}, body: `{}`},
			wantStatus: 405, wantCode: MethodNotAllowedError,
		},
		{
			name:       "POST healthz is not an operation",
			req:        request{path: "/healthz", body: `{}`},
			wantStatus: 400, wantCode: cosell.UnknownOperation,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := &fakeService{out: cosell.Object{}}
			rec := serve(t, svc, Options{}, tt.req)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d; body %s", rec.Code, tt.wantStatus, rec.Body)
			}
			var gotOps []string
			for _, c := range svc.Calls() {
				gotOps = append(gotOps, c.Op)
			}
			var wantOps []string
			if tt.wantOp != "" {
				wantOps = []string{tt.wantOp}
			}
			if diff := cmp.Diff(wantOps, gotOps); diff != "" {
				t.Errorf("service calls (-want +got):\n%s", diff)
			}
			if got := rec.Header().Get("X-Amzn-RequestId"); got == "" {
				t.Error("no x-amzn-RequestId header")
			}
			if tt.wantCode != "" {
				if got := errorBody(t, rec)["__type"]; got != tt.wantCode {
					t.Errorf("__type = %v, want %s", got, tt.wantCode)
				}
				if got := rec.Header().Get("X-Amzn-ErrorType"); got != tt.wantCode {
					t.Errorf("x-amzn-ErrorType = %q, want %s", got, tt.wantCode)
				}
			}
		})
	}
}

func TestErrorMapping(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantBody   map[string]any
	}{
		{
			name:       "validation with field list",
			err:        cosell.NewValidationError(cosell.ValidationReasonReq, []cosell.FieldError{{FieldName: "Catalog", Message: "is required", Code: cosell.CodeRequired}, {Message: "no field", Code: cosell.CodeInvalidValue}}),
			wantStatus: 400,
			wantBody: map[string]any{
				"__type": "ValidationException", "Message": "Request validation failed: Catalog: is required; no field",
				"Reason": "REQUEST_VALIDATION_FAILED",
				"ErrorList": []any{
					map[string]any{"FieldName": "Catalog", "Message": "is required", "Code": "REQUIRED_FIELD_MISSING"},
					map[string]any{"Message": "no field", "Code": "INVALID_VALUE"},
				},
			},
		},
		{
			name:       "validation without reason gets the request reason",
			err:        cosell.Errorf(cosell.ValidationError, "bad"),
			wantStatus: 400,
			wantBody:   map[string]any{"__type": "ValidationException", "Message": "bad", "Reason": "REQUEST_VALIDATION_FAILED"},
		},
		{
			name:       "business validation",
			err:        cosell.NewValidationError(cosell.ValidationReasonBiz, []cosell.FieldError{{FieldName: "LifeCycle.ReviewStatus", Message: "locked", Code: cosell.CodeNotPermitted}}),
			wantStatus: 400,
			wantBody: map[string]any{
				"__type": "ValidationException", "Message": "Business validation failed: LifeCycle.ReviewStatus: locked",
				"Reason":    "BUSINESS_VALIDATION_FAILED",
				"ErrorList": []any{map[string]any{"FieldName": "LifeCycle.ReviewStatus", "Message": "locked", "Code": "ACTION_NOT_PERMITTED"}},
			},
		},
		{name: "access denied", err: cosell.Errorf(cosell.AccessDeniedError, "no"), wantStatus: 403,
			wantBody: map[string]any{"__type": "AccessDeniedException", "Message": "no"}},
		{name: "access denied with reason", err: &cosell.Error{Code: cosell.AccessDeniedError, Message: "no", Reason: "INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE"}, wantStatus: 403,
			wantBody: map[string]any{"__type": "AccessDeniedException", "Message": "no", "Reason": "INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE"}},
		{name: "not found", err: cosell.Errorf(cosell.NotFoundError, "gone"), wantStatus: 404,
			wantBody: map[string]any{"__type": "ResourceNotFoundException", "Message": "gone"}},
		{name: "conflict", err: cosell.Errorf(cosell.ConflictError, "stale"), wantStatus: 409,
			wantBody: map[string]any{"__type": "ConflictException", "Message": "stale"}},
		{name: "service quota", err: cosell.Errorf(cosell.QuotaExceededError, "quota"), wantStatus: 402,
			wantBody: map[string]any{"__type": "ServiceQuotaExceededException", "Message": "quota"}},
		{name: "throttling", err: cosell.Errorf(cosell.ThrottlingError, "slow down"), wantStatus: 429,
			wantBody: map[string]any{"__type": "ThrottlingException", "Message": "slow down"}},
		{name: "internal", err: cosell.Errorf(cosell.InternalError, "boom"), wantStatus: 500,
			wantBody: map[string]any{"__type": "InternalServerException", "Message": "boom"}},
		{name: "serialization", err: cosell.Errorf(cosell.SerializationError, "bad type"), wantStatus: 400,
			wantBody: map[string]any{"__type": "SerializationException", "Message": "bad type"}},
		{name: "unknown operation", err: cosell.Errorf(cosell.UnknownOperation, "what"), wantStatus: 400,
			wantBody: map[string]any{"__type": "UnknownOperationException", "Message": "what"}},
		{name: "wrapped cosell error keeps its code", err: errorsJoin(cosell.Errorf(cosell.ConflictError, "stale")), wantStatus: 409,
			wantBody: map[string]any{"__type": "ConflictException", "Message": "stale"}},
		{name: "unmapped code is a server fault", err: cosell.Errorf("BogusException", "x"), wantStatus: 500,
			wantBody: map[string]any{"__type": "BogusException", "Message": "x"}},
		{name: "plain error is hidden", err: errors.New("disk on fire at /var/db"), wantStatus: 500,
			wantBody: map[string]any{"__type": "InternalServerException", "Message": internalMessage}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := &fakeService{err: tt.err}
			rec := serve(t, svc, Options{}, request{headers: map[string]string{"X-Amz-Target": target + "UpdateOpportunity"}, body: `{}`})
			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			if diff := cmp.Diff(tt.wantBody, errorBody(t, rec)); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
			wantHeaders := map[string]string{
				"Content-Type":     contentType,
				"X-Amzn-Errortype": tt.wantBody["__type"].(string),
				"X-Amzn-Requestid": "00000000-0000-4000-8000-000000000000",
			}
			gotHeaders := map[string]string{}
			for k := range wantHeaders {
				gotHeaders[k] = rec.Header().Get(k)
			}
			if diff := cmp.Diff(wantHeaders, gotHeaders); diff != "" {
				t.Errorf("headers (-want +got):\n%s", diff)
			}
		})
	}
}

func errorsJoin(err error) error { return errors.Join(errors.New("context"), err) }

func TestBodyDecoding(t *testing.T) {
	deep := strings.Repeat(`{"a":`, cosell.MaxDepth+1) + `1` + strings.Repeat(`}`, cosell.MaxDepth+1)
	tests := []struct {
		name       string
		body       string
		wantStatus int
		wantCode   string
		wantMsg    string        // substring of Message on errors
		wantIn     cosell.Object // what the service receives on success
	}{
		{name: "object", body: `{"Catalog":"AWS","Identifier":"O1"}`, wantStatus: 200,
			wantIn: cosell.Object{{Name: "Catalog", Value: "AWS"}, {Name: "Identifier", Value: "O1"}}},
		{name: "empty body is {}", body: ``, wantStatus: 200, wantIn: cosell.Object{}},
		{name: "whitespace body is {}", body: " \n\t", wantStatus: 200, wantIn: cosell.Object{}},
		{name: "null body is {}", body: `null`, wantStatus: 200, wantIn: cosell.Object{}},
		{name: "nested nulls reach the service as nil", body: `{"Catalog":null,"Customer":{"Account":null}}`, wantStatus: 200,
			wantIn: cosell.Object{{Name: "Catalog", Value: nil}, {Name: "Customer", Value: cosell.Object{{Name: "Account", Value: nil}}}}},
		{name: "numbers keep their text", body: `{"MaxResults":20}`, wantStatus: 200,
			wantIn: cosell.Object{{Name: "MaxResults", Value: cosell.Number("20")}}},
		{name: "malformed JSON", body: `{"Catalog":`, wantStatus: 400, wantCode: cosell.SerializationError, wantMsg: "not valid JSON"},
		{name: "syntax error names the offset", body: `{"Catalog" "AWS"}`, wantStatus: 400, wantCode: cosell.SerializationError, wantMsg: "byte offset"},
		{name: "trailing data", body: `{} {}`, wantStatus: 400, wantCode: cosell.SerializationError, wantMsg: "after the JSON value"},
		{name: "array at top level", body: `[{}]`, wantStatus: 400, wantCode: cosell.SerializationError, wantMsg: "must be a JSON object, not an array"},
		{name: "string at top level", body: `"AWS"`, wantStatus: 400, wantCode: cosell.SerializationError, wantMsg: "not a string"},
		{name: "number at top level", body: `42`, wantStatus: 400, wantCode: cosell.SerializationError, wantMsg: "not a number"},
		{name: "boolean at top level", body: `true`, wantStatus: 400, wantCode: cosell.SerializationError, wantMsg: "not a boolean"},
		{name: "invalid UTF-8", body: "{\"Catalog\":\"A\xffWS\"}", wantStatus: 400, wantCode: cosell.SerializationError, wantMsg: "invalid byte at offset 13"},
		{name: "truncated UTF-8 sequence", body: "{\"a\":\"\xe2\x82\"}", wantStatus: 400, wantCode: cosell.SerializationError, wantMsg: "offset 6"},
		{name: "deep nesting", body: deep, wantStatus: 400, wantCode: cosell.SerializationError, wantMsg: "nesting exceeds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := &fakeService{out: cosell.Object{}}
			rec := serve(t, svc, Options{}, request{headers: map[string]string{"X-Amz-Target": target + "GetOpportunity"}, body: tt.body})
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d; body %s", rec.Code, tt.wantStatus, rec.Body)
			}
			calls := svc.Calls()
			if tt.wantCode == "" {
				if len(calls) != 1 {
					t.Fatalf("service called %d times, want 1", len(calls))
				}
				if diff := cmp.Diff(tt.wantIn, calls[0].In); diff != "" {
					t.Errorf("service input (-want +got):\n%s", diff)
				}
				return
			}
			if len(calls) != 0 {
				t.Errorf("service called with a rejected body: %v", calls)
			}
			body := errorBody(t, rec)
			if body["__type"] != tt.wantCode {
				t.Errorf("__type = %v, want %s", body["__type"], tt.wantCode)
			}
			if msg, _ := body["Message"].(string); !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("Message = %q, want it to contain %q", msg, tt.wantMsg)
			}
		})
	}
}

func TestBodyLimit(t *testing.T) {
	huge := `{"a":"` + strings.Repeat("x", DefaultMaxBodyBytes) + `"}`
	tests := []struct {
		name          string
		body          string
		unknownLength bool // chunked: the limit is found while reading
		max           int64
		wantStatus    int
	}{
		{name: "over 1 MiB with length", body: huge, wantStatus: 413},
		{name: "over 1 MiB chunked", body: huge, unknownLength: true, wantStatus: 413},
		{name: "exactly the limit", body: `{"a":"` + strings.Repeat("x", DefaultMaxBodyBytes-8) + `"}`, wantStatus: 200},
		{name: "custom limit", body: `{"a":"xxxxxxxxxx"}`, max: 10, wantStatus: 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := &fakeService{out: cosell.Object{}}
			r := request{path: "/UpdateOpportunity", body: tt.body}.build()
			if tt.unknownLength {
				r.ContentLength = -1
				r.Body = io.NopCloser(strings.NewReader(tt.body))
			}
			rec := httptest.NewRecorder()
			NewHandler(svc, Options{MaxBodyBytes: tt.max}).ServeHTTP(rec, r)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			if tt.wantStatus == 200 {
				return
			}
			if len(svc.Calls()) != 0 {
				t.Error("service called with an oversized body")
			}
			limit := tt.max
			if limit == 0 {
				limit = DefaultMaxBodyBytes
			}
			want := map[string]any{"__type": RequestTooLargeError, "Message": "the request body exceeds the limit of " + itoa(limit) + " bytes"}
			if diff := cmp.Diff(want, errorBody(t, rec)); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestSuccessResponse(t *testing.T) {
	tests := []struct {
		name     string
		op       string
		out      cosell.Object
		wantBody string
	}{
		{name: "output document in order", op: "UpdateOpportunity",
			out:      cosell.Object{{Name: "Id", Value: "O1000001"}, {Name: "LastModifiedDate", Value: "2025-01-02T03:04:05.678Z"}},
			wantBody: `{"Id":"O1000001","LastModifiedDate":"2025-01-02T03:04:05.678Z"}`},
		{name: "nulls are emitted", op: "GetOpportunity",
			out:      cosell.Object{{Name: "Arn", Value: nil}, {Name: "Project", Value: cosell.Object{{Name: "ExpectedCustomerSpend", Value: []any{}}}}},
			wantBody: `{"Arn":null,"Project":{"ExpectedCustomerSpend":[]}}`},
		{name: "no output is an empty body", op: "SubmitOpportunity", out: nil, wantBody: ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := &fakeService{out: tt.out}
			rec := serve(t, svc, Options{}, request{headers: map[string]string{"X-Amz-Target": target + tt.op}, body: `{}`})
			if rec.Code != 200 {
				t.Fatalf("status = %d, body %s", rec.Code, rec.Body)
			}
			if got := rec.Body.String(); got != tt.wantBody {
				t.Errorf("body = %s, want %s", got, tt.wantBody)
			}
			if got, want := rec.Header().Get("Content-Length"), itoa(int64(len(tt.wantBody))); got != want {
				t.Errorf("Content-Length = %s, want %s", got, want)
			}
			if got := rec.Header().Get("Content-Type"); got != contentType {
				t.Errorf("Content-Type = %s", got)
			}
			if got := rec.Header().Get("X-Amzn-ErrorType"); got != "" {
				t.Errorf("x-amzn-ErrorType on success: %s", got)
			}
		})
	}
}

func TestPanicRecovery(t *testing.T) {
	var logs bytes.Buffer
	svc := &fakeService{panic: "nil map write"}
	h := NewHandler(svc, Options{Logger: NewLogger(&logs, slog.LevelInfo)})
	for i := 0; i < 2; i++ { // the handler survives and keeps serving
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, request{path: "/CreateOpportunity", body: `{}`}.build())
		if rec.Code != 500 {
			t.Fatalf("status = %d, want 500", rec.Code)
		}
		want := map[string]any{"__type": "InternalServerException", "Message": internalMessage}
		if diff := cmp.Diff(want, errorBody(t, rec)); diff != "" {
			t.Errorf("body (-want +got):\n%s", diff)
		}
	}
	if !strings.Contains(logs.String(), `"panic":"nil map write"`) {
		t.Errorf("panic not logged:\n%s", logs.String())
	}
}

func TestAbortHandlerPanicPropagates(t *testing.T) {
	svc := &fakeService{panic: http.ErrAbortHandler}
	defer func() {
		if p := recover(); p != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler", p)
		}
	}()
	serve(t, svc, Options{}, request{path: "/CreateOpportunity", body: `{}`})
	t.Error("ServeHTTP returned normally")
}

func TestHealth(t *testing.T) {
	tests := []struct {
		name       string
		method     string
		path       string
		ready      func(context.Context) error
		wantStatus int
		wantBody   string
	}{
		{name: "healthz", method: "GET", path: "/healthz", wantStatus: 200, wantBody: "ok\n"},
		{name: "healthz ignores readiness", method: "GET", path: "/healthz", ready: func(context.Context) error { return errors.New("db") }, wantStatus: 200, wantBody: "ok\n"},
		{name: "readyz without probe", method: "GET", path: "/readyz", wantStatus: 200, wantBody: "ok\n"},
		{name: "readyz ready", method: "GET", path: "/readyz", ready: func(context.Context) error { return nil }, wantStatus: 200, wantBody: "ok\n"},
		{name: "readyz not ready", method: "GET", path: "/readyz", ready: func(context.Context) error { return errors.New("db closed") }, wantStatus: 503, wantBody: "not ready\n"},
		{name: "HEAD healthz", method: "HEAD", path: "/healthz", wantStatus: 200, wantBody: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := &fakeService{}
			rec := serve(t, svc, Options{Ready: tt.ready}, request{method: tt.method, path: tt.path})
			if rec.Code != tt.wantStatus || rec.Body.String() != tt.wantBody {
				t.Errorf("got %d %q, want %d %q", rec.Code, rec.Body, tt.wantStatus, tt.wantBody)
			}
			if len(svc.Calls()) != 0 {
				t.Error("health check reached the service")
			}
		})
	}
}

func TestRequestLog(t *testing.T) {
	const secret = "jane.doe@example.com"
	tests := []struct {
		name   string
		svc    *fakeService
		level  slog.Level
		want   map[string]any // expected members (latency_ms only checked for presence)
		absent []string
	}{
		{
			name: "success", svc: &fakeService{out: cosell.Object{{Name: "Id", Value: "O1"}}}, level: slog.LevelInfo,
			want: map[string]any{"level": "INFO", "msg": "request", "operation": "UpdateOpportunity", "status": 200.0,
				"request_id": "00000000-0000-4000-8000-000000000000", "method": "POST", "path": "/"},
		},
		{
			name: "validation error logs the code, not the message",
			svc:  &fakeService{err: cosell.NewValidationError(cosell.ValidationReasonReq, []cosell.FieldError{{FieldName: "Customer.Contacts[0].Email", Message: `"` + secret + `" is bad`, Code: cosell.CodeInvalidFormat}})},
			want: map[string]any{"level": "INFO", "msg": "request", "operation": "UpdateOpportunity", "status": 400.0,
				"request_id": "00000000-0000-4000-8000-000000000000", "method": "POST", "path": "/", "error": "ValidationException"},
		},
		{
			name: "internal error logs the detail at error level", svc: &fakeService{err: errors.New("database is locked")},
			want: map[string]any{"level": "ERROR", "msg": "request", "operation": "UpdateOpportunity", "status": 500.0,
				"request_id": "00000000-0000-4000-8000-000000000000", "method": "POST", "path": "/", "error": "InternalServerException",
				"detail": "database is locked"},
		},
		{name: "warn level hides successes", svc: &fakeService{out: cosell.Object{}}, level: slog.LevelWarn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			body := `{"Customer":{"Contacts":[{"Email":"` + secret + `","Phone":"+15555550100"}]}}`
			serve(t, tt.svc, Options{Logger: NewLogger(&logs, tt.level)}, request{headers: map[string]string{"X-Amz-Target": target + "UpdateOpportunity"}, body: body})
			if strings.Contains(logs.String(), secret) || strings.Contains(logs.String(), "+15555550100") {
				t.Errorf("log leaks request content:\n%s", logs.String())
			}
			lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
			if tt.want == nil {
				if logs.Len() != 0 {
					t.Errorf("logged %q, want nothing", logs.String())
				}
				return
			}
			if len(lines) != 1 {
				t.Fatalf("got %d log lines, want 1:\n%s", len(lines), logs.String())
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(lines[0]), &got); err != nil {
				t.Fatalf("log line is not JSON: %v", err)
			}
			if _, ok := got["latency_ms"].(float64); !ok {
				t.Errorf("latency_ms missing or not a number: %v", got["latency_ms"])
			}
			delete(got, "latency_ms")
			delete(got, "time")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("log line (-want +got):\n%s", diff)
			}
		})
	}
}
