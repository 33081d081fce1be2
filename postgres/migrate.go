package postgres

import (
	"context"
	"crypto/rand"
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

	// Snapshots for ListOpportunities (cosell.ListQuery.AsOf) are
	// PostgreSQL's own: a pg_snapshot, and the id of the transaction that
	// wrote each version (xid; rows older than this migration get 2, the
	// frozen id every snapshot sees). Servers commit in any order, so no
	// counter could tell which writes a reader saw; a snapshot can
	// (pg_visible_in_snapshot). A trigger stamps every UPDATE with its
	// transaction and keeps the superseded version (its document, filter
	// and sort columns) in opportunity_versions, with both transaction
	// ids, so that a listing as of a snapshot finds and returns a record as
	// it was then;
	// rows superseded by a transaction older than the snapshot's xmin are
	// never needed (index ver_since). token_key holds the NextToken secret
	// all servers share.
	`ALTER TABLE opportunities ADD COLUMN xid xid8 NOT NULL DEFAULT '2';
	ALTER TABLE opportunities ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
	CREATE TABLE opportunity_versions (
		id_num        bigint NOT NULL,
		catalog       text COLLATE "C" NOT NULL,
		from_xid      xid8 NOT NULL,
		to_xid        xid8 NOT NULL,
		superseded_at timestamptz NOT NULL DEFAULT now(),
		created       text COLLATE "C" NOT NULL,
		modified      text COLLATE "C" NOT NULL,
		stage         text COLLATE "C" NOT NULL,
		review_status text COLLATE "C" NOT NULL,
		company_fold  bytea NOT NULL,
		target_close  text COLLATE "C" NOT NULL,
		doc           bytea NOT NULL
	);
	CREATE INDEX ver_since ON opportunity_versions (catalog, to_xid);
	CREATE INDEX ver_age   ON opportunity_versions (superseded_at);
	CREATE FUNCTION opp_keep_version() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		NEW.xid := pg_current_xact_id();
		INSERT INTO opportunity_versions (id_num, catalog, from_xid, to_xid, created, modified, stage, review_status, company_fold, target_close, doc)
		VALUES (OLD.id_num, OLD.catalog, OLD.xid, NEW.xid, OLD.created, OLD.modified, OLD.stage, OLD.review_status, OLD.company_fold, OLD.target_close, OLD.doc);
		RETURN NEW;
	END $$;
	CREATE TRIGGER opp_keep_version BEFORE UPDATE ON opportunities FOR EACH ROW EXECUTE FUNCTION opp_keep_version();
	CREATE TABLE token_key (key bytea NOT NULL);`,

	// PutSellingSystemSettings: one role ARN per (account, catalog), ""
	// for a Put without a role (issue 8).
	`CREATE TABLE selling_system_settings (
		account  text COLLATE "C" NOT NULL,
		catalog  text COLLATE "C" NOT NULL,
		role_arn text NOT NULL,
		PRIMARY KEY (account, catalog)
	);`,

	// cosell.ItemStore: the engagement family's documents, opaque to the
	// store, by (kind, catalog, id); COLLATE "C" keys the primary key in
	// the byte order ItemTx.Scan promises.
	`CREATE TABLE items (
		kind    text COLLATE "C" NOT NULL,
		catalog text COLLATE "C" NOT NULL,
		id      text COLLATE "C" NOT NULL,
		doc     bytea NOT NULL,
		PRIMARY KEY (kind, catalog, id)
	);`,

	// Opportunity.Owner as a column, so ListOpportunities filters by owner
	// in SQL (cosell.ListQuery.Owners), in both the current rows and the
	// superseded versions: the trigger function now keeps the owner a
	// version had. Rows from before get '' (records stored before owners
	// existed), which their documents also decode to.
	`ALTER TABLE opportunities ADD COLUMN owner text COLLATE "C" NOT NULL DEFAULT '';
	ALTER TABLE opportunity_versions ADD COLUMN owner text COLLATE "C" NOT NULL DEFAULT '';
	CREATE OR REPLACE FUNCTION opp_keep_version() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		NEW.xid := pg_current_xact_id();
		INSERT INTO opportunity_versions (id_num, catalog, from_xid, to_xid, created, modified, stage, review_status, company_fold, target_close, doc, owner)
		VALUES (OLD.id_num, OLD.catalog, OLD.xid, NEW.xid, OLD.created, OLD.modified, OLD.stage, OLD.review_status, OLD.company_fold, OLD.target_close, OLD.doc, OLD.owner);
		RETURN NEW;
	END $$;`,
}

// tokenKey returns the database's NextToken key, made by the first server
// that asks (a racing second insert finds the first's row).
func tokenKey(ctx context.Context, pool *pgxpool.Pool) ([]byte, error) {
	fresh := make([]byte, 32)
	rand.Read(fresh) //nolint:errcheck // crypto/rand.Read never fails
	var key []byte
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE token_key IN EXCLUSIVE MODE`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO token_key (key) SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM token_key)`, fresh); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT key FROM token_key LIMIT 1`).Scan(&key)
	})
	if err != nil {
		return nil, fmt.Errorf("token key: %w", err)
	}
	return key, nil
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
