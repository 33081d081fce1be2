package cosell

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes are the AWS exception names; only the wire package maps them
// to HTTP statuses.
const (
	ValidationError     = "ValidationException"
	ConflictError       = "ConflictException"
	NotFoundError       = "ResourceNotFoundException"
	AccessDeniedError   = "AccessDeniedException"
	ThrottlingError     = "ThrottlingException"
	InternalError       = "InternalServerException"
	SerializationError  = "SerializationException"
	UnknownOperation    = "UnknownOperationException"
	QuotaExceededError  = "ServiceQuotaExceededException"
	ValidationReasonReq = ValidationExceptionReason("REQUEST_VALIDATION_FAILED")
	ValidationReasonBiz = ValidationExceptionReason("BUSINESS_VALIDATION_FAILED")
)

// Refusals of a request's authentication (cosell serve --world); the auth
// package documents each one's form and source.
const (
	MissingAuthTokenError    = "MissingAuthenticationTokenException"
	IncompleteSignatureError = "IncompleteSignatureException"
	UnrecognizedClientError  = "UnrecognizedClientException"
	InvalidSignatureError    = "InvalidSignatureException"
)

// Field error codes (ValidationException ErrorList[].Code).
const (
	CodeRequired      FieldCode = "REQUIRED_FIELD_MISSING"
	CodeInvalidEnum   FieldCode = "INVALID_ENUM_VALUE"
	CodeInvalidFormat FieldCode = "INVALID_STRING_FORMAT"
	CodeInvalidValue  FieldCode = "INVALID_VALUE"
	CodeNotEnough     FieldCode = "NOT_ENOUGH_VALUES"
	CodeTooMany       FieldCode = "TOO_MANY_VALUES"
	CodeInvalidState  FieldCode = "INVALID_RESOURCE_STATE"
	CodeDuplicate     FieldCode = "DUPLICATE_KEY_VALUE"
	CodeOutOfRange    FieldCode = "VALUE_OUT_OF_RANGE"
	CodeNotPermitted  FieldCode = "ACTION_NOT_PERMITTED"
)

// Error is cosell's one error type. Code is an AWS exception name.
type Error struct {
	Code    string
	Message string
	Reason  ValidationExceptionReason // ValidationException only
	Fields  []FieldError              // ValidationException only
}

// FieldError is one ValidationException ErrorList item.
type FieldError struct {
	FieldName string
	Message   string
	Code      FieldCode
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf returns an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCodeOf returns the code of an *Error in err's chain, or InternalError.
func ErrorCodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return InternalError
}

// MaxErrorList bounds a ValidationException's ErrorList (and so its
// Message, which names every entry). Without a bound, a 1 MiB request of
// 262,044 invalid list items got a 51 MB answer (issue 9). When a request
// has more problems, the list holds the first MaxErrorList-1 and a final
// entry, without FieldName, saying how many were left out.
const MaxErrorList = 100

// capFields applies MaxErrorList to fields; omitted counts further
// problems the caller found but did not record.
func capFields(fields []FieldError, omitted int) []FieldError {
	if len(fields)+omitted <= MaxErrorList {
		return fields
	}
	keep := min(len(fields), MaxErrorList-1)
	left := len(fields) - keep + omitted
	return append(fields[:keep:keep], FieldError{Code: CodeTooMany,
		Message: fmt.Sprintf("%d more errors not listed: ErrorList holds at most %d entries", left, MaxErrorList)})
}

// NewValidationError wraps field errors in a ValidationException whose
// message names every failing field, at most MaxErrorList entries in all.
func NewValidationError(reason ValidationExceptionReason, fields []FieldError) *Error {
	fields = capFields(fields, 0)
	var b strings.Builder
	if reason == ValidationReasonBiz {
		b.WriteString("Business validation failed: ")
	} else {
		b.WriteString("Request validation failed: ")
	}
	for i, f := range fields {
		if i > 0 {
			b.WriteString("; ")
		}
		if f.FieldName != "" {
			b.WriteString(f.FieldName)
			b.WriteString(": ")
		}
		b.WriteString(f.Message)
	}
	return &Error{Code: ValidationError, Message: b.String(), Reason: reason, Fields: fields}
}
