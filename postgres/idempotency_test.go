//go:build postgres

package postgres_test

import (
	"context"
	"errors"

	"sync"
	"testing"
	"time"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp"
)

// Accounts of the idempotency tests: A (the servers' configured account)
// is connected to B.
const (
	acctA = "111111111111"
	acctB = "222222222222"
)

// partners is the directory both servers share.
type partners struct{}

func (partners) Partner(id string) (cosell.Partner, bool) {
	if id != acctA && id != acctB {
		return cosell.Partner{}, false
	}
	return cosell.Partner{AccountID: id, CompanyName: "Partner " + id, WebsiteURL: "https://" + id + ".example.com"}, true
}

func (partners) Connected(a, b string) bool {
	return a != b && (a == acctA || a == acctB) && (b == acctA || b == acctB)
}

// sharedServers is two services over two Stores on one fresh schema, with the
// same configured account and partner directory: two processes sharing one
// PostgreSQL.
func sharedServers(t *testing.T) []cosell.Service {
	schema := freshSchema(t)
	cfg := cosell.ServiceConfig{AccountID: acctA, Partners: partners{}}
	return []cosell.Service{cosell.NewService(openSchema(t, schema), cfg), cosell.NewService(openSchema(t, schema), cfg)}
}

func asA() context.Context {
	return cosell.WithCaller(context.Background(), cosell.Caller{AccountID: acctA, AccessKeyID: "AKIA" + acctA})
}

// call runs op on svc as A, as the HTTP server does. A ThrottlingException
// (an item transaction that kept losing its race, which wrote nothing) is
// retried as every SDK retries it; the count of such retries is returned.
func call(svc cosell.Service, op string, req cosell.Object) (cosell.Object, int, error) {
	for throttled := 0; ; throttled++ {
		out, err := cosell.OperationNamed(op).Call(svc, asA(), cosell.Clone(req).(cosell.Object))
		if cosell.ErrorCodeOf(err) != cosell.ThrottlingError || throttled == 20 {
			return out, throttled, err
		}
		time.Sleep(time.Duration(throttled+1) * 5 * time.Millisecond)
	}
}

func must(t *testing.T, svc cosell.Service, op string, req cosell.Object) cosell.Object {
	t.Helper()
	out, _, err := call(svc, op, req)
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	return out
}

func sandbox(fields ...cosell.Field) cosell.Object {
	return append(cosell.Object{{Name: "Catalog", Value: "Sandbox"}}, fields...)
}

func f(name string, v any) cosell.Field { return cosell.Field{Name: name, Value: v} }

