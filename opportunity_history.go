package cosell

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The change history of an opportunity (the console's record history,
// issue 11): its last HistorySlots committed writes through the service,
// who made each (the caller's account and access key), with which
// operation, and what the write changed: each leaf of the record whose
// value differs from the record before it (HistoryLeaves). Each entry is an
// item written by the store in the same transaction as the record
// (Opportunity.Also), so an entry exists exactly for each write that
// committed. Its ID is the opportunity's Id and a slot, Writes modulo
// HistorySlots: the 101st write replaces the first entry, so a record's
// history stays bounded without a scan on the write path.
//
// Entries keep the changes, not the record as written (as they did until
// 2026-11-30, in Record): a whole record (about 1.8 KB) is larger than
// SQLite keeps in a row of the items table, so each update wrote a
// 4 KB overflow page for it, and the record was stored three times per
// update (the row, the superseded version, the entry). docs/benchmarks.md
// "Issue 12: history entries keep the changes" measures the difference.

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
	// Changes are the leaves the write changed, by path; a create's are
	// every leaf of the new record.
	Changes []HistoryChange `json:",omitempty"`
	// Record is, in entries written before Changes existed, EncodeRecord
	// of the record as written; the console diffs those itself.
	Record json.RawMessage `json:",omitempty"`
}

// HistoryChange is one leaf a write changed: its path in the record
// (Project.Title, Customer.Account.Address.City, Tags[0].Value,
// RelatedEntityIdentifiers.Solutions[0]) and its value before and after
// as text; Old is "" for a leaf the write added, New for one it removed.
type HistoryChange struct{ Path, Old, New string }

