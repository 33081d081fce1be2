package console

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/cosell/cosell"
)

// The pipeline: every opportunity the acting account owns, as cards in
// columns by LifeCycle.Stage, with the pipeline value by stage.
//
// The value of an opportunity is the sum of the Amounts of its
// Project.ExpectedCustomerSpend entries in USD; Frequency is always
// Monthly (the model's only PaymentFrequency), so the chart shows USD per
// month. Entries in other currencies are not converted: the column counts
// the opportunities that have some.
//
// Speed (docs/benchmarks.md): the console keeps a summary of every record
// (index) and brings it up to date before each render with the store's
// incremental listing, the sync recipe of docs/sync.md: the records
// modified at or after the newest LastModifiedDate seen minus
// cosell.MaxCommitLag. A render then costs one small query plus a pass
// over the summaries; each column shows its newest cardsPerColumn cards
// and the count of the rest. The first full read (every record decoded
// once, ~0.4 s for 10,000) starts in the background on the console's first
// request, so a server nobody opens the console on never pays it.

// cardsPerColumn bounds the cards a column shows.
const cardsPerColumn = 20

var (
	stages   = cosell.Stage("").Values()
	reviews  = cosell.ReviewStatus("").Values()
	origins  = cosell.OpportunityOrigin("").Values()
	catalogs = []string{string(cosell.CatalogAWS), string(cosell.CatalogSandbox)}
)

// card is the summary of one record.
type card struct {
	Catalog, ID, Owner    string
	Title, Company        string
	Stage, Review, Origin string
	Modified              time.Time
	Value                 float64 // USD per month
	OtherCurrency         bool    // some spend is in another currency
}

// index keeps the summaries of every record of the store.
type index struct {
	mu     sync.Mutex
	lister Lister
	cards  map[[2]string]*card // by catalog, id
	newest map[string]time.Time
	loaded map[string]bool
	// names holds one copy of each catalog, owner, stage, review status
	// and origin: a million summaries share them.
	names map[string]string
}

func newIndex(l Lister) *index {
	return &index{lister: l, cards: map[[2]string]*card{}, newest: map[string]time.Time{}, loaded: map[string]bool{}, names: map[string]string{}}
}

// intern returns the index's copy of s.
func (x *index) intern(s string) string {
	if v, ok := x.names[s]; ok {
		return v
	}
	x.names[s] = s
	return s
}

// refresh brings the summaries up to date with the store; the caller
// holds x.mu.
func (x *index) refresh(ctx context.Context) error {
	for _, cat := range catalogs {
		q := cosell.ListQuery{Catalog: cat, SortBy: cosell.SortByLastModifiedDate}
		if x.loaded[cat] {
			q.ModifiedAfter = x.newest[cat].Add(-cosell.MaxCommitLag)
		}
		page, err := x.lister.ListOpportunities(ctx, q)
		if err != nil {
			return err
		}
		for _, o := range page.Records {
			c := summarize(o)
			c.Catalog, c.Owner, c.Stage, c.Review, c.Origin = x.intern(c.Catalog), x.intern(c.Owner), x.intern(c.Stage), x.intern(c.Review), x.intern(c.Origin)
			x.cards[[2]string{c.Catalog, c.ID}] = c
			if c.Modified.After(x.newest[cat]) {
				x.newest[cat] = c.Modified
			}
		}
		x.loaded[cat] = true
	}
	return nil
}

// Prime loads the summaries, so the first page is as fast as the next.
func (c *Console) Prime(ctx context.Context) error {
	c.pipeline.mu.Lock()
	defer c.pipeline.mu.Unlock()
	return c.pipeline.refresh(ctx)
}

func summarize(o *cosell.Opportunity) *card {
	c := &card{Catalog: o.Catalog, ID: o.ID, Owner: o.Owner, Origin: o.Origin, Modified: o.LastModifiedDate,
		Title: o.Body.Str("Project", "Title"), Company: o.Body.Str("Customer", "Account", "CompanyName"),
		Stage: o.Body.Str("LifeCycle", "Stage"), Review: o.Body.Str("LifeCycle", "ReviewStatus")}
	for _, s := range o.Body.List("Project", "ExpectedCustomerSpend") {
		spend, _ := s.(cosell.Object)
		if spend.Str("CurrencyCode") != "USD" {
			c.OtherCurrency = true
			continue
		}
		v, err := strconv.ParseFloat(spend.Str("Amount"), 64)
		if err == nil {
			c.Value += v
		}
	}
	return c
}

// filter is the pipeline's query string.
type filter struct {
	Catalog, Review, Origin, Account string
}

// column is one stage of the board.
type column struct {
	Stage         string
	Cards         []*card // the newest cardsPerColumn
	Count         int
	Value         float64
	OtherCurrency int
}

// board is what the pipeline templates render.
type board struct {
	Filter  filter
	Columns []*column
	Total   int
	Chart   chart
}

// build selects the cards of account matching f, by stage.
func (x *index) build(ctx context.Context, owners []string, f filter) (*board, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.refresh(ctx); err != nil {
		return nil, err
	}
	b := &board{Filter: f}
	byStage := map[string]*column{}
	for _, s := range stages {
		col := &column{Stage: string(s)}
		b.Columns = append(b.Columns, col)
		byStage[col.Stage] = col
	}
	for _, c := range x.cards {
		if !slices.Contains(owners, c.Owner) || f.Catalog != "" && c.Catalog != f.Catalog ||
			f.Review != "" && c.Review != f.Review || f.Origin != "" && c.Origin != f.Origin {
			continue
		}
		col := byStage[c.Stage]
		if col == nil {
			continue
		}
		b.Total++
		col.Count++
		col.Value += c.Value
		if c.OtherCurrency {
			col.OtherCurrency++
		}
		col.Cards = keepNewest(col.Cards, c)
	}
	b.Chart = newChart(b.Columns)
	return b, nil
}

