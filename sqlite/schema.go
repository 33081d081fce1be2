package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
)

// migrations are applied in order at Open; migration i brings the schema to
// version i+1, recorded in schema_version. Never edit a released migration:
// append a new one.
//
// Records are cosell.EncodeRecord documents in doc; the other columns copy
// the fields ListOpportunities filters and sorts on, in the forms
// cosell.SortKey renders (times as cosell.TimeKey, company names folded, ""
// for a missing value), so that keyset pagination compares exactly what the
// cursor holds. id_num is the rowid: one counter for both catalogs.
var migrations = []string{
	`CREATE TABLE opportunities (
		id_num        INTEGER PRIMARY KEY,
		catalog       TEXT NOT NULL,
		id            TEXT NOT NULL,
		created       TEXT NOT NULL,
		modified      TEXT NOT NULL,
		stage         TEXT NOT NULL,
		review_status TEXT NOT NULL,
		company_fold  TEXT NOT NULL,
		target_close  TEXT NOT NULL,
		doc           BLOB NOT NULL
	);
	CREATE INDEX opp_catalog       ON opportunities (catalog, id_num);
	CREATE INDEX opp_modified      ON opportunities (catalog, modified, id_num);
	CREATE INDEX opp_created       ON opportunities (catalog, created, id_num);
	CREATE INDEX opp_company       ON opportunities (catalog, company_fold, id_num);
	CREATE INDEX opp_close         ON opportunities (catalog, target_close, id_num);
	CREATE INDEX opp_stage         ON opportunities (catalog, stage, id_num);
	CREATE INDEX opp_stage_modified ON opportunities (catalog, stage, modified, id_num);
	CREATE INDEX opp_stage_created  ON opportunities (catalog, stage, created, id_num);
	CREATE INDEX opp_stage_company  ON opportunities (catalog, stage, company_fold, id_num);
	CREATE INDEX opp_stage_close    ON opportunities (catalog, stage, target_close, id_num);
	CREATE TABLE client_tokens (
		catalog     TEXT NOT NULL,
		token       TEXT NOT NULL,
		id_num      INTEGER NOT NULL,
		fingerprint TEXT NOT NULL,
		PRIMARY KEY (catalog, token)
	) WITHOUT ROWID;`,

	// version counts the writes of a record (every UPDATE adds one), so an
	// optimistic UpdateOpportunity can write only if the row is still the
	// one it read (see update.go). LastModifiedDate cannot serve: a fn need
	// not change it. ADD COLUMN with a constant default rewrites no row.
	`ALTER TABLE opportunities ADD COLUMN version INTEGER NOT NULL DEFAULT 0;`,

	// Snapshots for ListOpportunities (cosell.ListQuery.AsOf). seq is the
	// store-wide change number of a record's newest version: every INSERT
	// and UPDATE takes MAX(seq)+1 inside the write transaction (one writer
	// at a time, SQLite's write lock), so seq order is commit order and a
	// reader that sees MAX(seq) = S sees every change numbered S or less.
	// Each UPDATE's trigger keeps the superseded version (its document and
	// filter and sort columns), valid for changes [from_seq, to_seq), so a
	// listing as of S finds and returns a record as it was then. Old rows
	// (seq 0) exist at every snapshot.
	// superseded_at (Unix seconds) lets the writer drop versions older than
	// cosell.SnapshotRetention. token_key holds the NextToken secret.
	`ALTER TABLE opportunities ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
	CREATE INDEX opp_seq ON opportunities (seq);
	CREATE TABLE opportunity_versions (
		id_num        INTEGER NOT NULL,
		catalog       TEXT NOT NULL,
		from_seq      INTEGER NOT NULL,
		to_seq        INTEGER NOT NULL,
		superseded_at INTEGER NOT NULL,
		created       TEXT NOT NULL,
		modified      TEXT NOT NULL,
		stage         TEXT NOT NULL,
		review_status TEXT NOT NULL,
		company_fold  TEXT NOT NULL,
		target_close  TEXT NOT NULL,
		doc           BLOB NOT NULL
	);
	CREATE INDEX ver_since ON opportunity_versions (catalog, to_seq);
	CREATE INDEX ver_age   ON opportunity_versions (superseded_at);
	CREATE TRIGGER opp_keep_version AFTER UPDATE OF seq ON opportunities BEGIN
		INSERT INTO opportunity_versions VALUES (OLD.id_num, OLD.catalog, OLD.seq, NEW.seq,
			CAST(strftime('%s', 'now') AS INTEGER),
			OLD.created, OLD.modified, OLD.stage, OLD.review_status, OLD.company_fold, OLD.target_close, OLD.doc);
	END;
	CREATE TABLE token_key (key BLOB NOT NULL);`,

	// PutSellingSystemSettings: one role ARN per (account, catalog), ""
	// for a Put without a role (issue 8).
	`CREATE TABLE selling_system_settings (
		account  TEXT NOT NULL,
		catalog  TEXT NOT NULL,
		role_arn TEXT NOT NULL,
		PRIMARY KEY (account, catalog)
	) WITHOUT ROWID;`,

	// cosell.ItemStore: the engagement family's documents, opaque to the
	// store, by (kind, catalog, id). TEXT compares with BINARY (memcmp), so
	// the key's order is the byte order ItemTx.Scan promises.
	`CREATE TABLE items (
		kind    TEXT NOT NULL,
		catalog TEXT NOT NULL,
		id      TEXT NOT NULL,
		doc     BLOB NOT NULL,
		PRIMARY KEY (kind, catalog, id)
	) WITHOUT ROWID;`,

	// Opportunity.Owner as a column, so ListOpportunities filters by owner
	// in SQL (cosell.ListQuery.Owners), in both the current rows and the
	// superseded versions: a version keeps the owner it had. Rows from
	// before get '' (records stored before owners existed), which their
	// documents also decode to. The trigger of migration 3 inserts by
	// position, which the new column of opportunity_versions breaks: it is
	// replaced by one naming its columns.
	`ALTER TABLE opportunities ADD COLUMN owner TEXT NOT NULL DEFAULT '';
	ALTER TABLE opportunity_versions ADD COLUMN owner TEXT NOT NULL DEFAULT '';
	DROP TRIGGER opp_keep_version;
	CREATE TRIGGER opp_keep_version AFTER UPDATE OF seq ON opportunities BEGIN
		INSERT INTO opportunity_versions (id_num, catalog, from_seq, to_seq, superseded_at,
			created, modified, stage, review_status, company_fold, target_close, doc, owner)
		VALUES (OLD.id_num, OLD.catalog, OLD.seq, NEW.seq, CAST(strftime('%s', 'now') AS INTEGER),
			OLD.created, OLD.modified, OLD.stage, OLD.review_status, OLD.company_fold, OLD.target_close, OLD.doc, OLD.owner);
	END;`,
}

