package sqlite

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"testing"

	"github.com/cosell/cosell"
)

func TestDiskStateObserve(t *testing.T) {
	enospc := &fs.PathError{Op: "write", Path: "x.db-wal", Err: syscall.ENOSPC}
	tests := []struct {
		name      string
		fullFirst bool
		committed bool
		errs      []error
		wantFull  bool
	}{
		{name: "commit keeps ready", committed: true, errs: []error{nil}},
		{name: "ENOSPC wrapped", errs: []error{fmt.Errorf("sqlite: commit: %w", enospc)}, wantFull: true},
		{name: "full even if another request committed", committed: true, errs: []error{nil, fmt.Errorf("x: %w", enospc)}, wantFull: true},
		{name: "a domain error changes nothing", fullFirst: true, errs: []error{cosell.Errorf(cosell.ConflictError, "stale")}, wantFull: true},
		{name: "another failure changes nothing", fullFirst: true, errs: []error{errors.New("database is locked")}, wantFull: true},
		{name: "a commit clears", fullFirst: true, committed: true, errs: []error{nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d diskState
			d.full.Store(tt.fullFirst)
			d.observe(tt.committed, tt.errs...)
			if got := d.err() != nil; got != tt.wantFull {
				t.Errorf("full = %v, want %v", got, tt.wantFull)
			}
		})
	}
}
