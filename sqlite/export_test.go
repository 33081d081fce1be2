package sqlite

// DriverName is the database/sql driver in use.
const DriverName = driverName

// ListSQL renders a listing's SQL, for query-plan tests.
var ListSQL = listSQL

// Migrations is the number of schema versions this code knows.
var Migrations = len(migrations)

// OptimisticTries is how many times UpdateOpportunity runs fn outside the
// writer before running it under the write lock.
const OptimisticTries = optimisticTries

// MigrationSQL is each schema version's migration, for upgrade tests.
var MigrationSQL = migrations

// ReadPragma reads an integer PRAGMA on a reader connection.
func (s *Store) ReadPragma(name string) (n int64, err error) {
	err = s.read.QueryRow(`PRAGMA ` + name).Scan(&n)
	return n, err
}

// WritePragma runs PRAGMA stmt on the write connection (max_page_count
// makes the database "full" without filling a disk).
func (s *Store) WritePragma(stmt string) error {
	_, err := s.write.Exec(`PRAGMA ` + stmt)
	return err
}

// WriterPragma reads an integer PRAGMA on the write connection.
func (s *Store) WriterPragma(name string) (n int64, err error) {
	err = s.write.QueryRow(`PRAGMA ` + name).Scan(&n)
	return n, err
}

// Page cache budget, KiB (sqlite.go "Page caches").
const (
	WriterCacheKiB = writerCacheKiB
	BulkCacheKiB   = bulkCacheKiB
)

var (
	ReaderConns    = readerConns
	ReaderCacheKiB = readerCacheKiB
)
