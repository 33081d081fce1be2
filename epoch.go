package cosell

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// The instants a DateTime member can carry: RFC 3339 writes years 0000 to
// 9999 (spec §1.3), and TimeKey renderings only sort in time order within
// that range ("10000-…" would sort before "2026-…").
var (
	minTime = time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC)
)

var errTimeRange = errors.New("outside the years 0000 to 9999")

func inTimeRange(t time.Time) error {
	if t.Before(minTime) || t.After(maxTime) {
		return errTimeRange
	}
	return nil
}

// parseEpoch reads epoch seconds from a JSON number's text exactly, as
// decimal digits: through float64, 1795694798.985 would become …798.98499
// and lose its millisecond, and LastModifiedDate is compared at
// millisecond precision (spec §1.3, §3.3). Digits below the nanosecond are
// dropped (truncation, like the millisecond comparison).
func parseEpoch(s string) (time.Time, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return time.Time{}, err
	}
	if f < -1e12 || f > 1e12 { // far outside the range; keeps the digits below int64
		return time.Time{}, errTimeRange
	}
	neg := strings.HasPrefix(s, "-")
	mant, exp := strings.TrimPrefix(s, "-"), 0
	if i := strings.IndexAny(mant, "eE"); i >= 0 {
		e, err := strconv.Atoi(strings.TrimPrefix(mant[i+1:], "+"))
		if err != nil {
			return time.Time{}, err
		}
		mant, exp = mant[:i], e
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := strings.TrimLeft(intPart+frac, "0")
	point := len(intPart) + exp - (len(intPart+frac) - len(digits)) // digits before the decimal point
	var secDigits, nsDigits string
	switch {
	case digits == "" || point < -9:
		// zero, or below a nanosecond
	case point <= 0:
		nsDigits = strings.Repeat("0", -point) + digits
	case point >= len(digits):
		secDigits = digits + strings.Repeat("0", point-len(digits))
	default:
		secDigits, nsDigits = digits[:point], digits[point:]
	}
	nsDigits = (nsDigits + "000000000")[:9]
	sec, _ := strconv.ParseInt("0"+secDigits, 10, 64) // ≤ 13 digits: the range check above
	ns, _ := strconv.ParseInt(nsDigits, 10, 64)
	if neg {
		sec, ns = -sec, -ns
	}
	t := time.Unix(sec, ns).UTC()
	return t, inTimeRange(t)
}
