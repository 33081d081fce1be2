package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/listsql"
)

// UpdateOpportunity implements cosell.Store optimistically (the second way
// its contract allows), in one round trip to the database in the common
// case (docs/decisions.md "PostgreSQL updates in one round trip"):
//
//  1. The record comes from this server's version cache (the document and
//     xid of the last version this server wrote or read), or else from one
//     unlocked read of the newest committed version.
//  2. fn runs on it, outside any transaction.
//  3. One pipeline (one write, one Sync) carries the write: set_config
//     bounds the statement by what is left of cosell.MaxCommitLag, and one
//     statement updates the row only WHERE xid is still the version fn saw
//     and upserts the record's Also items only if it did. Both run in the
//     pipeline's implicit transaction, which commits at the Sync.
//
// The version is the row's xid (xid8): the trigger opp_keep_version stamps
// every UPDATE with its writing transaction's id, which is never reused,
// so any other write of the record since fn's read, by any server, fails
// the check. An UPDATE that finds the row locked by another writer waits
// for it and then re-checks the xid against the version that writer
// committed. Zero rows updated means fn saw an old version: read the newest
// and run fn again, while ctx lasts. So fn's last run saw the version its
// write replaced, which gives what the row lock gave before: fn always sees
// the newest LastModifiedDate, and the domain's max(now, previous+1ms)
// keeps it strictly increasing across servers (spec §2.1).
//
// fn's error counts only when fn ran on a version read for this call: a
// cached version may predate a write another server made, so an error on
// it leads to a fresh read and another run.
func (s *Store) UpdateOpportunity(ctx context.Context, catalog, id string, fn func(*cosell.Opportunity) error) (*cosell.Opportunity, error) {
	if !validID(id) {
		return nil, notFound(catalog, id)
	}
	num := cosell.IDNumber(id)
	v, fresh := s.versions.get(num, catalog), false
	lags, lost := 0, 0
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if v == nil {
			var err error
			if v, err = s.readVersion(ctx, catalog, num); err != nil {
				return nil, err
			}
			fresh = true
		}
		o, err := cosell.DecodeRecord(v.doc)
		if err != nil {
			return nil, err
		}
		prepared := time.Now()
		if err := fn(o); err != nil {
			if !fresh {
				v = nil // the cached version may be outdated: decide on the newest
				continue
			}
			return nil, err
		}
		o.Catalog, o.ID = catalog, id // the key is not fn's to change
		doc, err := cosell.EncodeRecord(o)
		if err != nil {
			return nil, err
		}
		var items []*cosell.Item
		if o.Also != nil {
			items = o.Also(o)
		}
		xid, err := s.writeIf(ctx, num, catalog, v.xid, o, doc, items, cosell.MaxCommitLag-time.Since(prepared))
		switch {
		case err == nil && xid == "": // another write came first
			s.versions.drop(num)
			v = nil
			continue
		case err == nil:
			s.versions.put(num, &version{catalog: catalog, doc: doc, xid: xid})
			listsql.MaybePrune(&s.lastPrune, s.PruneVersions)
			return cosell.DecodeRecord(doc)
		case errors.Is(err, cosell.ErrCommitLag):
			if lags++; lags >= commitLagTries {
				return nil, err
			}
			continue // fn runs again on the same version, with a new timestamp
		case connLost(err) && lost <= int(s.pool.Config().MaxConns):
			lost++
			// Did the write commit before the connection died? The newest
			// version tells: still v means it did not (retry); our document
			// under a new xid means it did. Anything else is unknown.
			cur, rerr := s.readVersion(ctx, catalog, num)
			switch {
			case rerr != nil:
				return nil, err
			case cur.xid == v.xid:
				v, fresh = cur, true
				continue
			case bytes.Equal(cur.doc, doc):
				s.versions.put(num, cur)
				return cosell.DecodeRecord(doc)
			}
			s.versions.drop(num)
			return nil, err
		default:
			s.versions.drop(num)
			return nil, err
		}
	}
}

// commitLagTries bounds UpdateOpportunity's attempts against
// cosell.ErrCommitLag.
const commitLagTries = 3

// sqlstateQueryCanceled is query_canceled: a statement_timeout, or a
// cancel request (ctx ended).
const sqlstateQueryCanceled = "57014"

