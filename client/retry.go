package client

import (
	"context"
	"math"
	"math/rand/v2"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// defaultMaxAttempts is AWS CLI v2's standard retry mode: 3 attempts in all
// (aws-cli-behaviour.md §15); AWS_MAX_ATTEMPTS / max_attempts override it.
const defaultMaxAttempts = 3

// maxBackoff caps the exponential part of the delay (§15: 20 s).
const maxBackoff = 20 * time.Second

// retryableResponse reports whether standard mode retries an error response
// (§15): statuses 500/502/503/504, the transient codes and the throttling
// codes at any status. The code lists are aws-sdk-go-v2's standard-mode
// tables, which are the same lists as botocore's. A bare 429 is not retried.
func retryableResponse(status int, code string) bool {
	if _, ok := retry.DefaultRetryableHTTPStatusCodes[status]; ok {
		return true
	}
	if _, ok := retry.DefaultRetryableErrorCodes[code]; ok {
		return true
	}
	if code == "PriorRequestNotComplete" {
		return true
	}
	_, ok := retry.DefaultThrottleErrorCodes[code]
	return ok
}

// backoff is the delay before retry n (n = 1 after the first failure):
// rand[0,1) × min(2^(n-1), 20) seconds (§15, from the v2 source). The SDK's
// public ExponentialJitterBackoff caps after the jitter instead, so the
// formula is written out here.
func backoff(n int) time.Duration {
	exp := math.Min(math.Pow(2, float64(n-1)), maxBackoff.Seconds())
	return time.Duration(rand.Float64() * exp * float64(time.Second))
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
