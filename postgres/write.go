package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/listsql"
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
			out, err = readDoc(ctx, tx, o.Catalog, num, "")
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
		if _, err := tx.Exec(ctx, `INSERT INTO opportunities (id_num, catalog, created, modified, stage, review_status, company_fold, target_close, owner, doc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			num, c.Catalog, k.created, k.modified, k.stage, k.review, k.company, k.close, k.owner, doc); err != nil {
			return fmt.Errorf("postgres: insert: %w", err)
		}
		if o.Also != nil {
			if err := putItems(ctx, tx, o.Also(&c)); err != nil {
				return err
			}
		}
		out, err = cosell.DecodeRecord(doc)
		if err == nil && time.Since(stamped) > cosell.MaxCommitLag {
			return cosell.ErrCommitLag // rolled back: nothing written
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// readDoc reads a record inside tx; lock is "" or a locking clause.
func readDoc(ctx context.Context, tx pgx.Tx, catalog string, num int64, lock string) (*cosell.Opportunity, error) {
	var doc []byte
	err := tx.QueryRow(ctx, `SELECT doc FROM opportunities WHERE id_num = $1 AND catalog = $2`+lock, num, catalog).Scan(&doc)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(catalog, cosell.FormatID(num))
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: read %s: %w", cosell.FormatID(num), err)
	}
	return cosell.DecodeRecord(doc)
}

// UpdateOpportunity implements cosell.Store. fn runs while this transaction
// holds the record's row lock (FOR UPDATE): another server's update of the
// record waits until this one commits or rolls back, then reads the record
// this one wrote. Hence fn always sees the newest LastModifiedDate, and the
// domain's max(now, previous+1ms) keeps it strictly increasing even when
// the servers' clocks disagree (spec §2.1).
func (s *Store) UpdateOpportunity(ctx context.Context, catalog, id string, fn func(*cosell.Opportunity) error) (*cosell.Opportunity, error) {
	if !validID(id) {
		return nil, notFound(catalog, id)
	}
	num := cosell.IDNumber(id)
	var out *cosell.Opportunity
	var err error
	// A commit too late for fn's timestamp rolls back and runs fn again.
	for try := 1; try == 1 || errors.Is(err, cosell.ErrCommitLag) && try <= commitLagTries; try++ {
		err = s.updateOnce(ctx, catalog, id, num, fn, &out)
	}
	if err != nil {
		return nil, err
	}
	listsql.MaybePrune(&s.lastPrune, s.PruneVersions)
	return out, nil
}

// commitLagTries bounds UpdateOpportunity's attempts against
// cosell.ErrCommitLag.
const commitLagTries = 3

func (s *Store) updateOnce(ctx context.Context, catalog, id string, num int64, fn func(*cosell.Opportunity) error, out **cosell.Opportunity) error {
	return s.inTx(ctx, "update "+id, func(tx pgx.Tx) error {
		o, err := readDoc(ctx, tx, catalog, num, " FOR UPDATE")
		if err != nil {
			return err
		}
		prepared := time.Now()
		if err := fn(o); err != nil {
			return err
		}
		o.Catalog, o.ID = catalog, id // the key is not fn's to change
		doc, err := cosell.EncodeRecord(o)
		if err != nil {
			return err
		}
		k := columnsOf(o)
		if _, err := tx.Exec(ctx, `UPDATE opportunities SET created = $1, modified = $2, stage = $3, review_status = $4, company_fold = $5, target_close = $6, owner = $7, doc = $8 WHERE id_num = $9`,
			k.created, k.modified, k.stage, k.review, k.company, k.close, k.owner, doc, num); err != nil {
			return fmt.Errorf("postgres: update %s: %w", id, err)
		}
		if o.Also != nil {
			if err := putItems(ctx, tx, o.Also(o)); err != nil {
				return err
			}
		}
		if *out, err = cosell.DecodeRecord(doc); err != nil {
			return err
		}
		if time.Since(prepared) > cosell.MaxCommitLag {
			return cosell.ErrCommitLag // rolled back: nothing written
		}
		return nil
	})
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
