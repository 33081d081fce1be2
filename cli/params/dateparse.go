package params

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// parseDate is a subset of python-dateutil's parser.parse(value,
// tzinfos={'GMT': UTC}), the lenient reader botocore uses for timestamp
// strings (spec §7). Fields the text does not give come from today's date
// at midnight (dateutil's default). Covered: ISO 8601 (with "T", a space or
// nothing between date and time, compact 20240101T102030Z), dates with "-",
// "/" or "." read month first (01/02/2024 is 2 January), month and weekday
// names (Jan 2 2024, Mon, 01 Jan 2024 10:20:30 GMT), times alone (today),
// fractions (truncated to microseconds), AM/PM, and zones: Z, UTC, GMT,
// ±HH, ±HHMM, ±HH:MM. An unknown zone name (EST) is ignored, so the time
// is UTC, as dateutil does after its warning.
//
// No Go library reproduces dateutil's choices (today's date for missing
// fields, month-first resolution, time-only input, its two-digit years), so
// this is cosell's own; araddon/dateparse was considered and rejected as
// unmaintained and different on exactly those points.
func parseDate(s string, now time.Time) (time.Time, error) {
	toks := dateTokens(s)
	if len(toks) == 0 {
		return time.Time{}, errUnknownFormat
	}
	p := dateParser{toks: toks, hour: -1, minute: -1, second: -1, month: -1, now: now}
	if err := p.run(); err != nil {
		return time.Time{}, err
	}
	return p.result()
}

var errUnknownFormat = errors.New("Unknown string format")

type dateNum struct {
	val    int
	digits int
	month  bool // from a month name
}

type dateParser struct {
	toks                 []string
	i                    int
	ymd                  []dateNum
	hour, minute, second int
	micro                int
	month                int
	pm, am               bool
	loc                  *time.Location
	now                  time.Time
}

// dateTokens splits like dateutil's _timelex: runs of letters, runs of
// digits (with a "." fraction kept inside), and single other characters;
// whitespace and commas separate.
func dateTokens(s string) []string {
	var toks []string
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r) || r == ',' || r == ';':
			i++
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			toks = append(toks, string(rs[i:j]))
			i = j
		case r >= '0' && r <= '9':
			j := i
			for j < len(rs) && (rs[j] >= '0' && rs[j] <= '9') {
				j++
			}
			toks = append(toks, string(rs[i:j]))
			i = j
		default:
			toks = append(toks, string(r))
			i++
		}
	}
	return toks
}

var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

var weekdayNames = map[string]bool{
	"mon": true, "monday": true, "tue": true, "tuesday": true, "wed": true, "wednesday": true,
	"thu": true, "thursday": true, "fri": true, "friday": true, "sat": true, "saturday": true,
	"sun": true, "sunday": true,
}

