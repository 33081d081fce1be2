package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/seed"
	"github.com/cosell/cosell/sqlite"
)

// An update's history entry keeps what the update changed, so it stays
// within what SQLite keeps of a row of the WITHOUT ROWID items table in
// its page (about 1,000 bytes with 4 KB pages) and writes no overflow page
// (docs/decisions.md "Record history diff"); the whole record, about
// 1.8 KB for this generated one, did not.
func TestUpdateHistoryEntryFitsInThePage(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cosell.db")
	s, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc := cosell.NewService(s, cosell.ServiceConfig{})
	g, err := seed.NewGenerator(time.Now(), 1)
	if err != nil {
		t.Fatal(err)
	}
	req := g.Request(1)
	req.Set("Catalog", "AWS")
	created, err := svc.CreateOpportunity(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	id := created.Str("Id")
	for i := range 5 {
		got, err := svc.GetOpportunity(ctx, cosell.Object{{Name: "Catalog", Value: "AWS"}, {Name: "Identifier", Value: id}})
		if err != nil {
			t.Fatal(err)
		}
		up := cosell.Object{{Name: "Catalog", Value: "AWS"}, {Name: "Identifier", Value: id}, {Name: "LastModifiedDate", Value: got.Str("LastModifiedDate")}}
		for _, name := range cosell.WritableMembers {
			if v, ok := got.Lookup(name); ok {
				up = append(up, cosell.Field{Name: name, Value: v})
			}
		}
		life := cosell.Clone(up.Obj("LifeCycle")).(cosell.Object)
		life.Delete("NextStepsHistory")
		life.Set("NextSteps", "Call "+string(rune('A'+i)))
		up.Set("LifeCycle", life)
		if _, err := svc.UpdateOpportunity(ctx, up); err != nil {
			t.Fatalf("update %d: %v", i, err)
		}
	}
	s.Close()

	db := rawDB(t, path)
	var record, entries, largest int
	if err := db.QueryRow(`SELECT length(doc) FROM opportunities`).Scan(&record); err != nil {
		t.Fatal(err)
	}
	// Entries 2 to 6 are the updates' (entry 1, the create's, lists every leaf).
	if err := db.QueryRow(`SELECT count(*), max(length(doc)) FROM items WHERE kind = 'history' AND id > ?`, id+"/001").Scan(&entries, &largest); err != nil {
		t.Fatal(err)
	}
	t.Logf("record %d bytes; %d update entries, the largest %d bytes", record, entries, largest)
	if entries != 5 || largest > 1000 {
		t.Errorf("%d update entries, the largest %d bytes; want 5, each at most 1,000 (the record is %d bytes)", entries, largest, record)
	}
	if record <= 1000 {
		t.Errorf("the generated record is %d bytes: too small to tell an entry of changes from one of the record", record)
	}
}
