package cosell

import "sync/atomic"

// sizeHint remembers the size of the last value a hot path built (an
// encoded record, a record's leaves), so that the next one is allocated at
// about its final size at once instead of growing by doubling: records of
// one deployment are alike, and a wrong guess only costs what growing
// would have.
type sizeHint struct{ last atomic.Int64 }

// size is the capacity to allocate: the last size seen plus slack, or min
// before any.
func (h *sizeHint) size(min, slack int) int {
	if n := int(h.last.Load()); n+slack > min {
		return n + slack
	}
	return min
}

func (h *sizeHint) saw(n int) { h.last.Store(int64(n)) }
