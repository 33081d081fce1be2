package cosell_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp"
)

// oldOperations are the operations served before the engagement family
// (opportunities, solutions, tags, settings); every other operation of
// cosell.Operations is one of issue 7's 28.
var oldOperations = []string{
	"CreateOpportunity", "UpdateOpportunity", "GetOpportunity", "ListOpportunities", "SubmitOpportunity",
	"AssociateOpportunity", "DisassociateOpportunity", "AssignOpportunity", "ListSolutions",
	"TagResource", "UntagResource", "ListTagsForResource", "GetSellingSystemSettings", "PutSellingSystemSettings",
}

// hostileWorld is a world in which every identifier the valid requests
// name exists and is A's: an engagement with a Lead context, an invitation
// from A to B, an opportunity submitted through a task (so an engagement
// with a job and a snapshot), and a second engagement so ListEngagements
// has a second page. It returns the world and the valid requests, by
// operation, that the hostile cases break.
func hostileWorld(t *testing.T) (*world, map[string]cosell.Object, string) {
	w := newWorld(t)
	eng := w.must(acctA, "CreateEngagement", sandbox(cosell.Field{"ClientToken", "lead"}, cosell.Field{"Title", "Lead Corp"},
		cosell.Field{"Description", "A lead"}, cosell.Field{"Contexts", []any{cosell.Object{{"Type", "Lead"}, {"Payload", leadContext()}}}})).Str("Id")
	inv := w.must(acctA, "CreateEngagementInvitation", sandbox(cosell.Field{"ClientToken", "inv"}, cosell.Field{"EngagementIdentifier", eng},
		cosell.Field{"Invitation", invitationBody(acctB)})).Str("Id")
	opp, task := submitted(w, acctA)
	subEng, job := task.Str("EngagementId"), task.Str("ResourceSnapshotJobId")
	_, referred := referral(w, acctB) // an OpportunityInvitation to B
	page := w.must(acctA, "ListEngagements", sandbox(cosell.Field{"MaxResults", cosell.Number("1")}))
	otherToken := page.Str("NextToken")
	if otherToken == "" {
		t.Fatalf("ListEngagements with MaxResults 1 gave no NextToken: %v", page)
	}
	snap := func(fields ...cosell.Field) cosell.Object {
		return sandbox(append([]cosell.Field{{"EngagementIdentifier", subEng}, {"ResourceType", "Opportunity"},
			{"ResourceIdentifier", opp}, {"ResourceSnapshotTemplateIdentifier", "OpportunitySummaryView"}}, fields...)...)
	}
	jobReq := sandbox(cosell.Field{"ResourceSnapshotJobIdentifier", job})
	valid := map[string]cosell.Object{
		"CreateResourceSnapshot":             snap(cosell.Field{"ClientToken", "snap"}),
		"GetResourceSnapshot":                snap(cosell.Field{"Revision", cosell.Number("1")}),
		"ListResourceSnapshots":              snap(),
		"CreateResourceSnapshotJob":          set(snap(cosell.Field{"ClientToken", "job"}), []string{"ResourceSnapshotTemplateIdentifier"}, "Opportunity"),
		"GetResourceSnapshotJob":             jobReq,
		"ListResourceSnapshotJobs":           sandbox(cosell.Field{"EngagementIdentifier", subEng}, cosell.Field{"Status", "Running"}),
		"StartResourceSnapshotJob":           jobReq,
		"StopResourceSnapshotJob":            jobReq,
		"DeleteResourceSnapshotJob":          jobReq,
		"ListEngagementResourceAssociations": sandbox(cosell.Field{"EngagementIdentifier", subEng}, cosell.Field{"ResourceType", "Opportunity"}),
		"CreateEngagement": sandbox(cosell.Field{"ClientToken", "new"}, cosell.Field{"Title", "T"}, cosell.Field{"Description", "D"},
			cosell.Field{"Contexts", []any{cosell.Object{{"Type", "Lead"}, {"Payload", leadContext()}}}}),
		"GetEngagement":         sandbox(cosell.Field{"Identifier", eng}),
		"ListEngagements":       sandbox(cosell.Field{"Sort", cosell.Object{{"SortOrder", "ASCENDING"}, {"SortBy", "CreatedDate"}}}),
		"ListEngagementMembers": sandbox(cosell.Field{"Identifier", eng}),
		"CreateEngagementContext": sandbox(cosell.Field{"ClientToken", "ctx"}, cosell.Field{"EngagementIdentifier", eng},
			cosell.Field{"Type", "Lead"}, cosell.Field{"Payload", leadContext()}),
		"UpdateEngagementContext": sandbox(cosell.Field{"EngagementIdentifier", eng}, cosell.Field{"ContextIdentifier", "1"},
			cosell.Field{"EngagementLastModifiedAt", w.must(acctA, "GetEngagement", sandbox(cosell.Field{"Identifier", eng})).Get("ModifiedAt")},
			cosell.Field{"Type", "Lead"}, cosell.Field{"Payload", cosell.Object{{"Lead", leadContext().Obj("Lead")}}}),
		"CreateEngagementInvitation": sandbox(cosell.Field{"ClientToken", "inv2"}, cosell.Field{"EngagementIdentifier", subEng},
			cosell.Field{"Invitation", invitationBody(acctB)}),
		"GetEngagementInvitation": sandbox(cosell.Field{"Identifier", inv}),
		"ListEngagementInvitations": sandbox(cosell.Field{"ParticipantType", "SENDER"}, cosell.Field{"Status", []any{"PENDING"}},
			cosell.Field{"Sort", cosell.Object{{"SortOrder", "ASCENDING"}, {"SortBy", "InvitationDate"}}}),
		"AcceptEngagementInvitation":               sandbox(cosell.Field{"Identifier", inv}),
		"RejectEngagementInvitation":               sandbox(cosell.Field{"Identifier", inv}, cosell.Field{"RejectionReason", "Customer problem unclear"}),
		"StartEngagementByAcceptingInvitationTask": sandbox(cosell.Field{"ClientToken", "acc"}, cosell.Field{"Identifier", referred}),
		"StartEngagementFromOpportunityTask": sandbox(cosell.Field{"ClientToken", "sub2"}, cosell.Field{"Identifier", opp},
			cosell.Field{"AwsSubmission", cosell.Object{{"InvolvementType", "Co-Sell"}, {"Visibility", "Full"}}}),
		"StartOpportunityFromEngagementTask":       sandbox(cosell.Field{"ClientToken", "ofe"}, cosell.Field{"Identifier", eng}, cosell.Field{"ContextIdentifier", "1"}),
		"ListEngagementByAcceptingInvitationTasks": sandbox(cosell.Field{"TaskStatus", []any{"COMPLETE"}}),
		"ListEngagementFromOpportunityTasks":       sandbox(cosell.Field{"TaskIdentifier", []any{task.Str("TaskId")}}),
		"ListOpportunityFromEngagementTasks":       sandbox(cosell.Field{"EngagementIdentifier", []any{eng}}),
		"GetAwsOpportunitySummary":                 sandbox(cosell.Field{"RelatedOpportunityIdentifier", opp}),
	}
	return w, valid, otherToken
}

