package auth_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/auth"
	"github.com/cosell/cosell/memory"
	"github.com/cosell/cosell/wire"
	"github.com/cosell/cosell/world"
)

const worldFile = `
accounts:
  - id: "111111111111"
    company_name: Alpha Cloud Partners
    access_keys:
      - id: AKIAALPHA00000000001
        secret: alpha-secret-1
      - id: ASIAALPHA00000000002
        secret: alpha-temp-secret
        session_token: alpha-session-token-XYZ
      - id: AKIAALPHAREADER00003
        secret: alpha-reader-secret
        user: reader
        policy:
          allow: ["partnercentral:Get*", "partnercentral:List*"]
          deny: ["partnercentral:ListOpportunities"]
      - id: AKIAALPHASANDBOX0004
        secret: alpha-sandbox-secret
        policy:
          catalog: Sandbox
      - id: AKIAALPHANOSUBMIT005
        secret: alpha-nosubmit-secret
        user: nosubmit
        policy:
          deny: ["partnercentral:SubmitOpportunity"]
  - id: "222222222222"
    company_name: Beta Data Partners
    access_keys:
      - id: AKIABETA000000000001
        secret: beta-secret-1
connections:
  - ["111111111111", "222222222222"]
`

// now is the server's clock in these tests.
var now = time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)

// stack is cosell serve's request path with a world: wire, the
// authenticator and its guarded operation table, a memory store.
type stack struct {
	t       *testing.T
	handler http.Handler
	svc     cosell.Service
	store   cosell.Store
	log     *bytes.Buffer
}

func newStack(t *testing.T, verify bool) *stack {
	t.Helper()
	w, err := world.Parse([]byte(worldFile))
	if err != nil {
		t.Fatal(err)
	}
	a := auth.New(auth.Options{World: w, Verify: verify, Now: func() time.Time { return now }})
	store := memory.New()
	svc := cosell.NewService(store, cosell.ServiceConfig{})
	var log bytes.Buffer
	h := wire.NewHandler(svc, wire.Options{Logger: wire.NewLogger(&log, -8), Authenticate: a.Authenticate, Lookup: a.Lookup})
	return &stack{t: t, handler: h, svc: svc, store: store, log: &log}
}

// req is one request to sign and send.
type req struct {
	op      string
	body    string
	key     string // access key id
	secret  string
	token   string // X-Amz-Security-Token, signed
	region  string // default us-east-1
	service string // default partnercentral-selling
	at      time.Time
	tamper  func(*http.Request) // after signing
}

type answer struct {
	status  int
	code    string
	message string
	body    map[string]any
}

func (s *stack) send(r req) answer {
	s.t.Helper()
	hr := httptest.NewRequest(http.MethodPost, "http://cosell.example:8456/", strings.NewReader(r.body))
	hr.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling."+r.op)
	hr.Header.Set("Content-Type", "application/x-amz-json-1.0")
	if r.key != "" {
		region, service, at := r.region, r.service, r.at
		if region == "" {
			region = "us-east-1"
		}
		if service == "" {
			service = cosell.SigningName
		}
		if at.IsZero() {
			at = now
		}
		sum := sha256.Sum256([]byte(r.body))
		creds := aws.Credentials{AccessKeyID: r.key, SecretAccessKey: r.secret, SessionToken: r.token}
		if err := v4.NewSigner().SignHTTP(context.Background(), creds, hr, hex.EncodeToString(sum[:]), service, region, at); err != nil {
			s.t.Fatal(err)
		}
	}
	if r.tamper != nil {
		r.tamper(hr)
	}
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, hr)
	a := answer{status: rec.Code, code: rec.Header().Get("X-Amzn-ErrorType")}
	if rec.Body.Len() > 0 {
		if err := json.Unmarshal(rec.Body.Bytes(), &a.body); err != nil {
			s.t.Fatalf("answer %q: %v", rec.Body.String(), err)
		}
		a.message, _ = a.body["Message"].(string)
	}
	return a
}

const list = `{"Catalog":"Sandbox"}`

