package cosell_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/memory"
	"github.com/google/go-cmp/cmp"
)

// The accounts of the snapshot tests: p1 owns the opportunity and created
// the engagement, p2 is another member, p3 is no member.
const (
	p1 = cosell.DefaultAccountID
	p2 = "222222222222"
	p3 = "333333333333"
)

// eventLog reads the events the service wrote to its store's outbox.
type eventLog struct {
	t     testing.TB
	store cosell.ItemStore
}

// snapshotEvents returns (and forgets) the Engagement Resource Snapshot
// Created events written so far.
func (l *eventLog) snapshotEvents() []cosell.Event {
	var out []cosell.Event
	for _, e := range drainOutbox(l.t, l.store) {
		if e.DetailType == cosell.EventSnapshotCreated {
			out = append(out, e.Event)
		}
	}
	return out
}

// snapFix is a service over memory with an engagement (eng) that p1
// created and p2 joined, and p1's opportunity opp in Sandbox.
type snapFix struct {
	*env
	events *eventLog
	eng    string
	opp    string
	tokens int
}

func newSnapFix(t *testing.T) *snapFix {
	t.Helper()
	return newSnapFixOn(t, memory.New())
}

// snapStore is what the snapshot fixture runs on: a Store with items.
type snapStore interface {
	cosell.Store
	cosell.ItemStore
}

func newSnapFixOn(t *testing.T, store snapStore) *snapFix {
	t.Helper()
	events := &eventLog{t: t, store: store}
	svc := cosell.NewService(store, cosell.ServiceConfig{Clock: newClock(), Solutions: testSolutions})
	f := &snapFix{env: &env{t: t, svc: svc, store: store, ctx: as(p1)}, events: events}
	f.eng = f.engagement(p1)
	if err := svc.JoinEngagementForTest(context.Background(), "Sandbox", f.eng, p2); err != nil {
		t.Fatal(err)
	}
	f.opp = f.create("Sandbox", nil).Str("Id")
	events.snapshotEvents()
	return f
}

func (f *snapFix) token() string {
	f.tokens++
	return fmt.Sprintf("tok-%d", f.tokens)
}

// engagement creates an engagement whose first member is account.
func (f *snapFix) engagement(account string) string {
	f.t.Helper()
	out, err := f.svc.CreateEngagement(as(account), cosell.Object{{"Catalog", "Sandbox"}, {"ClientToken", f.token()},
		{"Title", "Data lake"}, {"Description", "Migration of the customer's data lake"}})
	if err != nil {
		f.t.Fatal(err)
	}
	return out.Str("Id")
}

func (f *snapFix) do(account, op string, req cosell.Object) (cosell.Object, error) {
	return cosell.OperationNamed(op).Call(f.svc, as(account), req)
}

func (f *snapFix) must(account, op string, req cosell.Object) cosell.Object {
	f.t.Helper()
	out, err := f.do(account, op, req)
	if err != nil {
		f.t.Fatalf("%s as %s: %v", op, account, err)
	}
	return out
}

// key is a snapshot request's key members for f.opp in f.eng.
func (f *snapFix) key(template string) cosell.Object {
	return cosell.Object{{"Catalog", "Sandbox"}, {"EngagementIdentifier", f.eng}, {"ResourceType", "Opportunity"},
		{"ResourceIdentifier", f.opp}, {"ResourceSnapshotTemplateIdentifier", template}}
}

func (f *snapFix) snapshot(account, template string) (cosell.Object, error) {
	req := f.key(template)
	req.Set("ClientToken", f.token())
	return f.do(account, "CreateResourceSnapshot", req)
}

func (f *snapFix) job(account, template string) string {
	f.t.Helper()
	req := f.key(template)
	req.Set("ClientToken", f.token())
	return f.must(account, "CreateResourceSnapshotJob", req).Str("Id")
}

func (f *snapFix) jobReq(id string) cosell.Object {
	return cosell.Object{{"Catalog", "Sandbox"}, {"ResourceSnapshotJobIdentifier", id}}
}

func (f *snapFix) role(account string) {
	f.t.Helper()
	f.must(account, "PutSellingSystemSettings", cosell.Object{{"Catalog", "Sandbox"}, {"ResourceSnapshotJobRoleIdentifier", "SnapshotJobRole"}})
}

// revisions lists "template/revision" of every snapshot p1 can list in eng.
func (f *snapFix) revisions() []string {
	f.t.Helper()
	out := f.must(p1, "ListResourceSnapshots", cosell.Object{{"Catalog", "Sandbox"}, {"EngagementIdentifier", f.eng}})
	got := []string{}
	for _, s := range out.List("ResourceSnapshotSummaries") {
		s := s.(cosell.Object)
		got = append(got, fmt.Sprintf("%s/%v", s.Str("ResourceSnapshotTemplateName"), s.Get("Revision")))
	}
	return got
}

// change updates opp by account with edit applied to the Get payload.
func (f *snapFix) change(account string, edit func(cosell.Object)) {
	f.t.Helper()
	req := updateFrom(f.get("Sandbox", f.opp))
	edit(req)
	if _, err := f.svc.UpdateOpportunity(as(account), req); err != nil {
		f.t.Fatalf("update: %v", err)
	}
}

