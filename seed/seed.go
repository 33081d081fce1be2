// Package seed fills a Store with many valid opportunities (cosell load,
// the growth benchmarks in proof/).
//
// Records are built by the domain itself: each generated CreateOpportunity
// request runs through cosell's own validation, defaults and business rules
// (a service whose store only captures the record), so a seeded record is
// exactly what CreateOpportunity over the wire would have stored. Only the
// writing is bulk (cosell.CreateOpportunities).
package seed

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/cosell/cosell"
)

//go:embed template.json
var templateJSON []byte

// Options configure Load; zero values take the defaults.
type Options struct {
	Count int // records to write
	// Batch is the records per bulk write (default 1000). Workers+1
	// batches are in memory at once, each record ≈ 2.7 KB live and 15 KB
	// allocated while built: 5000 took a 100,000-record load to 276 MiB
	// peak RSS, 1000 to 182 MiB at the same speed (issue 12).
	Batch int
	// Workers build records in parallel (default 2).
	Workers int
	// Now anchors the generated dates (default time.Now): CreatedDate
	// spreads over the two years before it, TargetCloseDate lies after it.
	Now time.Time
	// Progress, when set, is told after each batch how many records it wrote.
	Progress func(n int)
}

// span is how far back CreatedDate values reach.
const span = 2 * 365 * 24 * time.Hour

// Load writes opts.Count generated opportunities to store, in batches.
func Load(ctx context.Context, store cosell.Store, opts Options) error {
	if opts.Batch <= 0 {
		opts.Batch = 1000
	}
	if opts.Workers <= 0 {
		opts.Workers = 2
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	// Workers build batches [first, first+size) into slots; the writer
	// stores them in index order so identifiers follow CreatedDate.
	type batch struct {
		recs []*cosell.Opportunity
		done chan struct{}
	}
	nb := (opts.Count + opts.Batch - 1) / opts.Batch
	batches := make([]*batch, nb)
	for i := range batches {
		batches[i] = &batch{done: make(chan struct{})}
	}
	next := make(chan int)
	// ahead bounds the batches built but not yet written: without it the
	// workers ran ahead of the store and a million-record load held most of
	// its records in memory at once (4.6 GB measured, issue 12).
	ahead := make(chan struct{}, opts.Workers+1)
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g, err := NewGenerator(opts.Now, opts.Count)
			if err != nil {
				cancel(err)
				return
			}
			for bi := range next {
				b := batches[bi]
				lo, hi := bi*opts.Batch, min((bi+1)*opts.Batch, opts.Count)
				b.recs = make([]*cosell.Opportunity, 0, hi-lo)
				for i := lo; i < hi; i++ {
					o, err := g.Opportunity(i)
					if err != nil {
						cancel(err)
						break
					}
					b.recs = append(b.recs, o)
				}
				close(b.done)
			}
		}()
	}
	go func() {
		defer close(next)
		for bi := range batches {
			select {
			case ahead <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case next <- bi:
			case <-ctx.Done():
				return
			}
		}
	}()
	defer wg.Wait()
	for _, b := range batches {
		select {
		case <-b.done:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
		if err := context.Cause(ctx); err != nil {
			return err
		}
		if err := cosell.CreateOpportunities(ctx, store, b.recs); err != nil {
			cancel(err)
			return err
		}
		if opts.Progress != nil {
			opts.Progress(len(b.recs))
		}
		b.recs = nil
		<-ahead
	}
	return nil
}

// Generator builds the i-th record of a data set of n. Not safe for
// concurrent use; give each goroutine its own.
type Generator struct {
	n     int
	now   time.Time
	tmpl  cosell.Object
	clock clock
	cap   capture
	svc   *cosell.OpportunityService

	stages  []cosell.Stage
	reasons []cosell.ClosedLostReason
}

// NewGenerator returns a generator of n records dated around now.
func NewGenerator(now time.Time, n int) (*Generator, error) {
	v, err := cosell.ParseJSON(templateJSON)
	if err != nil {
		return nil, fmt.Errorf("seed: template: %w", err)
	}
	g := &Generator{
		n:       max(n, 1),
		now:     now.UTC(),
		tmpl:    v.(cosell.Object),
		stages:  cosell.Stage("").Values(),
		reasons: cosell.ClosedLostReason("").Values(),
	}
	g.svc = cosell.NewService(&g.cap, cosell.ServiceConfig{Clock: &g.clock})
	return g, nil
}

