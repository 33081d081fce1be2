package listsql

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cosell/cosell"
)

// TestMaybePrune: docs/architecture.md, "versions replaced more than 24
// hours ago are pruned after a write (at most every 10 minutes)".
func TestMaybePrune(t *testing.T) {
	var last atomic.Int64
	cutoffs := make(chan time.Time, 4)
	prune := func(_ context.Context, before time.Time) (int64, error) {
		cutoffs <- before
		return 0, nil
	}
	pruned := func() (time.Time, bool) {
		select {
		case c := <-cutoffs:
			return c, true
		case <-time.After(200 * time.Millisecond):
			return time.Time{}, false
		}
	}
	tests := []struct {
		name      string
		lastAgo   time.Duration // 0: leave last as the previous step left it
		wantPrune bool
	}{
		{name: "the first write prunes", wantPrune: true},
		{name: "a write right after does not", wantPrune: false},
		{name: "nor one 9 minutes after", lastAgo: 9 * time.Minute, wantPrune: false},
		{name: "one 10 minutes after does", lastAgo: PruneEvery + time.Second, wantPrune: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.lastAgo > 0 {
				last.Store(time.Now().Add(-tt.lastAgo).UnixNano())
			}
			start := time.Now()
			MaybePrune(&last, prune)
			cutoff, ok := pruned()
			if ok != tt.wantPrune {
				t.Fatalf("pruned: %v, want %v", ok, tt.wantPrune)
			}
			if ok {
				want := start.Add(-cosell.SnapshotRetention)
				if d := cutoff.Sub(want); d < 0 || d > time.Second {
					t.Errorf("cutoff %s, want about %s (24 hours before the write)", cutoff, want)
				}
			}
		})
	}
}