func createBody(t *testing.T, token string) string {
	t.Helper()
	b, err := os.ReadFile("../testdata/create-full.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(b, &m)
	m["ClientToken"] = token
	out, _ := json.Marshal(m)
	return string(out)
}

// Each refusal AWS documents, made by signing a real request with the SDK
// signer and then breaking one thing.
func TestVerify(t *testing.T) {
	alpha := req{op: "ListOpportunities", body: list, key: "AKIAALPHA00000000001", secret: "alpha-secret-1"}
	with := func(r req, edit func(*req)) req { edit(&r); return r }
	setHeader := func(name, value string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set(name, value) }
	}
	tests := []struct {
		name    string
		req     req
		status  int
		code    string
		message string // prefix of the message
	}{
		{name: "signed", req: alpha, status: 200},
		{name: "other account", req: req{op: "ListOpportunities", body: list, key: "AKIABETA000000000001", secret: "beta-secret-1"}, status: 200},
		{name: "clock 4 minutes behind", req: with(alpha, func(r *req) { r.at = now.Add(-4 * time.Minute) }), status: 200},
		{name: "clock 4 minutes ahead", req: with(alpha, func(r *req) { r.at = now.Add(4 * time.Minute) }), status: 200},
		{name: "temporary credentials", req: req{op: "ListOpportunities", body: list, key: "ASIAALPHA00000000002", secret: "alpha-temp-secret", token: "alpha-session-token-XYZ"}, status: 200},

		{name: "no Authorization", req: req{op: "ListOpportunities", body: list}, status: 403, code: "MissingAuthenticationTokenException",
			message: "Request is missing Authentication Token"},
		{name: "two Authorization headers", req: with(alpha, func(r *req) {
			r.tamper = func(h *http.Request) { h.Header.Add("Authorization", h.Header.Get("Authorization")) }
		}), status: 400, code: "IncompleteSignatureException", message: "The request carries 2 Authorization headers"},
		{name: "not SigV4", req: with(alpha, func(r *req) { r.tamper = setHeader("Authorization", "AWS AKIAALPHA00000000001:c2lnbmF0dXJl") }),
			status: 400, code: "IncompleteSignatureException",
			message: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS AKIAALPHA00000000001:c2lnbmF0dXJl"},
		{name: "no signature", req: with(alpha, func(r *req) {
			r.tamper = func(h *http.Request) {
				v := h.Header.Get("Authorization")
				h.Header.Set("Authorization", v[:strings.Index(v, ", Signature=")])
			}
		}), status: 400, code: "IncompleteSignatureException", message: "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 Credential="},
		{name: "missing equal sign", req: with(alpha, func(r *req) {
			r.tamper = setHeader("Authorization", "AWS4-HMAC-SHA256 Credential AKIAALPHA00000000001/20260304/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=host, Signature=00")
		}), status: 400, code: "IncompleteSignatureException", message: "'Credential AKIAALPHA00000000001/20260304/us-east-1/partnercentral-selling/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header"},
		{name: "short credential", req: with(alpha, func(r *req) {
			r.tamper = setHeader("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAALPHA00000000001/20260304/us-east-1/aws4_request, SignedHeaders=host, Signature=00")
		}), status: 400, code: "IncompleteSignatureException", message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIAALPHA00000000001/20260304/us-east-1/aws4_request'"},
		{name: "bad terminator", req: with(alpha, func(r *req) {
			r.tamper = setHeader("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAALPHA00000000001/20260304/us-east-1/partnercentral-selling/aws5_request, SignedHeaders=host, Signature=00")
		}), status: 400, code: "IncompleteSignatureException", message: "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'."},
		{name: "host not signed", req: with(alpha, func(r *req) {
			r.tamper = func(h *http.Request) {
				h.Header.Set("Authorization", strings.Replace(h.Header.Get("Authorization"), "SignedHeaders=content-length;content-type;host;", "SignedHeaders=content-length;content-type;", 1))
			}
		}), status: 400, code: "IncompleteSignatureException", message: "'Host' must be a 'SignedHeader' in the AWS Authorization."},
		{name: "no X-Amz-Date", req: with(alpha, func(r *req) { r.tamper = func(h *http.Request) { h.Header.Del("X-Amz-Date") } }),
			status: 400, code: "IncompleteSignatureException", message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256"},
		{name: "X-Amz-Date not basic format", req: with(alpha, func(r *req) { r.tamper = setHeader("X-Amz-Date", "2026-03-04T12:00:00Z") }),
			status: 400, code: "IncompleteSignatureException", message: "Date must be in ISO-8601 'basic format'. Got '2026-03-04T12:00:00Z'."},

		{name: "unknown key", req: req{op: "ListOpportunities", body: list, key: "AKIAUNKNOWN000000001", secret: "alpha-secret-1"}, status: 400,
			code: "UnrecognizedClientException", message: "The security token included in the request is invalid."},
		{name: "temporary key without its token", req: req{op: "ListOpportunities", body: list, key: "ASIAALPHA00000000002", secret: "alpha-temp-secret"},
			status: 400, code: "UnrecognizedClientException", message: "The security token included in the request is invalid."},
		{name: "temporary key with another token", req: req{op: "ListOpportunities", body: list, key: "ASIAALPHA00000000002", secret: "alpha-temp-secret", token: "stolen"},
			status: 400, code: "UnrecognizedClientException", message: "The security token included in the request is invalid."},
		{name: "long-term key with a token", req: with(alpha, func(r *req) { r.token = "alpha-session-token-XYZ" }),
			status: 400, code: "UnrecognizedClientException", message: "The security token included in the request is invalid."},

		{name: "wrong secret", req: with(alpha, func(r *req) { r.secret = "alpha-secret-2" }), status: 400, code: "InvalidSignatureException",
			message: "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'POST\n/\n\ncontent-length:21\ncontent-type:application/x-amz-json-1.0\nhost:cosell.example:8456\nx-amz-date:20260304T120000Z\nx-amz-target:AWSPartnerCentralSelling.ListOpportunities\n\ncontent-length;content-type;host;x-amz-date;x-amz-target\n"},
		{name: "body changed after signing", req: with(alpha, func(r *req) {
			// Same length, so Content-Length still matches what was signed.
			r.tamper = func(h *http.Request) { h.Body = io.NopCloser(strings.NewReader(`{"Catalog":"AWS"}    `)) }
		}), status: 400, code: "InvalidSignatureException", message: "The request signature we calculated does not match"},
		{name: "signed header changed", req: with(alpha, func(r *req) {
			r.tamper = setHeader("X-Amz-Target", "AWSPartnerCentralSelling.GetOpportunity")
		}), status: 400, code: "InvalidSignatureException", message: "The request signature we calculated does not match"},
		{name: "signature altered", req: with(alpha, func(r *req) {
			r.tamper = func(h *http.Request) {
				v := h.Header.Get("Authorization")
				last := "0"
				if strings.HasSuffix(v, "0") {
					last = "1"
				}
				h.Header.Set("Authorization", v[:len(v)-1]+last)
			}
		}), status: 400, code: "InvalidSignatureException", message: "The request signature we calculated does not match"},
		{name: "expired", req: with(alpha, func(r *req) { r.at = now.Add(-6 * time.Minute) }), status: 400, code: "InvalidSignatureException",
			message: "Signature expired: 20260304T115400Z is now earlier than 20260304T115500Z (20260304T120000Z - 5 min.)"},
		{name: "not yet current", req: with(alpha, func(r *req) { r.at = now.Add(6 * time.Minute) }), status: 400, code: "InvalidSignatureException",
			message: "Signature not yet current: 20260304T120600Z is still later than 20260304T120500Z (20260304T120000Z + 5 min.)"},
		{name: "scope date differs from X-Amz-Date", req: with(alpha, func(r *req) {
			r.tamper = func(h *http.Request) {
				h.Header.Set("Authorization", strings.Replace(h.Header.Get("Authorization"), "/20260304/", "/20260303/", 1))
			}
		}), status: 400, code: "InvalidSignatureException",
			message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20260303' != '20260304', from '20260304T120000Z'."},
		{name: "other region", req: with(alpha, func(r *req) { r.region = "eu-west-1" }), status: 400, code: "InvalidSignatureException",
			message: "Credential should be scoped to a valid region, not 'eu-west-1'. "},
		{name: "other service", req: with(alpha, func(r *req) { r.service = "dynamodb" }), status: 400, code: "InvalidSignatureException",
			message: "Credential should be scoped to correct service: 'partnercentral-selling'. "},
	}
	s := newStack(t, true)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.t = t
			got := s.send(tt.req)
			if got.status != tt.status || got.code != tt.code || !strings.HasPrefix(got.message, tt.message) {
				t.Errorf("got %d %s %q\nwant %d %s %q…", got.status, got.code, got.message, tt.status, tt.code, tt.message)
			}
			if tt.code != "" && got.body["__type"] != tt.code {
				t.Errorf("__type %v, want %s", got.body["__type"], tt.code)
			}
		})
	}
}

// A signature covers the body actually received: a client that signs one
// hash, announces it in X-Amz-Content-Sha256 and sends other bytes is refused.
func TestVerifyHashesTheBody(t *testing.T) {
	s := newStack(t, true)
	hr := httptest.NewRequest(http.MethodPost, "http://cosell.example:8456/", strings.NewReader(list))
	hr.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling.ListOpportunities")
	claimed := sha256.Sum256([]byte(`{"Catalog":"AWS"}`))
	hr.Header.Set("X-Amz-Content-Sha256", hex.EncodeToString(claimed[:]))
	creds := aws.Credentials{AccessKeyID: "AKIAALPHA00000000001", SecretAccessKey: "alpha-secret-1"}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, hr, hex.EncodeToString(claimed[:]), cosell.SigningName, "us-east-1", now); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, hr)
	if rec.Code != 400 || rec.Header().Get("X-Amzn-ErrorType") != "InvalidSignatureException" {
		t.Fatalf("got %d %s %s", rec.Code, rec.Header().Get("X-Amzn-ErrorType"), rec.Body)
	}
}

