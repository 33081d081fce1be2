// Package client sends cosell's requests to the Partner Central Selling API
// (or to `cosell serve`) the way AWS CLI v2 does: configuration, credentials
// and SigV4 signing from aws-sdk-go-v2, AWS JSON 1.0 requests, standard-mode
// retries, and failures turned into the AWS CLI's exact stderr texts and exit
// codes (aws-cli-behaviour.md §10, §11, §14, §15).
package client

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/ec2rolecreds"

	"github.com/cosell/cosell"
)

// Version is cosell's version as the User-Agent shows it.
var Version = func() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "dev"
}()

// Config holds the global options that shape the connection. Everything not
// given here comes from the environment and the shared config and
// credentials files, read by aws-sdk-go-v2's config loader.
type Config struct {
	Profile       string // --profile
	Region        string // --region
	EndpointURL   string // --endpoint-url
	CABundle      string // --ca-bundle (else AWS_CA_BUNDLE, else ca_bundle in the profile)
	NoVerifySSL   bool   // --no-verify-ssl
	NoSignRequest bool   // --no-sign-request: no Authorization, credentials never loaded
	// --cli-connect-timeout / --cli-read-timeout in seconds: nil is the
	// 60 s default, 0 is no timeout.
	ConnectTimeout, ReadTimeout *int
	Debug                       io.Writer // --debug log lines go here when set
	// Getenv reads the variables cosell checks itself (AWS_RETRY_MODE); nil
	// means os.Getenv. The SDK's loader always reads the process environment.
	Getenv func(string) string
}

// Client calls one service endpoint.
type Client struct {
	region      string
	url         string // request URL: the endpoint with "/" for an empty path
	http        *http.Client
	caErr       error                   // the CA bundle could not be loaded: every https request fails
	creds       aws.CredentialsProvider // nil: --no-sign-request
	credsIsLast bool                    // creds is the SDK's last resort (IMDS): failing means none configured
	signer      *v4.Signer
	maxAttempts int
	userAgent   string
	log         *debugLog

	backoff func(retry int) time.Duration
	sleep   func(context.Context, time.Duration) error
	now     func() time.Time
}

// New resolves the configuration. It fails as the AWS CLI does before any
// request: a --endpoint-url without a scheme (252), an invalid endpoint, an
// unknown profile or AWS_RETRY_MODE=legacy (255), and no region when the
// default endpoint needs one (253). Credentials are not loaded here.
func New(ctx context.Context, cfg Config) (*Client, error) {
	getenv := cfg.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if cfg.EndpointURL != "" && !hasPythonScheme(cfg.EndpointURL) {
		return nil, errEndpointScheme(cfg.EndpointURL)
	}
	if err := checkRetryMode(getenv("AWS_RETRY_MODE")); err != nil {
		return nil, err
	}

	var opts []func(*config.LoadOptions) error
	if cfg.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(cfg.Profile))
	}
	if cfg.Region != "" {
		opts = append(opts, config.WithRegion(cfg.Region))
	}
	var caPEM []byte
	var caErr error
	if cfg.CABundle != "" {
		if caPEM, caErr = os.ReadFile(cfg.CABundle); caErr == nil {
			opts = append(opts, config.WithCustomCABundle(bytes.NewReader(caPEM)))
		}
	}
	if cfg.NoSignRequest {
		opts = append(opts, config.WithCredentialsProvider(aws.AnonymousCredentials{}))
	}
	// The SDK's own warnings (e.g. "falling back to IMDSv1") never reach
	// stderr, whose bytes must be the AWS CLI's; --debug shows them.
	var log *debugLog
	if cfg.Debug != nil {
		log = &debugLog{w: cfg.Debug, now: time.Now}
	}
	opts = append(opts, config.WithLogger(sdkLogger{log}))
	awsCfg, err := loadConfig(ctx, getenv, cfg.CABundle != "", opts)
	if err != nil {
		return nil, loadError(err)
	}
	env, shared := configSources(awsCfg)

	endpoint, source, eerr := resolveEndpoint(ctx, cfg.EndpointURL, awsCfg, awsCfg.Region)
	if eerr != nil {
		return nil, eerr
	}
	if endpoint == "" {
		return nil, errNoRegion()
	}

	// The bundle is parsed only for an https endpoint: over http there is
	// nothing to verify, and a system bundle costs milliseconds to parse.
	var caPool *x509.CertPool
	if strings.HasPrefix(endpoint, "https:") {
		bundle := cfg.CABundle
		if bundle == "" {
			// AWS_CA_BUNDLE wins over the profile's ca_bundle.
			bundle = cmp.Or(getenv("AWS_CA_BUNDLE"), env.CustomCABundle, shared.CustomCABundle)
		}
		if bundle != "" {
			caPool, caErr = loadCABundle(bundle)
		}
	}

	c := &Client{
		region:      awsCfg.Region,
		url:         requestURL(endpoint),
		http:        newHTTPClient(timeout(cfg.ConnectTimeout), timeout(cfg.ReadTimeout), cfg.NoVerifySSL, caPool),
		caErr:       caErr,
		signer:      v4.NewSigner(),
		maxAttempts: defaultMaxAttempts,
		userAgent: fmt.Sprintf("cosell/%s md/aws-cli-compatible#2.32.13 lang/go#%s os/%s md/arch#%s cfg/retry-mode#standard",
			Version, strings.TrimPrefix(runtime.Version(), "go"), runtime.GOOS, runtime.GOARCH),
		backoff: backoff,
		sleep:   sleepCtx,
		now:     time.Now,
	}
	if awsCfg.RetryMaxAttempts > 0 {
		c.maxAttempts = awsCfg.RetryMaxAttempts
	}
	if !cfg.NoSignRequest {
		c.creds = awsCfg.Credentials
		c.credsIsLast = aws.IsCredentialsProvider(awsCfg.Credentials, (*ec2rolecreds.Provider)(nil))
	}
	c.log = log
	c.log.logf("cosell.client", "Region: %q; endpoint: %s (from %s); max attempts: %d", c.region, c.url, source, c.maxAttempts)
	return c, nil
}

