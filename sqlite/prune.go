package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/cosell/cosell"
)

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
