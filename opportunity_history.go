package cosell

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// The change history of an opportunity (the console's record history,
// issue 11): its last HistorySlots committed writes through the service,
// who made each (the caller's account and access key), with which
// operation, and the record as that write left it. Each entry is an item
// written by the store in the same transaction as the record
// (Opportunity.Also), so an entry exists exactly for each write that
// committed. Its ID is the opportunity's Id and a slot, Writes modulo
// HistorySlots: the 101st write replaces the first entry, so a record's
// history stays bounded without a scan on the write path.

// HistorySlots is how many writes of one opportunity the history keeps.
const HistorySlots = 100

// KindHistory is the item kind of history entries.
const KindHistory ItemKind = "history"

// HistoryEntry is one write of an opportunity.
type HistoryEntry struct {
	Seq         int64     // Opportunity.Writes after this write
	At          time.Time // the record's LastModifiedDate after the write
	Account     string    // the caller's account; AWSParty for AWS's own writes
	AccessKeyID string    // "" without --world or for the service's own writes
	Operation   string
	Record      json.RawMessage // EncodeRecord of the record as written
}

// alsoFor is what a write of op by the caller of ctx stores with the
// record: its history entry and, unless ev is noEvent, the event it
// publishes as an outbox item (events.go), in the record's own transaction.
func (s *OpportunityService) alsoFor(ctx context.Context, op string, evs ...publishAs) func(*Opportunity, []byte) []*Item {
	caller, _ := CallerFrom(ctx)
	account := s.account(ctx)
	return func(stored *Opportunity, doc []byte) []*Item {
		// The write's time is the record's LastModifiedDate (a tag change
		// keeps it, so its entry shows the time of the record's last
		// change): no extra clock reading on the write path.
		entry, err := encodeHistoryEntry(HistoryEntry{Seq: stored.Writes, At: stored.LastModifiedDate, Account: account, AccessKeyID: caller.AccessKeyID, Operation: op}, doc)
		if err != nil {
			return nil
		}
		id := fmt.Sprintf("%s/%03d", stored.ID, stored.Writes%HistorySlots)
		items := []*Item{{Kind: KindHistory, Catalog: stored.Catalog, ID: id, Doc: entry}}
		for _, ev := range evs {
			if ev.detailType != "" {
				// An Event always encodes; OutboxItem cannot fail here.
				it, _ := OutboxItem(opportunityEvent(ev.detailType, ev.account, stored))
				items = append(items, it)
			}
		}
		return items
	}
}

// encodeHistoryEntry is json.Marshal of e with Record set to doc, the
// store's EncodeRecord of the record (compact JSON), without the second
// pass json.Marshal makes over a RawMessage to validate and compact it:
// doc is copied as it is. Chained updates spent ~5% of their CPU encoding
// the record again and compacting it here (docs/benchmarks.md, "Issue 12").
func encodeHistoryEntry(e HistoryEntry, doc []byte) ([]byte, error) {
	e.Record = json.RawMessage(`0`) // a placeholder: Record is the last field
	head, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	head = head[:len(head)-len(`0}`)]
	out := make([]byte, 0, len(head)+len(doc)+1)
	return append(append(append(out, head...), doc...), '}'), nil
}

// createOpportunity stores a new record written by op, with the event ev
// in the same transaction. A replayed ClientToken writes nothing, so it
// publishes nothing again: the first create's event is in the outbox.
func (s *OpportunityService) createOpportunity(ctx context.Context, op string, ev publishAs, o *Opportunity, token, fingerprint string) (*Opportunity, error) {
	o.Writes = 1
	o.Also = s.alsoFor(ctx, op, ev)
	stored, err := s.store.CreateOpportunity(ctx, o, token, fingerprint)
	if err == nil && ev.detailType != "" {
		s.written()
	}
	return stored, err
}

// updateOpportunity runs fn through the store for op; a successful fn's
// record carries its history entry and the event ev, in the record's own
// transaction.
func (s *OpportunityService) updateOpportunity(ctx context.Context, op string, ev publishAs, catalog, id string, fn func(*Opportunity) error) (*Opportunity, error) {
	o, _, err := s.updateOpportunityProbed(ctx, op, ev, catalog, id, fn)
	return o, err
}

// updateOpportunityProbed is updateOpportunity that also asks the store
// whether the opportunity has an OpportunityLink as of the write (runJobs'
// first question), in the write's own transaction when the store can.
func (s *OpportunityService) updateOpportunityProbed(ctx context.Context, op string, ev publishAs, catalog, id string, fn func(*Opportunity) error) (*Opportunity, *ItemProbe, error) {
	probe := &ItemProbe{Kind: KindOpportunityLink, Catalog: catalog, ID: id}
	o, err := s.store.UpdateOpportunity(ctx, catalog, id, func(cur *Opportunity) error {
		before := cur.ReviewStatus()
		if err := fn(cur); err != nil {
			return err
		}
		cur.Writes++
		cur.Also = s.alsoFor(ctx, op, ev, reviewOutcome(before, cur.ReviewStatus(), ev))
		cur.Probe = probe // always this call's: never an earlier write's
		return nil
	})
	if err == nil && ev.detailType != "" {
		s.written()
	}
	return o, probe, err
}

// History returns the writes of opportunity id in catalog, oldest first,
// to a caller that may read it.
func (s *OpportunityService) History(ctx context.Context, catalog, id string) ([]HistoryEntry, error) {
	o, err := s.store.GetOpportunity(ctx, catalog, id)
	if err != nil {
		return nil, err
	}
	if !s.visible(ctx, o) {
		return nil, notFound(catalog, id)
	}
	var out []HistoryEntry
	err = s.items().ViewItems(ctx, func(tx ItemTx) error {
		entries, err := scanItems[HistoryEntry](tx, KindHistory, catalog, id+"/")
		for _, e := range entries {
			out = append(out, *e)
		}
		return err
	})
	slices.SortFunc(out, func(a, b HistoryEntry) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, err
}
