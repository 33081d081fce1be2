package params

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/py"
)

// Timestamps (spec §7). The CLI passes the text through untouched and
// botocore's serializer reads it with parse_to_aware_datetime: a value that
// converts to a float is epoch seconds, anything else goes to python-dateutil's
// lenient parser; a missing zone means UTC. On the wire it is UTC,
// YYYY-MM-DDTHH:MM:SSZ, with .ffffff (always 6 digits) when the microseconds
// are not zero.

// ParseTimestamp reads a timestamp string as botocore does. The result is
// in UTC, truncated to microseconds.
func ParseTimestamp(s string) (time.Time, error) {
	if f, ok := pyFloat(s); ok {
		return epochTime(f)
	}
	t, err := parseDate(s, time.Now())
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}

// FormatWire writes t in the wire form of the AWS CLI's JSON serializer.
func FormatWire(t time.Time) string {
	t = t.UTC()
	if us := t.Nanosecond() / 1000; us != 0 {
		return t.Format("2006-01-02T15:04:05") + fmt.Sprintf(".%06dZ", us)
	}
	return t.Format("2006-01-02T15:04:05Z")
}

// NormalizeTimestamps returns doc with every timestamp member, at any
// depth, replaced by its wire string. It runs after Validate; a value that
// does not parse is an error with the validation text.
func NormalizeTimestamps(shape *cosell.Shape, doc cosell.Object) (cosell.Object, error) {
	v, err := normalize(shape, doc, "")
	if err != nil {
		return nil, err
	}
	out, _ := v.(cosell.Object)
	return out, nil
}

func normalize(s *cosell.Shape, v any, path string) (any, error) {
	switch s.Kind {
	case cosell.KindStructure:
		obj, ok := v.(cosell.Object)
		if !ok {
			return v, nil
		}
		out := make(cosell.Object, len(obj))
		for i, f := range obj {
			out[i] = f
			if m := s.Member(f.Name); m != nil {
				nv, err := normalize(m.Shape, f.Value, path+"."+f.Name)
				if err != nil {
					return nil, err
				}
				out[i].Value = nv
			}
		}
		return out, nil
	case cosell.KindMap:
		obj, ok := v.(cosell.Object)
		if !ok {
			return v, nil
		}
		out := make(cosell.Object, len(obj))
		for i, f := range obj {
			nv, err := normalize(s.Elem, f.Value, path+"."+f.Name)
			if err != nil {
				return nil, err
			}
			out[i] = cosell.Field{Name: f.Name, Value: nv}
		}
		return out, nil
	case cosell.KindList:
		l, ok := v.([]any)
		if !ok {
			return v, nil
		}
		out := make([]any, len(l))
		for i, e := range l {
			ne, err := normalize(s.Elem, e, path+"["+itoa(i)+"]")
			if err != nil {
				return nil, err
			}
			out[i] = ne
		}
		return out, nil
	case cosell.KindTimestamp:
		t, err := timestampValue(v)
		if err != nil {
			vd := &validator{}
			vd.invalidType(path, v, "<class 'datetime.datetime'>, timestamp-string")
			return nil, &Error{Msg: "Parameter validation failed:\n" + vd.errs[0], Exit: ExitUsage}
		}
		return FormatWire(t), nil
	}
	return v, nil
}

var errNotTimestamp = errors.New("not a timestamp")

// timestampValue is botocore's parse_to_aware_datetime for any document value.
func timestampValue(v any) (time.Time, error) {
	switch v := v.(type) {
	case DateTime:
		return v.Time.UTC(), nil
	case string:
		return ParseTimestamp(v)
	case Bytes:
		return ParseTimestamp(string(v))
	case bool:
		if v {
			return epochTime(1)
		}
		return epochTime(0)
	case cosell.Number:
		f, ok := pyFloat(string(v))
		if !ok {
			if v == "NaN" || v == "Infinity" || v == "-Infinity" {
				return time.Time{}, errNotTimestamp
			}
			return time.Time{}, errNotTimestamp
		}
		return epochTime(f)
	}
	return time.Time{}, errNotTimestamp
}

// Python's datetime range.
var (
	minTime = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)
)

// epochTime is datetime.fromtimestamp(f): microseconds rounded half to even.
func epochTime(f float64) (time.Time, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e12 {
		return time.Time{}, errNotTimestamp
	}
	sec, frac := math.Modf(f)
	us := math.RoundToEven(frac * 1e6)
	if us >= 1e6 {
		us -= 1e6
		sec++
	} else if us < 0 {
		us += 1e6
		sec--
	}
	t := time.Unix(int64(sec), int64(us)*1000).UTC()
	if t.Before(minTime) || t.After(maxTime) {
		return time.Time{}, errNotTimestamp
	}
	return t, nil
}

var (
	pyFloatSyntax = regexp.MustCompile(`^[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?$`)
	pyFloatWords  = regexp.MustCompile(`^(?i)[+-]?(?:inf|infinity|nan)$`)
)

// pyFloat is Python's float(str).
func pyFloat(s string) (float64, bool) {
	s = py.Strip(s)
	switch {
	case pyFloatWords.MatchString(s):
		neg := strings.HasPrefix(s, "-")
		if strings.Contains(strings.ToLower(s), "nan") {
			return math.NaN(), true
		}
		if neg {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	case pyFloatSyntax.MatchString(s):
		f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
		if err != nil && !math.IsInf(f, 0) {
			return 0, false
		}
		return f, true
	}
	return 0, false
}
