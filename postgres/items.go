package postgres

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/cosell/cosell"
)

var (
	errItemsReadOnly = errors.New("postgres: write in a read-only item transaction (ViewItems)")
	errItemTxDone    = errors.New("postgres: item transaction used after its UpdateItems or ViewItems returned")
)

// itemTries bounds UpdateItems' attempts against serialization failures
// and deadlocks. Losers fail fast (PostgreSQL reports the conflict at the
// write or the commit) and back off with jitter, so with the pool's few
// connections racing for one row the chance of losing every attempt is
// negligible; a store that does is overloaded: cosell.ErrItemContention.
const itemTries = 64

// UpdateItems implements cosell.ItemStore: fn runs in a SERIALIZABLE
// transaction, so PostgreSQL makes it serial with every other UpdateItems
// of every server on the schema, or fails it with a serialization failure
// (40001) or a deadlock (40P01); then nothing was written and fn runs
// again in a new transaction, after a jittered backoff, while ctx lasts and
// up to itemTries times. A statement that fails inside fn fails the call
// even if fn ignores the error (PostgreSQL has aborted the transaction);
// fn's own error is returned untouched.
func (s *Store) UpdateItems(ctx context.Context, fn func(cosell.ItemTx) error) error {
	for try := 1; ; try++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := s.updateItemsOnce(ctx, fn)
		if !retryable(err) {
			return err
		}
		if try == itemTries {
			return cosell.ErrItemContention
		}
		backoff := time.Duration(rand.Int64N(int64(min(time.Millisecond<<min(try, 6), 50*time.Millisecond)))) // full jitter, ≤ 50ms
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
	}
}