// nextSeq is the change number a write takes (see migration 3).
const nextSeq = `(SELECT COALESCE(MAX(seq), 0) + 1 FROM opportunities)`

// ErrSchemaTooNew reports a database written by a newer cosell.
var ErrSchemaTooNew = errors.New("database schema is newer than this cosell knows; upgrade cosell")

// migrate brings db's schema to the newest version in one write
// transaction, so two processes opening a fresh file cannot both apply it,
// and returns the database's NextToken key (made on first use).
func migrate(ctx context.Context, db *sql.DB) ([]byte, error) {
	if err := migrateSchema(ctx, db); err != nil {
		return nil, err
	}
	fresh := make([]byte, 32)
	rand.Read(fresh) //nolint:errcheck // crypto/rand.Read never fails
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("token key: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if _, err := tx.ExecContext(ctx, `INSERT INTO token_key (key) SELECT ? WHERE NOT EXISTS (SELECT 1 FROM token_key)`, fresh); err != nil {
		return nil, fmt.Errorf("token key: %w", err)
	}
	var key []byte
	if err := tx.QueryRowContext(ctx, `SELECT key FROM token_key LIMIT 1`).Scan(&key); err != nil {
		return nil, fmt.Errorf("token key: %w", err)
	}
	return key, tx.Commit()
}

func migrateSchema(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil) // BEGIN IMMEDIATE (the writer DSN's _txlock)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var v int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&v); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("%w (database version %d, newest known %d)", ErrSchemaTooNew, v, len(migrations))
	}
	for i := v; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("migrate to version %d: %w", i+1, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (?)`, i+1); err != nil {
			return fmt.Errorf("migrate to version %d: %w", i+1, err)
		}
	}
	return tx.Commit()
}
