//go:build browser

package browser

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestCardAppearsLive opens the pipeline, creates an opportunity with
// boto3 and sees its card appear without a reload.
func TestCardAppearsLive(t *testing.T) {
	ctx := browser(t)
	do(t, ctx, "open the pipeline",
		chromedp.Navigate(endpoint+"/console/"),
		waitLive(),
		// A reload would lose this mark.
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](`window.noReload = true`)(ctx, tg)
			return err
		}),
	)
	title := fmt.Sprintf("Live card %d", time.Now().UnixNano())
	id := boto3(t, title)
	start := time.Now()
	card := chromedp.CSS(fmt.Sprintf(`li.card[data-id=%q]`, id))
	wctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.WaitVisible(card)); err != nil {
		t.Fatalf("the card of %s did not appear within a second: %v%s", id, err, pageMain(ctx))
	}
	t.Logf("card %s appeared %v after boto3 returned", id, time.Since(start))
	if !get(t, ctx, "the mark", chromedp.Evaluate[bool](`window.noReload === true`)) {
		t.Error("the page reloaded")
	}
	if text := get(t, ctx, "the card", chromedp.Text(card)); !strings.Contains(text, title) {
		t.Errorf("card text %q lacks %q", text, title)
	}
	screenshot(t, ctx, "pipeline")
	viewport(t, ctx, "pipeline-top")
}

// TestSubmitAndApprove opens an opportunity boto3 created, submits it and
// simulates AWS's approval from the page, and sees the status and the
// history change.
func TestSubmitAndApprove(t *testing.T) {
	ctx := browser(t)
	id := boto3(t, "Approve me", "--submittable")
	do(t, ctx, "open, submit and approve",
		chromedp.Navigate(endpoint+"/console/opportunities/Sandbox/"+id),
		chromedp.WaitVisible(chromedp.ID("review-status")),
		chromedp.Click(`//button[normalize-space()="Submit opportunity"]`),
		chromedp.WaitVisible(`//strong[@id="review-status"][normalize-space()="Submitted"]`),
		chromedp.Click(`//button[normalize-space()="Simulate Approved"]`),
		chromedp.WaitVisible(`//strong[@id="review-status"][normalize-space()="Approved"]`),
	)
	if status := get(t, ctx, "status", chromedp.Text(chromedp.ID("review-status"))); status != "Approved" {
		t.Errorf("status %q", status)
	}
	history := get(t, ctx, "history", chromedp.Text(chromedp.CSS(`#history li:first-child`)))
	for _, want := range []string{"UpdateOpportunity", "console", "LifeCycle.ReviewStatus", "Submitted", "Approved"} {
		if !strings.Contains(history, want) {
			t.Errorf("the newest history entry lacks %q:\n%s", want, history)
		}
	}
	screenshot(t, ctx, "opportunity")
}

// TestAcceptInvitation simulates an AWS referral from the pipeline page
// and accepts its invitation from the invitations page; the engagement
// then shows both members and the snapshot.
func TestAcceptInvitation(t *testing.T) {
	ctx := browser(t)
	do(t, ctx, "simulate a referral",
		chromedp.Navigate(endpoint+"/console/"),
		chromedp.SetValue(chromedp.ID("ref-title"), "Browser referral"),
		chromedp.Click(`//button[normalize-space()="Simulate AWS referral"]`),
		chromedp.WaitVisible(chromedp.CSS(`p.flash.done`)),
	)
	screenshot(t, ctx, "invitations-pending")
	do(t, ctx, "accept it",
		chromedp.Click(`//section[h2[starts-with(., "PENDING")]]//button[starts-with(normalize-space(), "Accept")]`),
		chromedp.WaitVisible(`//p[contains(@class, "done")][starts-with(., "Accepted invitation")]`),
	)
	if done := get(t, ctx, "outcome", chromedp.Text(chromedp.CSS(`p.flash.done`))); !strings.Contains(done, "is in your pipeline") {
		t.Errorf("outcome %q", done)
	}
	if accepted := get(t, ctx, "accepted", chromedp.Text(`//section[h2[starts-with(., "ACCEPTED")]]`)); !strings.Contains(accepted, "Browser referral") {
		t.Errorf("the ACCEPTED section lacks the referral:\n%s", accepted)
	}
	screenshot(t, ctx, "invitations")
	do(t, ctx, "open its engagement",
		chromedp.Click(`//section[h2[starts-with(., "ACCEPTED")]]//a[normalize-space()="Browser referral"]`),
		chromedp.WaitVisible(chromedp.ID("members-h")),
	)
	members := get(t, ctx, "members", chromedp.Text(`//section[@aria-labelledby="members-h"]`))
	if !strings.Contains(members, "aws") || !strings.Contains(members, "123456789012") {
		t.Errorf("members:\n%s", members)
	}
	if snaps := get(t, ctx, "snapshots", chromedp.Text(`//section[@aria-labelledby="snapshots-h"]`)); !strings.Contains(snaps, "revision 1") {
		t.Errorf("snapshots:\n%s", snaps)
	}
	screenshot(t, ctx, "engagement")
	do(t, ctx, "the engagements page", chromedp.Navigate(endpoint+"/console/engagements"), chromedp.WaitVisible(chromedp.ID("list")))
	screenshot(t, ctx, "engagements")
	do(t, ctx, "the events page", chromedp.Navigate(endpoint+"/console/events"), chromedp.WaitReady(chromedp.ID("event-rows")))
	if events := get(t, ctx, "events", chromedp.Text(chromedp.ID("event-rows"))); !strings.Contains(events, "Engagement Invitation Accepted") {
		t.Errorf("the Events page lacks the acceptance:\n%s", events)
	}
	screenshot(t, ctx, "events")
}