func invitationBody(to string) cosell.Object {
	return cosell.Object{{"Message", "Please help"}, {"Receiver", cosell.Object{{"Account", cosell.Object{{"AwsAccountId", to}}}}},
		{"Payload", cosell.Object{{"LeadInvitation", leadInvitation()}}}}
}

func leadInvitation() cosell.Object {
	return cosell.Object{
		{"Customer", cosell.Object{{"CompanyName", "Lead Corp"}, {"CountryCode", "US"}}},
		{"Interaction", cosell.Object{{"SourceType", "Website"}, {"SourceId", "form-1"}, {"SourceName", "Contact us"}, {"ContactBusinessTitle", "CIO"}}},
	}
}

// callerOf is the account a valid request of op comes from: the
// invitation's receiver answers it, A does the rest.
func callerOf(op string) string {
	switch op {
	case "AcceptEngagementInvitation", "RejectEngagementInvitation", "StartEngagementByAcceptingInvitationTask":
		return acctB
	}
	return acctA
}

// hostileCase is one malformed request: the valid request of op with edit
// applied must be refused with code, naming field.
type hostileCase struct {
	name  string
	op    string
	edit  func(cosell.Object) cosell.Object
	code  string // ValidationException unless set
	field string // a FieldName (or, for other codes, a word of the message) that must name the culprit
}

// with returns an edit setting path to v (nil deletes the last member).
func with(v any, path ...string) func(cosell.Object) cosell.Object {
	return func(o cosell.Object) cosell.Object {
		if v == nil {
			return without(o, path)
		}
		return set(o, path, v)
	}
}

