package sqlite_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/seed"
	"github.com/cosell/cosell/sqlite"
	"github.com/cosell/cosell/wire"
)

// TestReadyzWhileDiskFull: while writes fail for lack of space, /readyz
// answers 503, and 200 again once a write commits (issue 9: writes answered
// 500 while /readyz said ready). PRAGMA max_page_count on the write
// connection makes SQLite answer SQLITE_FULL exactly as a full disk does,
// through the real store, service and HTTP handler.
func TestReadyzWhileDiskFull(t *testing.T) {
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "full.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	h := wire.NewHandler(cosell.NewService(store, cosell.ServiceConfig{}), wire.Options{Ready: store.Ping})
	gen, err := seed.NewGenerator(time.Now(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	create := func() int {
		t.Helper()
		n++
		req := gen.Request(n)
		if st := cosell.Stage(req.Str("LifeCycle", "Stage")); st == cosell.StageCommitted || st == cosell.StageLaunched {
			life := req.Obj("LifeCycle") // a new record cannot start Committed or Launched
			life.Set("Stage", string(cosell.StageProspect))
			req.Set("LifeCycle", life)
		}
		req.Set("ClientToken", fmt.Sprintf("full-%d", n))
		var body bytes.Buffer
		if err := cosell.AppendJSON(&body, req); err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/CreateOpportunity", &body))
		if rec.Code != 200 && rec.Code != 500 {
			t.Fatalf("CreateOpportunity = %d %s", rec.Code, rec.Body)
		}
		return rec.Code
	}
	readyz := func() int {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		return rec.Code
	}

	if got := create(); got != 200 {
		t.Fatalf("first create = %d", got)
	}
	if got := readyz(); got != 200 {
		t.Fatalf("/readyz before the disk fills = %d, want 200", got)
	}
	pages, err := store.ReadPragma("page_count")
	if err != nil {
		t.Fatal(err)
	}
	if err := store.WritePragma(fmt.Sprintf("max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
	status := 200
	for i := 0; i < 1000 && status == 200; i++ {
		status = create()
	}
	if status != 500 {
		t.Fatalf("1,000 creates on a full database all succeeded")
	}
	if got := readyz(); got != 503 {
		t.Errorf("/readyz while writes fail for lack of space = %d, want 503", got)
	}
	if got := create(); got != 500 {
		t.Errorf("create on a full database = %d, want 500", got)
	}
	if got := readyz(); got != 503 {
		t.Errorf("/readyz after another failed write = %d, want 503", got)
	}

	if err := store.WritePragma("max_page_count = 1073741823"); err != nil { // space freed
		t.Fatal(err)
	}
	if got := readyz(); got != 503 {
		t.Errorf("/readyz before any write succeeded = %d, want 503", got)
	}
	if got := create(); got != 200 {
		t.Fatalf("create after space was freed = %d, want 200", got)
	}
	if got := readyz(); got != 200 {
		t.Errorf("/readyz after a write succeeded = %d, want 200", got)
	}
}
