package console

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp"
)

// diffHistory shows an entry's own changes, and diffs the records of the
// entries written before entries kept changes (a database from before
// 2026-11-30), the first of those against nothing.
func TestDiffHistory(t *testing.T) {
	record := func(title string) json.RawMessage {
		doc, err := cosell.EncodeRecord(&cosell.Opportunity{Catalog: "Sandbox", ID: "O1", Owner: "111111111111",
			Body: cosell.Object{{Name: "Project", Value: cosell.Object{{Name: "Title", Value: title}}}}})
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	type shown struct {
		Seq     int64
		First   bool
		Changes []cosell.HistoryChange
	}
	for _, tc := range []struct {
		name    string
		entries []cosell.HistoryEntry
		want    []shown
	}{
		{
			name: "entries with changes",
			entries: []cosell.HistoryEntry{
				{Seq: 1, Changes: []cosell.HistoryChange{{Path: "Project.Title", New: "A"}}},
				{Seq: 2, Changes: []cosell.HistoryChange{{Path: "Project.Title", Old: "A", New: "B"}}},
			},
			want: []shown{
				{Seq: 2, Changes: []cosell.HistoryChange{{Path: "Project.Title", Old: "A", New: "B"}}},
				{Seq: 1, First: true, Changes: []cosell.HistoryChange{{Path: "Project.Title", New: "A"}}},
			},
		},
		{
			name: "older entries with records, then entries with changes",
			entries: []cosell.HistoryEntry{
				{Seq: 7, Record: record("A")},
				{Seq: 8, Record: record("B")},
				{Seq: 9, Changes: []cosell.HistoryChange{{Path: "Project.Title", Old: "B", New: "C"}}},
			},
			want: []shown{
				{Seq: 9, Changes: []cosell.HistoryChange{{Path: "Project.Title", Old: "B", New: "C"}}},
				{Seq: 8, Changes: []cosell.HistoryChange{{Path: "Project.Title", Old: "A", New: "B"}}},
				{Seq: 7, First: true, Changes: []cosell.HistoryChange{
					{Path: "LastModifiedDate", New: "0001-01-01T00:00:00.000Z"}, {Path: "Owner", New: "111111111111"}, {Path: "Project.Title", New: "A"}}},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			writes, err := diffHistory(tc.entries)
			if err != nil {
				t.Fatal(err)
			}
			var got []shown
			for _, w := range writes {
				got = append(got, shown{w.Seq, w.First, w.Changes})
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// TestReviewFromThePage submits an opportunity and simulates each review
// outcome through the page's forms; each write reaches the service (its
// rules refuse what they refuse) and the history names the console.
func TestReviewFromThePage(t *testing.T) {
	e := newEnv(t, Options{})
	ctx := context.Background()
	newSubmittable := func() string {
		id := e.create("Sandbox", nil)
		if _, err := e.svc.AssociateOpportunity(ctx, cosell.Object{{Name: "Catalog", Value: "Sandbox"}, {Name: "OpportunityIdentifier", Value: id},
			{Name: "RelatedEntityType", Value: "Solutions"}, {Name: "RelatedEntityIdentifier", Value: cosell.TestSolution.ID}}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	status := func(id string) string {
		got, err := e.svc.GetOpportunity(ctx, cosell.Object{{Name: "Catalog", Value: "Sandbox"}, {Name: "Identifier", Value: id}})
		if err != nil {
			t.Fatal(err)
		}
		return got.Str("LifeCycle", "ReviewStatus")
	}
	for _, tc := range []struct {
		name     string
		submit   bool
		outcome  string
		want     string
		wantFail string // in the redirect's err
	}{
		{name: "approved", submit: true, outcome: "Approved", want: "Approved"},
		{name: "action required", submit: true, outcome: "Action Required", want: "Action Required"},
		{name: "rejected", submit: true, outcome: "Rejected", want: "Rejected"},
		{name: "not submitted: the service refuses", outcome: "Approved", want: "Pending Submission", wantFail: "submit it before simulating a review"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := newSubmittable()
			path := "/console/opportunities/Sandbox/" + id
			if tc.submit {
				code, loc := e.post(path+"/submit", url.Values{"involvement": {"Co-Sell"}, "visibility": {"Full"}})
				if code != http.StatusSeeOther || !strings.Contains(loc, "done=") {
					t.Fatalf("submit: %d %s", code, loc)
				}
			}
			code, loc := e.post(path+"/review", url.Values{"outcome": {tc.outcome}, "comments": {"from the test"}})
			if code != http.StatusSeeOther {
				t.Fatalf("review: %d", code)
			}
			u, _ := url.Parse(loc)
			if got := u.Query().Get("err"); !strings.Contains(got, tc.wantFail) || (tc.wantFail == "") != (got == "") {
				t.Errorf("err %q, want %q", got, tc.wantFail)
			}
			if got := status(id); got != tc.want {
				t.Errorf("ReviewStatus %s, want %s", got, tc.want)
			}
			_, page := e.get(path)
			if !strings.Contains(page, `id="review-status" class="badge `+slugOf(tc.want)+`">`+tc.want) {
				t.Errorf("the page does not show %s", tc.want)
			}
			if tc.submit && !strings.Contains(text(page), "LifeCycle.ReviewStatus Submitted "+tc.want) {
				t.Errorf("the history does not show Submitted → %s:\n%s", tc.want, text(page))
			}
			if tc.submit && !strings.Contains(text(page), "UpdateOpportunity at") || tc.submit && !strings.Contains(page, `<span class="key">console</span>`) {
				t.Errorf("the history does not name the console's write")
			}
		})
	}
}

func slugOf(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "-")) }

func TestUnknownOpportunity(t *testing.T) {
	e := newEnv(t, Options{})
	if code, _ := e.get("/console/opportunities/Sandbox/O9999999"); code != http.StatusNotFound {
		t.Errorf("status %d, want 404", code)
	}
}

func TestUpdateFromDropsWhatTheServiceKeeps(t *testing.T) {
	got := cosell.Object{{Name: "Catalog", Value: "Sandbox"}, {Name: "Id", Value: "O1"}, {Name: "LastModifiedDate", Value: "t"}, {Name: "Arn", Value: "arn"},
		{Name: "LifeCycle", Value: cosell.Object{{Name: "Stage", Value: "Prospect"}, {Name: "ClosedLostReason", Value: nil}, {Name: "NextStepsHistory", Value: []any{}}}}}
	want := cosell.Object{{Name: "Catalog", Value: "Sandbox"}, {Name: "Identifier", Value: "O1"}, {Name: "LastModifiedDate", Value: "t"},
		{Name: "LifeCycle", Value: cosell.Object{{Name: "Stage", Value: "Prospect"}}}}
	if d := cmp.Diff(want, updateFrom(got)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