func TestCreateResourceSnapshot(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(f *snapFix) // before the call
		caller   string
		edit     func(f *snapFix, req cosell.Object)
		wantCode string
		wantRev  string
	}{
		{name: "owner and member takes revision 1", caller: p1, wantRev: "1"},
		{name: "next revision", caller: p1, setup: func(f *snapFix) { f.snapshot(p1, "OpportunitySummaryView") }, wantRev: "2"},
		{name: "Opportunity template is its own key", caller: p1, setup: func(f *snapFix) { f.snapshot(p1, "OpportunitySummaryView") },
			edit: func(_ *snapFix, req cosell.Object) { req.Set("ResourceSnapshotTemplateIdentifier", "Opportunity") }, wantRev: "1"},
		{name: "AWS full view by the owner", caller: p1,
			edit: func(_ *snapFix, req cosell.Object) {
				req.Set("ResourceSnapshotTemplateIdentifier", "AwsOpportunitySummaryFullView")
			}, wantRev: "1"},
		{name: "unknown template", caller: p1, wantCode: cosell.ValidationError,
			edit: func(_ *snapFix, req cosell.Object) {
				req.Set("ResourceSnapshotTemplateIdentifier", "OpportunitySummary")
			}},
		{name: "bad template pattern", caller: p1, wantCode: cosell.ValidationError,
			edit: func(_ *snapFix, req cosell.Object) { req.Set("ResourceSnapshotTemplateIdentifier", "x!") }},
		{name: "non-member", caller: p3, wantCode: cosell.NotFoundError},
		{name: "unknown engagement", caller: p1, wantCode: cosell.NotFoundError,
			edit: func(_ *snapFix, req cosell.Object) { req.Set("EngagementIdentifier", "eng-00000000000000") }},
		{name: "unknown opportunity", caller: p1, wantCode: cosell.NotFoundError,
			edit: func(_ *snapFix, req cosell.Object) { req.Set("ResourceIdentifier", "O999") }},
		{name: "member that does not own the opportunity", caller: p2, wantCode: cosell.AccessDeniedError,
			setup: func(f *snapFix) { f.snapshot(p1, "OpportunitySummaryView") }},
		{name: "opportunity linked to another engagement", caller: p1, wantCode: cosell.ValidationError,
			setup: func(f *snapFix) {
				other := f.engagement(p1)
				req := f.key("OpportunitySummaryView")
				req.Set("EngagementIdentifier", other)
				req.Set("ClientToken", f.token())
				f.must(p1, "CreateResourceSnapshot", req)
			}},
		{name: "another account's opportunity outside the engagement is not found", caller: p2, wantCode: cosell.NotFoundError,
			setup: func(f *snapFix) {
				other := f.engagement(p1)
				req := f.key("OpportunitySummaryView")
				req.Set("EngagementIdentifier", other)
				req.Set("ClientToken", f.token())
				f.must(p1, "CreateResourceSnapshot", req)
			}},
		{name: "another account's opportunity not in any engagement is not found", caller: p2, wantCode: cosell.NotFoundError},
		{name: "foreign catalog", caller: p1, wantCode: cosell.NotFoundError,
			edit: func(_ *snapFix, req cosell.Object) { req.Set("Catalog", "AWS") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSnapFix(t)
			if tt.setup != nil {
				tt.setup(f)
			}
			before := f.revisions()
			f.events.snapshotEvents()
			req := f.key("OpportunitySummaryView")
			req.Set("ClientToken", "the-token")
			if tt.edit != nil {
				tt.edit(f, req)
			}
			out, err := f.do(tt.caller, "CreateResourceSnapshot", req)
			if codeOf(err) != tt.wantCode {
				t.Fatalf("error %v, want %q", err, tt.wantCode)
			}
			if tt.wantCode != "" {
				if d := diff(before, f.revisions()); d != "" {
					t.Errorf("a refused request wrote snapshots: %s", d)
				}
				if ev := f.events.snapshotEvents(); len(ev) != 0 {
					t.Errorf("a refused request sent %d events", len(ev))
				}
				return
			}
			if got := fmt.Sprint(out.Get("Revision")); got != tt.wantRev {
				t.Errorf("Revision %s, want %s", got, tt.wantRev)
			}
			wantArn := "arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement/" + f.eng + "/resource/Opportunity/" + f.opp +
				"/template/" + req.Str("ResourceSnapshotTemplateIdentifier") + "/snapshot/" + tt.wantRev
			if out.Str("Arn") != wantArn {
				t.Errorf("Arn %s, want %s", out.Str("Arn"), wantArn)
			}
		})
	}
}

func TestCreateResourceSnapshotIdempotency(t *testing.T) {
	tests := []struct {
		name     string
		retry    func(f *snapFix, req cosell.Object) cosell.Object
		wantCode string
	}{
		{name: "same token and body answer the first result", retry: func(_ *snapFix, req cosell.Object) cosell.Object { return req }},
		{name: "same token, other body", wantCode: cosell.ConflictError, retry: func(_ *snapFix, req cosell.Object) cosell.Object {
			r := cosell.Clone(req).(cosell.Object)
			r.Set("ResourceSnapshotTemplateIdentifier", "Opportunity")
			return r
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSnapFix(t)
			req := f.key("OpportunitySummaryView")
			req.Set("ClientToken", "same")
			first := f.must(p1, "CreateResourceSnapshot", req)
			again, err := f.do(p1, "CreateResourceSnapshot", tt.retry(f, req))
			if codeOf(err) != tt.wantCode {
				t.Fatalf("error %v, want %q", err, tt.wantCode)
			}
			if tt.wantCode == "" {
				if d := diff(first, again); d != "" {
					t.Errorf("retry answered differently: %s", d)
				}
			}
			if d := diff([]string{"OpportunitySummaryView/1"}, f.revisions()); d != "" {
				t.Errorf("revisions: %s", d)
			}
		})
	}
}

