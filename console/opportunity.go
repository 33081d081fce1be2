package console

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/cosell/cosell"
)

// The opportunity page: the record as GetOpportunity returns it, grouped
// by its top-level members as the model groups them; the NextStepsHistory
// timeline; the change history (OpportunityService.History) with each
// write's diff against the version before; and, in Sandbox, the actions
// that move it through review: submit, then the simulated outcomes.

// group is one section of the record.
type group struct {
	Name   string
	Fields cosell.Object
}

// write is one history entry as the page shows it.
type write struct {
	cosell.HistoryEntry
	Changes []cosell.HistoryChange
	First   bool // the record's creation, or the first of the older entries kept: its changes are against nothing
}

// outcomes are the review results the Sandbox simulates (spec §3.9).
var outcomes = []string{string(cosell.StatusApproved), string(cosell.StatusActionRequired), string(cosell.StatusRejected)}

func (c *Console) opportunityPage(w http.ResponseWriter, r *http.Request) {
	catalog, id := r.PathValue("catalog"), r.PathValue("id")
	got, err := c.call(r, "GetOpportunity", cosell.Object{{Name: "Catalog", Value: catalog}, {Name: "Identifier", Value: id}})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	history, err := c.svc.History(c.ctx(r), catalog, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	writes, err := diffHistory(history)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	review := got.Str("LifeCycle", "ReviewStatus")
	data := map[string]any{
		"Catalog": catalog, "ID": id, "Opportunity": got,
		"Title":    got.Str("Project", "Title"),
		"Review":   review,
		"Groups":   groups(got),
		"Timeline": got.List("LifeCycle", "NextStepsHistory"),
		"Writes":   writes,
		"Sandbox":  catalog == string(cosell.CatalogSandbox),
		// The actions the record's state allows (opportunity_update.go).
		"CanSubmit":    review == string(cosell.StatusPendingSubmission) || review == "",
		"CanReview":    catalog == string(cosell.CatalogSandbox) && slices.Contains([]string{string(cosell.StatusSubmitted), string(cosell.StatusInReview), string(cosell.StatusActionRequired)}, review),
		"Outcomes":     outcomes,
		"Involvements": cosell.SalesInvolvementType("").Values(),
		"Visibilities": cosell.Visibility("").Values(),
	}
	if r.URL.Query().Get("fragment") == "record" {
		c.fragment(w, "opportunity.record.html", data)
		return
	}
	c.render(w, r, "opportunity.page.html", data["Title"].(string), data)
}

// groups splits a GetOpportunity answer into sections: the top-level
// scalars and lists of scalars together ("Record"), then each structure
// or list of structures under its own member name, in the answer's order.
// NextStepsHistory is left to the timeline.
func groups(o cosell.Object) []group {
	top := group{Name: "Record"}
	var out []group
	for _, f := range o {
		switch v := f.Value.(type) {
		case cosell.Object:
			if f.Name == "LifeCycle" {
				v = slices.DeleteFunc(slices.Clone(v), func(f cosell.Field) bool { return f.Name == "NextStepsHistory" })
			}
			out = append(out, group{Name: f.Name, Fields: v})
		case []any:
			if len(v) > 0 && valueKind(v[0]) == "object" {
				out = append(out, group{Name: f.Name, Fields: cosell.Object{{Name: f.Name, Value: v}}})
				continue
			}
			top.Fields = append(top.Fields, f)
		default:
			top.Fields = append(top.Fields, f)
		}
	}
	return append([]group{top}, out...)
}

// diffHistory lists the entries newest first with their changes: those
// the entry keeps or, for an entry written before entries kept changes
// (it has the record instead), its record diffed against the record of the
// entry before.
func diffHistory(entries []cosell.HistoryEntry) ([]write, error) {
	out := make([]write, len(entries))
	var prev []cosell.HistoryLeaf
	for i, e := range entries {
		w := write{HistoryEntry: e, Changes: e.Changes, First: e.Seq == 1}
		if e.Record != nil {
			o, err := cosell.DecodeRecord(e.Record)
			if err != nil {
				return nil, fmt.Errorf("history entry %d: %w", e.Seq, err)
			}
			cur := cosell.HistoryLeaves(o)
			w.Changes, w.First = cosell.DiffLeaves(prev, cur), i == 0
			prev = cur
		}
		out[len(out)-1-i] = w
	}
	return out, nil
}

// submit is SubmitOpportunity with the chosen involvement and visibility.
func (c *Console) submit(w http.ResponseWriter, r *http.Request) {
	catalog, id := r.PathValue("catalog"), r.PathValue("id")
	back := opportunityPath(catalog, id)
	_, err := c.call(r, "SubmitOpportunity", cosell.Object{{Name: "Catalog", Value: catalog}, {Name: "Identifier", Value: id},
		{Name: "InvolvementType", Value: r.PostFormValue("involvement")}, {Name: "Visibility", Value: r.PostFormValue("visibility")}})
	c.redirect(w, r, back, "Submitted "+id+" to AWS", err)
}

// review simulates AWS's review outcome in Sandbox: UpdateOpportunity with
// the record as it is and a changed LifeCycle.ReviewStatus (spec §3.9).
func (c *Console) review(w http.ResponseWriter, r *http.Request) {
	catalog, id := r.PathValue("catalog"), r.PathValue("id")
	back := opportunityPath(catalog, id)
	outcome := r.PostFormValue("outcome")
	if !slices.Contains(outcomes, outcome) {
		http.Error(w, "unknown review outcome "+outcome, http.StatusBadRequest)
		return
	}
	got, err := c.call(r, "GetOpportunity", cosell.Object{{Name: "Catalog", Value: catalog}, {Name: "Identifier", Value: id}})
	if err != nil {
		c.redirect(w, r, back, "", err)
		return
	}
	req := updateFrom(got)
	lc := req.Obj("LifeCycle")
	lc.Set("ReviewStatus", outcome)
	if comments := strings.TrimSpace(r.PostFormValue("comments")); comments != "" {
		lc.Set("ReviewComments", comments)
	}
	req.Set("LifeCycle", lc)
	_, err = c.call(r, "UpdateOpportunity", req)
	c.redirect(w, r, back, "Simulated review outcome: "+outcome, err)
}

// updateFrom is the UpdateOpportunity request a partner sends to keep a
// record as it is: its writable members (without the service's
// NextStepsHistory) and its LastModifiedDate.
func updateFrom(got cosell.Object) cosell.Object {
	req := cosell.Object{{Name: "Catalog", Value: got.Get("Catalog")}, {Name: "Identifier", Value: got.Get("Id")}, {Name: "LastModifiedDate", Value: got.Get("LastModifiedDate")}}
	for _, name := range cosell.WritableMembers {
		v, ok := got.Lookup(name)
		if !ok || v == nil {
			continue
		}
		v = withoutNulls(cosell.Clone(v))
		if lc, ok := v.(cosell.Object); ok && name == "LifeCycle" {
			lc.Delete("NextStepsHistory")
			v = lc
		}
		req.Set(name, v)
	}
	return req
}

func opportunityPath(catalog, id string) string {
	return Path + "opportunities/" + catalog + "/" + id
}

// withoutNulls drops the null members GetOpportunity renders for unset
// ones: a request sets only what it means to.
func withoutNulls(v any) any {
	switch v := v.(type) {
	case cosell.Object:
		out := cosell.Object{}
		for _, f := range v {
			if f.Value != nil {
				out = append(out, cosell.Field{Name: f.Name, Value: withoutNulls(f.Value)})
			}
		}
		return out
	case []any:
		out := make([]any, 0, len(v))
		for _, e := range v {
			if e != nil {
				out = append(out, withoutNulls(e))
			}
		}
		return out
	}
	return v
}