// Refused writes write nothing: a create with a wrong secret, an expired
// date or an unknown key leaves the store empty; the same create signed
// correctly is stored, under the caller's account.
func TestRefusedWritesWriteNothing(t *testing.T) {
	s := newStack(t, true)
	bad := []req{
		{key: "AKIAALPHA00000000001", secret: "wrong"},
		{key: "AKIAALPHA00000000001", secret: "alpha-secret-1", at: now.Add(-time.Hour)},
		{key: "AKIAUNKNOWN000000001", secret: "alpha-secret-1"},
		{key: "AKIAALPHA00000000001", secret: "alpha-secret-1", region: "us-west-2"},
		{},
	}
	for i, r := range bad {
		r.op, r.body = "CreateOpportunity", createBody(t, "refused")
		if got := s.send(r); got.status < 400 {
			t.Fatalf("refusal %d: got %d", i, got.status)
		}
	}
	if n := s.count(); n != 0 {
		t.Fatalf("refused creates stored %d records", n)
	}
	got := s.send(req{op: "CreateOpportunity", body: createBody(t, "accepted"), key: "AKIABETA000000000001", secret: "beta-secret-1"})
	if got.status != 200 {
		t.Fatalf("create: %d %s", got.status, got.message)
	}
	read := s.send(req{op: "GetOpportunity", body: `{"Catalog":"Sandbox","Identifier":"` + got.body["Id"].(string) + `"}`, key: "AKIABETA000000000001", secret: "beta-secret-1"})
	if want := "arn:aws:partnercentral:us-east-1:222222222222:catalog/Sandbox/opportunity/" + got.body["Id"].(string); read.body["Arn"] != want {
		t.Errorf("Arn %v, want %s", read.body["Arn"], want)
	}
	if n := s.count(); n != 1 {
		t.Fatalf("%d records, want 1", n)
	}
}

