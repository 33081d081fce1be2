package output

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/cosell/cosell"
)

// DateTime is a datetime object as the AWS CLI prints skeleton placeholders
// (spec §15 --generate-cli-skeleton output): naive, json
// "1970-01-01T00:00:00" (isoformat), text, table and yaml
// "1970-01-01 00:00:00" (str()).
type DateTime struct{ time.Time }

// isoformat renders the naive datetime with sep between date and time,
// microseconds only when non-zero (Python datetime.isoformat).
func (d DateTime) isoformat(sep byte) string {
	t := d.Time
	s := t.Format("2006-01-02") + string(sep) + t.Format("15:04:05")
	if us := t.Nanosecond() / 1000; us != 0 {
		s += "." + pad6(us)
	}
	return s
}

func pad6(us int) string {
	s := strconv.Itoa(us)
	return strings.Repeat("0", 6-len(s)) + s
}

// pyNumber is a JSON number as Python's json module decodes it: an int when
// the text has no fraction or exponent, else a float.
type pyNumber struct {
	isInt bool
	i     *big.Int
	f     float64
}

func parseNumber(n cosell.Number) pyNumber {
	s := string(n)
	if !strings.ContainsAny(s, ".eE") {
		if i, ok := new(big.Int).SetString(s, 10); ok {
			return pyNumber{isInt: true, i: i}
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(f, 0) {
		f = math.NaN()
	}
	return pyNumber{f: f}
}

// str is Python's str() of the number.
func (p pyNumber) str() string {
	if p.isInt {
		return p.i.String()
	}
	switch {
	case math.IsInf(p.f, 1):
		return "inf"
	case math.IsInf(p.f, -1):
		return "-inf"
	case math.IsNaN(p.f):
		return "nan"
	}
	return floatRepr(p.f)
}

// json is json.dumps of the number.
func (p pyNumber) json() string {
	if p.isInt {
		return p.i.String()
	}
	switch {
	case math.IsInf(p.f, 1):
		return "Infinity"
	case math.IsInf(p.f, -1):
		return "-Infinity"
	case math.IsNaN(p.f):
		return "NaN"
	}
	return floatRepr(p.f)
}

// floatRepr is Python's repr(float): the shortest round-tripping digits,
// fixed notation with at least one fractional digit when the decimal
// exponent is in [-4, 16), else d.ddde±XX.
func floatRepr(f float64) string {
	e := strconv.FormatFloat(f, 'e', -1, 64) // -d.ddde±XX
	neg := strings.HasPrefix(e, "-")
	e = strings.TrimPrefix(e, "-")
	mant, expS, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expS)
	digits := strings.Replace(mant, ".", "", 1)
	var out string
	if exp >= -4 && exp < 16 {
		if exp < 0 {
			out = "0." + strings.Repeat("0", -exp-1) + digits
		} else if len(digits) <= exp+1 {
			out = digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
		} else {
			out = digits[:exp+1] + "." + digits[exp+1:]
		}
	} else {
		out = digits[:1]
		if len(digits) > 1 {
			out += "." + digits[1:]
		}
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		es := strconv.Itoa(exp)
		if len(es) < 2 {
			es = "0" + es
		}
		out += "e" + sign + es
	}
	if neg {
		out = "-" + out
	}
	return out
}

// pyStr is Python's str() of a scalar, as the text and table formats print
// it (spec §12: None, True, False).
func pyStr(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case string:
		return v
	case cosell.Number:
		return parseNumber(v).str()
	case DateTime:
		return v.isoformat(' ')
	}
	return ""
}

func isScalar(v any) bool {
	switch v.(type) {
	case cosell.Object, []any:
		return false
	}
	return true
}

// truthy is Python truthiness of a document value.
func truthy(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		return v != ""
	case cosell.Number:
		p := parseNumber(v)
		if p.isInt {
			return p.i.Sign() != 0
		}
		return p.f != 0
	case cosell.Object:
		return len(v) > 0
	case []any:
		return len(v) > 0
	}
	return true
}

func isEmptyObject(v any) bool {
	o, ok := v.(cosell.Object)
	return ok && len(o) == 0
}
