package sqlite_test

import (
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/sqlite"
	"github.com/google/go-cmp/cmp"
)

// counter reads Body.Counter (0 when absent).
func counter(o *cosell.Opportunity) int {
	v, _ := o.Body.Get("Counter").(cosell.Number)
	n, _ := strconv.Atoi(string(v))
	return n
}

func bump(o *cosell.Opportunity) error {
	o.Body.Set("Counter", cosell.Number(strconv.Itoa(counter(o)+1)))
	return nil
}

// An update whose record is written between its read and its write runs fn
// again on the newer record (optimistic writes, update.go), and after
// OptimisticTries lost races once more under the write lock; neither write
// is lost. fn makes the competing write itself, on its first calls only
// (on the writer goroutine a nested update would wait for itself).
func TestUpdateRerunsFnOnChangedRecord(t *testing.T) {
	tests := []struct {
		name       string
		intrusions int // how many of fn's first calls write the record first
		wantCalls  int
	}{
		{name: "no race", intrusions: 0, wantCalls: 1},
		{name: "one lost race", intrusions: 1, wantCalls: 2},
		{name: "every optimistic try lost", intrusions: sqlite.OptimisticTries, wantCalls: sqlite.OptimisticTries + 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openFile(t, sqlite.Options{})
			defer s.Close()
			created, err := s.CreateOpportunity(t.Context(), benchRecord(1), "", "")
			if err != nil {
				t.Fatal(err)
			}
			var seen []int
			got, err := s.UpdateOpportunity(t.Context(), "AWS", created.ID, func(o *cosell.Opportunity) error {
				seen = append(seen, counter(o))
				if len(seen) <= tc.intrusions {
					if _, err := s.UpdateOpportunity(t.Context(), "AWS", created.ID, bump); err != nil {
						t.Errorf("competing update: %v", err)
					}
				}
				o.Body.Set("Mark", "outer")
				return bump(o)
			})
			if err != nil {
				t.Fatalf("UpdateOpportunity: %v", err)
			}
			if len(seen) != tc.wantCalls {
				t.Errorf("fn called %d times (saw counters %v), want %d", len(seen), seen, tc.wantCalls)
			}
			// Each call saw the record as the competing writes left it.
			for i, c := range seen {
				if want := min(i, tc.intrusions); c != want {
					t.Errorf("call %d saw counter %d, want %d", i+1, c, want)
				}
			}
			stored, err := s.GetOpportunity(t.Context(), "AWS", created.ID)
			if err != nil {
				t.Fatal(err)
			}
			if want := tc.intrusions + 1; counter(stored) != want || counter(got) != want {
				t.Errorf("counter stored %d, answered %d; want %d (a write was lost)", counter(stored), counter(got), want)
			}
			if stored.Body.Str("Mark") != "outer" {
				t.Errorf("Mark = %q, want the outer update's", stored.Body.Str("Mark"))
			}
		})
	}
}

