// Package auth identifies the caller of each request to `cosell serve
// --world FILE` and, with --auth on, verifies its AWS Signature Version 4
// the way AWS does; it also guards the operation table with each key's
// policy (policy.go). Refusals carry AWS's own exception names, statuses
// (wire/errors.go) and message forms; docs/decisions.md, "Partner accounts
// and signatures", gives the source of each.
//
// Where it sits: wire reads the body (at most its 1 MiB limit, once) and
// then calls Authenticator.Authenticate with the bytes, before decoding
// them. Verifying after wire has read the body, rather than in a
// middleware in front of wire, means the body is read once, under wire's
// limit and timeouts, into wire's pooled buffer, and a refusal is written
// and logged by wire like every other error (one request id, one log
// line). The price is that the route (X-Amz-Target) is resolved first, so
// an unsigned request to an unknown operation is told the operation is
// unknown; operation names are public, so nothing leaks.
package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go/logging"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/world"
)

// DefaultRegion is the one region Partner Central Selling's endpoint
// exists in (partnercentral-selling.us-east-1.api.aws); a credential scope
// must name it unless Options.Region says otherwise.
const DefaultRegion = "us-east-1"

// MaxSkew is how far a request's X-Amz-Date may be from the server's clock
// either way (AWS: "Signature expired … - 5 min.").
const MaxSkew = 5 * time.Minute

// algorithm is the only SigV4 algorithm: SigV4a (AWS4-ECDSA-P256-SHA256)
// is for multi-region endpoints, which this service has none of.
const algorithm = "AWS4-HMAC-SHA256"

// Options configure New.
type Options struct {
	World *world.World
	// Verify checks signatures (--auth on). Without it the caller is still
	// the account its access key id belongs to, and unknown keys are still
	// refused, but secrets, session tokens, dates and scopes are not
	// checked: any secret works (--auth off, a quick local run).
	Verify bool
	// Region is the region a credential scope must name; "" is DefaultRegion.
	Region string
	// Now is the server's clock; nil is time.Now.
	Now func() time.Time
	// Operations is the table the key policies guard; nil is
	// cosell.Operations. cosell serve passes the table its fault rules
	// wrap, so the policy is checked first (package faults).
	Operations []*cosell.Operation
}

// Authenticator identifies and verifies callers. It is safe for concurrent use.
type Authenticator struct {
	world  *world.World
	verify bool
	region string
	now    func() time.Time
	// One signer per key: the SDK signer caches the derived signing key for
	// one (key id, day, region, service), so a shared signer would derive
	// it again whenever callers alternate.
	signers map[string]*v4.Signer
	ops     map[string]*cosell.Operation // guarded by policies (policy.go)
}

// New returns the authenticator of a world.
func New(opts Options) *Authenticator {
	a := &Authenticator{world: opts.World, verify: opts.Verify, region: opts.Region, now: opts.Now, signers: map[string]*v4.Signer{}}
	if a.region == "" {
		a.region = DefaultRegion
	}
	if a.now == nil {
		a.now = time.Now
	}
	for _, acct := range opts.World.Accounts {
		for _, k := range acct.AccessKeys {
			a.signers[k.ID] = v4.NewSigner()
		}
	}
	ops := opts.Operations
	if ops == nil {
		ops = cosell.Operations
	}
	a.ops = guard(a, ops)
	return a
}

// keyInContext carries the caller's key to the policy guard.
type keyInContext struct{}

// Authenticate identifies the caller of r, whose body wire has read, and
// returns r's context carrying the caller (cosell.Caller) or the refusal.
func (a *Authenticator) Authenticate(r *http.Request, body []byte) (context.Context, error) {
	key, err := a.authenticate(r, body)
	if err != nil {
		return nil, err
	}
	ctx := cosell.WithCaller(r.Context(), cosell.Caller{AccountID: key.Account.ID, AccessKeyID: key.ID,
		Denied: func(action, catalog string) string { return refusal(key, action, catalog, "") }})
	return context.WithValue(ctx, keyInContext{}, key), nil
}

// header is a parsed SigV4 Authorization header.
type header struct {
	keyID, date, region, service string // Credential=keyID/date/region/service/aws4_request
	signedHeaders                []string
	signature                    string
}

