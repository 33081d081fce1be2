package console

import (
	"net/http"
	"slices"

	"github.com/cosell/cosell"
)

// The invitations page: the engagement invitations the acting account
// received and sent, in both catalogs, by status. A pending invitation it
// received can be accepted (StartEngagementByAcceptingInvitationTask,
// which also hands over an AWS referral's opportunity) or rejected
// (RejectEngagementInvitation) from the page.

var invitationStatuses = []string{"PENDING", "ACCEPTED", "REJECTED", "EXPIRED"}

type invitationGroup struct {
	Status      string
	Invitations []map[string]any
}

func (c *Console) invitationsPage(w http.ResponseWriter, r *http.Request) {
	byStatus := map[string][]cosell.Object{}
	for _, cat := range catalogs {
		for _, participant := range []string{"RECEIVER", "SENDER"} {
			list, err := c.listAll(r, "ListEngagementInvitations", "EngagementInvitationSummaries",
				cosell.Object{{Name: "Catalog", Value: cat}, {Name: "ParticipantType", Value: participant}})
			if err != nil {
				c.fail(w, r, err)
				return
			}
			for _, inv := range list {
				byStatus[inv.Str("Status")] = append(byStatus[inv.Str("Status")], inv)
			}
		}
	}
	var groups []invitationGroup
	for _, s := range invitationStatuses {
		invs := byStatus[s]
		slices.SortFunc(invs, func(a, b cosell.Object) int { return -compareStr(a.Str("InvitationDate"), b.Str("InvitationDate")) })
		groups = append(groups, invitationGroup{Status: s, Invitations: maps(invs)})
	}
	data := map[string]any{"Groups": groups}
	if r.URL.Query().Get("fragment") == "list" {
		c.fragment(w, "invitation.groups.html", data)
		return
	}
	c.render(w, r, "invitation.list.html", "Invitations", data)
}

// listAll calls a List operation page by page and returns every item of
// member.
func (c *Console) listAll(r *http.Request, op, member string, in cosell.Object) ([]cosell.Object, error) {
	var out []cosell.Object
	for {
		page, err := c.call(r, op, in)
		if err != nil {
			return nil, err
		}
		for _, v := range page.List(member) {
			if o, ok := v.(cosell.Object); ok {
				out = append(out, o)
			}
		}
		next := page.Str("NextToken")
		if next == "" {
			return out, nil
		}
		in = cosell.Clone(in).(cosell.Object)
		in.Set("NextToken", next)
	}
}

func compareStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (c *Console) accept(w http.ResponseWriter, r *http.Request) {
	catalog, id := r.PathValue("catalog"), r.PathValue("id")
	out, err := c.call(r, "StartEngagementByAcceptingInvitationTask", cosell.Object{
		{Name: "Catalog", Value: catalog}, {Name: "Identifier", Value: id}, {Name: "ClientToken", Value: randomToken()}})
	if err == nil && out.Str("TaskStatus") == "FAILED" {
		err = cosell.Errorf(out.Str("ReasonCode"), "%s", out.Str("Message"))
	}
	done := "Accepted invitation " + id
	if opp := out.Str("OpportunityId"); opp != "" {
		done += ": opportunity " + opp + " is in your pipeline"
	}
	c.redirect(w, r, Path+"invitations", done, err)
}

func (c *Console) reject(w http.ResponseWriter, r *http.Request) {
	catalog, id := r.PathValue("catalog"), r.PathValue("id")
	in := cosell.Object{{Name: "Catalog", Value: catalog}, {Name: "Identifier", Value: id}}
	if reason := r.PostFormValue("reason"); reason != "" {
		in.Set("RejectionReason", reason)
	}
	_, err := c.call(r, "RejectEngagementInvitation", in)
	c.redirect(w, r, Path+"invitations", "Rejected invitation "+id, err)
}

// maps gives templates the members of each object by name.
func maps(list []cosell.Object) []map[string]any {
	out := make([]map[string]any, len(list))
	for i, o := range list {
		m := make(map[string]any, len(o))
		for _, f := range o {
			m[f.Name] = f.Value
		}
		out[i] = m
	}
	return out
}
