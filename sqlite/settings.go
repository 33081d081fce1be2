package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/cosell/cosell"
)

// SellingSystemSettings implements cosell.Store.
func (s *Store) SellingSystemSettings(ctx context.Context, account, catalog string) (string, bool, error) {
	var arn string
	err := s.read.QueryRowContext(ctx, `SELECT role_arn FROM selling_system_settings WHERE account = ? AND catalog = ?`, account, catalog).Scan(&arn)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("sqlite: selling system settings: %w", err)
	}
	return arn, true, nil
}

// PutSellingSystemSettings implements cosell.Store: one statement on the
// writer, committed with its batch before it returns.
func (s *Store) PutSellingSystemSettings(ctx context.Context, account, catalog, roleArn string) error {
	_, err := s.w.doSingle(ctx, func(tx *sql.Tx) (*cosell.Opportunity, error) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO selling_system_settings (account, catalog, role_arn) VALUES (?, ?, ?)
			ON CONFLICT (account, catalog) DO UPDATE SET role_arn = excluded.role_arn`, account, catalog, roleArn); err != nil {
			return nil, fmt.Errorf("sqlite: put selling system settings: %w", err)
		}
		return nil, nil
	})
	return err
}
