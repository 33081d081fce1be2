//go:build mattn

package sqlite

// Build with -tags mattn to benchmark the cgo driver against the default
// (docs/benchmarks.md "SQLite driver"); both accept the same DSN keys.
import _ "github.com/mattn/go-sqlite3"

const driverName = "sqlite3"