func TestGetResourceSnapshot(t *testing.T) {
	f := newSnapFix(t)
	f.must(p1, "AssociateOpportunity", cosell.Object{{"Catalog", "Sandbox"}, {"OpportunityIdentifier", f.opp},
		{"RelatedEntityType", "Solutions"}, {"RelatedEntityIdentifier", "S-1"}})
	if _, err := f.snapshot(p1, "OpportunitySummaryView"); err != nil {
		t.Fatal(err)
	}
	first := f.must(p1, "GetResourceSnapshot", f.key("OpportunitySummaryView"))
	f.change(p1, func(req cosell.Object) { set(req, []string{"LifeCycle", "NextSteps"}, "Run the proof of concept") })
	if _, err := f.snapshot(p1, "OpportunitySummaryView"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.snapshot(p1, "AwsOpportunitySummaryFullView"); err != nil {
		t.Fatal(err)
	}
	rev := func(n int) cosell.Object {
		r := f.key("OpportunitySummaryView")
		r.Set("Revision", cosell.Number(fmt.Sprint(n)))
		return r
	}
	tests := []struct {
		name     string
		caller   string
		req      cosell.Object
		wantCode string
		check    func(t *testing.T, got cosell.Object)
	}{
		{name: "revision 1 keeps its payload after the update", caller: p1, req: rev(1), check: func(t *testing.T, got cosell.Object) {
			if d := diff(first, got); d != "" {
				t.Errorf("revision 1 changed: %s", d)
			}
		}},
		{name: "latest by default", caller: p1, req: f.key("OpportunitySummaryView"), check: func(t *testing.T, got cosell.Object) {
			if fmt.Sprint(got.Get("Revision")) != "2" || got.Str("Payload", "OpportunitySummary", "Lifecycle", "NextSteps") != "Run the proof of concept" {
				t.Errorf("latest: revision %v, NextSteps %q", got.Get("Revision"), got.Str("Payload", "OpportunitySummary", "Lifecycle", "NextSteps"))
			}
		}},
		{name: "another member reads the summary view", caller: p2, req: rev(1), check: func(t *testing.T, got cosell.Object) {
			if d := diff(first, got); d != "" {
				t.Errorf("p2 sees another revision 1: %s", d)
			}
		}},
		{name: "owner reads the AWS full view", caller: p1, req: f.key("AwsOpportunitySummaryFullView"), check: func(t *testing.T, got cosell.Object) {
			if got.Str("Payload", "AwsOpportunitySummaryFullView", "RelatedOpportunityId") != f.opp {
				t.Errorf("payload %v", got.Get("Payload"))
			}
			if d := diff([]any{p1}, got.Get("TargetMemberAccounts")); d != "" {
				t.Errorf("targets: %s", d)
			}
		}},
		{name: "another member cannot read the AWS full view", caller: p2, req: f.key("AwsOpportunitySummaryFullView"), wantCode: cosell.NotFoundError},
		{name: "non-member", caller: p3, req: rev(1), wantCode: cosell.NotFoundError},
		{name: "missing revision", caller: p1, req: rev(9), wantCode: cosell.NotFoundError},
		{name: "no snapshot of that template", caller: p1, req: f.key("Opportunity"), wantCode: cosell.NotFoundError},
		{name: "unknown template", caller: p1, req: f.key("Nope"), wantCode: cosell.ValidationError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.do(tt.caller, "GetResourceSnapshot", tt.req)
			if codeOf(err) != tt.wantCode {
				t.Fatalf("error %v, want %q", err, tt.wantCode)
			}
			if tt.check != nil {
				tt.check(t, got)
			}
		})
	}
	// The whole of revision 1, as members read it.
	view := first.Obj("Payload", "OpportunitySummary")
	for _, c := range []struct{ path []string }{
		{[]string{"Customer", "Account", "CompanyName"}}, {[]string{"Lifecycle", "Stage"}}, {[]string{"OpportunityType"}},
		{[]string{"Project", "CustomerUseCase"}},
	} {
		if view.Str(c.path...) == "" {
			t.Errorf("view lacks %v: %v", c.path, view)
		}
	}
	if view.Obj("Project").Get("AdditionalComments") != nil || view.Obj("Project").Get("Title") != nil {
		t.Errorf("the view carries fields it does not have: %v", view.Obj("Project"))
	}
	if d := diff([]any{"S-1"}, view.List("RelatedEntityIdentifiers", "Solutions")); d != "" {
		t.Errorf("solutions: %s", d)
	}
	if d := diff([]any{p1, p2}, first.Get("TargetMemberAccounts")); d != "" {
		t.Errorf("targets: %s", d)
	}
	if first.Str("CreatedBy") != p1 || first.Str("EngagementId") != f.eng || first.Str("CreatedAt") == "" {
		t.Errorf("header: %v", first)
	}
}

func TestSnapshotEvents(t *testing.T) {
	f := newSnapFix(t)
	out, err := f.snapshot(p1, "OpportunitySummaryView")
	if err != nil {
		t.Fatal(err)
	}
	ev := f.events.snapshotEvents()
	var to []string
	for _, e := range ev {
		to = append(to, e.Account)
		want := cosell.Object{{"resourceSnapshot", cosell.Object{
			{"arn", out.Str("Arn")}, {"engagementId", f.eng}, {"resourceType", "Opportunity"}, {"resourceId", f.opp},
			{"createdBy", p1}, {"targetMemberAccounts", []any{p1, p2}}, {"resourceSnapshotTemplateName", "OpportunitySummaryView"},
		}}}
		if d := diff(want, e.Detail); d != "" {
			t.Errorf("detail: %s", d)
		}
	}
	if d := diff([]string{p1, p2}, to); d != "" {
		t.Errorf("recipients: %s", d)
	}
	// AWS as a member is a target but gets no event.
	g := newSnapFix(t)
	if err := g.svc.JoinEngagementForTest(context.Background(), "Sandbox", g.eng, "aws"); err != nil {
		t.Fatal(err)
	}
	if _, err := g.snapshot(p1, "OpportunitySummaryView"); err != nil {
		t.Fatal(err)
	}
	ev = g.events.snapshotEvents()
	if len(ev) != 2 || fmt.Sprint(ev[0].Detail.List("resourceSnapshot", "targetMemberAccounts")) != fmt.Sprint([]any{p1, p2, "aws"}) {
		t.Errorf("events with AWS a member: %v", ev)
	}
}

