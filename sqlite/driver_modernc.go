//go:build !mattn

package sqlite

import (
	"errors"

	sqlitedrv "modernc.org/sqlite" // pure Go; chosen by benchmark (docs/decisions.md "SQLite driver")
	sqlite3 "modernc.org/sqlite/lib"
)

const driverName = "sqlite"

// isFullCode reports whether err is SQLite's SQLITE_FULL.
func isFullCode(err error) bool {
	var e *sqlitedrv.Error
	return errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_FULL
}