// An fn that fails after losing a race returns its error and writes
// nothing: the competing write stays.
func TestUpdateRerunFnErrorWritesNothing(t *testing.T) {
	s := openFile(t, sqlite.Options{})
	defer s.Close()
	created, err := s.CreateOpportunity(t.Context(), benchRecord(1), "", "")
	if err != nil {
		t.Fatal(err)
	}
	stale := cosell.Errorf(cosell.ConflictError, "stale")
	calls := 0
	_, err = s.UpdateOpportunity(t.Context(), "AWS", created.ID, func(o *cosell.Opportunity) error {
		calls++
		if calls == 1 {
			if _, err := s.UpdateOpportunity(t.Context(), "AWS", created.ID, bump); err != nil {
				t.Errorf("competing update: %v", err)
			}
			return bump(o) // would win on the record it read
		}
		if counter(o) != 1 {
			t.Errorf("second call saw counter %d, want the competing write's 1", counter(o))
		}
		o.Body.Set("Mark", "loser")
		return stale // the domain's LastModifiedDate check on the winner's record
	})
	if err != stale { //nolint:errorlint // fn's own value
		t.Fatalf("UpdateOpportunity = %v, want fn's error", err)
	}
	stored, err := s.GetOpportunity(t.Context(), "AWS", created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if counter(stored) != 1 || stored.Body.Str("Mark") != "" {
		t.Errorf("stored counter %d, Mark %q; want the competing write only", counter(stored), stored.Body.Str("Mark"))
	}
}

// cachedRecord creates a record and updates it once, so that the Store
// holds it in its write cache and the next update takes the optimistic
// path (update.go).
func cachedRecord(t *testing.T, s *sqlite.Store) string {
	t.Helper()
	created, err := s.CreateOpportunity(t.Context(), benchRecord(1), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateOpportunity(t.Context(), "AWS", created.ID, bump); err != nil {
		t.Fatal(err)
	}
	return created.ID
}

// An update from the write cache whose record is written between fn and
// its write runs fn again on the newer record, read afresh; neither write
// is lost. fn makes the competing write itself, on its first call only (on
// the writer goroutine a nested update would wait for itself).
func TestUpdateCachedRerunsFnOnChangedRecord(t *testing.T) {
	tests := []struct {
		name      string
		intrude   bool // fn's first call writes the record first
		wantCalls int
	}{
		{name: "no race", wantCalls: 1},
		{name: "lost race", intrude: true, wantCalls: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openFile(t, sqlite.Options{})
			defer s.Close()
			id := cachedRecord(t, s)
			var seen []int
			got, err := s.UpdateOpportunity(t.Context(), "AWS", id, func(o *cosell.Opportunity) error {
				seen = append(seen, counter(o))
				if tc.intrude && len(seen) == 1 {
					if _, err := s.UpdateOpportunity(t.Context(), "AWS", id, bump); err != nil {
						t.Errorf("competing update: %v", err)
					}
				}
				o.Body.Set("Mark", "outer")
				return bump(o)
			})
			if err != nil {
				t.Fatalf("UpdateOpportunity: %v", err)
			}
			want := []int{1}
			if tc.intrude {
				want = []int{1, 2} // the second call sees the competing write
			}
			if !slices.Equal(seen, want) {
				t.Errorf("fn saw counters %v, want %v", seen, want)
			}
			stored, err := s.GetOpportunity(t.Context(), "AWS", id)
			if err != nil {
				t.Fatal(err)
			}
			if w := want[len(want)-1] + 1; counter(stored) != w || counter(got) != w {
				t.Errorf("counter stored %d, answered %d; want %d (a write was lost)", counter(stored), counter(got), w)
			}
			if stored.Body.Str("Mark") != "outer" {
				t.Errorf("Mark = %q, want the outer update's", stored.Body.Str("Mark"))
			}
		})
	}
}

// An fn that fails after losing a race returns its error and writes
// nothing: the competing write stays.
func TestUpdateCachedRerunFnErrorWritesNothing(t *testing.T) {
	s := openFile(t, sqlite.Options{})
	defer s.Close()
	id := cachedRecord(t, s)
	stale := cosell.Errorf(cosell.ConflictError, "stale")
	calls := 0
	_, err := s.UpdateOpportunity(t.Context(), "AWS", id, func(o *cosell.Opportunity) error {
		calls++
		if calls == 1 {
			if _, err := s.UpdateOpportunity(t.Context(), "AWS", id, bump); err != nil {
				t.Errorf("competing update: %v", err)
			}
			return bump(o) // would win on the record it was given
		}
		if counter(o) != 2 {
			t.Errorf("second call saw counter %d, want the competing write's 2", counter(o))
		}
		o.Body.Set("Mark", "loser")
		return stale // the domain's LastModifiedDate check on the winner's record
	})
	if err != stale { //nolint:errorlint // fn's own value
		t.Fatalf("UpdateOpportunity = %v, want fn's error", err)
	}
	if calls != 2 {
		t.Errorf("fn called %d times, want 2", calls)
	}
	stored, err := s.GetOpportunity(t.Context(), "AWS", id)
	if err != nil {
		t.Fatal(err)
	}
	if counter(stored) != 2 || stored.Body.Str("Mark") != "" {
		t.Errorf("stored counter %d, Mark %q; want the competing write only", counter(stored), stored.Body.Str("Mark"))
	}
}

// A database written before records had a version column (schema version
// 1) opens, keeps its records and takes updates.
func TestUpgradeFromVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cosell.db")
	db := rawDB(t, path)
	doc, err := cosell.EncodeRecord(&cosell.Opportunity{Catalog: "AWS", ID: cosell.FormatID(cosell.FirstID), Body: cosell.Object{{Name: "Counter", Value: cosell.Number("41")}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE schema_version (version INTEGER NOT NULL)`,
		sqlite.MigrationSQL[0],
		`INSERT INTO schema_version (version) VALUES (1)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`INSERT INTO opportunities (id_num, catalog, id, created, modified, stage, review_status, company_fold, target_close, doc) VALUES (?, 'AWS', ?, '', '', '', '', '', '', ?)`,
		cosell.FirstID, cosell.FormatID(cosell.FirstID), doc); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatalf("Open a version-1 database: %v", err)
	}
	defer s.Close()
	got, err := s.UpdateOpportunity(t.Context(), "AWS", cosell.FormatID(cosell.FirstID), bump)
	if err != nil {
		t.Fatalf("update after upgrade: %v", err)
	}
	if counter(got) != 42 {
		t.Errorf("counter %d after upgrade and update, want 42", counter(got))
	}
}

// Two Stores on one file (two processes): each remembers the records it
// wrote (the write cache), and neither may act on a record the other has
// since changed. A's entry is outdated by B's write; A's fn must still see
// B's write, and an error fn returns on the outdated record must not be
// the answer.
func TestUpdateSeesOtherStoresWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cosell.db")
	a, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	created, err := a.CreateOpportunity(t.Context(), benchRecord(1), "", "")
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range []*sqlite.Store{a, b, a, b, b, a} {
		stale := cosell.Errorf(cosell.ConflictError, "stale")
		got, err := s.UpdateOpportunity(t.Context(), "AWS", created.ID, func(o *cosell.Opportunity) error {
			if counter(o) != i {
				return stale
			}
			return bump(o)
		})
		if err != nil {
			t.Fatalf("update %d: %v (fn saw an outdated record)", i+1, err)
		}
		if counter(got) != i+1 {
			t.Fatalf("update %d answered counter %d, want %d", i+1, counter(got), i+1)
		}
	}
}