// TestSnapshotJobLifecycle walks a job through its states; each step's
// outcome depends on the ones before.
func TestSnapshotJobLifecycle(t *testing.T) {
	f := newSnapFix(t)
	job := f.job(p1, "OpportunitySummaryView")
	status := func() string {
		return f.must(p1, "GetResourceSnapshotJob", f.jobReq(job)).Str("Status")
	}
	dup := func() cosell.Object {
		r := f.key("OpportunitySummaryView")
		r.Set("ClientToken", f.token())
		return r
	}
	tests := []struct {
		name       string
		caller, op string
		req        func() cosell.Object
		wantCode   string
		wantStatus string // after the step, "" for deleted
	}{
		{name: "created Stopped", caller: p1, op: "GetResourceSnapshotJob", req: func() cosell.Object { return f.jobReq(job) }, wantStatus: "Stopped"},
		{name: "duplicate job for the same key", caller: p1, op: "CreateResourceSnapshotJob", req: dup, wantCode: cosell.ConflictError, wantStatus: "Stopped"},
		{name: "stop a Stopped job", caller: p1, op: "StopResourceSnapshotJob", req: func() cosell.Object { return f.jobReq(job) }, wantCode: cosell.ValidationError, wantStatus: "Stopped"},
		{name: "another account cannot see it", caller: p2, op: "GetResourceSnapshotJob", req: func() cosell.Object { return f.jobReq(job) }, wantCode: cosell.NotFoundError, wantStatus: "Stopped"},
		{name: "another account cannot start it", caller: p2, op: "StartResourceSnapshotJob", req: func() cosell.Object { return f.jobReq(job) }, wantCode: cosell.NotFoundError, wantStatus: "Stopped"},
		{name: "start", caller: p1, op: "StartResourceSnapshotJob", req: func() cosell.Object { return f.jobReq(job) }, wantStatus: "Running"},
		{name: "start a Running job", caller: p1, op: "StartResourceSnapshotJob", req: func() cosell.Object { return f.jobReq(job) }, wantCode: cosell.ValidationError, wantStatus: "Running"},
		{name: "delete a Running job", caller: p1, op: "DeleteResourceSnapshotJob", req: func() cosell.Object { return f.jobReq(job) }, wantCode: cosell.ConflictError, wantStatus: "Running"},
		{name: "another account cannot delete it", caller: p2, op: "DeleteResourceSnapshotJob", req: func() cosell.Object { return f.jobReq(job) }, wantCode: cosell.NotFoundError, wantStatus: "Running"},
		{name: "stop", caller: p1, op: "StopResourceSnapshotJob", req: func() cosell.Object { return f.jobReq(job) }, wantStatus: "Stopped"},
		{name: "delete", caller: p1, op: "DeleteResourceSnapshotJob", req: func() cosell.Object { return f.jobReq(job) }},
		{name: "deleted job is gone", caller: p1, op: "StopResourceSnapshotJob", req: func() cosell.Object { return f.jobReq(job) }, wantCode: cosell.NotFoundError},
		{name: "unknown job", caller: p1, op: "StartResourceSnapshotJob", req: func() cosell.Object { return f.jobReq("job-0000000000000") }, wantCode: cosell.NotFoundError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := f.do(tt.caller, tt.op, tt.req()); codeOf(err) != tt.wantCode {
				t.Fatalf("error %v, want %q", err, tt.wantCode)
			}
			if tt.wantStatus == "" {
				if _, err := f.do(p1, "GetResourceSnapshotJob", f.jobReq(job)); codeOf(err) != cosell.NotFoundError {
					t.Errorf("deleted job: %v", err)
				}
				return
			}
			if got := status(); got != tt.wantStatus {
				t.Errorf("status %s, want %s", got, tt.wantStatus)
			}
		})
	}
}

