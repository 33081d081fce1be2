package cosell

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Validate checks a decoded request against its shape and collects every
// failing field, each with its dotted path, as smithy validators do.
// JSON null is the same as an absent member, and members the shape does not
// know are ignored at any depth (clients post whole GetOpportunity records).
// A value of the wrong JSON type cannot be checked further: it is returned
// as a SerializationException naming the first such path.
func Validate(s *Shape, v any) (typeErr *Error, fields []FieldError) {
	w := walker{}
	w.value(s, v)
	return w.typeErr, capFields(w.fields, w.omitted)
}

// ValidateRequest validates v as the input of s and folds the result into
// one error: SerializationException or ValidationException.
func ValidateRequest(s *Shape, v any) (Object, error) {
	obj, ok := v.(Object)
	if v == nil {
		obj, ok = Object{}, true
	}
	if !ok {
		return nil, Errorf(SerializationError, "the request body must be a JSON object, not %s", jsonKind(v))
	}
	typeErr, fields := Validate(s, obj)
	if typeErr != nil {
		return nil, typeErr
	}
	if len(fields) > 0 {
		return nil, NewValidationError(ValidationReasonReq, fields)
	}
	return obj, nil
}

type pathElem struct {
	name  string
	index int // -1 for a member
}

type walker struct {
	path    []pathElem
	stack   [16]pathElem
	typeErr *Error
	fields  []FieldError
	omitted int // failures past MaxErrorList: counted, not recorded
}

func (w *walker) push(e pathElem) {
	if w.path == nil {
		w.path = w.stack[:0]
	}
	w.path = append(w.path, e)
}
func (w *walker) pop() { w.path = w.path[:len(w.path)-1] }

// Path renders the current position, e.g. Project.ExpectedCustomerSpend[0].CurrencyCode.
func (w *walker) pathString() string {
	var b strings.Builder
	for _, e := range w.path {
		if e.index >= 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(e.index))
			b.WriteByte(']')
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(e.name)
	}
	return b.String()
}

func (w *walker) fail(code FieldCode, format string, args ...any) {
	if len(w.fields) >= MaxErrorList {
		w.omitted++ // the answer lists at most MaxErrorList; no need to format the rest
		return
	}
	w.fields = append(w.fields, FieldError{FieldName: w.pathString(), Message: fmt.Sprintf(format, args...), Code: code})
}

func (w *walker) wrongType(s *Shape, v any) {
	if w.typeErr != nil {
		return
	}
	where := w.pathString()
	if where == "" {
		where = "the request"
	}
	w.typeErr = Errorf(SerializationError, "%s must be a %s, not %s", where, jsonTypeOf(s), jsonKind(v))
}

