package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cosell/cosell"
)

// migrations are applied in order at Open, each in its own transaction;
// migration i brings the schema to version i+1, recorded in
// schema_migrations. Never edit a released migration: append a new one.
//
// Records are cosell.EncodeRecord documents in doc (bytea: the exact bytes
// every backend stores); the other columns copy what ListOpportunities
// filters and sorts on, in the forms cosell.SortKey renders (times as
// cosell.TimeKey, company names folded, "" for a missing value), so keyset
// pagination compares exactly what a cursor holds. SortKey promises byte
// order, so text keys are COLLATE "C" and free text (company names, client
// tokens) is bytea, which also accepts any character a JSON string can
// carry. Every sort has an index on (catalog, key, id_num) and, for the
// stage filter, (catalog, stage, key, id_num): a page costs its size, not
// the table's (docs/decisions.md "PostgreSQL backend").
var migrations = []string{
	fmt.Sprintf(`CREATE SEQUENCE opportunity_id START WITH %d;
	CREATE TABLE opportunities (
		id_num        bigint PRIMARY KEY,
		catalog       text COLLATE "C" NOT NULL,
		created       text COLLATE "C" NOT NULL,
		modified      text COLLATE "C" NOT NULL,
		stage         text COLLATE "C" NOT NULL,
		review_status text COLLATE "C" NOT NULL,
		company_fold  bytea NOT NULL,
		target_close  text COLLATE "C" NOT NULL,
		doc           bytea NOT NULL
	);
	CREATE INDEX opp_catalog        ON opportunities (catalog, id_num);
	CREATE INDEX opp_modified       ON opportunities (catalog, modified, id_num);
	CREATE INDEX opp_created        ON opportunities (catalog, created, id_num);
	CREATE INDEX opp_company        ON opportunities (catalog, company_fold, id_num);
	CREATE INDEX opp_close          ON opportunities (catalog, target_close, id_num);
	CREATE INDEX opp_stage          ON opportunities (catalog, stage, id_num);
	CREATE INDEX opp_stage_modified ON opportunities (catalog, stage, modified, id_num);
	CREATE INDEX opp_stage_created  ON opportunities (catalog, stage, created, id_num);
	CREATE INDEX opp_stage_company  ON opportunities (catalog, stage, company_fold, id_num);
	CREATE INDEX opp_stage_close    ON opportunities (catalog, stage, target_close, id_num);
	CREATE TABLE client_tokens (
		catalog     text COLLATE "C" NOT NULL,
		token       bytea NOT NULL,
		id_num      bigint NOT NULL REFERENCES opportunities DEFERRABLE INITIALLY DEFERRED,
		fingerprint text NOT NULL,
		PRIMARY KEY (catalog, token)
	);`, cosell.FirstID),
}

// ErrSchemaTooNew reports a database written by a newer cosell.
var ErrSchemaTooNew = errors.New("database schema is newer than this cosell knows; upgrade cosell (or point it at another database)")

// SchemaVersion is the newest schema version this cosell knows.
func SchemaVersion() int { return len(migrations) }

// lockClass is the first key of the migration advisory lock ("cos"); the
// second is the target search_path, so servers of other schemas don't wait.
const lockClass = 0x636f73

// migrate brings the schema to the newest version. A session advisory lock
// makes servers starting together take turns: the first migrates, the
// others then find nothing to do.
func migrate(ctx context.Context, pool *pgxpool.Pool, schema string) (err error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1, hashtext(current_setting('search_path')))`, lockClass); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	defer func() {
		if _, uerr := conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1, hashtext(current_setting('search_path')))`, lockClass); uerr != nil {
			conn.Conn().Close(context.Background()) //nolint:errcheck // ending the session drops the lock
		}
	}()
	if schema != "" {
		if _, err := conn.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{schema}.Sanitize()); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer PRIMARY KEY,
		applied_at timestamptz NOT NULL DEFAULT now()
	)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var v int
	if err := conn.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("%w (database version %d, newest known %d)", ErrSchemaTooNew, v, len(migrations))
	}
	for i := v; i < len(migrations); i++ {
		if err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, migrations[i]); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version) VALUES ($1)`, i+1)
			return err
		}); err != nil {
			return fmt.Errorf("migrate to version %d: %w", i+1, err)
		}
	}
	return nil
}
