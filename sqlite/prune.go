package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/cosell/cosell"
)

// pruneEvery is how often, at most, a Store drops superseded versions that
// no listing can need any more (see maybePrune).
const pruneEvery = 10 * time.Minute

// PruneVersions drops the superseded versions (migration 3) that were
// superseded before the given instant, and reports how many. A listing
// pass lasts at most cosell.SnapshotRetention (its NextToken expires), so
// versions older than that serve nobody.
func (s *Store) PruneVersions(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	_, err := s.w.do(ctx, func(tx *sql.Tx) (*cosell.Opportunity, error) {
		res, err := tx.Exec(`DELETE FROM opportunity_versions WHERE superseded_at < ?`, before.Unix())
		if err != nil {
			return nil, fmt.Errorf("sqlite: prune versions: %w", err)
		}
		n, err = res.RowsAffected()
		return nil, err
	})
	return n, err
}

// maybePrune starts PruneVersions in the background after a write when the
// last one ran more than pruneEvery ago (or never, in this process).
func maybePrune(last *atomic.Int64, prune func(context.Context, time.Time) (int64, error)) {
	now := time.Now()
	prev := last.Load()
	if now.UnixNano()-prev < int64(pruneEvery) || !last.CompareAndSwap(prev, now.UnixNano()) {
		return
	}
	go prune(context.Background(), now.Add(-cosell.SnapshotRetention)) //nolint:errcheck // retried pruneEvery later
}