// keepNewest adds c to cards, sorted newest first, keeping cardsPerColumn.
func keepNewest(cards []*card, c *card) []*card {
	if len(cards) == cardsPerColumn && !newer(c, cards[len(cards)-1]) {
		return cards
	}
	i, _ := slices.BinarySearchFunc(cards, c, func(a, b *card) int {
		if newer(a, b) {
			return -1
		}
		return 1
	})
	cards = slices.Insert(cards, i, c)
	if len(cards) > cardsPerColumn {
		cards = cards[:cardsPerColumn]
	}
	return cards
}

func newer(a, b *card) bool {
	if !a.Modified.Equal(b.Modified) {
		return a.Modified.After(b.Modified)
	}
	return a.ID > b.ID
}

// owners are the Owner values of the records account sees (as the
// service's listOwners: "" stands for the configured account).
func (c *Console) owners(account string) []string {
	if account == c.opts.DefaultAccount {
		return []string{account, ""}
	}
	return []string{account}
}

func (c *Console) pipelinePage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := filter{Catalog: pick(q.Get("catalog"), catalogs), Review: pick(q.Get("review"), reviews), Origin: pick(q.Get("origin"), origins)}
	// The account filter is the acting account: choosing one here acts as
	// it on every page (the cookie the header's picker sets).
	if a := q.Get("account"); a != "" && c.offers(a) && a != c.account(r) {
		r = actAs(w, r, a)
	}
	f.Account = c.account(r)
	b, err := c.pipeline.build(r.Context(), c.owners(f.Account), f)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	data := map[string]any{"Board": b, "Stages": stages, "Reviews": reviews, "Origins": origins, "Catalogs": catalogs}
	if q.Get("fragment") == "board" {
		c.fragment(w, "pipeline.board.html", data)
		return
	}
	c.render(w, r, "pipeline.page.html", "Pipeline", data)
}

// pick returns v if it is one of values, else "".
func pick[T ~string](v string, values []T) string {
	if slices.Contains(values, T(v)) {
		return v
	}
	return ""
}

// referral simulates an AWS referral: CreateOpportunity in Sandbox with
// Origin "AWS Referral" (aws_referral.go), which leaves the opportunity on
// AWS's side and sends the acting account a PENDING invitation.
func (c *Console) referral(w http.ResponseWriter, r *http.Request) {
	title, company := r.PostFormValue("title"), r.PostFormValue("company")
	amount := r.PostFormValue("amount")
	req := referralRequest(title, company, amount)
	out, err := c.call(r, "CreateOpportunity", req)
	if err != nil {
		c.redirect(w, r, "/console/invitations", "", err)
		return
	}
	c.redirect(w, r, "/console/invitations", fmt.Sprintf("AWS referral %s created: its invitation is pending below", out.Str("Id")), nil)
}

// referralRequest is the CreateOpportunity request of a simulated referral.
func referralRequest(title, company, amount string) cosell.Object {
	spend := cosell.Object{{Name: "Amount", Value: amount}, {Name: "CurrencyCode", Value: "USD"}, {Name: "Frequency", Value: "Monthly"}, {Name: "TargetCompany", Value: "AWS"}}
	return cosell.Object{
		{Name: "Catalog", Value: string(cosell.CatalogSandbox)},
		{Name: "Origin", Value: "AWS Referral"},
		{Name: "ClientToken", Value: randomToken()},
		{Name: "PrimaryNeedsFromAws", Value: []any{"Co-Sell - Architectural Validation"}},
		{Name: "NationalSecurity", Value: "No"},
		{Name: "Customer", Value: cosell.Object{{Name: "Account", Value: cosell.Object{
			{Name: "Industry", Value: "Software and Internet"},
			{Name: "CompanyName", Value: company},
			{Name: "WebsiteUrl", Value: "https://customer.example.com"},
			{Name: "Address", Value: cosell.Object{{Name: "City", Value: "Seattle"}, {Name: "PostalCode", Value: "98101"}, {Name: "StateOrRegion", Value: "Washington"}, {Name: "CountryCode", Value: "US"}}},
		}}}},
		{Name: "Project", Value: cosell.Object{
			{Name: "DeliveryModels", Value: []any{"SaaS or PaaS"}},
			{Name: "ExpectedCustomerSpend", Value: []any{spend}},
			{Name: "Title", Value: title},
			{Name: "CustomerBusinessProblem", Value: "Referred by AWS from the cosell console: the customer needs help with " + title + "."},
			{Name: "CustomerUseCase", Value: "Migration/Database Migration"},
			{Name: "SalesActivities", Value: []any{"Initialized discussions with customer"}},
		}},
		{Name: "OpportunityType", Value: "Net New Business"},
		{Name: "Marketing", Value: cosell.Object{{Name: "Source", Value: "None"}}},
		{Name: "LifeCycle", Value: cosell.Object{{Name: "Stage", Value: "Prospect"}, {Name: "NextSteps", Value: "Contact the customer"}, {Name: "TargetCloseDate", Value: time.Now().AddDate(0, 3, 0).Format(time.DateOnly)}}},
	}
}
