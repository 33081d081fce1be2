// Package sqlite is cosell's default Store: one SQLite file in WAL mode.
//
// Writes go through one writer goroutine that owns the only write
// connection and commits concurrent requests together (group commit); a
// request is answered only after the transaction holding its write has
// committed. UpdateOpportunity runs fn on the caller's goroutine and hands
// the writer a write conditional on the record's version (optimistic; see
// update.go). Reads use a separate connection pool and see committed
// data only.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cosell/cosell"
)

// Options tune a Store; the zero value is the default.
type Options struct {
	// Synchronous is SQLite's synchronous setting: "normal" (default) keeps
	// every answered write through a crash of the process; "full" also
	// through a power loss or OS crash, at an fsync per commit.
	Synchronous string
	// BusyTimeoutMillis bounds the wait for another process's write lock
	// (default 10000).
	BusyTimeoutMillis int
	// MaxBatch bounds how many queued writes share one transaction
	// (default 256); 1 disables group commit.
	MaxBatch int
}

// Store is a cosell.Store on SQLite.
type Store struct {
	write *sql.DB // one connection, BEGIN IMMEDIATE
	read  *sql.DB // the reader pool; == write for ":memory:"
	w     *writer
	ckpt  *checkpointer // nil for ":memory:"

	// readVersioned is selectVersioned on the reader pool; nil for
	// ":memory:" (one connection: updates run on the writer only).
	readVersioned *sql.Stmt
	readItem      *sql.Stmt // selectItem on the reader pool; nil for ":memory:"
	// readStmts are the item reads (getItem, scanItems, scanItemsTo)
	// prepared on the reader pool, for ViewItems; nil for ":memory:".
	readStmts *statements
	cache     *recordCache
	key       []byte // NextToken secret (token_key)
	lastPrune atomic.Int64

	closeOnce sync.Once
	closeErr  error
}

var _ cosell.Store = (*Store)(nil)

// Open opens (creating if needed) the database at path and migrates it.
// path ":memory:" is a private in-memory database that keeps nothing; it
// has one connection, shared by reads and writes.
func Open(path string, opts Options) (*Store, error) {
	syncMode := strings.ToLower(opts.Synchronous)
	switch syncMode {
	case "":
		syncMode = "normal"
	case "normal", "full":
	default:
		return nil, fmt.Errorf("sqlite: synchronous %q: want normal or full", opts.Synchronous)
	}
	if opts.BusyTimeoutMillis <= 0 {
		opts.BusyTimeoutMillis = 10000
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 256
	}
	if path == "" {
		return nil, errors.New("sqlite: empty database path")
	}
	memory := path == ":memory:"

	params := url.Values{}
	params.Set("_busy_timeout", fmt.Sprint(opts.BusyTimeoutMillis))
	params.Set("_txlock", "immediate")
	params.Set("_synchronous", syncMode)
	if !memory {
		params.Set("_journal_mode", "WAL")
		params["_pragma"] = []string{"wal_autocheckpoint(0)", "journal_size_limit(67108864)", writerCachePragma} // see checkpointer; a rewound WAL shrinks to 64 MiB
	}
	write, err := sql.Open(driverName, dsn(path, params))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	s := &Store{write: write, read: write, cache: newRecordCache()}
	if s.key, err = migrate(context.Background(), write); err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	if !memory {
		rp := url.Values{}
		rp.Set("_busy_timeout", fmt.Sprint(opts.BusyTimeoutMillis))
		rp.Set("_query_only", "1")
		n := readerConns()
		rp["_pragma"] = []string{fmt.Sprintf("cache_size(-%d)", readerCacheKiB(n))}
		if s.read, err = sql.Open(driverName, dsn(path, rp)); err != nil {
			write.Close()
			return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
		}
		s.read.SetMaxOpenConns(n)
		s.read.SetMaxIdleConns(n)
		if s.readVersioned, err = s.read.Prepare(selectVersioned); err != nil {
			s.closeDBs()
			return nil, fmt.Errorf("sqlite: %s: %w", path, err)
		}
		if s.readItem, err = s.read.Prepare(selectItem); err != nil {
			s.closeDBs()
			return nil, fmt.Errorf("sqlite: %s: %w", path, err)
		}
		s.readStmts = &statements{getItem: s.readItem}
		if s.readStmts.scanItems, err = s.read.Prepare(scanItems); err == nil {
			s.readStmts.scanItemsTo, err = s.read.Prepare(scanItemsTo)
		}
		if err != nil {
			s.closeDBs()
			return nil, fmt.Errorf("sqlite: %s: %w", path, err)
		}
		cp := url.Values{}
		cp.Set("_busy_timeout", fmt.Sprint(opts.BusyTimeoutMillis))
		cp.Set("_synchronous", syncMode)
		ckdb, err := sql.Open(driverName, dsn(path, cp))
		if err != nil {
			s.closeDBs()
			return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
		}
		ckdb.SetMaxOpenConns(1)
		s.ckpt = startCheckpointer(ckdb)
	}
	if s.w, err = startWriter(write, opts.MaxBatch, s.ckpt); err != nil {
		s.ckpt.stop() //nolint:errcheck // already failing
		s.closeDBs()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	return s, nil
}

// dsn is the driver's name for the database file at path, with params.
// The path is taken literally: it goes into a SQLite URI ("file:…") with
// '%', '?' and '#' percent-escaped, so neither the driver nor SQLite reads
// part of a file name as parameters ("/x/q?mode=ro.db" is that file, not
// "/x/q" opened read-only). ":memory:" stays SQLite's private in-memory
// database.
func dsn(path string, params url.Values) string {
	if path == ":memory:" {
		return path + "?" + params.Encode()
	}
	var b strings.Builder
	b.WriteString("file:")
	if strings.HasPrefix(path, "/") {
		b.WriteString("//") // an empty authority, so "//x" stays a path
	}
	for i := 0; i < len(path); i++ {
		switch c := path[i]; c {
		case '%', '?', '#':
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('?')
	b.WriteString(params.Encode())
	return b.String()
}

// Ping reports whether both the write and the read side can reach the
// database, and whether writes can commit: the readiness check. While
// writes fail for lack of disk (SQLITE_FULL, ENOSPC) it reports not ready,
// until a write commits again.
func (s *Store) Ping(ctx context.Context) error {
	if s.w.stopped() {
		return errClosed
	}
	if err := s.w.disk.err(); err != nil {
		return err
	}
	if err := s.read.PingContext(ctx); err != nil {
		return err
	}
	var one int
	return s.read.QueryRowContext(ctx, `SELECT 1 FROM schema_version LIMIT 1`).Scan(&one)
}

// Close stops the writer (queued writes fail), checkpoints the WAL into
// the database file and closes every connection.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.w.stop()
		ckErr := s.ckpt.stop()
		_, err := s.write.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
		s.closeErr = errors.Join(ckErr, err, s.closeDBs())
	})
	return s.closeErr
}

