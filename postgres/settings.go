package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// SellingSystemSettings implements cosell.Store.
func (s *Store) SellingSystemSettings(ctx context.Context, account, catalog string) (string, bool, error) {
	var arn string
	err := s.retryRead(ctx, func() error {
		return s.pool.QueryRow(ctx, `SELECT role_arn FROM selling_system_settings WHERE account = $1 AND catalog = $2`, account, catalog).Scan(&arn)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("postgres: selling system settings: %w", err)
	}
	return arn, true, nil
}

// PutSellingSystemSettings implements cosell.Store: one upsert, so two
// servers putting at once leave one of the two values, never an error.
func (s *Store) PutSellingSystemSettings(ctx context.Context, account, catalog, roleArn string) error {
	return s.inTx(ctx, "put selling system settings", func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO selling_system_settings (account, catalog, role_arn) VALUES ($1, $2, $3)
			ON CONFLICT (account, catalog) DO UPDATE SET role_arn = EXCLUDED.role_arn`, account, catalog, roleArn)
		return err
	})
}
