package sqlite

import (
	"errors"
	"sync/atomic"
	"syscall"
)

// errDiskFull is the readiness error while writes fail for lack of disk.
var errDiskFull = errors.New("sqlite: the disk is full: writes fail (SQLITE_FULL); ready again once a write succeeds")

// diskState tracks whether writes are failing for lack of disk space, for
// /readyz: a server that cannot write must not report ready (issue 9). It
// is set by a write that fails with SQLITE_FULL or ENOSPC and cleared by
// the next write that commits.
type diskState struct{ full atomic.Bool }

// observe records the outcome of one batch: errs are its failures,
// committed whether anything was committed.
func (d *diskState) observe(committed bool, errs ...error) {
	for _, err := range errs {
		if diskFull(err) {
			d.full.Store(true)
			return
		}
	}
	if committed {
		d.full.Store(false)
	}
}

// err is errDiskFull while writes fail for lack of disk, else nil.
func (d *diskState) err() error {
	if d.full.Load() {
		return errDiskFull
	}
	return nil
}

// diskFull reports whether err means the disk (or the database's
// max_page_count) is full.
func diskFull(err error) bool {
	return err != nil && (isFullCode(err) || errors.Is(err, syscall.ENOSPC))
}
