package cosell_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/cosell/cosell"
)

// Epoch seconds are decimal text; reading them through float64 lost the
// millisecond (1795694798.985 became .984) and far-off values overflowed.
func TestTimeValue(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want string // FormatTime of the result; "" means an error
	}{
		{name: "epoch milliseconds exact", in: cosell.Number("1795694798.985"), want: "2026-11-26T12:06:38.985Z"},
		{name: "epoch milliseconds exact 2", in: cosell.Number("1772600769.623"), want: "2026-03-04T05:06:09.623Z"},
		{name: "epoch microseconds truncate", in: cosell.Number("1772600769.6239"), want: "2026-03-04T05:06:09.623Z"},
		{name: "epoch whole", in: cosell.Number("1772600768"), want: "2026-03-04T05:06:08.000Z"},
		{name: "epoch exponent", in: cosell.Number("1.795694798985e9"), want: "2026-11-26T12:06:38.985Z"},
		{name: "epoch exponent upper", in: cosell.Number("17956947989.85E-1"), want: "2026-11-26T12:06:38.985Z"},
		{name: "epoch negative", in: cosell.Number("-1.5"), want: "1969-12-31T23:59:58.500Z"},
		{name: "epoch zero", in: cosell.Number("0"), want: "1970-01-01T00:00:00.000Z"},
		{name: "epoch tiny exponent", in: cosell.Number("1e-400"), want: "1970-01-01T00:00:00.000Z"},
		{name: "epoch last representable", in: cosell.Number("253402300799.999"), want: "9999-12-31T23:59:59.999Z"},
		{name: "epoch first representable", in: cosell.Number("-62167219200"), want: "0000-01-01T00:00:00.000Z"},
		{name: "epoch year 10000", in: cosell.Number("253402300800")},
		{name: "epoch before year 0", in: cosell.Number("-62167219200.001")},
		{name: "epoch huge", in: cosell.Number("1e300")},
		{name: "epoch huge exponent", in: cosell.Number("1e400")},
		{name: "string", in: "2026-11-26T17:36:38.985+05:30", want: "2026-11-26T12:06:38.985Z"},
		{name: "string rolls past year 9999", in: "9999-12-31T23:59:59-01:00"},
		{name: "string rolls before year 0", in: "0000-01-01T00:00:00+01:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cosell.TimeValue(tt.in)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("got %s, want an error", cosell.FormatTime(got))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s := cosell.FormatTime(got); s != tt.want {
				t.Errorf("got %s, want %s", s, tt.want)
			}
		})
	}
}

// A client that sends LastModifiedDate back as epoch seconds with
// milliseconds (spec §1.3) must not get a ConflictException.
func TestUpdateEpochMilliseconds(t *testing.T) {
	e := newEnv(t)
	got := e.create("AWS", nil)
	for i := 0; i < 10; i++ {
		req := updateFrom(got)
		lmd, err := time.Parse(time.RFC3339Nano, got.Str("LastModifiedDate"))
		if err != nil {
			t.Fatal(err)
		}
		req.Set("LastModifiedDate", cosell.Number(fmt.Sprintf("%d.%03d", lmd.Unix(), lmd.Nanosecond()/1e6)))
		if _, err := e.update(req); err != nil {
			t.Fatalf("update %d with %v: %v", i, req.Get("LastModifiedDate"), err)
		}
		got = e.get("AWS", got.Str("Id"))
	}
}

// Timestamps past year 9999 (or before year 0) have no RFC 3339 form and
// rendered as sort keys out of order ("10000-…" < "2026-…"), so an After
// bound in year 10000 matched every record. They are refused.
func TestListTimeFilterRange(t *testing.T) {
	e := newEnv(t)
	e.create("AWS", nil)
	tests := []struct {
		name   string
		filter string
		member string
		value  any
		want   int // records; -1 means ValidationException
	}{
		{name: "after year 9999 epoch", filter: "LastModifiedDate", member: "AfterLastModifiedDate", value: cosell.Number("300000000000"), want: -1},
		{name: "before year 9999 epoch", filter: "LastModifiedDate", member: "BeforeLastModifiedDate", value: cosell.Number("300000000000"), want: -1},
		{name: "created after year 10000", filter: "CreatedDate", member: "AfterCreatedDate", value: cosell.Number("253402300800"), want: -1},
		{name: "after string offset past 9999", filter: "LastModifiedDate", member: "AfterLastModifiedDate", value: "9999-12-31T23:59:59-01:00", want: -1},
		{name: "after last representable instant", filter: "LastModifiedDate", member: "AfterLastModifiedDate", value: cosell.Number("253402300799.999"), want: 0},
		{name: "before last representable instant", filter: "LastModifiedDate", member: "BeforeLastModifiedDate", value: "9999-12-31T23:59:59.999Z", want: 1},
		{name: "after epoch with milliseconds", filter: "CreatedDate", member: "AfterCreatedDate", value: cosell.Number("1772600768.000"), want: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := cosell.Object{{"Catalog", "AWS"}, {tt.filter, cosell.Object{{tt.member, tt.value}}}}
			out, err := e.svc.ListOpportunities(e.ctx, req)
			if tt.want < 0 {
				reason, fields := fieldErrors(t, err)
				if reason != cosell.ValidationReasonReq || len(fields) != 1 || fields[0].FieldName != tt.filter+"."+tt.member {
					t.Errorf("got %s %v", reason, paths(fields))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n := len(out.List("OpportunitySummaries")); n != tt.want {
				t.Errorf("got %d records, want %d", n, tt.want)
			}
		})
	}
}