func TestCreateResourceSnapshotJob(t *testing.T) {
	tests := []struct {
		name     string
		caller   string
		edit     func(f *snapFix, req *cosell.Object)
		wantCode string
	}{
		{name: "owner and member", caller: p1},
		{name: "unknown template", caller: p1, wantCode: cosell.ValidationError,
			edit: func(_ *snapFix, req *cosell.Object) { req.Set("ResourceSnapshotTemplateIdentifier", "Whatever") }},
		{name: "non-member", caller: p3, wantCode: cosell.NotFoundError},
		{name: "member that does not own the opportunity", caller: p2, wantCode: cosell.AccessDeniedError,
			edit: func(f *snapFix, _ *cosell.Object) { f.snapshot(p1, "OpportunitySummaryView") }},
		{name: "opportunity linked to another engagement", caller: p1, wantCode: cosell.ValidationError,
			edit: func(f *snapFix, req *cosell.Object) {
				req.Set("EngagementIdentifier", f.engagement(p1))
				f.snapshot(p1, "Opportunity")
			}},
		{name: "duplicate tag keys", caller: p1, wantCode: cosell.ValidationError,
			edit: func(_ *snapFix, req *cosell.Object) { req.Set("Tags", tagList("k", "1", "k", "2")) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSnapFix(t)
			req := f.key("OpportunitySummaryView")
			req.Set("ClientToken", "job-token")
			if tt.edit != nil {
				tt.edit(f, &req)
			}
			out, err := f.do(tt.caller, "CreateResourceSnapshotJob", req)
			if codeOf(err) != tt.wantCode {
				t.Fatalf("error %v, want %q", err, tt.wantCode)
			}
			list := f.must(tt.caller, "ListResourceSnapshotJobs", cosell.Object{{"Catalog", "Sandbox"}})
			if tt.wantCode != "" {
				if n := len(list.List("ResourceSnapshotJobSummaries")); n != 0 {
					t.Errorf("a refused request created %d jobs", n)
				}
				return
			}
			id := out.Str("Id")
			if !strings.HasPrefix(id, "job-") || len(id) != 17 || out.Str("Arn") != "arn:aws:partnercentral:us-east-1:"+p1+":catalog/Sandbox/resource-snapshot-job/"+id {
				t.Errorf("answer %v", out)
			}
			again := f.must(tt.caller, "CreateResourceSnapshotJob", req)
			if d := diff(out, again); d != "" {
				t.Errorf("retry with the same token: %s", d)
			}
			other := cosell.Clone(req).(cosell.Object)
			other.Set("ResourceSnapshotTemplateIdentifier", "Opportunity")
			if _, err := f.do(tt.caller, "CreateResourceSnapshotJob", other); codeOf(err) != cosell.ConflictError {
				t.Errorf("token reused for another body: %v", err)
			}
			got := f.must(p1, "GetResourceSnapshotJob", f.jobReq(id))
			want := cosell.Object{
				{"Arn", out.Str("Arn")}, {"Catalog", "Sandbox"}, {"CreatedAt", got.Get("CreatedAt")}, {"EngagementId", f.eng},
				{"Id", id}, {"LastFailure", nil}, {"LastSuccessfulExecutionDate", nil},
				{"ResourceArn", "arn:aws:partnercentral:us-east-1:" + p1 + ":catalog/Sandbox/opportunity/" + f.opp},
				{"ResourceId", f.opp}, {"ResourceSnapshotTemplateName", "OpportunitySummaryView"}, {"ResourceType", "Opportunity"},
				{"Status", "Stopped"},
			}
			if d := diff(want, got); d != "" || got.Str("CreatedAt") == "" {
				t.Errorf("GetResourceSnapshotJob: %s", d)
			}
		})
	}
}

// TestSnapshotJobRuns: a Running job adds a revision when a field of its
// template changes, and only then; without a role it records LastFailure.
func TestSnapshotJobRuns(t *testing.T) {
	f := newSnapFix(t)
	job := f.job(p1, "OpportunitySummaryView")
	get := func() cosell.Object { return f.must(p1, "GetResourceSnapshotJob", f.jobReq(job)) }
	f.must(p1, "StartResourceSnapshotJob", f.jobReq(job))
	steps := []struct {
		name        string
		do          func()
		want        []string
		wantFailure bool
		wantEvents  int
	}{
		{name: "started without a role: failure, no revision", do: func() {}, want: []string{}, wantFailure: true},
		{name: "a change without a role: still failing", do: func() {
			f.change(p1, func(req cosell.Object) { set(req, []string{"LifeCycle", "NextSteps"}, "Call the customer") })
		}, want: []string{}, wantFailure: true},
		{name: "role set: the next change takes revision 1", do: func() {
			f.role(p1)
			f.change(p1, func(req cosell.Object) { set(req, []string{"LifeCycle", "NextSteps"}, "Send the proposal") })
		}, want: []string{"OpportunitySummaryView/1"}, wantEvents: 2},
		{name: "a field off the template adds none", do: func() {
			f.change(p1, func(req cosell.Object) { set(req, []string{"Project", "AdditionalComments"}, "Off the view") })
		}, want: []string{"OpportunitySummaryView/1"}},
		{name: "a field on the template adds one", do: func() {
			f.change(p1, func(req cosell.Object) { set(req, []string{"LifeCycle", "TargetCloseDate"}, "2030-07-31") })
		}, want: []string{"OpportunitySummaryView/1", "OpportunitySummaryView/2"}, wantEvents: 2},
		{name: "associating a solution adds one", do: func() {
			f.must(p1, "AssociateOpportunity", cosell.Object{{"Catalog", "Sandbox"}, {"OpportunityIdentifier", f.opp},
				{"RelatedEntityType", "Solutions"}, {"RelatedEntityIdentifier", "S-2"}})
		}, want: []string{"OpportunitySummaryView/1", "OpportunitySummaryView/2", "OpportunitySummaryView/3"}, wantEvents: 2},
		{name: "stop, start again without a change adds none", do: func() {
			f.must(p1, "StopResourceSnapshotJob", f.jobReq(job))
			f.must(p1, "StartResourceSnapshotJob", f.jobReq(job))
		}, want: []string{"OpportunitySummaryView/1", "OpportunitySummaryView/2", "OpportunitySummaryView/3"}},
		{name: "stopped: a change adds none", do: func() {
			f.must(p1, "StopResourceSnapshotJob", f.jobReq(job))
			f.change(p1, func(req cosell.Object) { set(req, []string{"LifeCycle", "NextSteps"}, "While stopped") })
		}, want: []string{"OpportunitySummaryView/1", "OpportunitySummaryView/2", "OpportunitySummaryView/3"}},
		{name: "started after a change: the start catches up", do: func() {
			f.must(p1, "StartResourceSnapshotJob", f.jobReq(job))
		}, want: []string{"OpportunitySummaryView/1", "OpportunitySummaryView/2", "OpportunitySummaryView/3", "OpportunitySummaryView/4"}, wantEvents: 2},
	}
	var rev1 cosell.Object
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			f.events.snapshotEvents()
			st.do()
			if d := diff(st.want, f.revisions()); d != "" {
				t.Errorf("revisions: %s", d)
			}
			j := get()
			if failing := j.Get("LastFailure") != nil; failing != st.wantFailure {
				t.Errorf("LastFailure %v, want failing %v", j.Get("LastFailure"), st.wantFailure)
			}
			if len(st.want) > 0 && j.Get("LastSuccessfulExecutionDate") == nil {
				t.Errorf("no LastSuccessfulExecutionDate after a revision")
			}
			if n := len(f.events.snapshotEvents()); n != st.wantEvents {
				t.Errorf("%d snapshot events, want %d", n, st.wantEvents)
			}
			r := f.key("OpportunitySummaryView")
			r.Set("Revision", cosell.Number("1"))
			if got, err := f.do(p1, "GetResourceSnapshot", r); err == nil {
				if rev1 == nil {
					rev1 = got
				} else if d := diff(rev1, got); d != "" {
					t.Errorf("revision 1 changed: %s", d)
				}
			}
		})
	}
	if got := f.must(p1, "GetResourceSnapshot", f.key("OpportunitySummaryView")); got.Str("Payload", "OpportunitySummary", "Lifecycle", "NextSteps") != "While stopped" {
		t.Errorf("latest revision: %v", got.Get("Payload"))
	}
}