func (a *Authenticator) authenticate(r *http.Request, body []byte) (*world.AccessKey, error) {
	values := r.Header.Values("Authorization")
	if len(values) == 0 {
		return nil, missingToken()
	}
	if len(values) > 1 {
		return nil, cosell.Errorf(cosell.IncompleteSignatureError, "The request carries %d Authorization headers; send one.", len(values))
	}
	amzDate := r.Header.Get("X-Amz-Date")
	h, err := parse(values[0], amzDate != "")
	if err != nil {
		return nil, err
	}
	// Identity first: an unknown key is reported as such whatever else is wrong.
	key := a.world.Key(h.keyID)
	if key == nil {
		return nil, unrecognized()
	}
	if !a.verify {
		return key, nil
	}
	signed, err := time.Parse(basicFormat, amzDate)
	if err != nil {
		return nil, cosell.Errorf(cosell.IncompleteSignatureError, "Date must be in ISO-8601 'basic format'. Got '%s'. See http://en.wikipedia.org/wiki/ISO_8601", clip(amzDate))
	}
	// Temporary credentials: the token must come with the key, and only
	// with the key it was issued with.
	token := r.Header.Get("X-Amz-Security-Token")
	if subtle.ConstantTimeCompare([]byte(token), []byte(key.SessionToken)) != 1 {
		return nil, unrecognized()
	}
	if day := amzDate[:8]; h.date != day {
		return nil, cosell.Errorf(cosell.InvalidSignatureError, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'.", clip(h.date), day, amzDate)
	}
	if h.region != a.region {
		return nil, cosell.Errorf(cosell.InvalidSignatureError, "Credential should be scoped to a valid region, not '%s'. ", clip(h.region))
	}
	if h.service != cosell.SigningName {
		return nil, cosell.Errorf(cosell.InvalidSignatureError, "Credential should be scoped to correct service: '%s'. ", cosell.SigningName)
	}
	now := a.now().UTC()
	if signed.Before(now.Add(-MaxSkew)) {
		return nil, cosell.Errorf(cosell.InvalidSignatureError, "Signature expired: %s is now earlier than %s (%s - 5 min.)",
			amzDate, now.Add(-MaxSkew).Format(basicFormat), now.Format(basicFormat))
	}
	if signed.After(now.Add(MaxSkew)) {
		return nil, cosell.Errorf(cosell.InvalidSignatureError, "Signature not yet current: %s is still later than %s (%s + 5 min.)",
			amzDate, now.Add(MaxSkew).Format(basicFormat), now.Format(basicFormat))
	}
	if err := a.checkSignature(r, body, h, key, signed); err != nil {
		return nil, err
	}
	return key, nil
}

// basicFormat is X-Amz-Date's ISO 8601 basic format.
const basicFormat = "20060102T150405Z"

// parse reads "AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…"
// as AWS does, with AWS's IncompleteSignatureException messages.
func parse(value string, hasDate bool) (*header, error) {
	rest, ok := strings.CutPrefix(value, algorithm+" ")
	var params map[string]string
	if ok {
		params = map[string]string{}
		for _, part := range strings.Split(rest, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			k, v, found := strings.Cut(part, "=")
			if !found {
				return nil, cosell.Errorf(cosell.IncompleteSignatureError, "'%s' not a valid key=value pair (missing equal-sign) in Authorization header: '%s'.", clip(part), clip(value))
			}
			params[k] = v
		}
	}
	var missing strings.Builder
	for _, p := range []string{"Credential", "Signature", "SignedHeaders"} {
		if params[p] == "" {
			fmt.Fprintf(&missing, "Authorization header requires '%s' parameter. ", p)
		}
	}
	if !hasDate {
		missing.WriteString("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ")
	}
	if missing.Len() > 0 {
		return nil, cosell.Errorf(cosell.IncompleteSignatureError, "%sAuthorization=%s", missing.String(), clip(value))
	}
	scope := strings.Split(params["Credential"], "/")
	if len(scope) != 5 {
		return nil, cosell.Errorf(cosell.IncompleteSignatureError, "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '%s'", clip(params["Credential"]))
	}
	if scope[4] != "aws4_request" {
		return nil, cosell.Errorf(cosell.IncompleteSignatureError, "Credential should be scoped with a valid terminator: 'aws4_request', not '%s'.", clip(scope[4]))
	}
	h := &header{keyID: scope[0], date: scope[1], region: scope[2], service: scope[3],
		signedHeaders: strings.Split(params["SignedHeaders"], ";"), signature: params["Signature"]}
	hasHost := false
	for _, name := range h.signedHeaders {
		hasHost = hasHost || name == "host"
	}
	if !hasHost {
		return nil, cosell.Errorf(cosell.IncompleteSignatureError, "'Host' must be a 'SignedHeader' in the AWS Authorization.")
	}
	return h, nil
}

// checkSignature computes the signature AWS expects with the SDK's signer:
// a copy of the request holding exactly the headers the client signed, the
// body's SHA-256 (computed here, whatever X-Amz-Content-Sha256 claims: the
// signature must cover the bytes that arrived), the client's date and
// scope, and the secret from the world file.
func (a *Authenticator) checkSignature(r *http.Request, body []byte, h *header, key *world.AccessKey, signed time.Time) error {
	req, creds := canonicalCopy(r, h, key)
	sum := sha256.Sum256(body)
	payload := hex.EncodeToString(sum[:])
	if err := a.signers[key.ID].SignHTTP(r.Context(), creds, req, payload, h.service, h.region, signed); err != nil {
		return fmt.Errorf("signing the expected request: %w", err) // a server bug: 500
	}
	want := signatureOf(req.Header.Get("Authorization"))
	if want != "" && hmac.Equal([]byte(want), []byte(h.signature)) {
		return nil
	}
	msg := "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	// Like AWS, tell the caller what was signed, so a hand-written client
	// can find its mistake; the strings hold no secret.
	if canonical, toSign, ok := describe(r, h, key, payload, signed); ok {
		msg += "\n\nThe Canonical String for this request should have been\n'" + canonical + "'\n\nThe String-to-Sign should have been\n'" + toSign + "'\n"
	}
	return &cosell.Error{Code: cosell.InvalidSignatureError, Message: msg}
}

// canonicalCopy is the request as the client signed it: method, path,
// query, Host, and only the headers named in SignedHeaders (the SDK signer
// signs every header it is given). The session token is given to the
// signer only when the client signed it, so the signer adds it back
// exactly then.
func canonicalCopy(r *http.Request, h *header, key *world.AccessKey) (*http.Request, aws.Credentials) {
	req := &http.Request{
		Method: r.Method,
		// No scheme: the signer would drop a default port from Host, and
		// the client signed Host as it sent it.
		URL:    &url.URL{Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery},
		Host:   r.Host,
		Header: make(http.Header, len(h.signedHeaders)),
	}
	creds := aws.Credentials{AccessKeyID: key.ID, SecretAccessKey: key.Secret}
	for _, name := range h.signedHeaders {
		switch name {
		case "host":
		case "content-length":
			req.ContentLength = r.ContentLength
		case "x-amz-security-token":
			creds.SessionToken = r.Header.Get("X-Amz-Security-Token")
		default:
			if v := r.Header.Values(name); len(v) > 0 {
				req.Header[textproto.CanonicalMIMEHeaderKey(name)] = v
			}
		}
	}
	return req, creds
}

// signatureOf extracts Signature= from an Authorization header.
func signatureOf(auth string) string {
	_, sig, _ := strings.Cut(auth, "Signature=")
	return sig
}

// describe recomputes the signature with the SDK signer's own logging on,
// to quote the canonical request and string to sign it used. Only a
// refused request pays for this.
func describe(r *http.Request, h *header, key *world.AccessKey, payload string, signed time.Time) (canonical, toSign string, ok bool) {
	var logged string
	signer := v4.NewSigner(func(o *v4.SignerOptions) {
		o.LogSigning = true
		o.Logger = logging.LoggerFunc(func(_ logging.Classification, format string, v ...any) { logged = fmt.Sprintf(format, v...) })
	})
	req, creds := canonicalCopy(r, h, key)
	if signer.SignHTTP(context.Background(), creds, req, payload, h.service, h.region, signed) != nil {
		return "", "", false
	}
	const canonHead, signHead = "---[ CANONICAL STRING  ]-----------------------------\n", "\n---[ STRING TO SIGN ]--------------------------------\n"
	_, rest, ok1 := strings.Cut(logged, canonHead)
	canonical, rest, ok2 := strings.Cut(rest, signHead)
	toSign, _, ok3 := strings.Cut(rest, "\n---")
	return canonical, toSign, ok1 && ok2 && ok3
}

// Refusals whose form does not depend on the request.
func missingToken() error {
	return cosell.Errorf(cosell.MissingAuthTokenError, "Request is missing Authentication Token")
}

func unrecognized() error {
	return cosell.Errorf(cosell.UnrecognizedClientError, "The security token included in the request is invalid.")
}

// clip bounds client text quoted in a message (headers may be 64 KiB).
func clip(s string) string {
	const max = 512
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}