func without(o cosell.Object, path []string) cosell.Object {
	if len(path) == 1 {
		return slices.DeleteFunc(o, func(f cosell.Field) bool { return f.Name == path[0] })
	}
	for i := range o {
		if o[i].Name == path[0] {
			o[i].Value = without(o[i].Value.(cosell.Object), path[1:])
		}
	}
	return o
}

// hostileCases derives cases from each operation's input shape (missing
// required members, numbers for strings, strings one over their maximum,
// unknown enum values, MaxResults 0 and one over, a garbage NextToken and
// one from ListEngagements) and adds those the shape cannot give (bad
// identifiers, unions with zero or two members, nested enums).
func hostileCases(valid map[string]cosell.Object, otherToken string) []hostileCase {
	var cases []hostileCase
	add := func(c hostileCase) { cases = append(cases, c) }
	for _, op := range cosell.Operations {
		if slices.Contains(oldOperations, op.Name) {
			continue
		}
		for _, m := range op.Input.Members {
			s, n := m.Shape, m.Name
			if m.Required {
				add(hostileCase{name: "missing " + n, op: op.Name, edit: with(nil, n), field: n})
				add(hostileCase{name: n + " null", op: op.Name, edit: func(o cosell.Object) cosell.Object {
					for i := range o {
						if o[i].Name == n {
							o[i].Value = nil
						}
					}
					return o
				}, field: n})
			}
			switch s.Kind {
			case cosell.KindString:
				add(hostileCase{name: n + " a number", op: op.Name, edit: with(cosell.Number("7"), n), field: n})
				if s.MaxLen > 0 {
					add(hostileCase{name: n + " over-long", op: op.Name, edit: with(strings.Repeat("a", s.MaxLen+1), n), field: n})
				}
				if len(s.Enum) > 0 {
					add(hostileCase{name: n + " unknown value", op: op.Name, edit: with("NOPE", n), field: n})
				}
			case cosell.KindList:
				if s.Elem.Kind == cosell.KindString && len(s.Elem.Enum) > 0 {
					add(hostileCase{name: n + " unknown value", op: op.Name, edit: with([]any{"NOPE"}, n), field: n})
				}
				add(hostileCase{name: n + " a string", op: op.Name, edit: with("x", n), field: n})
				if s.MaxItems > 0 && s.Elem.Kind == cosell.KindString {
					long := make([]any, s.MaxItems+1)
					for i := range long {
						long[i] = fmt.Sprint("x", i)
					}
					add(hostileCase{name: n + " too many", op: op.Name, edit: with(long, n), field: n})
				}
			case cosell.KindInteger:
				add(hostileCase{name: n + " a string", op: op.Name, edit: with("1", n), field: n})
			}
			if n == "MaxResults" {
				add(hostileCase{name: "MaxResults 0", op: op.Name, edit: with(cosell.Number("0"), n), field: n})
				add(hostileCase{name: "MaxResults over", op: op.Name, edit: with(cosell.Number(fmt.Sprint(s.Max+1)), n), field: n})
			}
			if n == "NextToken" {
				add(hostileCase{name: "NextToken garbage", op: op.Name, edit: with("not-a-token!!", n), field: n})
				if op.Name != "ListEngagements" {
					add(hostileCase{name: "NextToken of ListEngagements", op: op.Name, edit: with(otherToken, n), field: n})
				}
			}
			if n == "ClientToken" {
				add(hostileCase{name: "ClientToken of 256", op: op.Name, edit: with(strings.Repeat("t", 256), n), field: n})
			}
			if m.Shape.Kind == cosell.KindStructure && m.Shape.Members != nil && m.Shape.Member("SortOrder") != nil {
				add(hostileCase{name: "Sort.SortOrder unknown", op: op.Name, edit: with("UP", n, "SortOrder"), field: "SortOrder"})
				add(hostileCase{name: "Sort.SortBy unknown", op: op.Name, edit: with("Nothing", n, "SortBy"), field: "SortBy"})
			}
		}
		// Identifiers that look like the family's but are not.
		for _, m := range op.Input.Members {
			v, _ := valid[op.Name].Get(m.Name).(string)
			var bad []string
			switch {
			case strings.HasPrefix(v, "engi-"):
				bad = []string{"engi-", "engi-XYZ", "eng-" + v[5:]}
			case strings.HasPrefix(v, "eng-"):
				bad = []string{"eng-XYZ", "eng-", "eng-abc/../x", "engi-" + v[4:]}
			case strings.HasPrefix(v, "job-"):
				bad = []string{"job-1", "job-", "task-" + v[4:]}
			case strings.HasPrefix(v, "O") && m.Name != "ResourceSnapshotTemplateIdentifier":
				bad = []string{"O", "o1", "O1' OR 1=1"}
			}
			for _, b := range bad {
				add(hostileCase{name: m.Name + " " + b, op: op.Name, edit: with(b, m.Name), field: m.Name})
			}
		}
	}
	// Unions: exactly one member.
	for _, op := range []string{"CreateEngagementContext", "UpdateEngagementContext"} {
		add(hostileCase{name: "Payload empty", op: op, edit: with(cosell.Object{}, "Payload"), field: "Payload"})
		add(hostileCase{name: "Payload two members", op: op, edit: with(cosell.Object{{"Lead", leadContext().Obj("Lead")},
			{"CustomerProject", cosell.Object{{"Customer", cosell.Object{{"CompanyName", "X"}}}}}}, "Payload"), field: "Payload"})
		add(hostileCase{name: "Type unknown", op: op, edit: with("Referral", "Type"), field: "Type"})
	}
	add(hostileCase{name: "Invitation.Payload empty", op: "CreateEngagementInvitation", edit: with(cosell.Object{}, "Invitation", "Payload"), field: "Payload"})
	add(hostileCase{name: "Invitation.Payload two members", op: "CreateEngagementInvitation",
		edit: with(cosell.Object{{"LeadInvitation", leadInvitation()}, {"OpportunityInvitation", cosell.Object{}}}, "Invitation", "Payload"), field: "Payload"})
	add(hostileCase{name: "Invitation.Receiver account not an account id", op: "CreateEngagementInvitation",
		edit: with("2222", "Invitation", "Receiver", "Account", "AwsAccountId"), field: "AwsAccountId"})
	add(hostileCase{name: "Invitation.Message over-long", op: "CreateEngagementInvitation",
		edit: with(strings.Repeat("m", 256), "Invitation", "Message"), field: "Message"})
	add(hostileCase{name: "AwsSubmission.InvolvementType unknown", op: "StartEngagementFromOpportunityTask",
		edit: with("Solo", "AwsSubmission", "InvolvementType"), field: "InvolvementType"})
	add(hostileCase{name: "Contexts of an unknown type", op: "CreateEngagement",
		edit: with([]any{cosell.Object{{"Type", "Referral"}, {"Payload", leadContext()}}}, "Contexts"), field: "Type"})
	add(hostileCase{name: "Contexts payload empty", op: "CreateEngagement",
		edit: with([]any{cosell.Object{{"Type", "Lead"}, {"Payload", cosell.Object{}}}}, "Contexts"), field: "Payload"})
	add(hostileCase{name: "ParticipantType unknown", op: "ListEngagementInvitations", edit: with("BOTH", "ParticipantType"), field: "ParticipantType"})
	add(hostileCase{name: "Status unknown", op: "ListEngagementInvitations", edit: with([]any{"PENDING", "LOST"}, "Status"), field: "Status"})
	add(hostileCase{name: "Revision 0", op: "GetResourceSnapshot", edit: with(cosell.Number("0"), "Revision"), field: "Revision"})
	add(hostileCase{name: "Revision fractional", op: "GetResourceSnapshot", edit: with(cosell.Number("1.5"), "Revision"), field: "Revision"})
	add(hostileCase{name: "template unknown", op: "CreateResourceSnapshot", edit: with("NoSuchView", "ResourceSnapshotTemplateIdentifier"), field: "ResourceSnapshotTemplateIdentifier"})
	add(hostileCase{name: "EngagementLastModifiedAt not a date", op: "UpdateEngagementContext", edit: with("yesterday", "EngagementLastModifiedAt"), field: "EngagementLastModifiedAt"})
	add(hostileCase{name: "ContextIdentifier unknown", op: "UpdateEngagementContext", edit: with("9", "ContextIdentifier"), code: cosell.NotFoundError, field: "9"})
	add(hostileCase{name: "unknown engagement", op: "GetEngagement", edit: with("eng-00000000000000", "Identifier"), code: cosell.NotFoundError, field: "eng-00000000000000"})
	add(hostileCase{name: "unknown job", op: "GetResourceSnapshotJob", edit: with("job-0000000000000", "ResourceSnapshotJobIdentifier"), code: cosell.NotFoundError, field: "job-0000000000000"})
	add(hostileCase{name: "unknown invitation", op: "GetEngagementInvitation", edit: with("engi-0000000000000", "Identifier"), code: cosell.NotFoundError, field: "engi-0000000000000"})
	return cases
}