func (s *Store) closeDBs() error {
	var err error
	if s.readVersioned != nil {
		err = s.readVersioned.Close()
	}
	if s.readItem != nil {
		err = errors.Join(err, s.readItem.Close())
	}
	if s.readStmts != nil {
		for _, st := range []*sql.Stmt{s.readStmts.scanItems, s.readStmts.scanItemsTo} {
			if st != nil {
				err = errors.Join(err, st.Close())
			}
		}
	}
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return errors.Join(err, s.write.Close())
}

// Page caches. SQLite's default is 2 MB per connection; with 1,000,000
// records (2.5 GB) a point read then misses the cache on most of its B-tree
// path and pays a read call per page (docs/benchmarks.md "Growth"). The
// writer's cache survives its own commits, so it keeps the hot index and
// table pages of the write path; a reader's cache is dropped whenever
// another connection has written since its last read, so it pays off in
// read-mostly periods. Memory is taken only as pages are used.
//
// The sizes are a memory budget (issue 12: serve with 1,000,000 records
// within 150 MiB RSS, load within 256 MiB): the writer 32 MiB, the readers
// 32 MiB shared, but never less than SQLite's default of 2 MiB each (so
// more with over 16 readers, GOMAXPROCS > 8), a bulk load 64 MiB
// (bulk.go). A miss costs a pread that the OS page cache answers;
// docs/benchmarks.md "Issue 12: memory" measures what the smaller caches
// cost.
//
// Not mmap_size: a reader maps the file afresh after every foreign write
// (SQLite unmaps when it sees the WAL changed), which doubled the cost of
// an update under a steady write load (sqlite BenchmarkUpdate).
const (
	writerCacheKiB  = 32 << 10
	readersCacheKiB = 32 << 10
	minReaderKiB    = 2 << 10
	bulkCacheKiB    = 64 << 10
)

var writerCachePragma = fmt.Sprintf("cache_size(-%d)", writerCacheKiB)

// readerConns is how many read connections a file store opens.
func readerConns() int { return max(4, 2*runtime.GOMAXPROCS(0)) }

func readerCacheKiB(readers int) int { return max(minReaderKiB, readersCacheKiB/readers) }

var errClosed = errors.New("sqlite: store closed")

func notFound(catalog, id string) error { return cosell.NotFound(catalog, id) }

// validID reports whether id is one this store could have handed out.
func validID(id string) bool {
	_, ok := cosell.ParseID(id)
	return ok
}

// GetOpportunity implements cosell.Store.
func (s *Store) GetOpportunity(ctx context.Context, catalog, id string) (*cosell.Opportunity, error) {
	if !validID(id) {
		return nil, notFound(catalog, id)
	}
	var doc []byte
	var err error
	if s.readVersioned != nil {
		var version int64
		err = s.readVersioned.QueryRowContext(ctx, cosell.IDNumber(id), catalog).Scan(&doc, &version)
	} else {
		err = s.read.QueryRowContext(ctx, selectDoc, cosell.IDNumber(id), catalog).Scan(&doc)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(catalog, id)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: get %s: %w", id, err)
	}
	return cosell.DecodeRecord(doc)
}