// Region is the resolved region ("" when an explicit endpoint made it unnecessary).
func (c *Client) Region() string { return c.region }

// Endpoint is the URL requests are sent to.
func (c *Client) Endpoint() string { return c.url }

func checkRetryMode(mode string) *Error {
	if mode == "" || mode == "standard" || mode == "adaptive" {
		return nil
	}
	return errRetryMode(mode)
}

var unknownRetryModeRe = regexp.MustCompile(`unknown RetryMode, (\S*)`)

// loadError maps a failure of the SDK's config loader.
func loadError(err error) *Error {
	var notFound config.SharedConfigProfileNotExistError
	if errors.As(err, &notFound) {
		return errProfileNotFound(notFound.Profile)
	}
	// The SDK rejects a bad retry_mode in the profile with its own words.
	if m := unknownRetryModeRe.FindStringSubmatch(err.Error()); m != nil {
		return errRetryMode(m[1])
	}
	return newError(ExitOther, "%v", err)
}

// Call sends one operation (e.g. "UpdateOpportunity") with its serialised
// request body and returns the response body of the first successful
// attempt. Failures are *Error values carrying the AWS CLI's text and exit
// code; a cancelled ctx gives exit 130 with no text.
func (c *Client) Call(ctx context.Context, operation string, body []byte) ([]byte, error) {
	var inShape, outShape *cosell.Shape
	if op := cosell.OperationNamed(operation); op != nil {
		inShape, outShape = op.Input, op.Output
	}
	if c.caErr != nil && strings.HasPrefix(c.url, "https:") {
		return nil, errSSL(c.url, c.caErr)
	}
	if c.creds != nil && c.region == "" {
		return nil, errNoRegion() // SigV4 needs a region even with an explicit endpoint
	}
	sum := sha256.Sum256(body)
	payloadHash := hex.EncodeToString(sum[:])

	for attempt := 1; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
		if err != nil {
			return nil, errInvalidEndpoint(c.url)
		}
		req.Header.Set("X-Amz-Target", cosell.ServiceTarget+"."+operation)
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		if err := c.sign(ctx, req, payloadHash); err != nil {
			return nil, err
		}
		// Set after signing, so the signed headers are the AWS CLI's:
		// content-type;host;x-amz-date;x-amz-target (plus content-length).
		req.Header.Set("User-Agent", c.userAgent)
		req.Header.Set("Accept-Encoding", "identity")

		c.log.logf("cosell.endpoint", "Sending http request (attempt %d): POST %s", attempt, c.url)
		c.log.logf("cosell.endpoint", "Request headers: %s", formatHeaders(req.Header))
		c.log.logf("cosell.endpoint", "Request body:\n%s", redactBody(inShape, body))

		status, header, respBody, err := c.roundTrip(req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, canceled(ctx)
			}
			c.log.logf("cosell.endpoint", "Exception received when sending HTTP request: %v", err)
			if attempt < c.maxAttempts {
				if serr := c.retryAfter(ctx, attempt); serr != nil {
					return nil, serr
				}
				continue
			}
			c.log.logf("cosell.retries", "Max attempts of %d reached.", c.maxAttempts)
			return nil, transportError(c.url, err)
		}
		c.log.logf("cosell.parsers", "Response status: %d", status)
		c.log.logf("cosell.parsers", "Response headers: %s", formatHeaders(header))
		if status < 301 {
			c.log.logf("cosell.parsers", "Response body:\n%s", redactBody(outShape, respBody))
			return respBody, nil
		}
		c.log.logf("cosell.parsers", "Response body:\n%s", respBody)

		se := parseServiceError(status, header, respBody)
		// botocore checks the attempt budget first: an error response on the
		// last allowed attempt reports "(reached max retries: N)" whatever it is.
		lastAttempt := attempt >= c.maxAttempts
		if lastAttempt {
			c.log.logf("cosell.retries", "Max attempts of %d reached.", c.maxAttempts)
		}
		if !lastAttempt && se.crash == "" && retryableResponse(status, se.Code) {
			if serr := c.retryAfter(ctx, attempt); serr != nil {
				return nil, serr
			}
			continue
		}
		if !lastAttempt {
			c.log.logf("cosell.retries", "Not retrying request.")
		}
		return nil, se.toError(operation, lastAttempt, attempt-1)
	}
}

