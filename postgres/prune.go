package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/cosell/cosell"
)

// pruneEvery is how often, at most, a server drops superseded versions
// that no listing can need any more.
const pruneEvery = 10 * time.Minute

// PruneVersions drops the superseded versions (migration 2) that were
// superseded before the given instant, and reports how many. A listing
// pass lasts at most cosell.SnapshotRetention (its NextToken expires), so
// versions older than that serve nobody.
func (s *Store) PruneVersions(ctx context.Context, before time.Time) (int64, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM opportunity_versions WHERE superseded_at < $1`, before)
	if err != nil {
		return 0, fmt.Errorf("postgres: prune versions: %w", err)
	}
	return tag.RowsAffected(), nil
}

// maybePrune starts PruneVersions in the background after a write when the
// last one this server ran was more than pruneEvery ago.
func (s *Store) maybePrune() {
	now := time.Now()
	prev := s.lastPrune.Load()
	if now.UnixNano()-prev < int64(pruneEvery) || !s.lastPrune.CompareAndSwap(prev, now.UnixNano()) {
		return
	}
	go s.PruneVersions(context.Background(), now.Add(-cosell.SnapshotRetention)) //nolint:errcheck // retried pruneEvery later
}
