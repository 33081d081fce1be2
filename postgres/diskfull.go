package postgres

import (
	"errors"
	"sync/atomic"

	"github.com/jackc/pgx/v5/pgconn"
)

// sqlstateDiskFull is PostgreSQL's disk_full error code (class 53,
// insufficient resources).
const sqlstateDiskFull = "53100"

// errDiskFull is the readiness error while writes fail for lack of disk.
var errDiskFull = errors.New("postgres: the database server's disk is full: writes fail (SQLSTATE 53100); ready again once a write succeeds")

// diskState tracks whether this server's writes are failing because the
// database server's disk is full, for /readyz (issue 9). A write that
// fails with SQLSTATE 53100 sets it; the next write that commits clears it.
// Each server tracks its own writes.
type diskState struct{ full atomic.Bool }

// observe records the outcome of one write transaction: nil is a commit.
func (d *diskState) observe(err error) {
	switch {
	case err == nil:
		d.full.Store(false)
	case diskFull(err):
		d.full.Store(true)
	}
}

// err is errDiskFull while writes fail for lack of disk, else nil.
func (d *diskState) err() error {
	if d.full.Load() {
		return errDiskFull
	}
	return nil
}

func diskFull(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == sqlstateDiskFull
}
