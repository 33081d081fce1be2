package cosell_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/cosell/cosell"
)

func TestUpdateFullReplacement(t *testing.T) {
	e := newEnv(t)
	got := e.create("AWS", nil)
	if err := e.call("AssociateOpportunity", cosell.Object{{"Catalog", "AWS"}, {"OpportunityIdentifier", got.Str("Id")},
		{"RelatedEntityType", "Solutions"}, {"RelatedEntityIdentifier", "S-1234567"}}); err != nil {
		t.Fatal(err)
	}
	got = e.get("AWS", got.Str("Id"))
	req := updateFrom(got)
	req.Delete("Marketing")
	set(req, []string{"Project", "AdditionalComments"}, nil)
	set(req, []string{"Project", "Title"}, "Renamed")
	out := e.mustUpdate(req)
	after := e.get("AWS", got.Str("Id"))
	if v, ok := after.Lookup("Marketing"); !ok || v != nil {
		t.Errorf("omitted Marketing must become null, got %v", v)
	}
	if v := after.Obj("Project").Get("AdditionalComments"); v != nil {
		t.Errorf("omitted AdditionalComments must become null, got %v", v)
	}
	if after.Str("Project", "Title") != "Renamed" {
		t.Errorf("title %q", after.Str("Project", "Title"))
	}
	if out.Str("LastModifiedDate") != after.Str("LastModifiedDate") || out.Str("LastModifiedDate") <= got.Str("LastModifiedDate") {
		t.Errorf("LastModifiedDate: response %s, stored %s, before %s", out.Str("LastModifiedDate"), after.Str("LastModifiedDate"), got.Str("LastModifiedDate"))
	}
	// Not touched by omission: system fields, team, associations, review status.
	for _, path := range [][]string{{"CreatedDate"}, {"Arn"}, {"LifeCycle", "ReviewStatus"}} {
		if after.Str(path...) != got.Str(path...) {
			t.Errorf("%v changed: %q → %q", path, got.Str(path...), after.Str(path...))
		}
	}
	if d := diff(got.Get("RelatedEntityIdentifiers"), after.Get("RelatedEntityIdentifiers")); d != "" {
		t.Errorf("associations changed: %s", d)
	}
	if d := diff(got.Get("OpportunityTeam"), after.Get("OpportunityTeam")); d != "" {
		t.Errorf("team changed: %s", d)
	}
}