func (w *walker) value(s *Shape, v any) {
	switch s.Kind {
	case KindStructure:
		obj, ok := v.(Object)
		if !ok {
			w.wrongType(s, v)
			return
		}
		for i := range s.Members {
			m := &s.Members[i]
			mv := obj.Get(m.Name)
			w.push(pathElem{m.Name, -1})
			if mv == nil {
				if m.Required {
					w.fail(CodeRequired, "is required")
				}
			} else {
				w.value(m.Shape, mv)
			}
			w.pop()
		}
		if s.Union {
			w.checkUnion(s, obj)
		}
	case KindMap:
		obj, ok := v.(Object)
		if !ok {
			w.wrongType(s, v)
			return
		}
		for _, f := range obj {
			w.push(pathElem{f.Name, -1})
			w.checkString(s.Key, f.Name)
			if f.Value == nil {
				w.wrongType(s.Elem, nil)
			} else {
				w.value(s.Elem, f.Value)
			}
			w.pop()
		}
	case KindList:
		l, ok := v.([]any)
		if !ok {
			w.wrongType(s, v)
			return
		}
		if len(l) < s.MinItems {
			w.fail(CodeNotEnough, "has %d items; at least %d needed", len(l), s.MinItems)
		}
		if s.MaxItems > 0 && len(l) > s.MaxItems {
			w.fail(CodeTooMany, "has %d items; at most %d allowed", len(l), s.MaxItems)
		}
		for i, e := range l {
			w.push(pathElem{"", i})
			if e == nil {
				w.wrongType(s.Elem, e)
			} else {
				w.value(s.Elem, e)
			}
			w.pop()
		}
	case KindString:
		str, ok := v.(string)
		if !ok {
			w.wrongType(s, v)
			return
		}
		w.checkString(s, str)
	case KindTimestamp:
		switch t := v.(type) {
		case string:
			if _, err := ParseTime(t); err != nil {
				w.fail(CodeInvalidFormat, "%q is not an RFC 3339 date-time within the years 0000 to 9999", t)
			}
		case Number:
			if _, err := parseEpoch(string(t)); err != nil {
				w.fail(CodeInvalidFormat, "%s is not epoch seconds within the years 0000 to 9999", t)
			}
		default:
			w.wrongType(s, v)
		}
	case KindInteger:
		n, ok := v.(Number)
		if !ok {
			w.wrongType(s, v)
			return
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if errors.Is(err, strconv.ErrRange) {
			if s.HasRange && s.Min != math.MinInt64 && s.Max != math.MaxInt64 {
				w.fail(CodeOutOfRange, "%s is outside %d to %d", n, s.Min, s.Max)
			} else {
				w.fail(CodeOutOfRange, "%s does not fit a 64-bit integer", n)
			}
			return
		}
		if err != nil {
			w.wrongType(s, v)
			return
		}
		switch {
		case !s.HasRange || (i >= s.Min && i <= s.Max):
		case s.Max == math.MaxInt64:
			w.fail(CodeOutOfRange, "%d is below the minimum %d", i, s.Min)
		case s.Min == math.MinInt64:
			w.fail(CodeOutOfRange, "%d is above the maximum %d", i, s.Max)
		default:
			w.fail(CodeOutOfRange, "%d is outside %d to %d", i, s.Min, s.Max)
		}
	}
}

// checkUnion: a union (Shape.Union) sets exactly one of its members; null
// counts as unset, members the shape does not know are ignored.
func (w *walker) checkUnion(s *Shape, obj Object) {
	set := 0
	for i := range s.Members {
		if obj.Get(s.Members[i].Name) != nil {
			set++
		}
	}
	if set != 1 {
		w.fail(CodeInvalidValue, "sets %d of %s; exactly one is required", set, strings.Join(s.MemberNames(), ", "))
	}
}

// maxNamedValues bounds the allowed values an enum error lists, in
// characters (so that 100 such errors keep the answer under 64 KiB,
// TestErrorListCapOnAHugeRequest).
const maxNamedValues = 120

func (w *walker) checkString(s *Shape, str string) {
	if !s.Allows(str) {
		// A short list is named, so the fix is in the message (a case
		// mistake, ASCENDING for Ascending); a long one (countries,
		// industries) is counted, the values being in the model and help.
		vs := s.Values()
		if named := strings.Join(vs, ", "); len(named) <= maxNamedValues {
			w.fail(CodeInvalidEnum, "%q is not one of the allowed values: %s", str, named)
		} else {
			w.fail(CodeInvalidEnum, "%q is not one of the %d allowed values", str, len(vs))
		}
		return
	}
	if s.MinLen > 0 || s.MaxLen > 0 {
		n := utf8.RuneCountInString(str)
		if n < s.MinLen || (s.MaxLen > 0 && n > s.MaxLen) {
			w.fail(CodeInvalidFormat, "has %d characters; must have %s", n, lengthRange(s))
			return
		}
	}
	if s.Pattern != nil && !s.Pattern.MatchString(str) {
		w.fail(CodeInvalidFormat, "%q does not match the %s format", str, s.Name)
		return
	}
	if s.Date {
		if _, err := time.Parse(time.DateOnly, str); err != nil {
			w.fail(CodeInvalidFormat, "%q is not a calendar date", str)
		}
	}
}

func lengthRange(s *Shape) string {
	switch {
	case s.MaxLen == 0:
		return fmt.Sprintf("at least %d", s.MinLen)
	case s.MinLen == 0:
		return fmt.Sprintf("at most %d", s.MaxLen)
	}
	return fmt.Sprintf("%d to %d", s.MinLen, s.MaxLen)
}

func jsonTypeOf(s *Shape) string {
	switch s.Kind {
	case KindStructure:
		return "JSON object"
	case KindList:
		return "JSON array"
	case KindInteger:
		return "JSON integer"
	case KindTimestamp:
		return "date-time string"
	case KindMap:
		return "JSON object"
	}
	return "JSON string"
}

func jsonKind(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case Number:
		if strings.ContainsAny(string(v), ".eE") {
			return "a number"
		}
		return "an integer"
	case Object:
		return "an object"
	case []any:
		return "an array"
	}
	return fmt.Sprintf("%T", v)
}

// ParseTime reads an RFC 3339 date-time with 0 to 9 fractional digits and
// any offset, the forms AWS SDKs and CLIs send (spec §1.3); the instant must
// fall within the years 0000 to 9999 in UTC.
func ParseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t, err = time.Parse(time.RFC3339Nano, strings.ToUpper(s))
	}
	if err == nil {
		err = inTimeRange(t)
	}
	return t, err
}

// TimeValue reads a timestamp member: an RFC 3339 string or epoch seconds
// (decimal text, read exactly).
func TimeValue(v any) (time.Time, error) {
	switch t := v.(type) {
	case string:
		return ParseTime(t)
	case Number:
		return parseEpoch(string(t))
	}
	return time.Time{}, fmt.Errorf("not a timestamp: %v", v)
}

// FormatTime writes a timestamp the way the service does: UTC, milliseconds.
func FormatTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}
