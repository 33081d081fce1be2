package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cosell/cosell"
)

// columns are a record's indexed columns, rendered as cosell.SortKey does,
// and its owner (a filter column).
type columns struct {
	created, modified, stage, review, close, owner string
	company                                        []byte
}

func columnsOf(o *cosell.Opportunity) columns {
	return columns{
		created:  cosell.TimeKey(o.CreatedDate),
		modified: cosell.TimeKey(o.LastModifiedDate),
		stage:    o.Stage(),
		review:   o.ReviewStatus(),
		company:  []byte(cosell.Fold(o.CompanyName())),
		close:    o.TargetCloseDate(),
		owner:    o.Owner,
	}
}

// inTx runs body in one transaction and commits it. body's error comes back
// as the very value body returned (the domain's errors must pass through
// untouched); nothing body wrote survives it. Its outcome feeds the
// disk-full readiness state (diskfull.go).
func (s *Store) inTx(ctx context.Context, what string, body func(pgx.Tx) error) (err error) {
	defer func() { s.disk.observe(err) }()
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: %s: begin: %w", what, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // after Commit a no-op; a dead connection rolls back by itself
	if err := body(tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: %s: commit: %w", what, err)
	}
	return nil
}

func errTokenConflict() error {
	return cosell.Errorf(cosell.ConflictError, "Conflicting client token submitted for a new request body.")
}

// CreateOpportunity implements cosell.Store. The token is claimed with an
// INSERT … ON CONFLICT DO NOTHING before the record is written: when another
// server's transaction holds the same (catalog, token), PostgreSQL makes
// this one wait for it, and if it committed, the claim inserts nothing and
// this create answers with the winner's record (same fingerprint) or
// ConflictError (another one), writing nothing itself.
func (s *Store) CreateOpportunity(ctx context.Context, o *cosell.Opportunity, token, fingerprint string) (*cosell.Opportunity, error) {
	var out *cosell.Opportunity
	var written struct { // the new record's version, cached once committed
		num int64
		xid string
		v   *version
	}
	stamped := time.Now() // o's LastModifiedDate was just taken
	err := s.inTx(ctx, "create", func(tx pgx.Tx) error {
		replay := func() (bool, error) {
			var num int64
			var fp string
			err := tx.QueryRow(ctx, `SELECT id_num, fingerprint FROM client_tokens WHERE catalog = $1 AND token = $2`, o.Catalog, []byte(token)).Scan(&num, &fp)
			switch {
			case errors.Is(err, pgx.ErrNoRows):
				return false, nil
			case err != nil:
				return false, fmt.Errorf("postgres: client token: %w", err)
			case fp != fingerprint:
				return true, errTokenConflict()
			}
			out, err = readDoc(ctx, tx, o.Catalog, num)
			return true, err
		}
		if token != "" {
			if done, err := replay(); done || err != nil {
				return err
			}
		}
		var num int64
		if err := tx.QueryRow(ctx, `SELECT nextval('opportunity_id')`).Scan(&num); err != nil {
			return fmt.Errorf("postgres: next id: %w", err)
		}
		if token != "" {
			tag, err := tx.Exec(ctx, `INSERT INTO client_tokens (catalog, token, id_num, fingerprint) VALUES ($1, $2, $3, $4) ON CONFLICT (catalog, token) DO NOTHING`,
				o.Catalog, []byte(token), num, fingerprint)
			if err != nil {
				return fmt.Errorf("postgres: client token: %w", err)
			}
			if tag.RowsAffected() == 0 { // a racing create with this token committed first
				if done, err := replay(); done || err != nil {
					return err
				}
				return fmt.Errorf("postgres: client token %q claimed but not found", token)
			}
		}
		c := *o // shallow: only ID changes, and EncodeRecord copies the rest
		c.ID = cosell.FormatID(num)
		doc, err := cosell.EncodeRecord(&c)
		if err != nil {
			return err
		}
		k := columnsOf(&c)
		if err := tx.QueryRow(ctx, `INSERT INTO opportunities (id_num, catalog, created, modified, stage, review_status, company_fold, target_close, owner, doc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING xid::text`,
			num, c.Catalog, k.created, k.modified, k.stage, k.review, k.company, k.close, k.owner, doc).Scan(&written.xid); err != nil {
			return fmt.Errorf("postgres: insert: %w", err)
		}
		if o.Also != nil {
			if err := putItems(ctx, tx, o.Also(&c)); err != nil {
				return err
			}
		}
		written.num, written.v = num, &version{catalog: c.Catalog, doc: doc, xid: written.xid}
		out, err = cosell.DecodeRecord(doc)
		if err == nil && time.Since(stamped) > cosell.MaxCommitLag {
			return cosell.ErrCommitLag // rolled back: nothing written
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if written.v != nil {
		s.versions.put(written.num, written.v)
	}
	return out, nil
}

// readDoc reads a record inside tx.
func readDoc(ctx context.Context, tx pgx.Tx, catalog string, num int64) (*cosell.Opportunity, error) {
	var doc []byte
	err := tx.QueryRow(ctx, `SELECT doc FROM opportunities WHERE id_num = $1 AND catalog = $2`, num, catalog).Scan(&doc)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(catalog, cosell.FormatID(num))
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: read %s: %w", cosell.FormatID(num), err)
	}
	return cosell.DecodeRecord(doc)
}

// putItems writes the items a record's Also gave inside the record's own
// transaction.
func putItems(ctx context.Context, tx pgx.Tx, items []*cosell.Item) error {
	for _, it := range items {
		if _, err := tx.Exec(ctx, `INSERT INTO items (kind, catalog, id, doc) VALUES ($1, $2, $3, $4)
			ON CONFLICT (kind, catalog, id) DO UPDATE SET doc = excluded.doc`, string(it.Kind), it.Catalog, it.ID, it.Doc); err != nil {
			return fmt.Errorf("postgres: item %s %s: %w", it.Kind, it.ID, err)
		}
	}
	return nil
}
