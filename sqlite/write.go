package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cosell/cosell"
)

// statements are the writer's prepared statements; prepared on the writer's
// single connection, so tx.Stmt reuses them.
type statements struct {
	nextID, insert, getToken, putToken, getDoc, getVersioned *sql.Stmt

	// The item statements (items.go) and the writer's savepoints
	// (writer.go): every update writes its history entry and event, the
	// dispatcher marks and deletes events, and a batched request runs in a
	// savepoint, so preparing each on every call cost the writer goroutine
	// ~10% of a chained-update run's CPU in SQLite's parser
	// (docs/benchmarks.md, "Issue 12").
	getItem, putItem, deleteItem, scanItems, scanItemsTo *sql.Stmt
	savepoint, release, rollbackTo                       *sql.Stmt

	// update holds one UPDATE per set of changed indexed columns (a
	// bitmask of columnNames): SQLite rewrites an index only when the
	// statement assigns one of its columns, and a typical update changes
	// only modified (2 of 10 indexes). All are prepared at Open: the
	// writer's one connection is busy inside a transaction later.
	update [1 << len(columnNames)]*sql.Stmt
}

var columnNames = [...]string{"created", "modified", "stage", "review_status", "company_fold", "target_close"}

func (s *statements) prepare(db *sql.DB) error {
	for mask := range s.update {
		st, err := db.Prepare(updateSQL(uint8(mask)))
		if err != nil {
			s.close()
			return fmt.Errorf("prepare update: %w", err)
		}
		s.update[mask] = st
	}
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&s.nextID, `SELECT COALESCE(MAX(id_num) + 1, ?) FROM opportunities`},
		{&s.insert, `INSERT INTO opportunities (id_num, catalog, id, created, modified, stage, review_status, company_fold, target_close, owner, doc, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ` + nextSeq + `)`},
		{&s.getToken, `SELECT id_num, fingerprint FROM client_tokens WHERE catalog = ? AND token = ?`},
		{&s.putToken, `INSERT INTO client_tokens (catalog, token, id_num, fingerprint) VALUES (?, ?, ?, ?)`},
		{&s.getDoc, selectDoc},
		{&s.getVersioned, selectVersioned},
		{&s.getItem, selectItem},
		{&s.putItem, upsertItem},
		{&s.deleteItem, deleteItem},
		{&s.scanItems, scanItems},
		{&s.scanItemsTo, scanItemsTo},
		{&s.savepoint, `SAVEPOINT req`},
		{&s.release, `RELEASE req`},
		{&s.rollbackTo, `ROLLBACK TO req`},
	} {
		st, err := db.Prepare(p.sql)
		if err != nil {
			s.close()
			return fmt.Errorf("prepare %q: %w", p.sql, err)
		}
		*p.stmt = st
	}
	return nil
}

func (s *statements) close() {
	for _, st := range []*sql.Stmt{s.nextID, s.insert, s.getToken, s.putToken, s.getDoc, s.getVersioned,
		s.getItem, s.putItem, s.deleteItem, s.scanItems, s.scanItemsTo, s.savepoint, s.release, s.rollbackTo} {
		if st != nil {
			st.Close()
		}
	}
	for _, st := range s.update {
		if st != nil {
			st.Close()
		}
	}
}

// updateSQL is the conditional UPDATE assigning doc, owner and the columns
// in mask and counting the write in version; its arguments are those
// columns' values in columnNames order, the owner, the doc, id_num, then
// the version the record had when read. It changes no row if the record
// was written since. owner is in no index, so assigning it always costs no
// index write.
func updateSQL(mask uint8) string {
	var b strings.Builder
	b.WriteString(`UPDATE opportunities SET `)
	for i, name := range columnNames {
		if mask&(1<<i) != 0 {
			b.WriteString(name + ` = ?, `)
		}
	}
	b.WriteString(`owner = ?, doc = ?, version = version + 1, seq = ` + nextSeq + ` WHERE id_num = ? AND version = ?`)
	return b.String()
}

