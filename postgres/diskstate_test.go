package postgres

import (
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/cosell/cosell"
)

func TestDiskStateObserve(t *testing.T) {
	full := fmt.Errorf("postgres: update O1: commit: %w", &pgconn.PgError{Code: "53100", Message: "could not extend file: No space left on device"})
	tests := []struct {
		name      string
		fullFirst bool
		err       error
		wantFull  bool
	}{
		{name: "a commit keeps ready", err: nil},
		{name: "disk_full sets", err: full, wantFull: true},
		{name: "out of memory is not disk full", err: &pgconn.PgError{Code: "53200"}},
		{name: "a domain error changes nothing", fullFirst: true, err: cosell.Errorf(cosell.ConflictError, "stale"), wantFull: true},
		{name: "a lost connection changes nothing", fullFirst: true, err: errors.New("conn closed"), wantFull: true},
		{name: "a commit clears", fullFirst: true, err: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d diskState
			d.full.Store(tt.fullFirst)
			d.observe(tt.err)
			if got := d.err() != nil; got != tt.wantFull {
				t.Errorf("full = %v, want %v", got, tt.wantFull)
			}
		})
	}
}