// itemDump is every item of every kind in both catalogs, for comparing
// the store before and after a refused request.
func itemDump(t *testing.T, w *world) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := w.store.ViewItems(t.Context(), func(tx cosell.ItemTx) error {
		for _, k := range []cosell.ItemKind{cosell.KindEngagement, cosell.KindInvitation, cosell.KindTask, cosell.KindSnapshotJob,
			cosell.KindSnapshot, cosell.KindAssociation, cosell.KindToken, cosell.KindReferral, cosell.KindOpportunityLink} {
			for _, c := range []string{"AWS", "Sandbox"} {
				if err := tx.Scan(k, c, "", func(it *cosell.Item) error {
					out[string(k)+"/"+c+"/"+it.ID] = string(it.Doc)
					return nil
				}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Issue 7's operations refuse malformed and hostile requests with a 4xx
// *cosell.Error that names the culprit, never a panic or an
// InternalServerException, and write nothing.
func TestEngagementFamilyHostileInput(t *testing.T) {
	w, valid, otherToken := hostileWorld(t)
	for _, op := range cosell.Operations {
		if !slices.Contains(oldOperations, op.Name) && valid[op.Name] == nil {
			t.Errorf("no valid %s request to break", op.Name)
		}
	}
	cases := hostileCases(valid, otherToken)
	covered := map[string]int{}
	before := itemDump(t, w)
	w.events.take(acctA)
	w.events.take(acctB)
	for _, tc := range cases {
		covered[tc.op]++
		t.Run(tc.op+"/"+tc.name, func(t *testing.T) {
			req := tc.edit(cosell.Clone(valid[tc.op]).(cosell.Object))
			var out cosell.Object
			var err error
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("panic: %v", p)
					}
				}()
				out, err = w.call(callerOf(tc.op), tc.op, req)
			}()
			var e *cosell.Error
			if !errors.As(err, &e) {
				t.Fatalf("answered %v, %v; want a *cosell.Error", out, err)
			}
			want := tc.code
			if want == "" {
				want = cosell.ValidationError
			}
			switch {
			case e.Code == want:
			case want == cosell.ValidationError && e.Code == cosell.SerializationError:
			default:
				t.Fatalf("%s (%s), want %s", e.Code, e.Message, want)
			}
			named := strings.Contains(e.Message, tc.field)
			for _, f := range e.Fields {
				named = named || strings.Contains(f.FieldName, tc.field)
			}
			if !named {
				t.Errorf("%s names neither %q in its message (%q) nor in its fields %+v", e.Code, tc.field, e.Message, e.Fields)
			}
		})
	}
	if d := cmp.Diff(before, itemDump(t, w)); d != "" {
		t.Errorf("refused requests changed the items (-before +after):\n%s", d)
	}
	if evs := append(w.events.take(acctA), w.events.take(acctB)...); len(evs) != 0 {
		t.Errorf("refused requests published %v", evs)
	}
	for _, op := range cosell.Operations {
		if !slices.Contains(oldOperations, op.Name) && covered[op.Name] < 3 {
			t.Errorf("%s: only %d hostile cases", op.Name, covered[op.Name])
		}
	}
	t.Logf("%d hostile requests over %d operations", len(cases), len(covered))

	// The requests the cases break are valid: each succeeds in a world of
	// its own, so every refusal above is the edit's.
	for op := range valid {
		t.Run("valid/"+op, func(t *testing.T) {
			w, valid, _ := hostileWorld(t)
			if op == "StartResourceSnapshotJob" {
				w.must(acctA, "StopResourceSnapshotJob", valid["StopResourceSnapshotJob"])
			}
			if op == "DeleteResourceSnapshotJob" {
				w.must(acctA, "StopResourceSnapshotJob", valid["StopResourceSnapshotJob"])
			}
			w.must(callerOf(op), op, valid[op])
		})
	}
}