func (s *Store) updateItemsOnce(ctx context.Context, fn func(cosell.ItemTx) error) (err error) {
	defer func() { s.disk.observe(err) }()
	tx, err := s.beginIso(ctx, pgx.TxOptions{IsoLevel: pgx.Serializable})
	if err != nil {
		return fmt.Errorf("postgres: update items: begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // after Commit a no-op; a dead connection rolls back by itself
	t := &itemTx{ctx: ctx, tx: tx}
	defer t.close()
	fnErr := fn(t)
	if retryable(t.err) {
		return t.err // fn decided on a transaction that cannot commit: run it again
	}
	if fnErr != nil {
		return fnErr
	}
	if t.err != nil {
		return t.err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: update items: commit: %w", err)
	}
	return nil
}

// ViewItems implements cosell.ItemStore: fn reads in one REPEATABLE READ
// READ ONLY transaction, one snapshot of the committed state throughout.
func (s *Store) ViewItems(ctx context.Context, fn func(cosell.ItemTx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	tx, err := s.beginIso(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return fmt.Errorf("postgres: view items: begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // read only: nothing to keep
	t := &itemTx{ctx: ctx, tx: tx, readOnly: true}
	defer t.close()
	if err := fn(t); err != nil {
		return err
	}
	return t.err
}

// beginIso starts a transaction with opts, retrying BEGIN alone on a dead
// connection (see begin).
func (s *Store) beginIso(ctx context.Context, opts pgx.TxOptions) (pgx.Tx, error) {
	var tx pgx.Tx
	err := s.retryRead(ctx, func() (err error) {
		tx, err = s.pool.BeginTx(ctx, opts)
		return err
	})
	return tx, err
}

// retryable reports a serialization failure or a deadlock: the transaction
// was rolled back and may simply run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// itemTx is cosell.ItemTx on one pgx.Tx.
type itemTx struct {
	ctx      context.Context
	tx       pgx.Tx
	readOnly bool
	done     bool
	err      error // the first failed statement; the transaction fails with it
}

func (t *itemTx) close() { t.done = true }

func (t *itemTx) usable(write bool) error {
	switch {
	case t.done:
		return errItemTxDone
	case write && t.readOnly:
		return errItemsReadOnly
	}
	return t.err
}

func (t *itemTx) fail(err error) error {
	if t.err == nil {
		t.err = err
	}
	return err
}

func (t *itemTx) Get(kind cosell.ItemKind, catalog, id string) (*cosell.Item, error) {
	if err := t.usable(false); err != nil {
		return nil, err
	}
	var doc []byte
	err := t.tx.QueryRow(t.ctx, `SELECT doc FROM items WHERE kind = $1 AND catalog = $2 AND id = $3`, string(kind), catalog, id).Scan(&doc)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, t.fail(fmt.Errorf("postgres: get item %s %s %q: %w", kind, catalog, id, err))
	}
	if doc == nil {
		doc = []byte{}
	}
	return &cosell.Item{Kind: kind, Catalog: catalog, ID: id, Doc: doc}, nil
}

// Scan reads the whole range before calling fn, so fn may use the
// transaction (one connection, one statement at a time) while it runs.
// left(id, length(prefix)) = prefix matches literally (no LIKE wildcards);
// id >= prefix lets the primary key start the range.
func (t *itemTx) Scan(kind cosell.ItemKind, catalog, prefix string, fn func(*cosell.Item) error) error {
	if err := t.usable(false); err != nil {
		return err
	}
	rows, err := t.tx.Query(t.ctx, `SELECT id, doc FROM items
		WHERE kind = $1 AND catalog = $2 AND id >= $3 AND left(id, length($3)) = $3
		ORDER BY id COLLATE "C"`, string(kind), catalog, prefix)
	if err != nil {
		return t.fail(fmt.Errorf("postgres: scan items %s %s %q: %w", kind, catalog, prefix, err))
	}
	var items []*cosell.Item
	for rows.Next() {
		it := &cosell.Item{Kind: kind, Catalog: catalog}
		if err := rows.Scan(&it.ID, &it.Doc); err != nil {
			rows.Close()
			return t.fail(fmt.Errorf("postgres: scan items %s %s %q: %w", kind, catalog, prefix, err))
		}
		if it.Doc == nil {
			it.Doc = []byte{}
		}
		if strings.HasPrefix(it.ID, prefix) {
			items = append(items, it)
		}
	}
	if err := rows.Err(); err != nil {
		return t.fail(fmt.Errorf("postgres: scan items %s %s %q: %w", kind, catalog, prefix, err))
	}
	for _, it := range items {
		if err := fn(it); err != nil {
			return err
		}
	}
	return nil
}

func (t *itemTx) Put(it *cosell.Item) error {
	if err := t.usable(true); err != nil {
		return err
	}
	doc := it.Doc
	if doc == nil {
		doc = []byte{} // NOT NULL: a nil slice would be NULL
	}
	if _, err := t.tx.Exec(t.ctx, `INSERT INTO items (kind, catalog, id, doc) VALUES ($1, $2, $3, $4)
		ON CONFLICT (kind, catalog, id) DO UPDATE SET doc = EXCLUDED.doc`, string(it.Kind), it.Catalog, it.ID, doc); err != nil {
		return t.fail(fmt.Errorf("postgres: put item %s %s %q: %w", it.Kind, it.Catalog, it.ID, err))
	}
	return nil
}

func (t *itemTx) Delete(kind cosell.ItemKind, catalog, id string) error {
	if err := t.usable(true); err != nil {
		return err
	}
	if _, err := t.tx.Exec(t.ctx, `DELETE FROM items WHERE kind = $1 AND catalog = $2 AND id = $3`, string(kind), catalog, id); err != nil {
		return t.fail(fmt.Errorf("postgres: delete item %s %s %q: %w", kind, catalog, id, err))
	}
	return nil
}

var _ cosell.ItemReader = (*Store)(nil)

// GetItem is cosell.ItemReader: one statement (one round trip), where
// ViewItems would spend three (BEGIN, SELECT, ROLLBACK). A single
// statement reads one committed snapshot, so it answers what ViewItems'
// Get answers.
func (s *Store) GetItem(ctx context.Context, kind cosell.ItemKind, catalog, id string) (*cosell.Item, error) {
	var doc []byte
	err := s.retryRead(ctx, func() error {
		return s.pool.QueryRow(ctx, `SELECT doc FROM items WHERE kind = $1 AND catalog = $2 AND id = $3`, string(kind), catalog, id).Scan(&doc)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: get item %s %s %q: %w", kind, catalog, id, err)
	}
	if doc == nil {
		doc = []byte{}
	}
	return &cosell.Item{Kind: kind, Catalog: catalog, ID: id, Doc: doc}, nil
}