// The record fn is given is the stored one as decoded, even when the
// previous update left Go values that the encoding turns into others
// (here []string, decoded as []any) and times in another zone.
func TestUpdateGivesDecodedForm(t *testing.T) {
	s := openFile(t, sqlite.Options{})
	defer s.Close()
	created, err := s.CreateOpportunity(t.Context(), benchRecord(1), "", "")
	if err != nil {
		t.Fatal(err)
	}
	zone := time.FixedZone("X", 3600)
	if _, err := s.UpdateOpportunity(t.Context(), "AWS", created.ID, func(o *cosell.Opportunity) error {
		o.Body.Set("Strings", []string{"a"})
		o.LastModifiedDate = o.LastModifiedDate.In(zone)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second sees what the first (optimistic, cached) wrote
		if _, err := s.UpdateOpportunity(t.Context(), "AWS", created.ID, func(o *cosell.Opportunity) error {
			if _, ok := o.Body.Get("Strings").([]any); !ok {
				t.Errorf("Strings is %T, want []any as decoded", o.Body.Get("Strings"))
			}
			if o.LastModifiedDate.Location() != time.UTC {
				t.Errorf("LastModifiedDate in %v, want UTC as decoded", o.LastModifiedDate.Location())
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
}

// A database written before snapshots (schema version 2) opens at the
// newest version with its records, and a pass that starts after the
// upgrade lists each record once while they change: the old rows exist
// at every snapshot, and their first update keeps their old version.
func TestUpgradeFromVersion2KeepsRecordsListable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cosell.db")
	db := rawDB(t, path)
	for _, q := range []string{`CREATE TABLE schema_version (version INTEGER NOT NULL)`, sqlite.MigrationSQL[0], sqlite.MigrationSQL[1], `INSERT INTO schema_version (version) VALUES (2)`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	var want []string
	for i := range 3 {
		num := cosell.FirstID + int64(i)
		o := &cosell.Opportunity{Catalog: "AWS", ID: cosell.FormatID(num), LastModifiedDate: time.Unix(int64(1000+i), 0), Body: cosell.Object{{Name: "Counter", Value: cosell.Number("0")}}}
		doc, err := cosell.EncodeRecord(o)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`INSERT INTO opportunities (id_num, catalog, id, created, modified, stage, review_status, company_fold, target_close, doc) VALUES (?, 'AWS', ?, '', ?, '', '', '', '', ?)`,
			num, o.ID, cosell.TimeKey(o.LastModifiedDate), doc); err != nil {
			t.Fatal(err)
		}
		want = append([]string{o.ID}, want...)
	}
	db.Close()
	s, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatalf("Open a version-2 database: %v", err)
	}
	defer s.Close()
	q := cosell.ListQuery{Catalog: "AWS", SortBy: cosell.SortByLastModifiedDate, Descending: true, Limit: 1}
	var got []string
	for range 5 {
		page, err := s.ListOpportunities(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page.Records {
			got = append(got, o.ID)
		}
		if len(page.Records) < q.Limit {
			break
		}
		q.AsOf, q.After = page.AsOf, &page.Positions[0]
		// The last record becomes the newest: without the snapshot it
		// would come round again.
		if _, err := s.UpdateOpportunity(t.Context(), "AWS", want[len(want)-1], func(o *cosell.Opportunity) error {
			o.LastModifiedDate = o.LastModifiedDate.Add(time.Hour)
			return bump(o)
		}); err != nil {
			t.Fatal(err)
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("pass after the upgrade (-want +got):\n%s", d)
	}
}

// An optimistic update whose fn ran longer ago than cosell.MaxCommitLag
// when its write reaches the writer is not written: fn runs again, so the
// record's LastModifiedDate is never older than MaxCommitLag at commit
// (the sync recipe's overlap, docs/sync.md).
func TestLateOptimisticWriteRunsFnAgain(t *testing.T) {
	s, created := openWithRecord(t)
	calls := 0
	got, err := s.UpdateOpportunity(t.Context(), "AWS", created.ID, func(o *cosell.Opportunity) error {
		calls++
		if calls == 1 {
			time.Sleep(cosell.MaxCommitLag + 100*time.Millisecond)
		}
		return bump(o)
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 2 || counter(got) != 1 {
		t.Errorf("fn ran %d times, counter %d; want 2 runs and one write (counter 1)", calls, counter(got))
	}
}

// Superseded versions older than a listing can need are dropped.
func TestPruneVersions(t *testing.T) {
	s, created := openWithRecord(t)
	for range 2 {
		if _, err := s.UpdateOpportunity(t.Context(), "AWS", created.ID, bump); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.PruneVersions(t.Context(), time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("prune before the versions existed: %d dropped, %v; want 0", n, err)
	}
	if n, err := s.PruneVersions(t.Context(), time.Now().Add(time.Hour)); err != nil || n != 2 {
		t.Errorf("prune after both were superseded: %d dropped, %v; want 2", n, err)
	}
	if got, err := s.GetOpportunity(t.Context(), "AWS", created.ID); err != nil || counter(got) != 2 {
		t.Errorf("the record after pruning: %v, %v", got, err)
	}
}

// openWithRecord opens a fresh file database, closed when the test ends,
// holding one record.
func openWithRecord(t *testing.T) (*sqlite.Store, *cosell.Opportunity) {
	t.Helper()
	s, err := sqlite.Open(filepath.Join(t.TempDir(), "cosell.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	created, err := s.CreateOpportunity(t.Context(), benchRecord(1), "", "")
	if err != nil {
		t.Fatal(err)
	}
	return s, created
}

// SQLite answers Opportunity.Probe in the write's transaction (the service
// then skips runJobs' read for an opportunity without a link); its answer's
// correctness is storetest's.
func TestProbeAnswered(t *testing.T) {
	s, o := openWithRecord(t)
	p := &cosell.ItemProbe{Kind: cosell.KindOpportunityLink, Catalog: o.Catalog, ID: o.ID}
	got, err := s.UpdateOpportunity(t.Context(), o.Catalog, o.ID, func(cur *cosell.Opportunity) error {
		cur.Probe = p
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Known || p.Found {
		t.Errorf("probe = %+v, want Known and not Found", *p)
	}
	if got.Probe != nil {
		t.Errorf("the answer carries the probe %+v", *got.Probe)
	}
}