// TestRunningJobTakesFirstRevision: a job that starts Running takes its
// first revision right away when its owner has a role.
func TestRunningJobTakesFirstRevision(t *testing.T) {
	tests := []struct {
		name        string
		role        bool
		want        []string
		wantFailure bool
	}{
		{name: "with a role", role: true, want: []string{"OpportunitySummaryView/1"}},
		{name: "without a role", want: []string{}, wantFailure: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSnapFix(t)
			if tt.role {
				f.role(p1)
			}
			job := f.job(p1, "OpportunitySummaryView")
			f.must(p1, "StartResourceSnapshotJob", f.jobReq(job))
			if d := diff(tt.want, f.revisions()); d != "" {
				t.Errorf("revisions: %s", d)
			}
			if failing := f.must(p1, "GetResourceSnapshotJob", f.jobReq(job)).Get("LastFailure") != nil; failing != tt.wantFailure {
				t.Errorf("failing %v, want %v", failing, tt.wantFailure)
			}
		})
	}
}

// TestCreateJobRunning: the tasks' createJob(running=true) takes the first
// revision before its transaction's caller gets the answer (with a role),
// and its tags are the job's.
func TestCreateJobRunning(t *testing.T) {
	tests := []struct {
		name        string
		role        bool
		want        []string
		wantFailure bool
		wantEvents  int
	}{
		{name: "with a role", role: true, want: []string{"OpportunitySummaryView/1"}, wantEvents: 2},
		{name: "without a role", want: []string{}, wantFailure: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSnapFix(t)
			if tt.role {
				f.role(p1)
			}
			id, err := f.svc.CreateJobForTest(as(p1), "Sandbox", f.eng, f.opp, "OpportunitySummaryView", p1, true, tagList("k", "v"))
			if err != nil {
				t.Fatal(err)
			}
			if d := diff(tt.want, f.revisions()); d != "" {
				t.Errorf("revisions: %s", d)
			}
			j := f.must(p1, "GetResourceSnapshotJob", f.jobReq(id))
			if j.Str("Status") != "Running" || (j.Get("LastFailure") != nil) != tt.wantFailure {
				t.Errorf("job %v", j)
			}
			if n := len(f.events.snapshotEvents()); n != tt.wantEvents {
				t.Errorf("%d events, want %d", n, tt.wantEvents)
			}
			tags := f.must(p1, "ListTagsForResource", cosell.Object{{"ResourceArn", j.Str("Arn")}})
			if d := diff(tagList("k", "v"), tags.List("Tags")); d != "" {
				t.Errorf("tags: %s", d)
			}
		})
	}
}

