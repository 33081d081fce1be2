package params

import (
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp"
)

// Expected values were checked against botocore's serializer (spec §7).
func TestParseTimestampWire(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"offset", "2024-01-01T10:20:30+02:00", "2024-01-01T08:20:30Z"},
		{"half second", "2024-01-01T10:20:30.5Z", "2024-01-01T10:20:30.500000Z"},
		{"nanos truncated", "2024-01-01T10:20:30.123456789Z", "2024-01-01T10:20:30.123456Z"},
		{"zero fraction dropped", "2024-01-01T10:20:30.000Z", "2024-01-01T10:20:30Z"},
		{"epoch fraction", "1704067200.25", "2024-01-01T00:00:00.250000Z"},
		{"micros offset", "2024-06-15T12:00:00.999999+05:30", "2024-06-15T06:30:00.999999Z"},
		{"epoch", "1704067200", "2024-01-01T00:00:00Z"},
		{"epoch exponent", "1e9", "2001-09-09T01:46:40Z"},
		{"negative epoch", "-1", "1969-12-31T23:59:59Z"},
		{"epoch spaces", " 1704067200 ", "2024-01-01T00:00:00Z"},
		{"epoch underscore", "1_000", "1970-01-01T00:16:40Z"},
		{"epoch rounded half even", "1704067200.1234567", "2024-01-01T00:00:00.123457Z"},
		{"lower z", "2024-01-01T10:20:30z", "2024-01-01T10:20:30Z"},
		{"compact offset", "2024-01-01T10:20:30-0500", "2024-01-01T15:20:30Z"},
		{"date only", "2024-01-01", "2024-01-01T00:00:00Z"},
		{"space separator", "2024-01-01 10:20:30", "2024-01-01T10:20:30Z"},
		{"rfc 1123", "Mon, 01 Jan 2024 10:20:30 GMT", "2024-01-01T10:20:30Z"},
		{"compact", "20240101T102030Z", "2024-01-01T10:20:30Z"},
		{"month name", "Jan 2 2024", "2024-01-02T00:00:00Z"},
		{"month first", "01/02/2024", "2024-01-02T00:00:00Z"},
		{"day when month impossible", "13/01/2024", "2024-01-13T00:00:00Z"},
		{"two-digit year", "01/02/24", "2024-01-02T00:00:00Z"},
		{"unknown zone is UTC", "2024-01-01T10:20:30 EST", "2024-01-01T10:20:30Z"},
		{"pm", "2 Jan 2024 10:00 PM", "2024-01-02T22:00:00Z"},
		{"slashes year first", "2024/01/02", "2024-01-02T00:00:00Z"},
		{"dots", "2024.01.02", "2024-01-02T00:00:00Z"},
		{"leap day naive", "2024-02-29T23:59:59", "2024-02-29T23:59:59Z"},
		{"fraction compact offset", "2024-01-01T10:20:30.5+0530", "2024-01-01T04:50:30.500000Z"},
		{"hour offset", "2024-01-01T10:20+01", "2024-01-01T09:20:00Z"},
		{"long month", "January 5, 2024", "2024-01-05T00:00:00Z"},
		{"weekday and UTC", "Friday, 5 January 2024 08:00 UTC", "2024-01-05T08:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTimestamp(tt.in)
			if err != nil {
				t.Fatalf("ParseTimestamp(%q): %v", tt.in, err)
			}
			if w := FormatWire(got); w != tt.want {
				t.Errorf("ParseTimestamp(%q) = %s, want %s", tt.in, w, tt.want)
			}
		})
	}
}

func TestParseTimestampInvalid(t *testing.T) {
	for _, in := range []string{"notadate", "", "2024-13-01", "nan", "inf", "1e20", "2024-01-01T25:00:00", "2024-02-30", "0x10", "today"} {
		t.Run(in, func(t *testing.T) {
			if got, err := ParseTimestamp(in); err == nil {
				t.Errorf("ParseTimestamp(%q) = %v, want an error", in, got)
			}
		})
	}
}

func TestParseDateDefaultsToToday(t *testing.T) {
	now := time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)
	tests := []struct{ name, in, want string }{
		{"time only", "10:20", "2026-11-26T10:20:00Z"},
		{"T time", "T10:20", "2026-11-26T10:20:00Z"},
		{"month and year", "Jan 2024", "2024-01-26T00:00:00Z"},
		{"year and month", "2024-06", "2024-06-26T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseDate(tt.in, now)
			if err != nil {
				t.Fatal(err)
			}
			if w := FormatWire(got); w != tt.want {
				t.Errorf("parseDate(%q) = %s, want %s", tt.in, w, tt.want)
			}
		})
	}
}

func TestNormalizeTimestamps(t *testing.T) {
	doc := cosell.Object{
		{Name: "Catalog", Value: "AWS"},
		{Name: "LastModifiedDate", Value: cosell.Number("1704067200.5")},
		{Name: "LifeCycle", Value: cosell.Object{{Name: "NextStepsHistory", Value: []any{
			cosell.Object{{Name: "Value", Value: "x"}, {Name: "Time", Value: "2024-01-01T10:20:30+02:00"}},
		}}}},
		{Name: "Identifier", Value: "O1"},
	}
	got, err := NormalizeTimestamps(cosell.UpdateOpportunityInput, doc)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Catalog": "AWS", "LastModifiedDate": "2024-01-01T00:00:00.500000Z", "LifeCycle": {"NextStepsHistory": [{"Value": "x", "Time": "2024-01-01T08:20:30Z"}]}, "Identifier": "O1"}`
	if s := string(Serialize(got)); s != want {
		t.Errorf("got  %s\nwant %s", s, want)
	}
	if doc.Get("LastModifiedDate") != cosell.Number("1704067200.5") {
		t.Error("NormalizeTimestamps changed its input")
	}

	_, err = NormalizeTimestamps(cosell.UpdateOpportunityInput, cosell.Object{{Name: "LastModifiedDate", Value: "notadate"}})
	wantErr := "Parameter validation failed:\nInvalid type for parameter LastModifiedDate, value: notadate, type: <class 'str'>, valid types: <class 'datetime.datetime'>, timestamp-string"
	if e, ok := err.(*Error); !ok || e.Msg != wantErr || e.Exit != 252 {
		t.Errorf("error = %#v, want %q (252)", err, wantErr)
	}
}

func TestYAMLTimestampValues(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"aware datetime", DateTime{Time: time.Date(2024, 1, 1, 10, 20, 30, 0, time.FixedZone("", 7200)), Aware: true}, "2024-01-01T08:20:30Z"},
		{"naive datetime is UTC", DateTime{Time: time.Date(2024, 2, 29, 23, 59, 59, 0, time.UTC)}, "2024-02-29T23:59:59Z"},
		{"int epoch", cosell.Number("1704067200"), "2024-01-01T00:00:00Z"},
		{"bool is an int", true, "1970-01-01T00:00:01Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := timestampValue(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, FormatWire(got)); diff != "" {
				t.Error(diff)
			}
		})
	}
}
