package deliver

import (
	"context"
	"io"
	"sync"

	"github.com/cosell/cosell"
)

// File writes each event's envelope as one line of JSON (cosell serve
// --events). A failed write is retried like any delivery.
type File struct {
	name    string
	w       io.Writer
	account string
	mu      sync.Mutex
}

// NewFile writes to w; path names the target's progress ("-" for
// stderr); account is the envelope's account when an event names none.
func NewFile(path string, w io.Writer, account string) *File {
	return &File{name: "file:" + path, w: w, account: account}
}

func (f *File) Name() string { return f.name }

func (f *File) Deliver(_ context.Context, e *cosell.OutboxEvent) error {
	line := append(e.Envelope(f.account), '\n')
	f.mu.Lock()
	defer f.mu.Unlock()
	_, err := f.w.Write(line)
	return err
}
