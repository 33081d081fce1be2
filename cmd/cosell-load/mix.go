package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/seed"
)

// mixStages are the stage filters of the mixed load's lists.
var mixStages = []string{"Prospect", "Qualified", "Technical Validation", "Business Validation", "Committed", "Launched", "Closed Lost"}

// mixOps is the mixed load's share of each operation, per 10 requests.
const (
	mixGets  = 5 // GetOpportunity of a random stored record
	mixLists = 2 // ListOpportunities, stage filter, page of 100
	// the rest: chained UpdateOpportunity of the client's own record
)

// runMix drives cfg.clients clients against a running server at url for
// cfg.duration (docs/benchmarks.md "Issue 12: memory"): each request is a
// Get of a random one of the ids records cosell load stored (O1000001…),
// a stage-filtered List, or a chained update of the client's own
// opportunity, created first; with -mix-read-only gets and lists only, in
// the same proportion (no writes, so no reader's page cache is dropped:
// the caches' worst case). It is a load to measure the server by (its
// RSS, from outside), not a benchmark: it reports counts and latencies
// only.
func runMix(ctx context.Context, cfg config, url string, out io.Writer) error {
	tmpl, err := opportunityTemplate()
	if err != nil {
		return err
	}
	c := newClient(cfg.clients)
	chains, err := c.createChains(ctx, url, tmpl, cfg.clients)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.duration)
	defer cancel()
	const nops = 3
	names := [nops]string{"get", "list", "update"}
	lat := make([][nops][]time.Duration, cfg.clients)
	errs := make([]error, cfg.clients)
	var wg sync.WaitGroup
	for i := range chains {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 12))
			u := newUpdater(tmpl, &chains[i])
			var buf bytes.Buffer
			for ctx.Err() == nil {
				k := rng.IntN(10)
				if cfg.mixReadOnly {
					k = rng.IntN(mixGets + mixLists)
				}
				var op int
				var d time.Duration
				var err error
				switch {
				case k < mixGets:
					op = 0
					buf.Reset()
					n := rng.IntN(cfg.mixIDs)
					fmt.Fprintf(&buf, `{"Catalog":%q,"Identifier":%q}`, seed.Catalog(n), cosell.FormatID(cosell.FirstID+int64(n)))
					start := time.Now()
					_, err = c.call(ctx, url, "GetOpportunity", buf.Bytes())
					d = time.Since(start)
				case k < mixGets+mixLists:
					op = 1
					buf.Reset()
					fmt.Fprintf(&buf, `{"Catalog":"AWS","MaxResults":100,"LifeCycleStage":[%s]}`, strconv.Quote(mixStages[rng.IntN(len(mixStages))]))
					start := time.Now()
					_, err = c.call(ctx, url, "ListOpportunities", buf.Bytes())
					d = time.Since(start)
				default:
					op = 2
					d, err = c.update(ctx, url, u)
				}
				if err != nil {
					if ctx.Err() == nil {
						errs[i] = fmt.Errorf("%s: %w", names[op], err)
					}
					return
				}
				lat[i][op] = append(lat[i][op], d)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "# mixed load against %s: %d clients for %s, gets of %d stored records\n", url, cfg.clients, cfg.duration, cfg.mixIDs)
	for op := range nops {
		var all []time.Duration
		for i := range lat {
			all = append(all, lat[i][op]...)
		}
		slices.Sort(all)
		fmt.Fprintf(out, "%-6s %8d requests  %7.1f/s  p50 %.3f ms  p99 %.3f ms\n", names[op], len(all),
			float64(len(all))/cfg.duration.Seconds(), ms(quantile(all, 0.5)), ms(quantile(all, 0.99)))
	}
	return nil
}
