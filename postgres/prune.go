package postgres

import (
	"context"
	"fmt"
	"time"
)

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
