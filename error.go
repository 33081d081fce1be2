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

// NewValidationError wraps field errors in a ValidationException whose
// message names every failing field.
func NewValidationError(reason ValidationExceptionReason, fields []FieldError) *Error {
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
