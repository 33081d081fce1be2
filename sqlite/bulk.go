package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cosell/cosell"
)

var _ cosell.BulkCreator = (*Store)(nil)

// CreateOpportunities implements cosell.BulkCreator: the whole batch is
// one request to the writer, hence one transaction, with identifiers taken
// from the same counter CreateOpportunity uses.
func (s *Store) CreateOpportunities(ctx context.Context, opps []*cosell.Opportunity) error {
	if len(opps) == 0 {
		return nil
	}
	st := &s.w.stmts
	_, err := s.w.do(ctx, func(tx *sql.Tx) (*cosell.Opportunity, error) {
		// Ten indexes take random page reads per row; with SQLite's default
		// 2 MB page cache a million-row load spends its time in pread. The
		// writer's connection keeps this larger cache from the first bulk
		// write on (memory is allocated only as pages are used; the budget
		// is in sqlite.go, "Page caches").
		if _, err := tx.Exec(fmt.Sprintf(`PRAGMA cache_size = -%d`, bulkCacheKiB)); err != nil {
			return nil, fmt.Errorf("sqlite: cache size: %w", err)
		}
		var num int64
		if err := tx.Stmt(st.nextID).QueryRow(cosell.FirstID).Scan(&num); err != nil {
			return nil, fmt.Errorf("sqlite: next id: %w", err)
		}
		insert := tx.Stmt(st.insert)
		for _, o := range opps {
			c := *o // shallow: only ID changes
			c.ID = cosell.FormatID(num)
			doc, err := cosell.EncodeRecord(&c)
			if err != nil {
				return nil, err
			}
			k := columnsOf(&c)
			if _, err := insert.Exec(num, c.Catalog, c.ID, k.created, k.modified, k.stage, k.review, k.company, k.close, k.owner, doc); err != nil {
				return nil, fmt.Errorf("sqlite: insert: %w", err)
			}
			num++
		}
		return nil, nil
	})
	return err
}
