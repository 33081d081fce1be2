package output

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/py"
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

// pyStr is Python's str() of a scalar, as the text and table formats print
// it (spec §12: None, True, False).
func pyStr(v any) string {
	switch v := v.(type) {
	case DateTime:
		return v.isoformat(' ')
	case cosell.Object, []any:
		return ""
	}
	return py.Str(v)
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
