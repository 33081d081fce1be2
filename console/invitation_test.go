package console

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestInvitationFlow simulates an AWS referral from the pipeline page,
// finds its invitation pending, accepts or rejects it from the page, and
// sees the opportunity arrive in the pipeline (accepted) or not.
func TestInvitationFlow(t *testing.T) {
	for _, tc := range []struct {
		name, action, want string
		inPipeline         bool
	}{
		{name: "accept", action: "accept", want: "ACCEPTED", inPipeline: true},
		{name: "reject", action: "reject", want: "REJECTED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, Options{})
			code, loc := e.post("/console/referrals", url.Values{"title": {"Referred " + tc.name}, "company": {"ACME"}, "amount": {"1200"}})
			if code != http.StatusSeeOther || strings.Contains(loc, "err=") {
				t.Fatalf("referral: %d %s", code, loc)
			}
			opp := regexp.MustCompile(`O\d+`).FindString(loc)
			_, page := e.get("/console/invitations")
			action := regexp.MustCompile(`/console/invitations/Sandbox/[^/"]+/` + tc.action).FindString(page)
			if action == "" {
				t.Fatalf("no %s form:\n%s", tc.action, page)
			}
			code, loc = e.post(action, url.Values{})
			if code != http.StatusSeeOther || strings.Contains(loc, "err=") {
				t.Fatalf("%s: %d %s", tc.action, code, loc)
			}
			_, page = e.get("/console/invitations")
			if !strings.Contains(text(page), tc.want+" 1") {
				t.Errorf("no %s invitation:\n%s", tc.want, text(page))
			}
			_, board := e.get("/console/")
			if got := strings.Contains(board, `data-id="`+opp+`"`); got != tc.inPipeline {
				t.Errorf("opportunity %s in the pipeline: %v, want %v", opp, got, tc.inPipeline)
			}
			if tc.inPipeline {
				_, engagements := e.get("/console/engagements")
				link := regexp.MustCompile(`/console/engagements/Sandbox/eng-[a-z0-9]+`).FindString(engagements)
				_, detail := e.get(link)
				if !strings.Contains(text(detail), "Opportunity "+opp) || !strings.Contains(text(detail), "revision 1") {
					t.Errorf("the engagement page lacks the snapshot of %s:\n%s", opp, text(detail))
				}
			}
		})
	}
}