// sign adds SigV4 headers; credentials are looked up (through the SDK's
// cache) only here, so --no-sign-request and skeleton runs never load them.
func (c *Client) sign(ctx context.Context, req *http.Request, payloadHash string) *Error {
	if c.creds == nil {
		return nil
	}
	creds, err := c.creds.Retrieve(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return canceled(ctx)
		}
		c.log.logf("cosell.credentials", "Credential lookup failed: %v", err)
		if c.credsIsLast {
			return errNoCredentials()
		}
		return newError(ExitOther, "%v", err)
	}
	if creds.Source != "" {
		c.log.logf("cosell.credentials", "Found credentials: %s", creds.Source)
	}
	if err := c.signer.SignHTTP(ctx, creds, req, payloadHash, cosell.SigningName, c.region, c.now().UTC()); err != nil {
		return newError(ExitOther, "%v", err)
	}
	return nil
}

// roundTrip sends the request and reads the whole response body, so a read
// timeout while the body streams is a transport failure like the others.
func (c *Client) roundTrip(req *http.Request) (int, http.Header, []byte, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, nil, err
	}
	return resp.StatusCode, resp.Header, body, nil
}

func (c *Client) retryAfter(ctx context.Context, attempt int) *Error {
	d := c.backoff(attempt)
	c.log.logf("cosell.retries", "Retry needed, retrying request after delay of: %.3f", d.Seconds())
	if err := c.sleep(ctx, d); err != nil {
		return canceled(ctx)
	}
	return nil
}

// canceled reports an interrupted call: Ctrl-C is exit 130 (§15), whose
// stdout/stderr handling belongs to the command layer.
func canceled(ctx context.Context) *Error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return newError(ExitOther, "%v", ctx.Err())
	}
	return &Error{Exit: 130}
}

// Redact returns a copy of doc with the model's sensitive members masked;
// see cosell.Redact.
func Redact(shape *cosell.Shape, doc any) any { return cosell.Redact(shape, doc) }
