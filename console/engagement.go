package console

import (
	"net/http"

	"github.com/cosell/cosell"
)

// The engagements pages: the engagements the acting account belongs to,
// and one engagement with its members, contexts and resource snapshots
// (every revision of each).

func (c *Console) engagementsPage(w http.ResponseWriter, r *http.Request) {
	type catalogEngagements struct {
		Catalog     string
		Engagements []map[string]any
	}
	var all []catalogEngagements
	for _, cat := range catalogs {
		list, err := c.listAll(r, "ListEngagements", "EngagementSummaryList", cosell.Object{{Name: "Catalog", Value: cat}})
		if err != nil {
			c.fail(w, r, err)
			return
		}
		all = append(all, catalogEngagements{cat, maps(list)})
	}
	data := map[string]any{"Catalogs": all}
	if r.URL.Query().Get("fragment") == "list" {
		c.fragment(w, "engagement.catalogs.html", data)
		return
	}
	c.render(w, r, "engagement.list.html", "Engagements", data)
}

func (c *Console) engagementPage(w http.ResponseWriter, r *http.Request) {
	catalog, id := r.PathValue("catalog"), r.PathValue("id")
	key := cosell.Object{{Name: "Catalog", Value: catalog}, {Name: "Identifier", Value: id}}
	e, err := c.call(r, "GetEngagement", key)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	members, err := c.listAll(r, "ListEngagementMembers", "EngagementMemberList", key)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	snapshots, err := c.listAll(r, "ListResourceSnapshots", "ResourceSnapshotSummaries",
		cosell.Object{{Name: "Catalog", Value: catalog}, {Name: "EngagementIdentifier", Value: id}})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	// Each summary is one revision; the page shows each with its payload.
	var revisions []cosell.Object
	for _, s := range snapshots {
		snap, err := c.call(r, "GetResourceSnapshot", cosell.Object{{Name: "Catalog", Value: catalog}, {Name: "EngagementIdentifier", Value: id},
			{Name: "ResourceType", Value: s.Get("ResourceType")}, {Name: "ResourceIdentifier", Value: s.Get("ResourceId")},
			{Name: "ResourceSnapshotTemplateIdentifier", Value: s.Get("ResourceSnapshotTemplateName")}, {Name: "Revision", Value: s.Get("Revision")}})
		if err != nil {
			c.fail(w, r, err)
			return
		}
		revisions = append(revisions, snap)
	}
	data := map[string]any{"Catalog": catalog, "ID": id, "Title": e.Str("Title"), "Description": e.Str("Description"),
		"Engagement": e, "Contexts": e.List("Contexts"), "Members": maps(members), "Revisions": maps(revisions)}
	if r.URL.Query().Get("fragment") == "detail" {
		c.fragment(w, "engagement.detail.html", data)
		return
	}
	c.render(w, r, "engagement.page.html", e.Str("Title"), data)
}
