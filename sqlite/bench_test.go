package sqlite_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/sqlite"
)

// benchClients is the concurrency the load target is stated at
// (16 concurrent clients).
const benchClients = 16

// benchRecord is a record of realistic size (about 1.5 KB encoded).
func benchRecord(i int) *cosell.Opportunity {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Millisecond)
	problem := "The customer runs an on-premises data warehouse that no longer scales; we migrate it to Amazon Redshift and modernise their ETL pipelines with AWS Glue."
	return &cosell.Opportunity{
		Catalog: "AWS", CreatedDate: now, LastModifiedDate: now, Origin: "Partner Referral",
		Body: cosell.Object{
			{Name: "PrimaryNeedsFromAws", Value: []any{"Co-Sell - Architectural Validation", "Co-Sell - Business Presentation"}},
			{Name: "NationalSecurity", Value: "No"},
			{Name: "PartnerOpportunityIdentifier", Value: "crm-" + strconv.Itoa(i)},
			{Name: "Customer", Value: cosell.Object{
				{Name: "Account", Value: cosell.Object{
					{Name: "Industry", Value: "Financial Services"},
					{Name: "CompanyName", Value: "Example Company " + strconv.Itoa(i%1000)},
					{Name: "WebsiteUrl", Value: "https://example.com"},
					{Name: "Address", Value: cosell.Object{{Name: "City", Value: "Seattle"}, {Name: "PostalCode", Value: "98101"}, {Name: "StateOrRegion", Value: "Washington"}, {Name: "CountryCode", Value: "US"}, {Name: "StreetAddress", Value: "123 Any Street"}}},
				}},
				{Name: "Contacts", Value: []any{cosell.Object{{Name: "Email", Value: "jane@example.com"}, {Name: "FirstName", Value: "Jane"}, {Name: "LastName", Value: "Doe"}, {Name: "BusinessTitle", Value: "CTO"}, {Name: "Phone", Value: "+12065550100"}}}},
			}},
			{Name: "Project", Value: cosell.Object{
				{Name: "DeliveryModels", Value: []any{"SaaS or PaaS"}},
				{Name: "ExpectedCustomerSpend", Value: []any{cosell.Object{{Name: "Amount", Value: "5000"}, {Name: "CurrencyCode", Value: "USD"}, {Name: "Frequency", Value: "Monthly"}, {Name: "TargetCompany", Value: "AWS"}}}},
				{Name: "Title", Value: "Data warehouse migration"},
				{Name: "CustomerBusinessProblem", Value: problem},
				{Name: "CustomerUseCase", Value: "Migration / Database Migration"},
				{Name: "SalesActivities", Value: []any{"Initialized discussions with customer"}},
			}},
			{Name: "OpportunityType", Value: "Net New Business"},
			{Name: "Marketing", Value: cosell.Object{{Name: "Source", Value: "None"}}},
			{Name: "LifeCycle", Value: cosell.Object{{Name: "Stage", Value: "Prospect"}, {Name: "ReviewStatus", Value: "Pending Submission"}, {Name: "TargetCloseDate", Value: "2026-12-31"}, {Name: "NextSteps", Value: "Workshop"}}},
		},
		OpportunityTeam: []any{cosell.Object{{Name: "Email", Value: "owner@example.com"}, {Name: "FirstName", Value: "Owner"}, {Name: "LastName", Value: "Person"}, {Name: "BusinessTitle", Value: "OpportunityOwner"}}},
	}
}

// touch is a typical update's fn: the domain's LastModifiedDate bump plus
// a field change.
func touch(o *cosell.Opportunity) error {
	o.LastModifiedDate = o.LastModifiedDate.Add(time.Millisecond)
	o.Body.Set("PartnerOpportunityIdentifier", o.LastModifiedDate.Format(time.RFC3339Nano))
	return nil
}

var benchConfigs = []struct {
	name string
	opts sqlite.Options
}{
	{"sync=normal", sqlite.Options{}},
	{"sync=normal/nobatch", sqlite.Options{MaxBatch: 1}},
	{"sync=full", sqlite.Options{Synchronous: "full"}},
	{"sync=full/nobatch", sqlite.Options{Synchronous: "full", MaxBatch: 1}},
}

func benchOpen(b *testing.B, opts sqlite.Options) *sqlite.Store {
	s, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"), opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkCreate measures durable creates, one client and benchClients.
func BenchmarkCreate(b *testing.B) {
	for _, c := range benchConfigs {
		b.Run(c.name+"/serial", func(b *testing.B) {
			s := benchOpen(b, c.opts)
			for i := 0; b.Loop(); i++ {
				if _, err := s.CreateOpportunity(b.Context(), benchRecord(i), "", ""); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/clients=16", func(b *testing.B) {
			s := benchOpen(b, c.opts)
			var n atomic.Int64
			runClients(b, s, func() error {
				_, err := s.CreateOpportunity(b.Context(), benchRecord(int(n.Add(1))), "tok-"+strconv.FormatInt(n.Load(), 10), "fp")
				return err
			})
		})
	}
}

// BenchmarkUpdate measures durable UpdateOpportunity on a table of 10,000
// records: one client, and benchClients each updating its own record.
func BenchmarkUpdate(b *testing.B) {
	for _, c := range benchConfigs {
		var s *sqlite.Store
		var ids []string
		parent := b
		setup := func(b *testing.B) {
			if s != nil {
				return
			}
			s = benchOpen(parent, c.opts)
			for i := range 10000 {
				o, err := s.CreateOpportunity(b.Context(), benchRecord(i), "", "")
				if err != nil {
					b.Fatal(err)
				}
				ids = append(ids, o.ID)
			}
		}
		b.Run(c.name+"/serial", func(b *testing.B) {
			setup(b)
			for i := 0; b.Loop(); i++ {
				if _, err := s.UpdateOpportunity(b.Context(), "AWS", ids[i%len(ids)], touch); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/clients=16", func(b *testing.B) {
			setup(b)
			var n atomic.Int64
			runClients(b, s, func() error {
				_, err := s.UpdateOpportunity(b.Context(), "AWS", ids[int(n.Add(1))%len(ids)], touch)
				return err
			})
		})
	}
}

// runClients runs op b.N times from benchClients goroutines and reports
// the 99th-percentile latency.
func runClients(b *testing.B, store any, op func() error) {
	var (
		mu   sync.Mutex
		lats []time.Duration
		next atomic.Int64
		wg   sync.WaitGroup
	)
	st, _ := store.(*sqlite.Store)
	var batches0, reqs0 int64
	if st != nil {
		batches0, reqs0 = st.BatchStats()
	}
	b.ResetTimer()
	for range benchClients {
		wg.Go(func() {
			var mine []time.Duration
			for next.Add(1) <= int64(b.N) {
				t0 := time.Now()
				if err := op(); err != nil {
					b.Error(err)
					return
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lats = append(lats, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	b.StopTimer()
	if st != nil {
		batches, reqs := st.BatchStats()
		b.ReportMetric(float64(reqs-reqs0)/float64(max(batches-batches0, 1)), "req/batch")
	}
	if len(lats) > 0 {
		slices.Sort(lats)
		b.ReportMetric(float64(lats[len(lats)*99/100].Microseconds()), "p99-µs")
	}
}

var _ = fmt.Sprint