// updateIf is the conditional write: the record's row and its items, or
// nothing. It answers the new version's xid, or no row when the row's xid
// is no longer $3 (or the record is gone).
const updateIf = `WITH upd AS (
	UPDATE opportunities SET created = $4, modified = $5, stage = $6, review_status = $7, company_fold = $8, target_close = $9, owner = $10, doc = $11
	WHERE id_num = $1 AND catalog = $2 AND xid = $3::xid8
	RETURNING xid::text AS xid
), ins AS (
	INSERT INTO items (kind, catalog, id, doc)
	SELECT k, c, i, d FROM unnest($12::text[], $13::text[], $14::text[], $15::bytea[]) AS t(k, c, i, d)
	WHERE EXISTS (SELECT 1 FROM upd)
	ON CONFLICT (kind, catalog, id) DO UPDATE SET doc = excluded.doc
)
SELECT xid FROM upd`

// writeIf sends the conditional write as one pipeline and returns the new
// xid, "" when the version check failed (nothing written), or
// cosell.ErrCommitLag when the write could not finish within left (the
// statement_timeout cancels it, and the implicit transaction rolls back).
func (s *Store) writeIf(ctx context.Context, num int64, catalog, base string, o *cosell.Opportunity, doc []byte, items []*cosell.Item, left time.Duration) (xid string, err error) {
	if left < time.Millisecond {
		return "", cosell.ErrCommitLag
	}
	defer func() {
		if err != nil || xid != "" { // a failed version check wrote nothing: no evidence either way
			s.disk.observe(err)
		}
	}()
	// One upsert per key, the last one winning, as a sequence of upserts
	// would (one statement may not upsert a row twice).
	n := len(items)
	kinds, cats, ids, docs := make([]string, 0, n), make([]string, 0, n), make([]string, 0, n), make([][]byte, 0, n)
	at := make(map[[3]string]int, n)
	for _, it := range items {
		key := [3]string{string(it.Kind), it.Catalog, it.ID}
		if i, ok := at[key]; ok {
			docs[i] = it.Doc
			continue
		}
		at[key] = len(kinds)
		kinds, cats, ids, docs = append(kinds, key[0]), append(cats, key[1]), append(ids, key[2]), append(docs, it.Doc)
	}
	k := columnsOf(o)
	b := &pgx.Batch{}
	b.Queue(`SELECT set_config('statement_timeout', $1, true)`, strconv.FormatInt(left.Milliseconds(), 10))
	b.Queue(updateIf, num, catalog, base, k.created, k.modified, k.stage, k.review, k.company, k.close, k.owner, doc, kinds, cats, ids, docs)
	br := s.pool.SendBatch(ctx, b)
	_, err = br.Exec()
	if err == nil {
		err = br.QueryRow().Scan(&xid)
		if errors.Is(err, pgx.ErrNoRows) {
			err = nil
		}
	}
	if cerr := br.Close(); err == nil {
		err = cerr // the Sync's outcome: the commit
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == sqlstateQueryCanceled && ctx.Err() == nil {
		return "", cosell.ErrCommitLag
	}
	if err != nil {
		return "", fmt.Errorf("postgres: update %s: %w", cosell.FormatID(num), err)
	}
	return xid, nil
}

// readVersion reads the newest committed version of a record, unlocked,
// and caches it.
func (s *Store) readVersion(ctx context.Context, catalog string, num int64) (*version, error) {
	v := &version{catalog: catalog}
	err := s.retryRead(ctx, func() error {
		return s.pool.QueryRow(ctx, `SELECT doc, xid::text FROM opportunities WHERE id_num = $1 AND catalog = $2`, num, catalog).Scan(&v.doc, &v.xid)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(catalog, cosell.FormatID(num))
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: read %s: %w", cosell.FormatID(num), err)
	}
	s.versions.put(num, v)
	return v, nil
}

// version is one committed version of a record: its document and the xid
// that wrote it.
type version struct {
	catalog, xid string
	doc          []byte
}

// versionCache holds the version of a record this server last wrote or
// read. It is only ever a guess: UpdateOpportunity's write checks the xid,
// so an outdated entry costs a retry, never a wrong write. Bounded by
// versionCacheSize; when full, an arbitrary entry makes room.
type versionCache struct {
	mu sync.Mutex
	m  map[int64]*version
}

const versionCacheSize = 4096

func (c *versionCache) get(num int64, catalog string) *version {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v := c.m[num]; v != nil && v.catalog == catalog {
		return v
	}
	return nil
}

func (c *versionCache) put(num int64, v *version) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[int64]*version)
	}
	if _, ok := c.m[num]; !ok && len(c.m) >= versionCacheSize {
		for k := range c.m {
			delete(c.m, k)
			break
		}
	}
	c.m[num] = v
}

func (c *versionCache) drop(num int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, num)
}
