package deliver

import (
	"context"
	"errors"

	"github.com/cosell/cosell"
)

// Fanout is one target made of in-process observers (a metrics counter, a
// console's live feed): the dispatcher reads, delivers and marks each event
// once for all of them, where separate targets cost a pending scan and a
// mark transaction each per event (docs/benchmarks.md "Issue 12: the
// outbox's in-process targets"). Deliver calls every observer in order, each
// once per attempt; one that fails makes the attempt fail, so the others may
// see that event again on the retry (at least once, as for any target).
// Observers that never fail, as in-process ones are, see each event once.
func Fanout(name string, observers ...cosell.EventTarget) cosell.EventTarget {
	return fanout{name: name, observers: observers}
}

type fanout struct {
	name      string
	observers []cosell.EventTarget
}

func (f fanout) Name() string { return f.name }

func (f fanout) Deliver(ctx context.Context, e *cosell.OutboxEvent) error {
	var errs []error
	for _, o := range f.observers {
		if err := o.Deliver(ctx, e); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
