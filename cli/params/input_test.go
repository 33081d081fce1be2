package params

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp"
)

func TestDecodeInputJSON(t *testing.T) {
	file := filepath.Join(t.TempDir(), "in.json")
	if err := os.WriteFile(file, []byte(`{"Catalog": "AWS"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, in, want, err string
	}{
		{name: "object", in: `{"Identifier": "O1", "PartnerOpportunityIdentifier": "file://x"}`, want: `{"Identifier": "O1", "PartnerOpportunityIdentifier": "file://x"}`},
		{name: "duplicate keeps last", in: `{"A": 1, "B": 2, "A": 3}`, want: `{"A": 3, "B": 2}`},
		{name: "file", in: "file://" + file, want: `{"Catalog": "AWS"}`},
		{name: "fileb", in: "fileb://" + file, want: `{"Catalog": "AWS"}`},
		{name: "bad json", in: `{"a":`, err: "Error parsing parameter 'cli-input-json': Invalid JSON received."},
		{name: "http is not fetched", in: "http://h/x", err: "Error parsing parameter 'cli-input-json': Invalid JSON received."},
		{name: "list", in: `[1]`, err: "Error parsing parameter '--cli-input-json': Invalid type: expecting map, received <class 'list'>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeInputJSON(tt.in)
			checkDecoded(t, got, err, tt.want, tt.err)
		})
	}
}

func checkDecoded(t *testing.T, got cosell.Object, err error, want, wantErr string) {
	t.Helper()
	if wantErr != "" {
		e, ok := err.(*Error)
		if !ok || e.Msg != wantErr || e.Exit != 252 {
			t.Fatalf("err = %#v, want %q (252)", err, wantErr)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if s := string(Serialize(got)); s != want {
		t.Errorf("got  %s\nwant %s", s, want)
	}
}

func TestDecodeInputYAML(t *testing.T) {
	tests := []struct {
		name, in, want, err string
	}{
		{name: "strings", in: "Catalog: AWS\nNationalSecurity: Yes\nTitle: 'null'\n", want: `{"Catalog": "AWS", "NationalSecurity": "Yes", "Title": "null"}`},
		{name: "int", in: "Identifier: 123", want: `{"Identifier": 123}`},
		{name: "yaml 1.2 ints", in: "a: 0x1F\nb: 1_000\nc: 012\nd: 0o17\ne: +1", want: `{"a": 31, "b": 1000, "c": 12, "d": 15, "e": 1}`},
		{name: "floats", in: "a: 1.5\nb: 1e3\nc: .inf", want: `{"a": 1.5, "b": 1000.0, "c": Infinity}`},
		{name: "null and bool", in: "a: null\nb: ~\nc:\nd: true\ne: on", want: `{"a": null, "b": null, "c": null, "d": true, "e": "on"}`},
		{name: "block keeps newline", in: "a: |\n  x\n  y\n", want: `{"a": "x\ny\n"}`},
		{name: "flow and comments", in: "# c\n{a: [x, 'y'], b: {c: d}} # c", want: `{"a": ["x", "y"], "b": {"c": "d"}}`},
		{name: "empty", in: "", err: "Error parsing parameter '--cli-input-yaml': Invalid type: expecting map, received <class 'NoneType'>"},
		{name: "list", in: "- a", err: "Error parsing parameter '--cli-input-yaml': Invalid type: expecting map, received <class 'list'>"},
		{name: "http is a string", in: "http://h/x", err: "Error parsing parameter '--cli-input-yaml': Invalid type: expecting map, received <class 'str'>"},
		{name: "bad yaml", in: "a: [", err: "Error parsing parameter 'cli-input-yaml': Invalid YAML received."},
		{name: "duplicate key", in: "a: 1\na: 2", err: "Error parsing parameter 'cli-input-yaml': Invalid YAML received."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeInputYAML(tt.in)
			checkDecoded(t, got, err, tt.want, tt.err)
		})
	}
}

func TestDecodeInputYAMLTypes(t *testing.T) {
	got, err := DecodeInputYAML("TargetCloseDate: 2025-03-31\nT1: 2024-01-01T10:20:30+02:00\nT2: 2024-02-29 23:59:59\n")
	if err != nil {
		t.Fatal(err)
	}
	want := cosell.Object{
		{Name: "TargetCloseDate", Value: Date{2025, 3, 31}},
		{Name: "T1", Value: DateTime{Time: time.Date(2024, 1, 1, 10, 20, 30, 0, time.FixedZone("", 7200)), Aware: true}},
		{Name: "T2", Value: DateTime{Time: time.Date(2024, 2, 29, 23, 59, 59, 0, time.UTC)}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
	// YAML date-times are valid timestamps (spec §15).
	n, err := NormalizeTimestamps(cosell.UpdateOpportunityInput, cosell.Object{{Name: "LastModifiedDate", Value: got.Get("T1")}})
	if err != nil || n.Get("LastModifiedDate") != "2024-01-01T08:20:30Z" {
		t.Errorf("normalised %v, %v", n, err)
	}
	// A date for a string member fails with its Python type.
	err = Validate("UpdateOpportunity", cosell.UpdateOpportunityInput, cosell.Object{
		{Name: "Catalog", Value: "AWS"}, {Name: "LastModifiedDate", Value: got.Get("T2")}, {Name: "Identifier", Value: "O1"},
		{Name: "LifeCycle", Value: cosell.Object{{Name: "TargetCloseDate", Value: got.Get("TargetCloseDate")}}},
	})
	wantErr := "Parameter validation failed:\nInvalid type for parameter LifeCycle.TargetCloseDate, value: 2025-03-31, type: <class 'datetime.date'>, valid types: <class 'str'>"
	if err == nil || err.(*Error).Msg != wantErr {
		t.Errorf("err = %v", err)
	}
}
