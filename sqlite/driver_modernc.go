//go:build !mattn

package sqlite

import _ "modernc.org/sqlite" // pure Go; chosen by benchmark (docs/decisions.md "SQLite driver")

const driverName = "sqlite"
