package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/cosell/cosell"
)

var _ cosell.BulkCreator = (*Store)(nil)

// CreateOpportunities implements cosell.BulkCreator: one transaction takes
// len(opps) numbers from the shared sequence (in slice order) and writes
// the records with COPY.
func (s *Store) CreateOpportunities(ctx context.Context, opps []*cosell.Opportunity) error {
	if len(opps) == 0 {
		return nil
	}
	return s.inTx(ctx, "bulk create", func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT nextval('opportunity_id') AS n FROM generate_series(1, $1) ORDER BY n`, len(opps))
		if err != nil {
			return fmt.Errorf("postgres: next ids: %w", err)
		}
		nums, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return fmt.Errorf("postgres: next ids: %w", err)
		}
		data := make([][]any, len(opps))
		for i, o := range opps {
			c := *o
			c.ID = cosell.FormatID(nums[i])
			doc, err := cosell.EncodeRecord(&c)
			if err != nil {
				return err
			}
			k := columnsOf(&c)
			data[i] = []any{nums[i], c.Catalog, k.created, k.modified, k.stage, k.review, k.company, k.close, k.owner, doc}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"opportunities"},
			[]string{"id_num", "catalog", "created", "modified", "stage", "review_status", "company_fold", "target_close", "owner", "doc"},
			pgx.CopyFromRows(data)); err != nil {
			return fmt.Errorf("postgres: bulk create: %w", err)
		}
		return nil
	})
}
