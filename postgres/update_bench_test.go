//go:build postgres

package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/postgres"
)

// BenchmarkUpdate times UpdateOpportunity at the store, each update
// writing two items with the record (as the service's history and outbox
// event do): one caller chaining updates of one record (each update waits
// for the last: the round trips are the cost), and 16 callers each
// chaining its own record (the database's and the client's CPU share the
// cost too). Issue 12 (docs/benchmarks.md).
//
//	go test -tags postgres -run '^$' -bench Update ./postgres/
func BenchmarkUpdate(b *testing.B) {
	for _, callers := range []int{1, 4, 16} {
		b.Run(fmt.Sprintf("callers=%d", callers), func(b *testing.B) {
			ctx := context.Background()
			s, err := postgres.Open(ctx, testURL(b), postgres.Options{Schema: freshSchema(b)})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			ids := make([]string, callers)
			for i := range ids {
				r := benchRecord(i)
				r.Catalog = "AWS"
				o, err := s.CreateOpportunity(ctx, r, "", "")
				if err != nil {
					b.Fatal(err)
				}
				ids[i] = o.ID
			}
			var next atomic.Int64
			var wg sync.WaitGroup
			errs := make(chan error, callers)
			b.ResetTimer()
			for _, id := range ids {
				wg.Go(func() {
					for n := next.Add(1); n <= int64(b.N); n = next.Add(1) {
						if _, err := s.UpdateOpportunity(ctx, "AWS", id, benchUpdate(int(n))); err != nil {
							errs <- err
							return
						}
					}
				})
			}
			wg.Wait()
			b.StopTimer()
			close(errs)
			for err := range errs {
				b.Fatal(err)
			}
		})
	}
}

func benchUpdate(n int) func(*cosell.Opportunity) error {
	return func(o *cosell.Opportunity) error {
		o.Body.Set("Step", cosell.Number(fmt.Sprint(n)))
		o.Also = func(stored *cosell.Opportunity) []*cosell.Item {
			return []*cosell.Item{
				{Kind: "history", Catalog: stored.Catalog, ID: fmt.Sprintf("%s/%09d", stored.ID, n), Doc: []byte(`{"n":1}`)},
				{Kind: "outbox", Catalog: stored.Catalog, ID: fmt.Sprintf("%09d", n), Doc: []byte(`{"n":1}`)},
			}
		}
		return nil
	}
}
