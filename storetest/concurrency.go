package storetest

import (
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/cosell/cosell"
)

// testConcurrency checks the isolation UpdateOpportunity promises: the
// domain's LastModifiedDate check (spec §3.1 step 5) runs inside fn, so of
// many updates that read the same LastModifiedDate exactly one may win, and
// no read-modify-write may be lost.
func testConcurrency(t *testing.T, open func(*testing.T) cosell.Store, opts Options) {
	t.Run("one of many racing updates wins", func(t *testing.T) {
		s := open(t)
		created := mustCreate(t, s, opp(spec{stage: "Prospect", modified: 1}))
		read := mustGet(t, s, "AWS", created.ID).LastModifiedDate
		stale := cosell.Errorf(cosell.ConflictError, "LastModifiedDate changed")

		start := make(chan struct{})
		errs := make([]error, opts.Racers)
		var wg sync.WaitGroup
		for i := range opts.Racers {
			wg.Go(func() {
				<-start
				_, errs[i] = s.UpdateOpportunity(ctx(t), "AWS", created.ID, func(o *cosell.Opportunity) error {
					if !o.LastModifiedDate.Equal(read) {
						return stale
					}
					o.LastModifiedDate = read.Add(time.Duration(i+1) * time.Millisecond)
					o.Body.Set("Winner", strconv.Itoa(i))
					return nil
				})
			})
		}
		close(start)
		wg.Wait()

		winner := -1
		for i, err := range errs {
			switch {
			case err == nil && winner >= 0:
				t.Errorf("racers %d and %d both won", winner, i)
			case err == nil:
				winner = i
			case err != stale: //nolint:errorlint // fn's own value
				t.Errorf("racer %d: %v, want fn's conflict error", i, err)
			}
		}
		if winner < 0 {
			t.Fatal("no racer won")
		}
		got := mustGet(t, s, "AWS", created.ID)
		if got.Body.Str("Winner") != strconv.Itoa(winner) || !got.LastModifiedDate.Equal(read.Add(time.Duration(winner+1)*time.Millisecond)) {
			t.Errorf("stored Winner %q, LastModifiedDate %v; want racer %d's write", got.Body.Str("Winner"), got.LastModifiedDate, winner)
		}
	})

	t.Run("no update is lost", func(t *testing.T) {
		s := open(t)
		created := mustCreate(t, s, opp(spec{stage: "Prospect"}))
		other := mustCreate(t, s, opp(spec{stage: "Prospect", catalog: "Sandbox"}))
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make(chan error, 2*opts.Increments)
		for range opts.Increments {
			for _, o := range []*cosell.Opportunity{created, other} {
				wg.Go(func() {
					<-start
					_, err := s.UpdateOpportunity(ctx(t), o.Catalog, o.ID, increment)
					errs <- err
				})
			}
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("increment: %v", err)
			}
		}
		for _, o := range []*cosell.Opportunity{created, other} {
			if got := mustGet(t, s, o.Catalog, o.ID).Body.Get("Counter"); got != cosell.Number(strconv.Itoa(opts.Increments)) {
				t.Errorf("%s counter = %v after %d increments", o.ID, got, opts.Increments)
			}
		}
	})

	t.Run("concurrent creates get distinct ids", func(t *testing.T) {
		s := open(t)
		ids := make([]string, opts.Racers)
		errs := make([]error, opts.Racers)
		var wg sync.WaitGroup
		for i := range opts.Racers {
			wg.Go(func() {
				catalog := []string{"AWS", "Sandbox"}[i%2]
				var o *cosell.Opportunity
				// Half share a token per catalog: those must collapse to one record.
				token := ""
				if i%4 < 2 {
					token = "shared"
				}
				o, errs[i] = s.CreateOpportunity(ctx(t), opp(spec{catalog: catalog}), token, "fp")
				if o != nil {
					ids[i] = o.ID
				}
			})
		}
		wg.Wait()
		distinct := map[string]bool{}
		for i, err := range errs {
			if err != nil {
				t.Fatalf("create %d: %v", i, err)
			}
			distinct[ids[i]] = true
		}
		shared := 0
		for i := range opts.Racers {
			if i%4 < 2 {
				shared++
			}
		}
		want := opts.Racers - shared + min(shared, 2)
		if len(distinct) != want {
			t.Errorf("%d distinct ids, want %d", len(distinct), want)
		}
		if n := count(t, s, "AWS") + count(t, s, "Sandbox"); n != want {
			t.Errorf("%d records stored, want %d", n, want)
		}
	})
}

// increment adds one to Body.Counter.
func increment(o *cosell.Opportunity) error {
	n := 0
	if v, ok := o.Body.Get("Counter").(cosell.Number); ok {
		n, _ = strconv.Atoi(string(v))
	}
	o.Body.Set("Counter", cosell.Number(strconv.Itoa(n+1)))
	return nil
}
