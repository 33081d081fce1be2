package storetest

import (
	"context"
	"testing"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp"
)

// testCancelled checks "an error means nothing was written" for a caller
// whose context has ended: a backend may still complete the write (then it
// must answer it) or refuse it (then nothing may be stored).
func testCancelled(t *testing.T, open func(*testing.T) cosell.Store) {
	s := open(t)
	existing := mustCreate(t, s, opp(spec{stage: "Prospect"}))
	done, cancel := context.WithCancel(ctx(t))
	cancel()

	for range 20 { // a backend may race the cancellation: try both outcomes
		before := count(t, s, "AWS")
		o, err := s.CreateOpportunity(done, opp(spec{stage: "Prospect"}), "", "")
		switch after := count(t, s, "AWS"); {
		case err != nil && after != before:
			t.Fatalf("create failed (%v) but stored a record", err)
		case err == nil && (o == nil || after != before+1):
			t.Fatalf("create succeeded but %d records, want %d", after, before+1)
		}

		prev := mustGet(t, s, "AWS", existing.ID)
		got, err := s.UpdateOpportunity(done, "AWS", existing.ID, increment)
		now := mustGet(t, s, "AWS", existing.ID)
		switch {
		case err != nil:
			if diff := cmp.Diff(prev, now, cmpEmpty); diff != "" {
				t.Fatalf("update failed (%v) but changed the record (-before +after):\n%s", err, diff)
			}
		case got == nil:
			t.Fatal("update succeeded without a record")
		default:
			if diff := cmp.Diff(got, now, cmpEmpty); diff != "" {
				t.Fatalf("update succeeded but stored another record (-answer +stored):\n%s", diff)
			}
		}
	}
}
