package output

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cosell/cosell"
)

func withZone(t *testing.T, name string) {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("zone %s: %v", name, err)
	}
	old := time.Local
	time.Local = loc
	t.Cleanup(func() { time.Local = old })
}

// spec §15 "Timestamps in output".
func TestShapeTimestamps(t *testing.T) {
	tests := []struct {
		name   string
		zone   string
		format string
		in     any
		want   any
	}{
		{name: "millis Z", zone: "UTC", format: "iso8601", in: "2025-01-02T03:04:05.123Z", want: "2025-01-02T03:04:05.123000+00:00"},
		{name: "zero fraction dropped", zone: "UTC", format: "iso8601", in: "2025-01-02T03:04:05.000Z", want: "2025-01-02T03:04:05+00:00"},
		{name: "whole seconds", zone: "UTC", format: "iso8601", in: "2025-01-02T03:04:05Z", want: "2025-01-02T03:04:05+00:00"},
		{name: "default is iso8601", zone: "UTC", format: "", in: "2025-01-02T03:04:05Z", want: "2025-01-02T03:04:05+00:00"},
		{name: "offset kept", zone: "UTC", format: "iso8601", in: "2025-01-02T03:04:05+05:30", want: "2025-01-02T03:04:05+05:30"},
		{name: "nanos truncated", zone: "UTC", format: "iso8601", in: "2025-01-02T03:04:05.123456789Z", want: "2025-01-02T03:04:05.123456+00:00"},
		{name: "naive stays naive", zone: "UTC", format: "iso8601", in: "2025-01-02T03:04:05", want: "2025-01-02T03:04:05"},
		{name: "epoch UTC", zone: "UTC", format: "iso8601", in: cosell.Number("1735787045.5"), want: "2025-01-02T03:04:05.500000+00:00"},
		{name: "epoch New York", zone: "America/New_York", format: "iso8601", in: cosell.Number("1735787045.5"), want: "2025-01-01T22:04:05.500000-05:00"},
		{name: "epoch string", zone: "UTC", format: "iso8601", in: "1735787045", want: "2025-01-02T03:04:05+00:00"},
		{name: "unparseable left alone", zone: "UTC", format: "iso8601", in: "soon", want: "soon"},
		{name: "wire string unchanged", zone: "UTC", format: "wire", in: "2025-01-02T03:04:05.123Z", want: "2025-01-02T03:04:05.123Z"},
		{name: "wire number unchanged", zone: "UTC", format: "wire", in: cosell.Number("1735787045.5"), want: cosell.Number("1735787045.5")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			withZone(t, tc.zone)
			doc := cosell.Object{{Name: "Id", Value: "O1"}, {Name: "LastModifiedDate", Value: tc.in}}
			got := Shape(doc, cosell.UpdateOpportunityOutput, tc.format)
			want := cosell.Object{{Name: "Id", Value: "O1"}, {Name: "LastModifiedDate", Value: tc.want}}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// spec §11: only modelled members, in model order, nulls dropped.
func TestShapeMembers(t *testing.T) {
	tests := []struct {
		name  string
		shape *cosell.Shape
		in    any
		want  any
	}{
		{
			name:  "model order, unknown dropped",
			shape: cosell.UpdateOpportunityOutput,
			in:    cosell.Object{{Name: "Extra", Value: "x"}, {Name: "LastModifiedDate", Value: "2025-01-02T03:04:05Z"}, {Name: "Id", Value: "O1"}},
			want:  cosell.Object{{Name: "Id", Value: "O1"}, {Name: "LastModifiedDate", Value: "2025-01-02T03:04:05+00:00"}},
		},
		{
			name:  "null members dropped",
			shape: cosell.UpdateOpportunityOutput,
			in:    cosell.Object{{Name: "Id", Value: nil}, {Name: "LastModifiedDate", Value: "2025-01-02T03:04:05Z"}},
			want:  cosell.Object{{Name: "LastModifiedDate", Value: "2025-01-02T03:04:05+00:00"}},
		},
		{name: "empty body", shape: cosell.UpdateOpportunityOutput, in: nil, want: cosell.Object{}},
		{name: "operation without output", shape: nil, in: cosell.Object{{Name: "Id", Value: "O1"}}, want: cosell.Object{}},
		{
			name:  "nested list of structures",
			shape: cosell.ListOpportunitiesOutput,
			in: cosell.Object{{Name: "NextToken", Value: "t"}, {Name: "OpportunitySummaries", Value: []any{
				cosell.Object{{Name: "LifeCycle", Value: cosell.Object{{Name: "Bogus", Value: "1"}, {Name: "Stage", Value: "Prospect"}}}, {Name: "Id", Value: "O1"}},
			}}},
			want: cosell.Object{{Name: "OpportunitySummaries", Value: []any{
				cosell.Object{{Name: "Id", Value: "O1"}, {Name: "LifeCycle", Value: cosell.Object{{Name: "Stage", Value: "Prospect"}}}},
			}}, {Name: "NextToken", Value: "t"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			withZone(t, "UTC")
			if diff := cmp.Diff(tc.want, Shape(tc.in, tc.shape, "iso8601")); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestCheckTimestampFormat(t *testing.T) {
	tests := []struct {
		name, value string
		wantErr     string
	}{
		{name: "default", value: ""},
		{name: "iso8601", value: "iso8601"},
		{name: "wire", value: "wire"},
		{name: "v1 none rejected", value: "none", wantErr: "\nUnknown cli_timestamp_format value: none, valid values are \"wire\" or \"iso8601\"\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckTimestampFormat(tc.value)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok || e.Msg != tc.wantErr || e.Exit != 253 {
				t.Fatalf("got %#v, want %q exit 253", err, tc.wantErr)
			}
		})
	}
}