func TestSnapshotListsPaging(t *testing.T) {
	f := newSnapFix(t)
	f.role(p1)
	for range 3 {
		if _, err := f.snapshot(p1, "OpportunitySummaryView"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.snapshot(p1, "AwsOpportunitySummaryFullView"); err != nil {
		t.Fatal(err)
	}
	j1 := f.job(p1, "OpportunitySummaryView")
	j2 := f.job(p1, "Opportunity")
	j3 := f.job(p1, "AwsOpportunitySummaryFullView")
	f.must(p1, "StartResourceSnapshotJob", f.jobReq(j2))
	// p2's own opportunity in the same engagement.
	f.ctx = as(p2)
	o2 := f.create("Sandbox", nil).Str("Id")
	f.ctx = as(p1)
	r := f.key("OpportunitySummaryView")
	r.Set("ResourceIdentifier", o2)
	r.Set("ClientToken", f.token())
	f.must(p2, "CreateResourceSnapshot", r)

	pages := func(caller, op, member string, req cosell.Object, field string) []string {
		t.Helper()
		var got []string
		for page := 0; ; page++ {
			req.Set("MaxResults", cosell.Number("1"))
			out := f.must(caller, op, req)
			items := out.List(member)
			if len(items) > 1 {
				t.Fatalf("%s page %d has %d items", op, page, len(items))
			}
			for _, it := range items {
				it := it.(cosell.Object)
				var parts []string
				for _, fl := range strings.Split(field, ",") {
					parts = append(parts, fmt.Sprint(it.Get(fl)))
				}
				got = append(got, strings.Join(parts, "/"))
			}
			next, _ := out.Get("NextToken").(string)
			if next == "" {
				return got
			}
			req.Set("NextToken", next)
			if page > 20 {
				t.Fatal("no end")
			}
		}
	}
	sandbox := func(kv ...any) cosell.Object {
		o := cosell.Object{{"Catalog", "Sandbox"}}
		for i := 0; i+1 < len(kv); i += 2 {
			o = append(o, cosell.Field{Name: kv[i].(string), Value: kv[i+1]})
		}
		return o
	}
	tests := []struct {
		name, caller, op, member, fields string
		req                              cosell.Object
		want                             []string
	}{
		{name: "snapshots, owner", caller: p1, op: "ListResourceSnapshots", member: "ResourceSnapshotSummaries", fields: "ResourceId,ResourceSnapshotTemplateName,Revision",
			req:  sandbox("EngagementIdentifier", f.eng),
			want: []string{f.opp + "/AwsOpportunitySummaryFullView/1", f.opp + "/Opportunity/1", f.opp + "/OpportunitySummaryView/1", f.opp + "/OpportunitySummaryView/2", f.opp + "/OpportunitySummaryView/3", o2 + "/OpportunitySummaryView/1"}},
		{name: "snapshots, other member: no AWS full view", caller: p2, op: "ListResourceSnapshots", member: "ResourceSnapshotSummaries", fields: "ResourceId,ResourceSnapshotTemplateName,Revision",
			req:  sandbox("EngagementIdentifier", f.eng, "ResourceIdentifier", f.opp),
			want: []string{f.opp + "/Opportunity/1", f.opp + "/OpportunitySummaryView/1", f.opp + "/OpportunitySummaryView/2", f.opp + "/OpportunitySummaryView/3"}},
		{name: "snapshots by creator and template", caller: p2, op: "ListResourceSnapshots", member: "ResourceSnapshotSummaries", fields: "ResourceId,CreatedBy",
			req:  sandbox("EngagementIdentifier", f.eng, "CreatedBy", p2, "ResourceSnapshotTemplateIdentifier", "OpportunitySummaryView"),
			want: []string{o2 + "/" + p2}},
		{name: "jobs, newest first", caller: p1, op: "ListResourceSnapshotJobs", member: "ResourceSnapshotJobSummaries", fields: "Id,Status",
			req: sandbox(), want: []string{j3 + "/Stopped", j2 + "/Running", j1 + "/Stopped"}},
		{name: "jobs, oldest first, Stopped", caller: p1, op: "ListResourceSnapshotJobs", member: "ResourceSnapshotJobSummaries", fields: "Id",
			req: sandbox("Status", "Stopped", "Sort", cosell.Object{{"SortBy", "CreatedDate"}, {"SortOrder", "ASCENDING"}}), want: []string{j1, j3}},
		{name: "jobs of another account", caller: p2, op: "ListResourceSnapshotJobs", member: "ResourceSnapshotJobSummaries", fields: "Id",
			req: sandbox(), want: nil},
		{name: "associations, p1", caller: p1, op: "ListEngagementResourceAssociations", member: "EngagementResourceAssociationSummaries", fields: "EngagementId,ResourceId,CreatedBy",
			req: sandbox(), want: sortedPair(f.eng+"/"+f.opp+"/"+p1, f.eng+"/"+o2+"/"+p2)},
		{name: "associations by resource", caller: p2, op: "ListEngagementResourceAssociations", member: "EngagementResourceAssociationSummaries", fields: "ResourceId,ResourceType",
			req: sandbox("ResourceIdentifier", f.opp), want: []string{f.opp + "/Opportunity"}},
		{name: "associations, non-member", caller: p3, op: "ListEngagementResourceAssociations", member: "EngagementResourceAssociationSummaries", fields: "ResourceId",
			req: sandbox(), want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := diff(tt.want, pages(tt.caller, tt.op, tt.member, tt.req, tt.fields)); d != "" {
				t.Errorf("%s", d)
			}
		})
	}
	if _, err := f.do(p3, "ListResourceSnapshots", sandbox("EngagementIdentifier", f.eng)); codeOf(err) != cosell.NotFoundError {
		t.Errorf("non-member lists snapshots: %v", err)
	}
}

func sortedPair(a, b string) []string {
	if b < a {
		return []string{b, a}
	}
	return []string{a, b}
}

// TestAssociationsNeedOwnSnapshot: a member that has taken no snapshot in
// an engagement lists none of its associations (the model's "where the
// caller is a member and has at least one snapshot in the engagement").
func TestAssociationsNeedOwnSnapshot(t *testing.T) {
	tests := []struct {
		name   string
		caller string
		want   int
	}{
		{name: "creator of the snapshot", caller: p1, want: 1},
		{name: "member without a snapshot", caller: p2},
		{name: "non-member", caller: p3},
	}
	f := newSnapFix(t)
	if _, err := f.snapshot(p1, "OpportunitySummaryView"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := f.must(tt.caller, "ListEngagementResourceAssociations", cosell.Object{{"Catalog", "Sandbox"}})
			if n := len(out.List("EngagementResourceAssociationSummaries")); n != tt.want {
				t.Errorf("%d associations, want %d", n, tt.want)
			}
		})
	}
}