// count is the number of stored opportunities in both catalogs, whichever
// account owns them (read from the store: a caller lists only its own).
func (s *stack) count() int {
	n := 0
	for _, c := range []string{"AWS", "Sandbox"} {
		page, err := s.store.ListOpportunities(context.Background(), cosell.ListQuery{Catalog: c})
		if err != nil {
			s.t.Fatal(err)
		}
		n += len(page.Records)
	}
	return n
}

// --auth off: the key still picks the account (unknown keys and missing
// headers are still refused), but secrets, tokens, dates and scopes are
// not checked.
func TestAuthOff(t *testing.T) {
	tests := []struct {
		name   string
		req    req
		status int
		code   string
	}{
		{name: "wrong secret", req: req{key: "AKIAALPHA00000000001", secret: "anything"}, status: 200},
		{name: "old date, other region", req: req{key: "AKIAALPHA00000000001", secret: "x", at: now.Add(-24 * time.Hour), region: "eu-west-1"}, status: 200},
		{name: "temporary key without token", req: req{key: "ASIAALPHA00000000002", secret: "x"}, status: 200},
		{name: "unknown key", req: req{key: "AKIAUNKNOWN000000001", secret: "x"}, status: 400, code: "UnrecognizedClientException"},
		{name: "no Authorization", req: req{}, status: 403, code: "MissingAuthenticationTokenException"},
	}
	s := newStack(t, false)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.t = t
			tt.req.op, tt.req.body = "ListOpportunities", list
			if got := s.send(tt.req); got.status != tt.status || got.code != tt.code {
				t.Errorf("got %d %s %q, want %d %s", got.status, got.code, got.message, tt.status, tt.code)
			}
		})
	}
}