func TestUpdateConcurrencyToken(t *testing.T) {
	e := newEnvAt(t, wholeSecond)
	got := e.create("AWS", nil) // LastModifiedDate 2026-03-04T05:06:08.000Z
	tests := []struct {
		name, sent string
		want       string
	}{
		{name: "stale", sent: "2026-03-04T05:06:07.999Z", want: cosell.ConflictError},
		{name: "future", sent: "2026-03-04T05:06:08.001Z", want: cosell.ConflictError},
		{name: "botocore micro digits", sent: "2026-03-04T05:06:08.000000Z"},
		{name: "no fraction", sent: "2026-03-04T05:06:08Z"},
		{name: "offset", sent: "2026-03-04T07:06:08+02:00"},
		{name: "sub-millisecond digits ignored", sent: "2026-03-04T05:06:08.000999Z"},
		{name: "epoch seconds", sent: "epoch:1772600768"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := e.get("AWS", got.Str("Id"))
			req := updateFrom(cur)
			if tt.want == "" {
				// Rewind the record to the instant under test by sending its current value first.
				req.Set("LastModifiedDate", cur.Str("LastModifiedDate"))
			}
			var sent any = tt.sent
			if len(tt.sent) > 6 && tt.sent[:6] == "epoch:" {
				sent = cosell.Number(tt.sent[6:])
			}
			if tt.want != "" {
				req.Set("LastModifiedDate", sent)
				before := e.get("AWS", got.Str("Id"))
				if _, err := e.update(req); codeOf(err) != tt.want {
					t.Fatalf("got %v, want %s", err, tt.want)
				}
				if d := diff(before, e.get("AWS", got.Str("Id"))); d != "" {
					t.Errorf("a refused update changed the record: %s", d)
				}
			}
		})
	}
	// The accepted spellings of the same instant: each is compared with a fresh record.
	for _, tt := range tests {
		if tt.want != "" {
			continue
		}
		t.Run("accepts "+tt.name, func(t *testing.T) {
			e := newEnvAt(t, wholeSecond)
			got := e.create("AWS", nil)
			if got.Str("LastModifiedDate") != "2026-03-04T05:06:08.000Z" {
				t.Fatalf("fixture clock moved: %s", got.Str("LastModifiedDate"))
			}
			req := updateFrom(got)
			var sent any = tt.sent
			if tt.sent[:6] == "epoch:" {
				sent = cosell.Number(tt.sent[6:])
			}
			req.Set("LastModifiedDate", sent)
			if _, err := e.update(req); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestUpdateNotFoundAndCatalogIsolation(t *testing.T) {
	e := newEnv(t)
	got := e.create("Sandbox", nil)
	req := updateFrom(got)
	req.Set("Catalog", "AWS")
	if _, err := e.update(req); codeOf(err) != cosell.NotFoundError {
		t.Fatalf("other catalog: %v", err)
	}
	req = updateFrom(got)
	req.Set("Identifier", "O999")
	if _, err := e.update(req); codeOf(err) != cosell.NotFoundError {
		t.Fatalf("unknown id: %v", err)
	}
	if err := e.call("GetOpportunity", cosell.Object{{"Catalog", "AWS"}, {"Identifier", got.Str("Id")}}); codeOf(err) != cosell.NotFoundError {
		t.Fatalf("get other catalog: %v", err)
	}
}

func TestNextStepsHistory(t *testing.T) {
	e := newEnv(t)
	got := e.create("AWS", nil)
	id := got.Str("Id")
	var values []string
	for i := range 55 {
		req := updateFrom(e.get("AWS", id))
		v := fmt.Sprintf("step %d", i)
		set(req, []string{"LifeCycle", "NextSteps"}, v)
		out := e.mustUpdate(req)
		values = append(values, v+"@"+out.Str("LastModifiedDate"))
		if i == 0 { // resending the same value adds nothing
			e.mustUpdate(updateFrom(e.get("AWS", id)))
		}
	}
	var gotHist []string
	for _, h := range e.get("AWS", id).List("LifeCycle", "NextStepsHistory") {
		gotHist = append(gotHist, h.(cosell.Object).Str("Value")+"@"+h.(cosell.Object).Str("Time"))
	}
	if d := diff(values[5:], gotHist); d != "" {
		t.Errorf("history keeps the newest 50, oldest first (-want +got):\n%s", d)
	}
	// History sent by the client is ignored.
	req := updateFrom(e.get("AWS", id))
	set(req, []string{"LifeCycle", "NextStepsHistory"}, []any{cosell.Object{{"Value", "forged"}, {"Time", "2020-01-01T00:00:00Z"}}})
	e.mustUpdate(req)
	if h := e.get("AWS", id).List("LifeCycle", "NextStepsHistory"); len(h) != 50 || h[0].(cosell.Object).Str("Value") == "forged" {
		t.Errorf("client history applied: %v", h[0])
	}
}

// lifecycle drives a Sandbox opportunity through submission and simulated reviews.
type lifecycle struct {
	*env
	id string
}

func newLifecycle(t *testing.T) *lifecycle {
	e := newEnv(t)
	got := e.create("Sandbox", nil)
	l := &lifecycle{env: e, id: got.Str("Id")}
	if err := e.call("AssociateOpportunity", cosell.Object{{"Catalog", "Sandbox"}, {"OpportunityIdentifier", l.id},
		{"RelatedEntityType", "Solutions"}, {"RelatedEntityIdentifier", "S-1234567"}}); err != nil {
		t.Fatal(err)
	}
	return l
}

func (l *lifecycle) submit() error {
	return l.call("SubmitOpportunity", cosell.Object{{"Catalog", "Sandbox"}, {"Identifier", l.id}, {"InvolvementType", "Co-Sell"}})
}

// review simulates an AWS reviewer setting status.
func (l *lifecycle) review(status string) error {
	req := updateFrom(l.get("Sandbox", l.id))
	set(req, []string{"LifeCycle", "ReviewStatus"}, status)
	set(req, []string{"LifeCycle", "ReviewComments"}, "reviewer says "+status)
	_, err := l.update(req)
	return err
}

func (l *lifecycle) edit(path []string, v any) error {
	req := updateFrom(l.get("Sandbox", l.id))
	set(req, path, v)
	_, err := l.update(req)
	return err
}

func (l *lifecycle) status() string { return l.get("Sandbox", l.id).Str("LifeCycle", "ReviewStatus") }

func wantFields(t *testing.T, err error, want ...string) {
	t.Helper()
	_, fields := fieldErrors(t, err)
	if d := diff(want, paths(fields)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestReviewLifecycle(t *testing.T) {
	l := newLifecycle(t)
	if err := l.review("Approved"); err == nil {
		t.Fatal("simulating a review before submission must fail")
	} else {
		wantFields(t, err, "LifeCycle.ReviewStatus:INVALID_RESOURCE_STATE")
	}
	if err := l.submit(); err != nil {
		t.Fatal(err)
	}
	if err := l.submit(); err == nil {
		t.Fatal("second submit must fail")
	} else {
		wantFields(t, err, "LifeCycle.ReviewStatus:INVALID_RESOURCE_STATE")
	}
	if err := l.edit([]string{"Project", "Title"}, "x"); err == nil {
		t.Fatal("edit while Submitted must fail")
	} else {
		wantFields(t, err, "LifeCycle.ReviewStatus:ACTION_NOT_PERMITTED")
	}
	// Resending the stored status is a plain partner edit, refused while Submitted.
	wantFields(t, l.review("Submitted"), "LifeCycle.ReviewStatus:ACTION_NOT_PERMITTED")
}

func TestReviewLifecycleActionRequired(t *testing.T) {
	l := newLifecycle(t)
	if err := l.submit(); err != nil {
		t.Fatal(err)
	}
	if err := l.review("In review"); err != nil {
		t.Fatal(err)
	}
	if err := l.review("Action Required"); err != nil {
		t.Fatal(err)
	}
	if got := l.get("Sandbox", l.id); got.Str("LifeCycle", "ReviewComments") != "reviewer says Action Required" {
		t.Errorf("comments %q", got.Str("LifeCycle", "ReviewComments"))
	}
	// Non-editable fields are refused, each by path, and nothing changes.
	req := updateFrom(l.get("Sandbox", l.id))
	set(req, []string{"Project", "Title"}, "New title")
	set(req, []string{"LifeCycle", "Stage"}, "Technical Validation")
	req.Delete("Marketing")
	_, err := l.update(req)
	wantFields(t, err, "Project.Title:ACTION_NOT_PERMITTED", "Marketing.CampaignName:ACTION_NOT_PERMITTED",
		"Marketing.Source:ACTION_NOT_PERMITTED", "Marketing.UseCases:ACTION_NOT_PERMITTED", "Marketing.Channels:ACTION_NOT_PERMITTED",
		"Marketing.AwsFundingUsed:ACTION_NOT_PERMITTED", "LifeCycle.Stage:ACTION_NOT_PERMITTED")
	// The editable subset passes and sends the opportunity back to validation.
	req = updateFrom(l.get("Sandbox", l.id))
	set(req, []string{"Customer", "Account", "WebsiteUrl"}, "https://example.org")
	set(req, []string{"Customer", "Account", "Address", "City"}, "Tacoma")
	set(req, []string{"Project", "CustomerBusinessProblem"}, "A clearer description of the customer's problem.")
	spend := req.List("Project", "ExpectedCustomerSpend")[0].(cosell.Object)
	spend.Set("Amount", "9999")
	l.mustUpdate(req)
	if l.status() != "Submitted" {
		t.Errorf("status after corrections %q, want Submitted", l.status())
	}
	if err := l.review("Approved"); err != nil {
		t.Fatal(err)
	}
	// Approved: locked fields refused, others fine.
	if err := l.edit([]string{"Project", "Title"}, "x"); err == nil {
		t.Fatal("title is locked once Approved")
	} else {
		wantFields(t, err, "Project.Title:ACTION_NOT_PERMITTED")
	}
	if err := l.edit([]string{"LifeCycle", "NextSteps"}, "Kick-off call"); err != nil {
		t.Fatal(err)
	}
	if l.status() != "Approved" {
		t.Errorf("status %q", l.status())
	}
	if err := l.review("Rejected"); err == nil {
		t.Fatal("a finished review cannot be simulated again")
	}
}

func TestReviewRejectedIsReadOnly(t *testing.T) {
	l := newLifecycle(t)
	if err := l.submit(); err != nil {
		t.Fatal(err)
	}
	if err := l.review("Rejected"); err != nil {
		t.Fatal(err)
	}
	err := l.edit([]string{"LifeCycle", "NextSteps"}, "try again")
	wantFields(t, err, "LifeCycle.ReviewStatus:ACTION_NOT_PERMITTED")
}

func TestReviewSimulationTargets(t *testing.T) {
	l := newLifecycle(t)
	if err := l.submit(); err != nil {
		t.Fatal(err)
	}
	wantFields(t, l.review("Pending Submission"), "LifeCycle.ReviewStatus:INVALID_VALUE")
}

func TestReviewStatusReadOnlyInAWSCatalog(t *testing.T) {
	e := newEnv(t)
	got := e.create("AWS", nil)
	req := updateFrom(got)
	set(req, []string{"LifeCycle", "ReviewStatus"}, "Approved")
	_, err := e.update(req)
	wantFields(t, err, "LifeCycle.ReviewStatus:ACTION_NOT_PERMITTED")
}

func TestStageRules(t *testing.T) {
	e := newEnv(t)
	got := e.create("AWS", nil)
	req := updateFrom(got)
	set(req, []string{"LifeCycle", "Stage"}, "Committed")
	_, err := e.update(req)
	wantFields(t, err, "LifeCycle.Stage:INVALID_VALUE")
	if err := e.call("AssociateOpportunity", cosell.Object{{"Catalog", "AWS"}, {"OpportunityIdentifier", got.Str("Id")},
		{"RelatedEntityType", "AwsMarketplaceOffers"}, {"RelatedEntityIdentifier", "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/offer-abc"}}); err != nil {
		t.Fatal(err)
	}
	req = updateFrom(e.get("AWS", got.Str("Id")))
	set(req, []string{"LifeCycle", "Stage"}, "Launched")
	e.mustUpdate(req)
	// Launched: only NextSteps and SoftwareRevenue change.
	req = updateFrom(e.get("AWS", got.Str("Id")))
	set(req, []string{"LifeCycle", "NextSteps"}, "Expansion talks")
	set(req, []string{"SoftwareRevenue", "Value", "Amount"}, "150000")
	e.mustUpdate(req)
	req = updateFrom(e.get("AWS", got.Str("Id")))
	set(req, []string{"Project", "Title"}, "Changed")
	_, err = e.update(req)
	wantFields(t, err, "Project.Title:ACTION_NOT_PERMITTED")
}

// Two updates carrying the same LastModifiedDate: exactly one wins.
func TestUpdateRace(t *testing.T) {
	e := newEnv(t)
	got := e.create("AWS", nil)
	const n = 32
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := updateFrom(got)
			set(req, []string{"LifeCycle", "NextSteps"}, fmt.Sprintf("client %d", i))
			_, errs[i] = e.svc.UpdateOpportunity(e.ctx, req)
		}()
	}
	wg.Wait()
	wins, winner := 0, -1
	for i, err := range errs {
		switch codeOf(err) {
		case "":
			wins, winner = wins+1, i
		case cosell.ConflictError:
		default:
			t.Errorf("client %d: %v", i, err)
		}
	}
	if wins != 1 {
		t.Fatalf("%d winners, want exactly 1", wins)
	}
	after := e.get("AWS", got.Str("Id"))
	if v := after.Str("LifeCycle", "NextSteps"); v != fmt.Sprintf("client %d", winner) {
		t.Errorf("stored %q, winner was %d", v, winner)
	}
	if h := after.List("LifeCycle", "NextStepsHistory"); len(h) != 1 {
		t.Errorf("history %v", h)
	}
}

// BenchmarkUpdateOpportunity measures the domain's share of one update
// (validation, gating, rules, history) on the in-memory store, which also
// encodes and decodes records like the durable stores.
func BenchmarkUpdateOpportunity(b *testing.B) {
	t := &testing.T{}
	e := &env{t: t, store: nil}
	e = newEnv(t)
	got := e.create("AWS", nil)
	req := updateFrom(got)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		set(req, []string{"Project", "AdditionalComments"}, fmt.Sprintf("update %d", i))
		out, err := e.svc.UpdateOpportunity(e.ctx, req)
		if err != nil {
			b.Fatal(err)
		}
		req.Set("LastModifiedDate", out.Str("LastModifiedDate"))
	}
}