func TestSnapshotJobTags(t *testing.T) {
	f := newSnapFix(t)
	req := f.key("OpportunitySummaryView")
	req.Set("ClientToken", f.token())
	req.Set("Tags", tagList("team", "east"))
	out := f.must(p1, "CreateResourceSnapshotJob", req)
	arn := out.Str("Arn")
	unknown := "arn:aws:partnercentral:us-east-1:" + p1 + ":catalog/Sandbox/resource-snapshot-job/job-0000000000000"
	p2arn := strings.Replace(arn, ":"+p1+":", ":"+p2+":", 1)
	tests := []struct {
		name, caller, op string
		req              cosell.Object
		wantCode         string
		want             []any // the owner's tags afterwards
	}{
		{name: "created with tags", caller: p1, op: "ListTagsForResource", req: cosell.Object{{"ResourceArn", arn}}, want: tagList("team", "east")},
		{name: "tag", caller: p1, op: "TagResource", req: cosell.Object{{"ResourceArn", arn}, {"Tags", tagList("team", "west", "tier", "1")}}, want: tagList("team", "west", "tier", "1")},
		{name: "untag", caller: p1, op: "UntagResource", req: cosell.Object{{"ResourceArn", arn}, {"TagKeys", []any{"tier", "missing"}}}, want: tagList("team", "west")},
		{name: "another account's ARN of the job", caller: p2, op: "TagResource", req: cosell.Object{{"ResourceArn", arn}, {"Tags", tagList("x", "y")}}, wantCode: cosell.NotFoundError, want: tagList("team", "west")},
		{name: "the job under another account", caller: p2, op: "ListTagsForResource", req: cosell.Object{{"ResourceArn", p2arn}}, wantCode: cosell.NotFoundError, want: tagList("team", "west")},
		{name: "unknown job", caller: p1, op: "TagResource", req: cosell.Object{{"ResourceArn", unknown}, {"Tags", tagList("x", "y")}}, wantCode: cosell.NotFoundError, want: tagList("team", "west")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := f.do(tt.caller, tt.op, tt.req); codeOf(err) != tt.wantCode {
				t.Fatalf("error %v, want %q", err, tt.wantCode)
			}
			got := f.must(p1, "ListTagsForResource", cosell.Object{{"ResourceArn", arn}})
			if d := diff(tt.want, got.List("Tags")); d != "" {
				t.Errorf("tags: %s", d)
			}
		})
	}
	// Tags of a deleted job go with it.
	f.must(p1, "DeleteResourceSnapshotJob", f.jobReq(out.Str("Id")))
	if _, err := f.do(p1, "ListTagsForResource", cosell.Object{{"ResourceArn", arn}}); codeOf(err) != cosell.NotFoundError {
		t.Errorf("deleted job's tags: %v", err)
	}
}

// CreateResourceSnapshot on a lead engagement adds a CustomerProject
// context made from the opportunity [UG-leads], once; an engagement that
// has one already, or no Lead context, keeps its contexts; one already at
// five contexts refuses the snapshot and nothing is written.
func TestSnapshotOnLeadEngagementAddsCustomerProject(t *testing.T) {
	lead := cosell.Object{{"Type", "Lead"}, {"Payload", leadContext()}}
	tests := []struct {
		name      string
		contexts  []any // the engagement's contexts at creation (nil: none)
		snapshots int
		wantTypes []any
		wantErr   string
	}{
		{name: "lead engagement", contexts: []any{lead}, snapshots: 2, wantTypes: []any{"Lead", "CustomerProject"}},
		{name: "no context", snapshots: 1, wantTypes: []any{}},
		{name: "lead engagement at five contexts", contexts: []any{lead, lead, lead, lead, lead}, snapshots: 1,
			wantTypes: []any{"Lead"}, wantErr: string(cosell.QuotaExceededError)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSnapFix(t)
			req := cosell.Object{{"Catalog", "Sandbox"}, {"ClientToken", f.token()}, {"Title", "Lead Corp"}, {"Description", "A lead"}}
			if tt.contexts != nil {
				req.Set("Contexts", tt.contexts)
			}
			f.eng = f.must(p1, "CreateEngagement", req).Str("Id")
			before := f.must(p1, "GetEngagement", cosell.Object{{"Catalog", "Sandbox"}, {"Identifier", f.eng}})
			drainOutbox(t, f.store)
			for range tt.snapshots {
				_, err := f.snapshot(p1, cosell.TemplateSummaryView)
				if tt.wantErr != "" {
					if code := codeOf(err); code != tt.wantErr {
						t.Fatalf("snapshot: %v, want %s", err, tt.wantErr)
					}
					if got := f.revisions(); len(got) != 0 {
						t.Errorf("revisions after a refused snapshot: %v, want none", got)
					}
					continue
				}
				if err != nil {
					t.Fatalf("snapshot: %v", err)
				}
			}
			eng := f.must(p1, "GetEngagement", cosell.Object{{"Catalog", "Sandbox"}, {"Identifier", f.eng}})
			var types []any = []any{}
			for _, c := range eng.List("Contexts") {
				if typ := c.(cosell.Object).Str("Type"); !contains(types, typ) {
					types = append(types, typ)
				}
			}
			if diff := cmp.Diff(tt.wantTypes, types); diff != "" {
				t.Errorf("context types (-want +got):\n%s", diff)
			}
			added := len(eng.List("Contexts")) - len(before.List("Contexts"))
			updated := 0
			for _, e := range drainOutbox(t, f.store) {
				if e.DetailType == cosell.EventEngagementUpdated {
					updated++
				}
			}
			if added == 0 {
				if eng.Str("ModifiedAt") != before.Str("ModifiedAt") || updated != 0 {
					t.Errorf("engagement without a new context: ModifiedAt %s -> %s, %d Engagement Updated events; want unchanged, none",
						before.Str("ModifiedAt"), eng.Str("ModifiedAt"), updated)
				}
				return
			}
			if added != 1 || updated != 1 {
				t.Fatalf("%d contexts added, %d Engagement Updated events; want 1 and 1", added, updated)
			}
			project := eng.List("Contexts")[len(eng.List("Contexts"))-1].(cosell.Object)
			opp := f.get("Sandbox", f.opp)
			got := cosell.Object{{"Id", project.Str("Id")}, {"Company", project.Str("Payload", "CustomerProject", "Customer", "CompanyName")},
				{"Title", project.Str("Payload", "CustomerProject", "Project", "Title")}}
			want := cosell.Object{{"Id", "2"}, {"Company", opp.Str("Customer", "Account", "CompanyName")}, {"Title", opp.Str("Project", "Title")}}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("the CustomerProject context (-want +got):\n%s", diff)
			}
		})
	}
}

func contains(list []any, v any) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