// Issue 7: the same ClientToken with the same body gives the same answer,
// and a different body ConflictException, across servers sharing one
// PostgreSQL. Racers split over both servers send one request at once;
// every answer must be the first one's and the change must be stored
// once.
func TestIdempotencyAcrossServers(t *testing.T) {
	const racers = 8
	for _, tc := range []struct {
		name string
		// setup prepares what the request needs, on server 0.
		setup func(t *testing.T, svcs []cosell.Service) (op string, req, other cosell.Object)
		// stored checks that the change was made once.
		stored func(t *testing.T, svc cosell.Service, answer cosell.Object)
	}{
		{
			name: "CreateEngagement",
			setup: func(t *testing.T, _ []cosell.Service) (string, cosell.Object, cosell.Object) {
				req := sandbox(f("ClientToken", "eng-token"), f("Title", "Race Corp"), f("Description", "One engagement"))
				other := sandbox(f("ClientToken", "eng-token"), f("Title", "Race Corp"), f("Description", "Another engagement"))
				return "CreateEngagement", req, other
			},
			stored: func(t *testing.T, svc cosell.Service, answer cosell.Object) {
				list := must(t, svc, "ListEngagements", sandbox()).List("EngagementSummaryList")
				if len(list) != 1 || list[0].(cosell.Object).Str("Id") != answer.Str("Id") {
					t.Errorf("engagements = %v, want only %s", list, answer.Str("Id"))
				}
			},
		},
		{
			name: "CreateEngagementInvitation",
			setup: func(t *testing.T, svcs []cosell.Service) (string, cosell.Object, cosell.Object) {
				eng := must(t, svcs[0], "CreateEngagement", sandbox(f("ClientToken", "e"), f("Title", "Lead"), f("Description", "d"))).Str("Id")
				invitation := func(message string) cosell.Object {
					return sandbox(f("ClientToken", "inv-token"), f("EngagementIdentifier", eng),
						f("Invitation", cosell.Object{f("Message", message), f("Receiver", cosell.Object{f("Account", cosell.Object{f("AwsAccountId", acctB)})}),
							f("Payload", cosell.Object{f("LeadInvitation", cosell.Object{
								f("Customer", cosell.Object{f("CompanyName", "Lead Corp"), f("CountryCode", "US")}),
								f("Interaction", cosell.Object{f("SourceType", "Website"), f("SourceId", "form-1"), f("SourceName", "Contact us"), f("ContactBusinessTitle", "CIO")}),
							})})}))
				}
				return "CreateEngagementInvitation", invitation("Please help"), invitation("Please help us")
			},
			stored: func(t *testing.T, svc cosell.Service, answer cosell.Object) {
				list := must(t, svc, "ListEngagementInvitations", sandbox(f("ParticipantType", "SENDER"))).List("EngagementInvitationSummaries")
				if len(list) != 1 || list[0].(cosell.Object).Str("Id") != answer.Str("Id") {
					t.Errorf("invitations = %v, want only %s", list, answer.Str("Id"))
				}
			},
		},
		{
			name: "StartEngagementFromOpportunityTask",
			setup: func(t *testing.T, svcs []cosell.Service) (string, cosell.Object, cosell.Object) {
				create := createRequest(t, "opp")
				create.Set("Catalog", "Sandbox")
				opp := must(t, svcs[0], "CreateOpportunity", create).Str("Id")
				must(t, svcs[0], "AssociateOpportunity", sandbox(f("OpportunityIdentifier", opp),
					f("RelatedEntityType", "Solutions"), f("RelatedEntityIdentifier", "S-1234567")))
				task := func(visibility string) cosell.Object {
					return sandbox(f("ClientToken", "task-token"), f("Identifier", opp),
						f("AwsSubmission", cosell.Object{f("InvolvementType", "Co-Sell"), f("Visibility", visibility)}))
				}
				return "StartEngagementFromOpportunityTask", task("Full"), task("Limited")
			},
			stored: func(t *testing.T, svc cosell.Service, answer cosell.Object) {
				if answer.Str("TaskStatus") != "COMPLETE" {
					t.Errorf("task = %v, want COMPLETE", answer)
				}
				engs := must(t, svc, "ListEngagements", sandbox()).List("EngagementSummaryList")
				if len(engs) != 1 || engs[0].(cosell.Object).Str("Id") != answer.Str("EngagementId") {
					t.Errorf("engagements = %v, want only the task's %s", engs, answer.Str("EngagementId"))
				}
				// One submission: one invitation to AWS, one snapshot
				// revision, one job, one task, and the opportunity Submitted.
				invs := must(t, svc, "ListEngagementInvitations", sandbox(f("ParticipantType", "SENDER"))).List("EngagementInvitationSummaries")
				if len(invs) != 1 {
					t.Errorf("invitations = %v, want the one to AWS", invs)
				}
				snaps := must(t, svc, "ListResourceSnapshots", sandbox(f("EngagementIdentifier", answer.Str("EngagementId")))).List("ResourceSnapshotSummaries")
				if len(snaps) != 1 {
					t.Errorf("snapshots = %v, want revision 1 only", snaps)
				}
				jobs := must(t, svc, "ListResourceSnapshotJobs", sandbox()).List("ResourceSnapshotJobSummaries")
				if len(jobs) != 1 {
					t.Errorf("jobs = %v, want one", jobs)
				}
				tasks := must(t, svc, "ListEngagementFromOpportunityTasks", sandbox()).List("TaskSummaries")
				if len(tasks) != 1 {
					t.Errorf("tasks = %v, want one", tasks)
				}
				opp := must(t, svc, "GetOpportunity", sandbox(f("Identifier", answer.Str("OpportunityId"))))
				if got := opp.Str("LifeCycle", "ReviewStatus"); got != "Submitted" {
					t.Errorf("ReviewStatus = %q, want Submitted", got)
				}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svcs := sharedServers(t)
			op, req, other := tc.setup(t, svcs)
			answers := make([]cosell.Object, racers)
			errs := make([]error, racers)
			retries := make([]int, racers)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range racers {
				wg.Go(func() {
					<-start
					answers[i], retries[i], errs[i] = call(svcs[i%2], op, req)
				})
			}
			close(start)
			wg.Wait()
			total := 0
			for i := range racers {
				total += retries[i]
				if errs[i] != nil {
					t.Fatalf("racer %d on server %d: %v", i, i%2, errs[i])
				}
			}
			t.Logf("%d racers, %d throttled retries", racers, total)
			for i := 1; i < racers; i++ {
				if d := cmp.Diff(answers[0], answers[i]); d != "" {
					t.Errorf("racer %d on server %d answered differently from racer 0 (-0 +%d):\n%s", i, i%2, i, d)
				}
			}
			// After the race, a replay on either server is the same answer.
			for n, svc := range svcs {
				if d := cmp.Diff(answers[0], must(t, svc, op, req)); d != "" {
					t.Errorf("replay on server %d (-race +replay):\n%s", n, d)
				}
			}
			tc.stored(t, svcs[1], answers[0])
			for n, svc := range svcs {
				_, _, err := call(svc, op, other)
				var e *cosell.Error
				if !errors.As(err, &e) || e.Code != cosell.ConflictError {
					t.Errorf("another body on server %d: %v, want %s", n, err, cosell.ConflictError)
				}
			}
			tc.stored(t, svcs[0], answers[0])
		})
	}
}
