package cosell_test

import (
	"strings"
	"testing"

	"github.com/cosell/cosell"
)

// TestReviewTextCaps: a simulated review stores ReviewComments of at most
// MaxReviewComments characters and ReviewStatusReason of at most
// MaxReviewStatusReason; longer ones are refused by name, as request
// validation refuses any over-long string, and nothing is written (issue 9:
// unbounded comments made one ListOpportunities answer 53 MB).
func TestReviewTextCaps(t *testing.T) {
	tests := []struct {
		name     string
		comments string
		reason   string
		want     []string // FieldName:Code; nil means accepted
	}{
		{name: "comments at the cap", comments: strings.Repeat("é", cosell.MaxReviewComments)},
		{name: "reason at the cap", reason: strings.Repeat("r", cosell.MaxReviewStatusReason)},
		{name: "comments over the cap", comments: strings.Repeat("c", cosell.MaxReviewComments+1),
			want: []string{"LifeCycle.ReviewComments:INVALID_STRING_FORMAT"}},
		{name: "reason over the cap", reason: strings.Repeat("é", cosell.MaxReviewStatusReason+1),
			want: []string{"LifeCycle.ReviewStatusReason:INVALID_STRING_FORMAT"}},
		{name: "both over", comments: strings.Repeat("c", 1<<20), reason: strings.Repeat("r", 1000),
			want: []string{"LifeCycle.ReviewComments:INVALID_STRING_FORMAT", "LifeCycle.ReviewStatusReason:INVALID_STRING_FORMAT"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLifecycle(t)
			if err := l.submit(); err != nil {
				t.Fatal(err)
			}
			before := l.get("Sandbox", l.id)
			req := updateFrom(before)
			set(req, []string{"LifeCycle", "ReviewStatus"}, "Action Required")
			if tt.comments != "" {
				set(req, []string{"LifeCycle", "ReviewComments"}, tt.comments)
			}
			if tt.reason != "" {
				set(req, []string{"LifeCycle", "ReviewStatusReason"}, tt.reason)
			}
			_, err := l.update(req)
			after := l.get("Sandbox", l.id)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("update: %v", err)
				}
				if got := after.Str("LifeCycle", "ReviewComments"); got != tt.comments {
					t.Errorf("stored ReviewComments of %d bytes, want %d", len(got), len(tt.comments))
				}
				if got := after.Str("LifeCycle", "ReviewStatusReason"); got != tt.reason {
					t.Errorf("stored ReviewStatusReason of %d bytes, want %d", len(got), len(tt.reason))
				}
				return
			}
			reason, _ := fieldErrors(t, err)
			if reason != cosell.ValidationReasonReq {
				t.Errorf("Reason = %s, want %s", reason, cosell.ValidationReasonReq)
			}
			wantFields(t, err, tt.want...)
			if d := diff(before, after); d != "" {
				t.Errorf("a refused update changed the record (-before +after):\n%s", d)
			}
		})
	}
}

// Outside a simulation review texts are ignored, not checked: a client
// echoing a record it read gets no error for them.
func TestReviewTextCapsOnlyInSimulation(t *testing.T) {
	l := newLifecycle(t)
	req := updateFrom(l.get("Sandbox", l.id))
	set(req, []string{"LifeCycle", "ReviewComments"}, strings.Repeat("c", cosell.MaxReviewComments+1))
	set(req, []string{"Project", "Title"}, "Edited")
	if _, err := l.update(req); err != nil {
		t.Fatalf("partner edit echoing a long ReviewComments: %v", err)
	}
	if got := l.get("Sandbox", l.id).Str("LifeCycle", "ReviewComments"); got != "" {
		t.Errorf("ReviewComments taken from a partner edit: %d bytes", len(got))
	}
}
