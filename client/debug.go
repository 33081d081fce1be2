package client

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/aws/smithy-go/logging"

	"github.com/cosell/cosell"
)

// debugLog writes --debug lines in the AWS CLI's log format
// (aws-cli-behaviour.md §14): "YYYY-MM-DD HH:MM:SS,mmm - MainThread -
// <logger> - DEBUG - <msg>". A nil *debugLog logs nothing.
type debugLog struct {
	w   io.Writer
	now func() time.Time
}

func (d *debugLog) logf(logger, format string, args ...any) {
	if d == nil || d.w == nil {
		return
	}
	ts := d.now().Format("2006-01-02 15:04:05,000")
	fmt.Fprintf(d.w, "%s - MainThread - %s - DEBUG - %s\n", ts, logger, fmt.Sprintf(format, args...))
}

var signatureRe = regexp.MustCompile(`Signature=[0-9a-fA-F]+`)

// formatHeaders renders headers as a Python-style dict, sorted by name, with
// the request signature and session token elided.
func formatHeaders(h http.Header) string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range names {
		v := strings.Join(h.Values(k), ", ")
		switch http.CanonicalHeaderKey(k) {
		case "Authorization":
			v = signatureRe.ReplaceAllString(v, "Signature=<elided>")
		case "X-Amz-Security-Token":
			v = "<elided>"
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "'%s': '%s'", k, v)
	}
	b.WriteByte('}')
	return b.String()
}

// redactBody renders a JSON body with the model's sensitive members
// replaced (cosell.Redact). A body that is not a JSON document, or has no
// shape, is shown as it is: nothing in it is modelled.
func redactBody(shape *cosell.Shape, body []byte) string {
	if shape == nil || len(body) == 0 {
		return string(body)
	}
	v, err := cosell.ParseJSON(body)
	if err != nil {
		return string(body)
	}
	var buf bytes.Buffer
	if err := cosell.AppendJSON(&buf, cosell.Redact(shape, v)); err != nil {
		return string(body)
	}
	return buf.String()
}

// sdkLogger sends aws-sdk-go-v2's log messages to the --debug log (and
// nowhere without --debug).
type sdkLogger struct{ log *debugLog }

func (l sdkLogger) Logf(classification logging.Classification, format string, v ...any) {
	l.log.logf("cosell.sdk", "%s %s", classification, fmt.Sprintf(format, v...))
}