// Policies: IAM's AccessDeniedException form, and a denied write writes nothing.
func TestPolicies(t *testing.T) {
	reader := func(op, body string) req {
		return req{op: op, body: body, key: "AKIAALPHAREADER00003", secret: "alpha-reader-secret"}
	}
	sandboxOnly := func(op, body string) req {
		return req{op: op, body: body, key: "AKIAALPHASANDBOX0004", secret: "alpha-sandbox-secret"}
	}
	tests := []struct {
		name    string
		req     req
		status  int
		message string
	}{
		{name: "allowed by a wildcard", req: reader("GetOpportunity", `{"Catalog":"Sandbox","Identifier":"O999"}`), status: 404},
		{name: "explicit deny", req: reader("ListOpportunities", list), status: 403,
			message: "User: arn:aws:iam::111111111111:user/reader is not authorized to perform: partnercentral:ListOpportunities with an explicit deny in an identity-based policy"},
		{name: "not allowed, with resource", req: reader("UpdateOpportunity", `{"Catalog":"AWS","Identifier":"O1000001"}`), status: 403,
			message: "User: arn:aws:iam::111111111111:user/reader is not authorized to perform: partnercentral:UpdateOpportunity on resource: arn:aws:partnercentral:us-east-1:111111111111:catalog/AWS/opportunity/O1000001 because no identity-based policy allows the partnercentral:UpdateOpportunity action"},
		{name: "associate names its opportunity", req: reader("AssociateOpportunity", `{"Catalog":"Sandbox","OpportunityIdentifier":"O7","RelatedEntityType":"Solutions","RelatedEntityIdentifier":"S-0000001"}`), status: 403,
			message: "User: arn:aws:iam::111111111111:user/reader is not authorized to perform: partnercentral:AssociateOpportunity on resource: arn:aws:partnercentral:us-east-1:111111111111:catalog/Sandbox/opportunity/O7 because no identity-based policy allows the partnercentral:AssociateOpportunity action"},
		{name: "denied before validation", req: reader("CreateOpportunity", `{"Catalog":"Sandbox"}`), status: 403,
			message: "User: arn:aws:iam::111111111111:user/reader is not authorized to perform: partnercentral:CreateOpportunity because no identity-based policy allows the partnercentral:CreateOpportunity action"},
		{name: "catalog allowed", req: sandboxOnly("ListOpportunities", list), status: 200},
		{name: "other catalog", req: sandboxOnly("ListOpportunities", `{"Catalog":"AWS"}`), status: 403,
			message: "User: arn:aws:iam::111111111111:user/AKIAALPHASANDBOX0004 is not authorized to perform: partnercentral:ListOpportunities because no identity-based policy allows the partnercentral:ListOpportunities action"},
		{name: "tags: the catalog is the ARN's", req: sandboxOnly("ListTagsForResource", `{"ResourceArn":"arn:aws:partnercentral:us-east-1:111111111111:catalog/AWS/opportunity/O5"}`), status: 403,
			message: "User: arn:aws:iam::111111111111:user/AKIAALPHASANDBOX0004 is not authorized to perform: partnercentral:ListTagsForResource on resource: arn:aws:partnercentral:us-east-1:111111111111:catalog/AWS/opportunity/O5 because no identity-based policy allows the partnercentral:ListTagsForResource action"},
		{name: "tags in the allowed catalog", req: sandboxOnly("ListTagsForResource", `{"ResourceArn":"arn:aws:partnercentral:us-east-1:111111111111:catalog/Sandbox/opportunity/O5"}`), status: 404},
		{name: "an engagement's context names the engagement", req: reader("CreateEngagementContext", `{"Catalog":"Sandbox","EngagementIdentifier":"eng-abcdefghijklmn"}`), status: 403,
			message: "User: arn:aws:iam::111111111111:user/reader is not authorized to perform: partnercentral:CreateEngagementContext on resource: arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement/eng-abcdefghijklmn because no identity-based policy allows the partnercentral:CreateEngagementContext action"},
		{name: "an invitation's answer names the invitation", req: reader("AcceptEngagementInvitation", `{"Catalog":"Sandbox","Identifier":"engi-abcdefghijklm"}`), status: 403,
			message: "User: arn:aws:iam::111111111111:user/reader is not authorized to perform: partnercentral:AcceptEngagementInvitation on resource: arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement-invitation/engi-abcdefghijklm because no identity-based policy allows the partnercentral:AcceptEngagementInvitation action"},
		{name: "a job operation names the job", req: reader("StartResourceSnapshotJob", `{"Catalog":"AWS","ResourceSnapshotJobIdentifier":"job-abcdefghijklm"}`), status: 403,
			message: "User: arn:aws:iam::111111111111:user/reader is not authorized to perform: partnercentral:StartResourceSnapshotJob on resource: arn:aws:partnercentral:us-east-1:111111111111:catalog/AWS/resource-snapshot-job/job-abcdefghijklm because no identity-based policy allows the partnercentral:StartResourceSnapshotJob action"},
		{name: "no policy allows all", req: req{op: "ListOpportunities", body: `{"Catalog":"AWS"}`, key: "AKIAALPHA00000000001", secret: "alpha-secret-1"}, status: 200},
	}
	s := newStack(t, true)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.t = t
			got := s.send(tt.req)
			if got.status != tt.status || (tt.message != "" && got.message != tt.message) {
				t.Errorf("got %d %s %q\nwant %d %q", got.status, got.code, got.message, tt.status, tt.message)
			}
			if tt.status == 403 && got.code != "AccessDeniedException" {
				t.Errorf("code %s", got.code)
			}
		})
	}
	s.t = t
	// A create the policy refuses stores nothing, even a valid one.
	if got := s.send(reader("CreateOpportunity", createBody(t, "denied"))); got.status != 403 {
		t.Fatalf("create: %d", got.status)
	}
	if got := s.send(sandboxOnly("CreateOpportunity", strings.Replace(createBody(t, "denied-aws"), `"Catalog":"Sandbox"`, `"Catalog":"AWS"`, 1))); got.status != 403 {
		t.Fatalf("create in AWS: %d %s", got.status, got.message)
	}
	if n := s.count(); n != 0 {
		t.Fatalf("denied creates stored %d records", n)
	}
}

