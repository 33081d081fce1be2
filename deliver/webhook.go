package deliver

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cosell/cosell"
)

// Webhook POSTs each event's envelope (EventBridge's JSON, as a rule's API
// destination would send it) to a URL. Any 2xx answer is delivery; any
// other answer, or no answer within Timeout, is a failure the dispatcher
// retries with backoff.
//
// Headers:
//
//	Content-Type: application/json
//	X-Cosell-Event-Id: <the envelope's id, stable across redeliveries>
//	X-Cosell-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>
//
// The HMAC's key is the webhook's secret (--webhook-secret) and its message
// is the bytes "<t>.<body>": the decimal t of the header, a full stop, and
// the request body exactly as received. The scheme is Stripe's
// (docs/decisions.md): the timestamp inside the signed bytes lets a
// receiver refuse replays of old requests (Verify's tolerance). Without a
// secret no signature header is sent.
type Webhook struct {
	URL     string
	Secret  []byte
	Account string // the envelope's account when an event names none
	Client  *http.Client
	Now     func() time.Time
}

// callTimeout bounds one delivery attempt over the network, well inside a
// lease's half term (Options.Lease, 30 s), after which it is renewed.
const callTimeout = 10 * time.Second

// SignatureHeader is the signature's header name.
const SignatureHeader = "X-Cosell-Signature"

// EventIDHeader carries the event's stable id.
const EventIDHeader = "X-Cosell-Event-Id"

// NewWebhook posts to url, signing with secret (nil: unsigned).
func NewWebhook(url string, secret []byte, account string) *Webhook {
	return &Webhook{URL: url, Secret: secret, Account: account, Client: &http.Client{Timeout: callTimeout}, Now: time.Now}
}

func (w *Webhook) Name() string { return "webhook:" + w.URL }

func (w *Webhook) Deliver(ctx context.Context, e *cosell.OutboxEvent) error {
	body := e.Envelope(w.Account)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "cosell-events")
	req.Header.Set(EventIDHeader, e.EventID)
	if len(w.Secret) > 0 {
		req.Header.Set(SignatureHeader, Sign(w.Secret, w.Now(), body))
	}
	resp, err := w.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("webhook %s: %s: %s", w.URL, resp.Status, strings.TrimSpace(string(msg)))
	}
	return nil
}

// Sign is the X-Cosell-Signature value of body sent at t.
func Sign(secret []byte, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + mac(secret, ts, body)
}

func mac(secret []byte, ts string, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Errors of Verify.
var (
	ErrNoSignature  = errors.New("no valid signature")
	ErrStaleRequest = errors.New("signature timestamp outside the tolerance")
)

// Verify checks a received X-Cosell-Signature header against body: one of
// its v1 values must be the HMAC of "<t>.<body>" (compared in constant
// time), and t within tolerance of now (0: any t). It is what a receiver
// written in Go calls; the README gives the recipe for others.
func Verify(secret []byte, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts string
	var sigs []string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sigs = append(sigs, v)
		}
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return ErrNoSignature
	}
	want := mac(secret, ts, body)
	ok := false
	for _, s := range sigs {
		if hmac.Equal([]byte(s), []byte(want)) {
			ok = true
		}
	}
	if !ok {
		return ErrNoSignature
	}
	if tolerance > 0 {
		if d := now.Sub(time.Unix(unix, 0)); d > tolerance || d < -tolerance {
			return ErrStaleRequest
		}
	}
	return nil
}