// formAudit lists, for the page, the form controls without a label and
// the clickable elements that are not real buttons or links.
const formAudit = `(() => {
  const unlabelled = [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
    .filter(el => el.labels.length === 0 && !el.getAttribute('aria-label'))
    .map(el => el.outerHTML);
  const fake = [...document.querySelectorAll('[onclick], [role=button], a:not([href]), input[type=submit], input[type=button], [tabindex]:not(a):not(button):not(input):not(select):not(textarea)')]
    .map(el => el.outerHTML);
  return {unlabelled, fake};
})()`

type audit struct {
	Unlabelled []string `json:"unlabelled"`
	Fake       []string `json:"fake"`
}

// focusedButton is the text of the focused element if it is a <button>.
const focusedButton = `document.activeElement && document.activeElement.tagName === 'BUTTON' ? document.activeElement.textContent.trim() : ''`

// TestKeyboardAndLabels checks every page's forms: each control has a
// label, every action is a real <button>, and Tab alone reaches the action
// buttons; Enter on the focused Filter button applies the filter.
func TestKeyboardAndLabels(t *testing.T) {
	ctx := browser(t)
	id := boto3(t, "Keyboard check", "--submittable")
	for _, tc := range []struct {
		name  string
		path  string
		reach []string // buttons Tab must reach, by text
	}{
		{name: "pipeline", path: "/console/", reach: []string{"Switch", "Filter", "Simulate AWS referral"}},
		{name: "opportunity", path: "/console/opportunities/Sandbox/" + id, reach: []string{"Switch", "Submit opportunity"}},
		{name: "invitations", path: "/console/invitations", reach: []string{"Switch"}},
		{name: "events", path: "/console/events", reach: []string{"Switch"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			do(t, ctx, "open "+tc.path, chromedp.Navigate(endpoint+tc.path))
			a := get(t, ctx, "audit", chromedp.Evaluate[audit](formAudit))
			if len(a.Unlabelled) > 0 {
				t.Errorf("controls without a label: %v", a.Unlabelled)
			}
			if len(a.Fake) > 0 {
				t.Errorf("clickable elements that are not buttons: %v", a.Fake)
			}
			// Tab through the page, noting each button that takes focus.
			reached := map[string]bool{}
			for range 40 {
				do(t, ctx, "tab", chromedp.KeyEvent(kb.Tab))
				if b := get(t, ctx, "focus", chromedp.Evaluate[string](focusedButton)); b != "" {
					reached[b] = true
				}
			}
			// 40 stops: the actions come before the page's long lists.
			for _, b := range tc.reach {
				if !reached[b] {
					t.Errorf("Tab never reached the %q button (reached %v)", b, reached)
				}
			}
		})
	}
	// Keyboard only: choose a review status, focus Filter, press Enter.
	do(t, ctx, "filter by keyboard",
		chromedp.Navigate(endpoint+"/console/"),
		chromedp.SetValue(chromedp.ID("f-review"), "Pending Submission"),
		chromedp.Focus(`//button[normalize-space()="Filter"]`),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitReady(`//select[@id="f-review"]/option[@selected][.="Pending Submission"]`),
	)
	if url := get(t, ctx, "location", chromedp.Location()); !strings.Contains(url, "review=Pending+Submission") {
		t.Errorf("after Enter on Filter the page is %s", url)
	}
}
