package client

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	neturl "net/url"
	"strconv"
	"strings"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/py"
)

// Exit codes of AWS CLI v2 (aws-cli-behaviour.md §15).
const (
	ExitUsage   = 252 // bad --endpoint-url scheme
	ExitConfig  = 253 // no region, no credentials
	ExitService = 254 // an error response from the service, after retries
	ExitOther   = 255 // connection failures, unknown profile, anything unexpected
)

// Error is every failure of this package. Msg is the exact text AWS CLI v2
// writes to stderr for the failure, newlines included, so the caller prints
// it verbatim and exits with Exit.
type Error struct {
	Msg  string
	Exit int
	Code string // the service error code, "" when the request got no error response
}

func (e *Error) Error() string { return e.Msg }

// ExitCode is the process exit status for the failure.
func (e *Error) ExitCode() int { return e.Exit }

// newError wraps one message line the way the AWS CLI prints errors: a blank
// line first, the message, a newline.
func newError(exit int, format string, args ...any) *Error {
	return &Error{Msg: "\n" + fmt.Sprintf(format, args...) + "\n", Exit: exit}
}

// Texts of AWS CLI v2's configuration and connection failures.
func errNoRegion() *Error {
	return newError(ExitConfig, `You must specify a region. You can also configure your region by running "aws configure".`)
}

// errNoCredentials: the wording of 2.32 (earlier releases said "aws configure").
func errNoCredentials() *Error {
	return newError(ExitConfig, `Unable to locate credentials. You can configure credentials by running "aws login".`)
}

func errProfileNotFound(name string) *Error {
	return newError(ExitOther, "The config profile (%s) could not be found", name)
}

func errEndpointScheme(url string) *Error {
	return newError(ExitUsage, `Bad value for --endpoint-url "%s": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/`, url)
}

func errInvalidEndpoint(url string) *Error {
	return newError(ExitOther, "Invalid endpoint: %s", url)
}

func errRetryMode(mode string) *Error {
	return newError(ExitOther, `Invalid value provided to "mode": "%s" must be one of: "standard" or "adaptive"`, mode)
}

// botocore's connection exception texts; url is the request URL.
func errConnect(url string) *Error {
	return newError(ExitOther, `Could not connect to the endpoint URL: "%s"`, url)
}
func errConnectTimeout(url string) *Error {
	return newError(ExitOther, `Connect timeout on endpoint URL: "%s"`, url)
}
func errReadTimeout(url string) *Error {
	return newError(ExitOther, `Read timeout on endpoint URL: "%s"`, url)
}
func errConnectionClosed(url string) *Error {
	return newError(ExitOther, `Connection was closed before we received a valid response from endpoint URL: "%s".`, url)
}
func errSSL(url string, err error) *Error {
	var ue *neturl.Error
	if errors.As(err, &ue) {
		err = ue.Err // the Go wrapper repeats the method and URL
	}
	detail := err.Error()
	if errors.Is(err, fs.ErrNotExist) {
		detail = "[Errno 2] No such file or directory" // Python's text for a missing CA bundle
	}
	return newError(ExitOther, "SSL validation failed for %s %s", url, detail)
}

// serviceError is an error response parsed the way botocore's JSON parser
// does it (aws-cli-behaviour.md §11, §15).
type serviceError struct {
	Status  int
	Code    string
	Message string
	crash   string // set when botocore itself would fail on the body
}

// parseServiceError reads an error response (status >= 301).
//   - A 5xx with an empty body or one starting with "<html>" (after trimming
//     whitespace) is generic: code = the status, message = its reason phrase.
//   - Otherwise the body is JSON; a body that is not JSON becomes the message.
//     Message = body "message", else "Message", else "".
//     Code = body "__type", else the status; a ":…" suffix and a "ns#" prefix
//     are cut; a header x-amzn-query-error "Code;Type" overrides it. The
//     header x-amzn-errortype is never read.
func parseServiceError(status int, header http.Header, body []byte) serviceError {
	trimmed := bytes.TrimSpace(body)
	if status >= 500 && (len(trimmed) == 0 || bytes.HasPrefix(trimmed, []byte("<html>"))) {
		return serviceError{Status: status, Code: strconv.Itoa(status), Message: http.StatusText(status)}
	}
	var obj cosell.Object
	if len(body) > 0 {
		v, err := cosell.ParseJSON(body)
		switch v := v.(type) {
		case cosell.Object:
			obj = v
		default:
			if err != nil {
				obj = cosell.Object{{Name: "message", Value: string(body)}}
			} else {
				// Python calls .get on whatever json.loads returned.
				return serviceError{Status: status, crash: fmt.Sprintf("'%s' object has no attribute 'get'", py.TypeName(v))}
			}
		}
	}
	e := serviceError{Status: status}
	if m, ok := obj.Lookup("message"); ok {
		e.Message = py.Str(m)
	} else if m, ok := obj.Lookup("Message"); ok {
		e.Message = py.Str(m)
	}
	code := strconv.Itoa(status)
	if c, ok := obj.Lookup("__type"); ok {
		code = py.Str(c)
	}
	if i := strings.IndexByte(code, ':'); i >= 0 {
		code = code[:i]
	}
	if i := strings.LastIndexByte(code, '#'); i >= 0 {
		code = code[i+1:]
	}
	if q := header.Values("x-amzn-query-error"); len(q) > 0 {
		if parts := strings.Split(q[0], ";"); len(parts) == 2 && parts[0] != "" {
			code = parts[0]
		}
	}
	e.Code = code
	return e
}

// text is the AWS CLI's ClientError line; retries is set when the last
// attempt was the final one allowed (botocore's MaxAttemptsReached).
func (e serviceError) toError(operation string, maxAttemptsReached bool, retries int) *Error {
	if e.crash != "" {
		return newError(ExitOther, "%s", e.crash)
	}
	info := ""
	if maxAttemptsReached {
		info = fmt.Sprintf(" (reached max retries: %d)", retries)
	}
	err := newError(ExitService, "An error occurred (%s) when calling the %s operation%s: %s", e.Code, operation, info, e.Message)
	err.Code = e.Code
	return err
}