// jumpWords are dateutil's JUMP tokens, skipped anywhere.
var jumpWords = map[string]bool{
	"at": true, "on": true, "and": true, "ad": true, "m": true, "t": true, "of": true,
	"st": true, "nd": true, "rd": true, "th": true, "-": true, "/": true, ".": true, "'": true,
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func (p *dateParser) peek(k int) string {
	if p.i+k < len(p.toks) {
		return p.toks[p.i+k]
	}
	return ""
}

func (p *dateParser) run() error {
	for p.i < len(p.toks) {
		tok := p.toks[p.i]
		low := strings.ToLower(tok)
		switch {
		case isDigits(tok):
			if err := p.number(); err != nil {
				return err
			}
			continue
		case monthNames[low] != 0:
			p.ymd = append(p.ymd, dateNum{val: monthNames[low], month: true})
		case weekdayNames[low]:
		case low == "am" || low == "pm" || low == "a" || low == "p":
			if p.hour < 0 || p.hour > 12 {
				return errUnknownFormat
			}
			p.pm, p.am = low[0] == 'p', low[0] == 'a'
		case low == "z" || low == "utc" || low == "gmt":
			p.loc = time.UTC
		case (tok == "+" || tok == "-") && p.hour >= 0 && isDigits(p.peek(1)):
			if err := p.offset(tok == "-"); err != nil {
				return err
			}
			continue
		case jumpWords[low]:
		case p.hour >= 0 && len(tok) <= 5 && isUpperWord(tok):
			// An unknown zone name: dateutil warns and leaves the time naive (UTC).
		default:
			return errUnknownFormat
		}
		p.i++
	}
	return nil
}

func isUpperWord(s string) bool {
	for _, r := range s {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return s != ""
}

// number handles a digit run: a time (hh:mm[:ss[.f]]), a compact date or
// time, or one date component.
func (p *dateParser) number() error {
	tok := p.toks[p.i]
	n, _ := strconv.Atoi(tok)
	switch {
	case p.peek(1) == ":" && p.hour < 0:
		return p.clock()
	case len(tok) == 8 && len(p.ymd) == 0:
		y, _ := strconv.Atoi(tok[:4])
		m, _ := strconv.Atoi(tok[4:6])
		d, _ := strconv.Atoi(tok[6:])
		p.ymd = append(p.ymd, dateNum{val: y, digits: 4}, dateNum{val: m, digits: 2}, dateNum{val: d, digits: 2})
	case (len(tok) == 6 || len(tok) == 4) && len(p.ymd) == 3 && p.hour < 0:
		p.hour, _ = strconv.Atoi(tok[:2])
		p.minute, _ = strconv.Atoi(tok[2:4])
		p.second = 0
		if len(tok) == 6 {
			p.second, _ = strconv.Atoi(tok[4:])
			p.i++
			return p.fraction()
		}
	case len(tok) == 6 && len(p.ymd) == 0:
		y, _ := strconv.Atoi(tok[:2])
		m, _ := strconv.Atoi(tok[2:4])
		d, _ := strconv.Atoi(tok[4:])
		p.ymd = append(p.ymd, dateNum{val: y, digits: 2}, dateNum{val: m, digits: 2}, dateNum{val: d, digits: 2})
	case p.hour >= 0 && len(p.ymd) < 3 && p.minute < 0:
		return errUnknownFormat
	default:
		if len(p.ymd) >= 3 {
			return errUnknownFormat
		}
		p.ymd = append(p.ymd, dateNum{val: n, digits: len(tok)})
	}
	p.i++
	return nil
}

// clock reads hh:mm[:ss[.ffffff]].
func (p *dateParser) clock() error {
	p.hour, _ = strconv.Atoi(p.toks[p.i])
	p.i += 2
	if !isDigits(p.peek(0)) {
		return errUnknownFormat
	}
	p.minute, _ = strconv.Atoi(p.peek(0))
	p.second = 0
	p.i++
	if p.peek(0) == ":" && isDigits(p.peek(1)) {
		p.second, _ = strconv.Atoi(p.peek(1))
		p.i += 2
		return p.fraction()
	}
	return nil
}

// fraction reads .ffffff after seconds, truncated to microseconds.
func (p *dateParser) fraction() error {
	if (p.peek(0) == "." || p.peek(0) == ",") && isDigits(p.peek(1)) {
		f := p.peek(1) + "000000"
		p.micro, _ = strconv.Atoi(f[:6])
		p.i += 2
	}
	return nil
}

// offset reads ±HH, ±HHMM or ±HH:MM.
func (p *dateParser) offset(neg bool) error {
	p.i++
	tok := p.peek(0)
	var h, m int
	switch len(tok) {
	case 4:
		h, _ = strconv.Atoi(tok[:2])
		m, _ = strconv.Atoi(tok[2:])
		p.i++
	case 1, 2:
		h, _ = strconv.Atoi(tok)
		p.i++
		if p.peek(0) == ":" && isDigits(p.peek(1)) {
			m, _ = strconv.Atoi(p.peek(1))
			p.i += 2
		}
	default:
		return errUnknownFormat
	}
	off := h*3600 + m*60
	if neg {
		off = -off
	}
	p.loc = time.FixedZone("", off)
	return nil
}

func (p *dateParser) result() (time.Time, error) {
	year, month, day := p.now.Year(), int(p.now.Month()), p.now.Day()
	y, m, d, err := resolveYMD(p.ymd)
	if err != nil {
		return time.Time{}, err
	}
	if y.digits > 0 {
		year = y.val
		if y.digits <= 2 && year < 100 {
			year = twoDigitYear(year, p.now.Year())
		}
	}
	if m > 0 {
		month = m
	}
	if d > 0 {
		day = d
	}
	hour, minute, second := p.hour, p.minute, p.second
	if hour < 0 {
		hour, minute, second = 0, 0, 0
	}
	if p.pm && hour < 12 {
		hour += 12
	} else if p.am && hour == 12 {
		hour = 0
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || year < 1 || year > 9999 ||
		hour > 23 || minute > 59 || second > 59 {
		return time.Time{}, errors.New("value out of range")
	}
	loc := p.loc
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(year, time.Month(month), day, hour, minute, second, p.micro*1000, loc), nil
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// twoDigitYear puts a two-digit year in the century that keeps it within
// 50 years of now, as dateutil does.
func twoDigitYear(y, now int) int {
	y += now / 100 * 100
	if y >= now+50 {
		y -= 100
	} else if y < now-50 {
		y += 100
	}
	return y
}

// resolveYMD orders up to three date numbers as dateutil does without
// dayfirst/yearfirst: month first unless a value can only be a year or day.
func resolveYMD(ymd []dateNum) (year dateNum, month, day int, err error) {
	mi := -1
	for i, n := range ymd {
		if n.month {
			mi = i
		}
	}
	isYear := func(n dateNum) bool { return n.val > 31 || n.digits > 2 }
	asYear := func(n dateNum) dateNum {
		if n.digits == 0 {
			n.digits = 2
		}
		return n
	}
	switch len(ymd) {
	case 0:
	case 1:
		switch {
		case mi == 0:
			month = ymd[0].val
		case isYear(ymd[0]):
			year = ymd[0]
		default:
			day = ymd[0].val
		}
	case 2:
		switch {
		case mi >= 0:
			other := ymd[1-mi]
			month = ymd[mi].val
			if isYear(other) {
				year = other
			} else {
				day = other.val
			}
		case isYear(ymd[0]):
			year, month = ymd[0], ymd[1].val
		case isYear(ymd[1]):
			month, year = ymd[0].val, ymd[1]
		default:
			month, day = ymd[0].val, ymd[1].val
		}
	case 3:
		a, b, c := ymd[0], ymd[1], ymd[2]
		switch {
		case mi == 0:
			if isYear(b) {
				month, year, day = a.val, b, c.val
			} else {
				month, day, year = a.val, b.val, asYear(c)
			}
		case mi == 1:
			if isYear(a) {
				year, month, day = a, b.val, c.val
			} else {
				day, month, year = a.val, b.val, asYear(c)
			}
		case mi == 2:
			if isYear(a) {
				year, day, month = a, b.val, c.val
			} else {
				day, year, month = a.val, asYear(b), c.val
			}
		case isYear(a):
			year, month, day = a, b.val, c.val
		case a.val > 12:
			day, month, year = a.val, b.val, asYear(c)
		case b.val > 12:
			month, day, year = a.val, b.val, asYear(c)
		default:
			month, day, year = a.val, b.val, asYear(c)
		}
	}
	return year, month, day, nil
}
