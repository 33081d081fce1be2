package wire

import (
	"net/http"

	"github.com/cosell/cosell"
)

// Transport-only error codes: failures detected before any operation runs.
// They are not modelled by the service, so SDKs surface them as generic
// errors carrying the code (spec §1.4: botocore takes the code from __type).
const (
	// RequestTooLargeError: the body exceeds Options.MaxBodyBytes (1 MiB by
	// default). 413 is what AWS's HTTP front ends answer for oversize bodies
	// [inferred]; the code names the condition and the message the limit.
	RequestTooLargeError = "RequestEntityTooLargeException"
	// MethodNotAllowedError: anything but POST to an operation (awsJson1_0
	// operations are POST only, spec §1.1).
	MethodNotAllowedError = "MethodNotAllowedException"
)

// statusOf is THE table from error code to HTTP status (spec §1.4). It lives
// here and only here: the domain speaks in codes, the transport in statuses.
var statusOf = map[string]int{
	cosell.ValidationError:    http.StatusBadRequest,          // 400
	cosell.SerializationError: http.StatusBadRequest,          // 400, standard awsJson error
	cosell.UnknownOperation:   http.StatusBadRequest,          // 400, standard awsJson error
	cosell.AccessDeniedError:  http.StatusForbidden,           // 403
	cosell.NotFoundError:      http.StatusNotFound,            // 404
	cosell.ConflictError:      http.StatusConflict,            // 409
	cosell.QuotaExceededError: http.StatusPaymentRequired,     // 402 (sic, model doc)
	cosell.ThrottlingError:    http.StatusTooManyRequests,     // 429
	cosell.InternalError:      http.StatusInternalServerError, // 500
	RequestTooLargeError:      http.StatusRequestEntityTooLarge,
	MethodNotAllowedError:     http.StatusMethodNotAllowed,
	// Authentication refusals (cosell serve --world; sources in
	// docs/decisions.md "Partner accounts and signatures"): awsJson
	// services answer 400 for all but the missing token, documented 403.
	cosell.MissingAuthTokenError:    http.StatusForbidden,
	cosell.IncompleteSignatureError: http.StatusBadRequest,
	cosell.UnrecognizedClientError:  http.StatusBadRequest,
	cosell.InvalidSignatureError:    http.StatusBadRequest,
}

// StatusOf returns the HTTP status for an error code. A code missing from
// the table is a server bug, hence 500.
func StatusOf(code string) int {
	if s, ok := statusOf[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// internalMessage is all a client learns about an unexpected failure; the
// detail goes to the log.
const internalMessage = "An internal error occurred. Retry the request; if it keeps failing, check the server log."

// errorDocument renders the awsJson error body (spec §1.4, §5):
// {"__type", "Message"}, "Reason" when set (always on ValidationException),
// and for ValidationException "ErrorList" [{FieldName?, Message, Code}].
func errorDocument(e *cosell.Error) cosell.Object {
	doc := cosell.Object{{Name: "__type", Value: e.Code}, {Name: "Message", Value: e.Message}}
	reason := e.Reason
	if reason == "" && e.Code == cosell.ValidationError {
		reason = cosell.ValidationReasonReq // Reason is required on ValidationException
	}
	if reason != "" { // AccessDeniedException may carry one too (spec §1.4)
		doc = append(doc, cosell.Field{Name: "Reason", Value: string(reason)})
	}
	if e.Code != cosell.ValidationError {
		return doc
	}
	if len(e.Fields) > 0 {
		list := make([]any, len(e.Fields))
		for i, f := range e.Fields {
			item := make(cosell.Object, 0, 3)
			if f.FieldName != "" {
				item = append(item, cosell.Field{Name: "FieldName", Value: f.FieldName})
			}
			item = append(item,
				cosell.Field{Name: "Message", Value: f.Message},
				cosell.Field{Name: "Code", Value: string(f.Code)})
			list[i] = item
		}
		doc = append(doc, cosell.Field{Name: "ErrorList", Value: list})
	}
	return doc
}
