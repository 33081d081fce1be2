package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/cosell/cosell"
)

var (
	errItemsReadOnly = errors.New("sqlite: write in a read-only item transaction (ViewItems)")
	errItemTxDone    = errors.New("sqlite: item transaction used after its UpdateItems or ViewItems returned")
)

// UpdateItems implements cosell.ItemStore: fn runs on the writer goroutine,
// inside the write transaction, so it is serial with every other write of
// the database (this process's and, through SQLite's write lock, any
// other's). In a group-commit batch fn runs within its own savepoint (the
// writer's do, never doSingle: fn may write many rows), so its failure
// undoes only its own writes and the other requests of the batch commit
// or fail on their own. A statement that fails inside fn fails the whole
// call even if fn ignores the error, so a partial write never commits.
// fn runs exactly once.
func (s *Store) UpdateItems(ctx context.Context, fn func(cosell.ItemTx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	_, err := s.w.do(ctx, func(tx *sql.Tx) (*cosell.Opportunity, error) {
		// Statements ignore ctx: interrupting one may roll back the whole
		// batch's transaction, the other requests' writes with it.
		t := &itemTx{ctx: context.Background(), tx: tx, stmts: &s.w.stmts}
		defer t.close()
		if err := fn(t); err != nil {
			return nil, err
		}
		return nil, t.err
	})
	return err
}

// ViewItems implements cosell.ItemStore: fn reads in one transaction on the
// reader pool, which under WAL sees one committed state throughout.
func (s *Store) ViewItems(ctx context.Context, fn func(cosell.ItemTx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	tx, err := s.read.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: view items: begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read only: nothing to keep
	t := &itemTx{ctx: ctx, tx: tx, readOnly: true, stmts: s.readStmts}
	defer t.close()
	if err := fn(t); err != nil {
		return err
	}
	return t.err
}

// The item statements; the writer prepares each once (statements).
const (
	selectItem = `SELECT doc FROM items WHERE kind = ? AND catalog = ? AND id = ?`
	upsertItem = `INSERT INTO items (kind, catalog, id, doc) VALUES (?, ?, ?, ?)
		ON CONFLICT (kind, catalog, id) DO UPDATE SET doc = excluded.doc`
	deleteItem  = `DELETE FROM items WHERE kind = ? AND catalog = ? AND id = ?`
	scanItems   = `SELECT id, doc FROM items WHERE kind = ? AND catalog = ? AND id >= ? ORDER BY id`
	scanItemsTo = `SELECT id, doc FROM items WHERE kind = ? AND catalog = ? AND id >= ? AND id < ? ORDER BY id`
)

var _ cosell.ItemReader = (*Store)(nil)

// GetItem is cosell.ItemReader: one statement on the reader pool (prepared
// once; one statement reads one committed snapshot), no transaction.
func (s *Store) GetItem(ctx context.Context, kind cosell.ItemKind, catalog, id string) (*cosell.Item, error) {
	var doc []byte
	var err error
	if s.readItem != nil {
		err = s.readItem.QueryRowContext(ctx, string(kind), catalog, id).Scan(&doc)
	} else {
		err = s.read.QueryRowContext(ctx, selectItem, string(kind), catalog, id).Scan(&doc)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: get item %s %s %q: %w", kind, catalog, id, err)
	}
	if doc == nil {
		doc = []byte{}
	}
	return &cosell.Item{Kind: kind, Catalog: catalog, ID: id, Doc: doc}, nil
}

// itemTx is cosell.ItemTx on one *sql.Tx.
type itemTx struct {
	ctx      context.Context
	tx       *sql.Tx
	readOnly bool
	done     bool
	err      error // the first failed statement; the transaction fails with it

	// stmts are the statements prepared on the connection or pool tx
	// came from: the writer's in UpdateItems, the reader pool's (reads
	// only) in ViewItems; nil (":memory:"), each statement prepares. Each
	// is bound to tx on first use.
	stmts         *statements
	get, put, del *sql.Stmt
}

// bind returns st bound to t's transaction, binding it on first use.
func (t *itemTx) bind(bound **sql.Stmt, st *sql.Stmt) *sql.Stmt {
	if *bound == nil {
		*bound = t.tx.StmtContext(t.ctx, st)
	}
	return *bound
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
	var row *sql.Row
	switch {
	case t.get != nil:
		row = t.get.QueryRowContext(t.ctx, string(kind), catalog, id)
	case t.stmts != nil:
		row = t.bind(&t.get, t.stmts.getItem).QueryRowContext(t.ctx, string(kind), catalog, id)
	default:
		row = t.tx.QueryRowContext(t.ctx, selectItem, string(kind), catalog, id)
	}
	err := row.Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, t.fail(fmt.Errorf("sqlite: get item %s %s %q: %w", kind, catalog, id, err))
	}
	if doc == nil {
		doc = []byte{}
	}
	return &cosell.Item{Kind: kind, Catalog: catalog, ID: id, Doc: doc}, nil
}

// Scan reads the whole range before calling fn, so fn may use the
// transaction (Get, Put, Delete) while it runs.
func (t *itemTx) Scan(kind cosell.ItemKind, catalog, prefix string, fn func(*cosell.Item) error) error {
	if err := t.usable(false); err != nil {
		return err
	}
	q, st := scanItems, (*sql.Stmt)(nil)
	args := []any{string(kind), catalog, prefix}
	if t.stmts != nil {
		st = t.stmts.scanItems
	}
	if end, ok := prefixEnd(prefix); ok {
		q = scanItemsTo
		args = append(args, end)
		if t.stmts != nil {
			st = t.stmts.scanItemsTo
		}
	}
	var rows *sql.Rows
	var err error
	if st != nil {
		rows, err = t.tx.StmtContext(t.ctx, st).QueryContext(t.ctx, args...)
	} else {
		rows, err = t.tx.QueryContext(t.ctx, q, args...)
	}
	if err != nil {
		return t.fail(fmt.Errorf("sqlite: scan items %s %s %q: %w", kind, catalog, prefix, err))
	}
	var items []*cosell.Item
	for rows.Next() {
		it := &cosell.Item{Kind: kind, Catalog: catalog}
		if err := rows.Scan(&it.ID, &it.Doc); err != nil {
			rows.Close()
			return t.fail(fmt.Errorf("sqlite: scan items %s %s %q: %w", kind, catalog, prefix, err))
		}
		if it.Doc == nil {
			it.Doc = []byte{}
		}
		if strings.HasPrefix(it.ID, prefix) {
			items = append(items, it)
		}
	}
	if err := rows.Err(); err != nil {
		return t.fail(fmt.Errorf("sqlite: scan items %s %s %q: %w", kind, catalog, prefix, err))
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
		doc = []byte{} // NOT NULL: a nil slice would bind as NULL
	}
	var err error
	if t.stmts != nil {
		_, err = t.bind(&t.put, t.stmts.putItem).ExecContext(t.ctx, string(it.Kind), it.Catalog, it.ID, doc)
	} else {
		_, err = t.tx.ExecContext(t.ctx, upsertItem, string(it.Kind), it.Catalog, it.ID, doc)
	}
	if err != nil {
		return t.fail(fmt.Errorf("sqlite: put item %s %s %q: %w", it.Kind, it.Catalog, it.ID, err))
	}
	return nil
}

func (t *itemTx) Delete(kind cosell.ItemKind, catalog, id string) error {
	if err := t.usable(true); err != nil {
		return err
	}
	var err error
	if t.stmts != nil {
		_, err = t.bind(&t.del, t.stmts.deleteItem).ExecContext(t.ctx, string(kind), catalog, id)
	} else {
		_, err = t.tx.ExecContext(t.ctx, deleteItem, string(kind), catalog, id)
	}
	if err != nil {
		return t.fail(fmt.Errorf("sqlite: delete item %s %s %q: %w", kind, catalog, id, err))
	}
	return nil
}

// prefixEnd is the least string greater than every string that starts with
// prefix (byte order): prefix without its trailing 0xff bytes, last byte
// plus one. ok is false when there is none (prefix empty or all 0xff).
func prefixEnd(prefix string) (end string, ok bool) {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1]), true
		}
	}
	return "", false
}