// alsoFor is what a write of op by the caller of ctx stores with the
// record: its history entry, with the changes from the leaves of the record
// before (before; nil for a create), and, unless ev is noEvent, the event it
// publishes as an outbox item (events.go), in the record's own transaction.
func (s *OpportunityService) alsoFor(ctx context.Context, op string, before []HistoryLeaf, evs ...publishAs) func(*Opportunity) []*Item {
	caller, _ := CallerFrom(ctx)
	account := s.account(ctx)
	return func(stored *Opportunity) []*Item {
		// The write's time is the record's LastModifiedDate (a tag change
		// keeps it, so its entry shows the time of the record's last
		// change): no extra clock reading on the write path.
		entry, err := json.Marshal(HistoryEntry{Seq: stored.Writes, At: stored.LastModifiedDate, Account: account,
			AccessKeyID: caller.AccessKeyID, Operation: op, Changes: DiffLeaves(before, HistoryLeaves(stored))})
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

// HistoryLeaf is one leaf of a record: its path and its value as text.
type HistoryLeaf struct{ Path, Value string }

// HistoryLeaves lists the leaves of a stored record in the record's order:
// the partner-writable body, then the owner, LastModifiedDate, the
// opportunity team, the tags and the related entities. Absent and null
// members have no leaf.
func HistoryLeaves(o *Opportunity) []HistoryLeaf {
	out := make([]HistoryLeaf, 0, leafCount.size(32, 8))
	defer func() { leafCount.saw(len(out)) }()
	out = appendLeaves(out, "", o.Body)
	out = append(out, HistoryLeaf{"Owner", o.Owner}, HistoryLeaf{"LastModifiedDate", FormatTime(o.LastModifiedDate)})
	out = appendLeaves(out, "OpportunityTeam", o.OpportunityTeam)
	out = appendLeaves(out, "Tags", o.Tags)
	for _, r := range []struct {
		name string
		ids  []string
	}{{"AwsProducts", o.Related.AwsProducts}, {"Solutions", o.Related.Solutions}} {
		for i, id := range r.ids {
			out = append(out, HistoryLeaf{"RelatedEntityIdentifiers." + r.name + "[" + strconv.Itoa(i) + "]", id})
		}
	}
	return out
}

var leafCount sizeHint // HistoryLeaves' last record

func appendLeaves(out []HistoryLeaf, prefix string, v any) []HistoryLeaf {
	switch v := v.(type) {
	case Object:
		for _, f := range v {
			name := f.Name
			if prefix != "" {
				name = prefix + "." + f.Name
			}
			out = appendLeaves(out, name, f.Value)
		}
	case []any:
		for i, e := range v {
			out = appendLeaves(out, prefix+"["+strconv.Itoa(i)+"]", e)
		}
	case nil:
	case string:
		out = append(out, HistoryLeaf{prefix, v})
	case Number:
		out = append(out, HistoryLeaf{prefix, string(v)})
	case bool:
		out = append(out, HistoryLeaf{prefix, strconv.FormatBool(v)})
	default:
		out = append(out, HistoryLeaf{prefix, fmt.Sprint(v)})
	}
	return out
}

// DiffLeaves lists the paths whose values differ between two records'
// leaves (HistoryLeaves), sorted by path. Two versions of a record list
// their leaves in the same order up to the first member added or removed,
// so the common prefix is compared in place and only the rest by path.
func DiffLeaves(old, cur []HistoryLeaf) []HistoryChange {
	var out []HistoryChange
	i := 0
	for ; i < len(old) && i < len(cur) && old[i].Path == cur[i].Path; i++ {
		if old[i].Value != cur[i].Value {
			out = append(out, HistoryChange{Path: cur[i].Path, Old: old[i].Value, New: cur[i].Value})
		}
	}
	if i < len(old) || i < len(cur) {
		before := make(map[string]string, len(old)-i)
		for _, l := range old[i:] {
			before[l.Path] = l.Value
		}
		for _, l := range cur[i:] {
			if v, ok := before[l.Path]; !ok || v != l.Value {
				out = append(out, HistoryChange{Path: l.Path, Old: before[l.Path], New: l.Value})
			}
			delete(before, l.Path)
		}
		for p, v := range before {
			out = append(out, HistoryChange{Path: p, Old: v})
		}
	}
	slices.SortFunc(out, func(a, b HistoryChange) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// createOpportunity stores a new record written by op, with the event ev
// in the same transaction. A replayed ClientToken writes nothing, so it
// publishes nothing again: the first create's event is in the outbox.
func (s *OpportunityService) createOpportunity(ctx context.Context, op string, ev publishAs, o *Opportunity, token, fingerprint string) (*Opportunity, error) {
	o.Writes = 1
	o.Also = s.alsoFor(ctx, op, nil, ev)
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
	return s.writeOpportunity(ctx, op, ev, catalog, id, fn, nil)
}

// updateOpportunityProbed is updateOpportunity that also asks the store
// whether the opportunity has an OpportunityLink as of the write (runJobs'
// first question), in the write's own transaction when the store can. A
// record marked Unlinked answers it itself (runJobs), so it is asked only
// of the others: records stored before the mark existed, and linked ones.
func (s *OpportunityService) updateOpportunityProbed(ctx context.Context, op string, ev publishAs, catalog, id string, fn func(*Opportunity) error) (*Opportunity, *ItemProbe, error) {
	probe := &ItemProbe{}
	o, err := s.writeOpportunity(ctx, op, ev, catalog, id, fn, probe)
	return o, probe, err
}

func (s *OpportunityService) writeOpportunity(ctx context.Context, op string, ev publishAs, catalog, id string, fn func(*Opportunity) error, probe *ItemProbe) (*Opportunity, error) {
	o, err := s.store.UpdateOpportunity(ctx, catalog, id, func(cur *Opportunity) error {
		before, leaves := cur.ReviewStatus(), HistoryLeaves(cur)
		if err := fn(cur); err != nil {
			return err
		}
		cur.Writes++
		cur.Also = s.alsoFor(ctx, op, leaves, ev, reviewOutcome(before, cur.ReviewStatus(), ev))
		if probe != nil {
			// Always this call's question: an earlier attempt's answer
			// (a lost race re-runs fn) is not this write's.
			*probe = ItemProbe{Kind: KindOpportunityLink, Catalog: catalog, ID: id}
			if !cur.Unlinked {
				cur.Probe = probe
			}
		}
		return nil
	})
	if err == nil && ev.detailType != "" {
		s.written()
	}
	return o, err
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