// columns are a record's indexed columns, rendered as cosell.SortKey does,
// and its owner (a filter column, in no index).
type columns struct {
	created, modified, stage, review, company, close string
	owner                                            string
}

// values lists the indexed columns in columnNames order.
func (k columns) values() [len(columnNames)]string {
	return [...]string{k.created, k.modified, k.stage, k.review, k.company, k.close}
}

func columnsOf(o *cosell.Opportunity) columns {
	return columns{
		created:  cosell.TimeKey(o.CreatedDate),
		modified: cosell.TimeKey(o.LastModifiedDate),
		stage:    o.Stage(),
		review:   o.ReviewStatus(),
		company:  cosell.Fold(o.CompanyName()),
		close:    o.TargetCloseDate(),
		owner:    o.Owner,
	}
}

// CreateOpportunity implements cosell.Store. The writer goroutine only
// encodes and writes; the caller decodes its answer.
func (s *Store) CreateOpportunity(ctx context.Context, o *cosell.Opportunity, token, fingerprint string) (*cosell.Opportunity, error) {
	st := &s.w.stmts
	var out []byte
	stamped := time.Now() // o's LastModifiedDate was just taken
	_, err := s.w.do(ctx, func(tx *sql.Tx) (*cosell.Opportunity, error) {
		if time.Since(stamped) > cosell.MaxCommitLag {
			return nil, cosell.ErrCommitLag // nothing written yet
		}
		if token != "" {
			var num int64
			var fp string
			err := tx.Stmt(st.getToken).QueryRow(o.Catalog, token).Scan(&num, &fp)
			switch {
			case err == nil && fp != fingerprint:
				return nil, cosell.Errorf(cosell.ConflictError, "Conflicting client token submitted for a new request body.")
			case err == nil:
				out, err = getRaw(tx.Stmt(st.getDoc), o.Catalog, cosell.FormatID(num))
				return nil, err
			case !errors.Is(err, sql.ErrNoRows):
				return nil, fmt.Errorf("sqlite: client token: %w", err)
			}
		}
		var num int64
		if err := tx.Stmt(st.nextID).QueryRow(cosell.FirstID).Scan(&num); err != nil {
			return nil, fmt.Errorf("sqlite: next id: %w", err)
		}
		c := *o // shallow: only ID changes, and EncodeRecord copies the rest
		c.ID = cosell.FormatID(num)
		doc, err := cosell.EncodeRecord(&c)
		if err != nil {
			return nil, err
		}
		k := columnsOf(&c)
		if _, err := tx.Stmt(st.insert).Exec(num, c.Catalog, c.ID, k.created, k.modified, k.stage, k.review, k.company, k.close, k.owner, doc); err != nil {
			return nil, fmt.Errorf("sqlite: insert: %w", err)
		}
		if token != "" {
			if _, err := tx.Stmt(st.putToken).Exec(c.Catalog, token, num, fingerprint); err != nil {
				return nil, fmt.Errorf("sqlite: client token: %w", err)
			}
		}
		if o.Also != nil {
			if err := putItems(tx, st, o.Also(&c)); err != nil {
				return nil, err
			}
		}
		out = doc
		return nil, nil
	})
	if err != nil {
		return nil, err
	}
	return cosell.DecodeRecord(out)
}

// getRaw reads a stored document, or fails with NotFoundError.
func getRaw(stmt *sql.Stmt, catalog, id string) ([]byte, error) {
	var doc []byte
	err := stmt.QueryRow(cosell.IDNumber(id), catalog).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(catalog, id)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: read %s: %w", id, err)
	}
	return doc, nil
}

// putItems writes the items a record's Also gave inside the record's own
// transaction, with the writer's prepared upsert.
func putItems(tx *sql.Tx, st *statements, items []*cosell.Item) error {
	if len(items) == 0 {
		return nil
	}
	put := tx.Stmt(st.putItem)
	for _, it := range items {
		if _, err := put.Exec(string(it.Kind), it.Catalog, it.ID, it.Doc); err != nil {
			return fmt.Errorf("sqlite: item %s %s: %w", it.Kind, it.ID, err)
		}
	}
	return nil
}
