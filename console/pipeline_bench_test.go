package console

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/seed"
	"github.com/cosell/cosell/sqlite"
)

// benchOpportunities is the pipeline size the issue sets: the page must
// render in under 200 ms on the server (docs/benchmarks.md).
const benchOpportunities = 10_000

// benchConsole is a console over a SQLite file holding 10,000 generated
// opportunities (cosell load's generator), owned by the default account.
func benchConsole(b *testing.B) *Console {
	b.Helper()
	store, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	if err := seed.Load(context.Background(), store, seed.Options{Count: benchOpportunities}); err != nil {
		b.Fatal(err)
	}
	c, err := New(Options{Service: cosell.NewService(store, cosell.ServiceConfig{}), Lister: store})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkPipelinePage is GET /console/ with 10,000 opportunities: the
// store's incremental listing, the board of every stage and the chart,
// and the HTML. The summaries are loaded first, as the console does on its
// first request (BenchmarkPipelineLoad measures that load).
func BenchmarkPipelinePage(b *testing.B) {
	c := benchConsole(b)
	if err := c.Prime(context.Background()); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct{ name, query string }{
		{name: "all", query: ""},
		{name: "filtered", query: "?catalog=AWS&review=Pending+Submission&origin=Partner+Referral"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				r := httptest.NewRequest(http.MethodGet, "/console/"+bc.query, nil)
				r.RemoteAddr = "127.0.0.1:1"
				w := httptest.NewRecorder()
				c.ServeHTTP(w, r)
				if w.Code != 200 || !strings.Contains(w.Body.String(), `class="card"`) {
					b.Fatalf("%d %.300s", w.Code, w.Body)
				}
			}
		})
	}
}

// BenchmarkPipelineLoad is the one full read of 10,000 records that fills
// the summaries (in the background, on the console's first request).
func BenchmarkPipelineLoad(b *testing.B) {
	c := benchConsole(b)
	for b.Loop() {
		c.pipeline = newIndex(c.opts.Lister)
		if err := c.Prime(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