// A key allowed to start a task but not one of its dependent actions gets a
// FAILED task with the matching ReasonCode and IAM's refusal (issue 10).
func TestTaskDependentActionsThroughPolicy(t *testing.T) {
	s := newStack(t, true)
	noSubmit := func(op, body string) req {
		return req{op: op, body: body, key: "AKIAALPHANOSUBMIT005", secret: "alpha-nosubmit-secret"}
	}
	created := s.send(noSubmit("CreateOpportunity", createBody(t, "dep")))
	if created.status != 200 {
		t.Fatalf("create: %d %s", created.status, created.message)
	}
	got := s.send(noSubmit("StartEngagementFromOpportunityTask", `{"Catalog":"Sandbox","ClientToken":"x","Identifier":"`+created.body["Id"].(string)+`","AwsSubmission":{"InvolvementType":"Co-Sell"}}`))
	want := "User: arn:aws:iam::111111111111:user/nosubmit is not authorized to perform: partnercentral:SubmitOpportunity with an explicit deny in an identity-based policy"
	if got.status != 200 || got.body["TaskStatus"] != "FAILED" || got.body["ReasonCode"] != "OpportunityAccessDenied" || got.body["Message"] != want {
		t.Errorf("got %d %v", got.status, got.body)
	}
	// The task did nothing: no engagement exists.
	if l := s.send(noSubmit("ListEngagements", `{"Catalog":"Sandbox"}`)); len(l.body["EngagementSummaryList"].([]any)) != 0 {
		t.Errorf("engagements after a refused task: %v", l.body)
	}
}

