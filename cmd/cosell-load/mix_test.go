package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/memory"
	"github.com/cosell/cosell/seed"
	"github.com/cosell/cosell/wire"
)

// -mix runs its three kinds of request against a store cosell load
// filled: every Get finds its record (seed.Catalog gives the catalog),
// every chained update takes.
func TestMixAgainstSeededStore(t *testing.T) {
	store := memory.New()
	const n = 200
	if err := seed.Load(context.Background(), store, seed.Options{Count: n}); err != nil {
		t.Fatal(err)
	}
	svc := cosell.NewService(store, cosell.ServiceConfig{})
	srv := httptest.NewServer(wire.NewHandler(svc, wire.Options{Logger: wire.NewLogger(io.Discard, slog.LevelInfo)}))
	defer srv.Close()
	for _, readOnly := range []bool{false, true} {
		var out bytes.Buffer
		cfg := config{clients: 2, duration: 300 * time.Millisecond, mixIDs: n, mixReadOnly: readOnly}
		if err := runMix(context.Background(), cfg, srv.URL, &out); err != nil {
			t.Fatalf("read-only %v: %v", readOnly, err)
		}
		for _, op := range []string{"get", "list", "update"} {
			if !strings.Contains(out.String(), "\n"+op+" ") {
				t.Errorf("read-only %v: no %s line in\n%s", readOnly, op, out.String())
			}
		}
	}
}
