package sqlite

import (
	"sync"
	"time"
	"unicode/utf8"

	"github.com/cosell/cosell"
)

// cacheSize bounds how many records the write cache holds.
const cacheSize = 1024

// recordCache keeps the records this Store last wrote, decoded, with the
// version each was written as, so that the next UpdateOpportunity of a
// record can skip reading and decoding it. An entry is only a guess: the
// conditional write checks the version, and a failed fn on a cached record
// is re-run on a fresh read (see UpdateOpportunity), so an entry outdated
// by another process, or not yet replaced by a concurrent write, costs a
// retry and never a wrong answer. Entries are private copies until an
// update takes one to run fn on.
type recordCache struct {
	mu sync.Mutex
	m  map[int64]cachedRecord
}

type cachedRecord struct {
	version int64
	o       *cosell.Opportunity
}

func newRecordCache() *recordCache {
	return &recordCache{m: make(map[int64]cachedRecord, cacheSize)}
}

// take removes the cached record num of catalog and returns it with its
// version: the caller owns it (fn may change it), and a successful write
// puts its result back. Two concurrent updates of one record do not share
// an entry: the second finds none and reads the database.
func (c *recordCache) take(num int64, catalog string) (*cosell.Opportunity, int64, bool) {
	c.mu.Lock()
	e, ok := c.m[num]
	if ok {
		delete(c.m, num)
	}
	c.mu.Unlock()
	if !ok || e.o.Catalog != catalog {
		return nil, 0, false
	}
	return e.o, e.version, true
}

// put records that o was committed as version of record num, unless a
// newer version is cached already. o stays the caller's: put copies it.
// A record whose decoded form could differ from o (see canonical) is not
// cached, and drops any older entry.
func (c *recordCache) put(num, version int64, o *cosell.Opportunity) {
	var cp *cosell.Opportunity
	if canonical(o) {
		cp = cloneCanonical(o)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[num]; ok && e.version >= version {
		return
	}
	if cp == nil {
		delete(c.m, num)
		return
	}
	if len(c.m) >= cacheSize {
		for k := range c.m { // evict one arbitrary entry
			delete(c.m, k)
			break
		}
	}
	c.m[num] = cachedRecord{version: version, o: cp}
}

// cloneCanonical copies o into the form cosell.DecodeRecord gives of its
// encoding: times in UTC without a monotonic reading, a non-nil Body and
// non-nil Related lists.
func cloneCanonical(o *cosell.Opportunity) *cosell.Opportunity {
	c := o.Clone()
	c.Probe = nil // a request's question, not the record's
	c.CreatedDate = utc(c.CreatedDate)
	c.LastModifiedDate = utc(c.LastModifiedDate)
	if c.Body == nil {
		c.Body = cosell.Object{}
	}
	for _, l := range []*[]string{&c.Related.AwsProducts, &c.Related.Solutions, &c.Related.AwsMarketplaceOffers, &c.Related.AwsMarketplaceOfferSets} {
		if *l == nil {
			*l = []string{}
		}
	}
	return c
}

func utc(t time.Time) time.Time { return t.UTC().Round(0) }

// canonical reports whether o's documents hold only what ParseJSON
// produces (objects without repeated names, lists, valid UTF-8 strings,
// Numbers, booleans, nil), so that decoding o's encoding gives back
// cloneCanonical(o).
func canonical(o *cosell.Opportunity) bool {
	for _, s := range []string{o.Catalog, o.ID, o.Origin} {
		if !utf8.ValidString(s) {
			return false
		}
	}
	for _, l := range [][]string{o.Related.AwsProducts, o.Related.Solutions, o.Related.AwsMarketplaceOffers, o.Related.AwsMarketplaceOfferSets} {
		for _, s := range l {
			if !utf8.ValidString(s) {
				return false
			}
		}
	}
	return canonicalValue(o.Body) && canonicalValue(o.OpportunityTeam) && canonicalValue(o.Tags)
}

func canonicalValue(v any) bool {
	switch v := v.(type) {
	case nil, bool, cosell.Number:
		return true
	case string:
		return utf8.ValidString(v)
	case cosell.Object:
		for i, f := range v {
			if !utf8.ValidString(f.Name) || !canonicalValue(f.Value) {
				return false
			}
			for _, g := range v[:i] {
				if g.Name == f.Name {
					return false
				}
			}
		}
		return true
	case []any:
		for _, e := range v {
			if !canonicalValue(e) {
				return false
			}
		}
		return true
	}
	return false
}
