//go:build mattn

package sqlite

// Build with -tags mattn to benchmark the cgo driver against the default
// (docs/benchmarks.md "SQLite driver"); both accept the same DSN keys.
import (
	"errors"

	"github.com/mattn/go-sqlite3"
)

const driverName = "sqlite3"

// isFullCode reports whether err is SQLite's SQLITE_FULL.
func isFullCode(err error) bool {
	var e sqlite3.Error
	return errors.As(err, &e) && e.Code == sqlite3.ErrFull
}
