package console

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp"
)

// stageCounts is a board's card count and value per non-empty stage.
func stageCounts(b *board) map[string][2]float64 {
	out := map[string][2]float64{}
	for _, c := range b.Columns {
		if c.Count > 0 {
			out[c.Stage] = [2]float64{float64(c.Count), c.Value}
		}
	}
	return out
}

func TestPipelineBoard(t *testing.T) {
	e := newEnv(t, Options{})
	spend := func(amounts ...string) func(*cosell.Object) {
		return func(req *cosell.Object) {
			var list []any
			for _, a := range amounts {
				cur := "USD"
				if strings.HasPrefix(a, "€") {
					cur, a = "EUR", a[len("€"):]
				}
				list = append(list, cosell.Object{{Name: "Amount", Value: a}, {Name: "CurrencyCode", Value: cur}, {Name: "Frequency", Value: "Monthly"}, {Name: "TargetCompany", Value: "AWS"}})
			}
			p := req.Obj("Project")
			p.Set("ExpectedCustomerSpend", list)
			req.Set("Project", p)
		}
	}
	stage := func(s string, then func(*cosell.Object)) func(*cosell.Object) {
		return func(req *cosell.Object) { setLifeCycle(*req, "Stage", s); then(req) }
	}
	e.create("Sandbox", stage("Prospect", spend("100", "50.5")))
	e.create("Sandbox", stage("Prospect", spend("1000", "€999")))
	e.create("AWS", stage("Business Validation", spend("7")))
	// A Sandbox AWS referral belongs to AWS until its invitation is accepted.
	e.create("Sandbox", func(req *cosell.Object) { req.Set("Origin", "AWS Referral") })
	owners := e.c.owners(cosell.DefaultAccountID)
	for _, tc := range []struct {
		name string
		f    filter
		want map[string][2]float64
	}{
		{name: "everything", want: map[string][2]float64{"Prospect": {2, 1150.5}, "Business Validation": {1, 7}}},
		{name: "one catalog", f: filter{Catalog: "AWS"}, want: map[string][2]float64{"Business Validation": {1, 7}}},
		{name: "a review status", f: filter{Review: "Pending Submission"}, want: map[string][2]float64{"Prospect": {2, 1150.5}, "Business Validation": {1, 7}}},
		{name: "no record has it", f: filter{Review: "Approved"}, want: map[string][2]float64{}},
		{name: "partner referrals", f: filter{Origin: "Partner Referral"}, want: map[string][2]float64{"Prospect": {2, 1150.5}, "Business Validation": {1, 7}}},
		{name: "AWS referrals the account cannot see yet", f: filter{Origin: "AWS Referral"}, want: map[string][2]float64{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := e.c.pipeline.build(context.Background(), owners, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, stageCounts(b)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	b, _ := e.c.pipeline.build(context.Background(), owners, filter{})
	if got := b.Columns[0].OtherCurrency; got != 1 {
		t.Errorf("Prospect has %d opportunities with other currencies, want 1", got)
	}
	// Another account sees none of them.
	if b, _ := e.c.pipeline.build(context.Background(), e.c.owners("999999999999"), filter{}); b.Total != 0 {
		t.Errorf("another account sees %d", b.Total)
	}
}

func TestPipelineKeepsUp(t *testing.T) {
	e := newEnv(t, Options{})
	e.create("Sandbox", nil)
	if err := e.c.Prime(context.Background()); err != nil {
		t.Fatal(err)
	}
	id := e.create("Sandbox", func(req *cosell.Object) { setLifeCycle(*req, "Stage", "Technical Validation") })
	status, body := e.get("/console/?fragment=board")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	if !strings.HasPrefix(body, `<div id="board"`) || !strings.Contains(body, `data-id="`+id+`"`) {
		t.Errorf("the board fragment lacks %s:\n%s", id, body)
	}
}

func TestKeepNewest(t *testing.T) {
	var cards []*card
	e := newEnv(t, Options{})
	for i := range cardsPerColumn + 5 {
		e.create("Sandbox", func(req *cosell.Object) { setLifeCycle(*req, "NextSteps", strings.Repeat("x", i+1)) })
	}
	b, err := e.c.pipeline.build(context.Background(), e.c.owners(cosell.DefaultAccountID), filter{})
	if err != nil {
		t.Fatal(err)
	}
	cards = b.Columns[1].Cards // Qualified: create-full.json's stage
	if len(cards) != cardsPerColumn || b.Columns[1].Count != cardsPerColumn+5 {
		t.Fatalf("%d cards of %d", len(cards), b.Columns[1].Count)
	}
	for i := 1; i < len(cards); i++ {
		if !newer(cards[i-1], cards[i]) {
			t.Errorf("card %d (%s) is not newer than card %d (%s)", i-1, cards[i-1].ID, i, cards[i].ID)
		}
	}
}

func TestChart(t *testing.T) {
	ch := newChart([]*column{{Stage: "Prospect", Value: 50}, {Stage: "Qualified", Value: 200}, {Stage: "Committed"}})
	var got []int
	for _, b := range ch.Bars {
		got = append(got, b.Width)
	}
	if diff := cmp.Diff([]int{barMax / 4, barMax, 0}, got); diff != "" {
		t.Errorf("bar widths (-want +got):\n%s", diff)
	}
	if ch.Total != 250 {
		t.Errorf("total %v", ch.Total)
	}
}

func TestUSD(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    float64
		want string
	}{
		{name: "zero", v: 0, want: "$0"},
		{name: "hundreds", v: 999.4, want: "$999"},
		{name: "thousands", v: 1000, want: "$1,000"},
		{name: "millions", v: 12345678.5, want: "$12,345,679"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := usd(tc.v); got != tc.want {
				t.Errorf("usd(%v) = %s, want %s", tc.v, got, tc.want)
			}
		})
	}
}
