package cosell

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// encodeHistoryEntry writes exactly what json.Marshal writes for the entry
// with its Record, for the compact JSON EncodeRecord gives.
func TestEncodeHistoryEntry(t *testing.T) {
	o := &Opportunity{Catalog: "Sandbox", ID: "O1234567", LastModifiedDate: time.Date(2026, 1, 2, 3, 4, 5, 600e6, time.UTC), Writes: 7}
	doc, err := EncodeRecord(o)
	if err != nil {
		t.Fatal(err)
	}
	e := HistoryEntry{Seq: 7, At: o.LastModifiedDate, Account: "123456789012", AccessKeyID: `AKID"\<>`, Operation: "UpdateOpportunity"}
	got, err := encodeHistoryEntry(e, doc)
	if err != nil {
		t.Fatal(err)
	}
	e.Record = doc
	want, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("encodeHistoryEntry (-json.Marshal +got):\n%s", diff)
	}
}
