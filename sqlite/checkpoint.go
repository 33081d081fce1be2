package sqlite

import (
	"database/sql"
	"sync/atomic"
)

// checkpointEvery is how many commits may pile up in the WAL before the
// checkpointer folds them into the database file.
const checkpointEvery = 200

// checkpointer keeps WAL checkpoints off the write path. SQLite's default
// checkpoints inside the commit that crosses 1000 WAL pages, which stalls
// that commit, and every write queued behind it, for the whole copy and its
// fsyncs: a p99 spike. So the writer connection has wal_autocheckpoint off;
// every checkpointEvery commits this goroutine copies the WAL into the
// database file with a PASSIVE checkpoint on its own connection (it never
// blocks the writer or readers).
//
// A background checkpoint alone cannot let the WAL start over: SQLite
// rewinds the WAL only when a write transaction begins with every frame
// already copied, and the writer keeps appending meanwhile. So once a
// background pass has finished, the writer runs one more PASSIVE
// checkpoint between batches (see tail); it copies only the few frames
// written since, and the next write transaction rewinds the WAL.
type checkpointer struct {
	db      *sql.DB
	commits atomic.Int64
	drained atomic.Bool // a background pass finished: time for the tail
	kick    chan struct{}
	quit    chan struct{}
	done    chan struct{}
}

func startCheckpointer(db *sql.DB) *checkpointer {
	c := &checkpointer{db: db, kick: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
	go c.loop()
	return c
}

// committed records one commit and, every checkpointEvery, wakes the
// background pass; it never blocks.
func (c *checkpointer) committed() {
	if c == nil {
		return
	}
	if c.commits.Add(1)%checkpointEvery == 0 {
		select {
		case c.kick <- struct{}{}:
		default:
		}
	}
}

// tail runs the writer's short checkpoint after a background pass, on the
// writer's own connection, outside any transaction.
func (c *checkpointer) tail(write *sql.DB) {
	if c == nil || !c.drained.CompareAndSwap(true, false) {
		return
	}
	// A failure only postpones the rewind to the next pass.
	write.Exec(`PRAGMA wal_checkpoint(PASSIVE)`) //nolint:errcheck
}

func (c *checkpointer) loop() {
	defer close(c.done)
	for {
		select {
		case <-c.quit:
			return
		case <-c.kick:
			// A failure (a busy reader, say) only delays the copy to the
			// next kick; the WAL keeps every commit meanwhile.
			if _, err := c.db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`); err == nil {
				c.drained.Store(true)
			}
		}
	}
}

func (c *checkpointer) stop() error {
	if c == nil {
		return nil
	}
	close(c.quit)
	<-c.done
	return c.db.Close()
}