// The request log never holds a secret, a signature or a session token,
// whether the request was accepted or refused.
func TestLogsHoldNoSecrets(t *testing.T) {
	s := newStack(t, true)
	var signatures []string
	keep := func(h *http.Request) {
		_, sig, _ := strings.Cut(h.Header.Get("Authorization"), "Signature=")
		signatures = append(signatures, sig)
	}
	for _, r := range []req{
		{key: "AKIAALPHA00000000001", secret: "alpha-secret-1"},
		{key: "AKIAALPHA00000000001", secret: "wrong-secret-value"},
		{key: "ASIAALPHA00000000002", secret: "alpha-temp-secret", token: "alpha-session-token-XYZ"},
		{key: "ASIAALPHA00000000002", secret: "alpha-temp-secret", token: "a-stolen-session-token"},
		{key: "AKIAALPHAREADER00003", secret: "alpha-reader-secret"},
		{key: "AKIAUNKNOWN000000001", secret: "alpha-secret-1"},
		{key: "AKIAALPHA00000000001", secret: "alpha-secret-1", at: now.Add(time.Hour)},
	} {
		r.op, r.body, r.tamper = "ListOpportunities", list, keep
		s.send(r)
		r.op, r.body = "CreateOpportunity", createBody(t, "log-"+r.key+r.secret)
		s.send(r)
	}
	log := s.log.String()
	if strings.Count(log, "\n") != 14 {
		t.Fatalf("want 14 log lines, got:\n%s", log)
	}
	secrets := []string{"alpha-secret-1", "alpha-temp-secret", "alpha-reader-secret", "wrong-secret-value", "alpha-session-token-XYZ", "a-stolen-session-token", "beta-secret-1"}
	for _, sig := range signatures {
		if len(sig) != 64 {
			t.Fatalf("signature %q", sig)
		}
		secrets = append(secrets, sig)
	}
	for _, secret := range secrets {
		if strings.Contains(log, secret) {
			t.Errorf("the log holds %q:\n%s", secret, log)
		}
	}
	// The refusals are logged, by code.
	for _, code := range []string{"InvalidSignatureException", "UnrecognizedClientException", "AccessDeniedException"} {
		if !strings.Contains(log, code) {
			t.Errorf("no %s in the log:\n%s", code, log)
		}
	}
}

func TestLookupKeepsTheTable(t *testing.T) {
	w, err := world.Parse([]byte(worldFile))
	if err != nil {
		t.Fatal(err)
	}
	a := auth.New(auth.Options{World: w})
	for _, op := range cosell.Operations {
		g := a.Lookup(op.Name)
		if g == nil || g.Name != op.Name || g.Input != op.Input || g.Output != op.Output || g.Write != op.Write {
			t.Errorf("%s: %+v", op.Name, g)
		}
	}
	if a.Lookup("DeleteOpportunity") != nil {
		t.Error("an unknown operation was found")
	}
	// Without an authenticated caller in the context the guard refuses.
	_, err = a.Lookup("GetOpportunity").Call(nil, context.Background(), cosell.Object{})
	if diff := cmp.Diff(cosell.MissingAuthTokenError, cosell.ErrorCodeOf(err)); diff != "" {
		t.Errorf("call without a caller (-want +got):\n%s", diff)
	}
}