// Request is the CreateOpportunity request of record i: stages, company
// names, catalogs and dates vary with i; the same i gives the same request.
func (g *Generator) Request(i int) cosell.Object {
	doc := cosell.Clone(g.tmpl).(cosell.Object)
	h := mix(uint64(i))
	doc.Set("Catalog", Catalog(i))
	stage := g.stages[(h>>8)%uint64(len(g.stages))]
	life := doc.Obj("LifeCycle")
	life.Set("Stage", string(stage))
	if stage == cosell.StageClosedLost { // spec §3.10: the reason goes with Closed Lost only
		life.Set("ClosedLostReason", string(g.reasons[(h>>16)%uint64(len(g.reasons))]))
	}
	created := g.created(i)
	closeDate := created.AddDate(0, 0, 30+int((h>>24)%700))
	if min := g.now.AddDate(0, 0, 1); closeDate.Before(min) {
		closeDate = min.AddDate(0, 0, int((h>>24)%365))
	}
	life.Set("TargetCloseDate", closeDate.Format(time.DateOnly))
	life.Set("NextSteps", "Follow up call "+strconv.Itoa(int((h>>32)%1000)))
	doc.Set("LifeCycle", life)

	company := companyName(h >> 40)
	acct := doc.Obj("Customer").Obj("Account")
	acct.Set("CompanyName", company)
	cust := doc.Obj("Customer")
	cust.Set("Account", acct)
	doc.Set("Customer", cust)
	proj := doc.Obj("Project")
	proj.Set("Title", company+" migration "+strconv.Itoa(i))
	doc.Set("Project", proj)
	doc.Set("PartnerOpportunityIdentifier", "SEED-"+strconv.Itoa(i))
	doc.Set("ClientToken", "seed-"+strconv.Itoa(i)) // required; the bulk path records no token
	return doc
}

// Catalog is record i's catalog: one in ten is in Sandbox, the rest in AWS.
// Load stores record i as cosell.FormatID(cosell.FirstID+i) in an empty
// store.
func Catalog(i int) string {
	if mix(uint64(i))%10 == 0 {
		return "Sandbox"
	}
	return "AWS"
}

// created is record i's CreatedDate: evenly spread over span before now.
func (g *Generator) created(i int) time.Time {
	return g.now.Add(-span + time.Duration(int64(span)/int64(g.n)*int64(i)))
}

// Opportunity runs record i's request through the domain's
// CreateOpportunity and returns the record it would store (no identifier).
func (g *Generator) Opportunity(i int) (*cosell.Opportunity, error) {
	g.clock.t = g.created(i)
	g.cap.got = nil
	req := g.Request(i)
	// A new opportunity cannot start at Committed or Launched: those stages
	// need an associated solution, which only exists after creation. Such
	// records are created one stage earlier and then carry a solution and
	// their stage, as they would after AssociateOpportunity and an update.
	stage := cosell.Stage(req.Str("LifeCycle", "Stage"))
	late := stage == cosell.StageCommitted || stage == cosell.StageLaunched
	if late {
		life := req.Obj("LifeCycle")
		life.Set("Stage", "Business Validation")
		req.Set("LifeCycle", life)
	}
	if _, err := g.svc.CreateOpportunity(context.Background(), req); err != nil {
		return nil, fmt.Errorf("seed: record %d: %w", i, err)
	}
	o := g.cap.got
	o.ID = ""
	if late {
		life := o.Body.Obj("LifeCycle")
		life.Set("Stage", string(stage))
		o.Body.Set("LifeCycle", life)
		o.Related.Solutions = []string{"S-" + strconv.Itoa(1000000+i)}
	}
	return o, nil
}

type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

// capture is a Store that keeps the one record the service creates.
type capture struct{ got *cosell.Opportunity }

var errCaptureOnly = errors.New("seed: capture store only creates")

func (c *capture) CreateOpportunity(_ context.Context, o *cosell.Opportunity, _, _ string) (*cosell.Opportunity, error) {
	c.got = o
	cp := *o
	cp.ID = cosell.FormatID(cosell.FirstID)
	return &cp, nil
}
func (*capture) GetOpportunity(context.Context, string, string) (*cosell.Opportunity, error) {
	return nil, errCaptureOnly
}
func (*capture) UpdateOpportunity(context.Context, string, string, func(*cosell.Opportunity) error) (*cosell.Opportunity, error) {
	return nil, errCaptureOnly
}
func (*capture) ListOpportunities(context.Context, cosell.ListQuery) (cosell.ListPage, error) {
	return cosell.ListPage{}, errCaptureOnly
}
func (*capture) SellingSystemSettings(context.Context, string, string) (string, bool, error) {
	return "", false, errCaptureOnly
}
func (*capture) PutSellingSystemSettings(context.Context, string, string, string) error {
	return errCaptureOnly
}
func (*capture) UpdateItems(context.Context, func(cosell.ItemTx) error) error {
	return errCaptureOnly
}
func (*capture) ViewItems(context.Context, func(cosell.ItemTx) error) error {
	return errCaptureOnly
}
func (*capture) TokenKey() []byte { return nil }
func (*capture) Close() error     { return nil }

// mix scrambles i (splitmix64) so neighbouring records differ.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

var (
	namePrefix = []string{"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Wonka", "Tyrell", "Cyberdyne", "Soylent", "Aperture", "Massive", "Pied Piper", "Oscorp"}
	nameSuffix = []string{"Analytics", "Logistics", "Health", "Retail", "Energy", "Labs", "Foods", "Media", "Robotics", "Finance", "Travel", "Games"}
)

// companyName is one of about 200,000 names, so name filters and sorts
// see both repeats and spread.
func companyName(h uint64) string {
	p := namePrefix[h%uint64(len(namePrefix))]
	s := nameSuffix[(h>>4)%uint64(len(nameSuffix))]
	return p + " " + s + " " + strconv.Itoa(int((h>>8)%1000))
}
