package cosell

import (
	"context"
	"errors"
	"time"
)

// Tasks (fact sheet §6) are the service's multi-step operations. Each
// Start*Task answers with the task, which on AWS and in the real Sandbox
// comes back already COMPLETE with its result ids [S-lead, S-pm]; cosell
// completes every task within its request too. Checks that need nothing but
// the request and the caller's rights (an invitation or engagement the
// caller cannot see, an invitation no longer PENDING) raise errors and
// leave no task; a step that fails later leaves a FAILED task with the
// model's ReasonCode and a Message [inferred from the names].
//
// A task is a resumable saga: it is stored IN_PROGRESS under its
// ClientToken before its first step, every step is idempotent (an
// opportunity a task creates carries the task's own ClientToken; each item
// step checks what is already there), and the last step marks it COMPLETE.
// The same ClientToken and body "check the latest status" [UG-aws]: a
// COMPLETE or FAILED task is returned as it is, an IN_PROGRESS one (a server
// stopped mid-task) is resumed. So a crash between steps loses nothing and
// creates nothing twice. A FAILED task stays under its token; a retry needs a
// new token [inferred].
//
// One runner at a time: the request that creates or resumes a task leases
// it (Task.Lease, taskLease ahead on the wall clock) in the same item
// transaction that finds its token, so of requests racing with one token,
// on one server or several sharing a store, exactly one runs the steps; the
// others wait until the task leaves IN_PROGRESS (or the lease lapses: its
// runner died) and answer the task as it then is. Two runners would each
// pass the steps' "already done?" checks on their own reads and duplicate
// a step (a second snapshot and job, a task overwritten without its
// invitation).

// Task statuses [model].
const (
	TaskInProgress = "IN_PROGRESS"
	TaskComplete   = "COMPLETE"
	TaskFailed     = "FAILED"
)

// The kinds of task, as their ARNs name them [S-pm].
const (
	TaskAcceptInvitation      = "engagement-by-accepting-invitation-task"
	TaskEngagementFromOpp     = "engagement-from-opportunity-task"
	TaskOpportunityFromEngage = "opportunity-from-engagement-task"
)

// Task is one stored task (item KindTask).
type Task struct {
	Catalog    string
	ID         string
	Type       string
	Account    string // who started it; only it lists and reads it
	Status     string
	Message    string
	ReasonCode string
	StartTime  time.Time

	// What it was started on.
	Identifier  string // invitation, opportunity or engagement id
	Context     string // StartOpportunityFromEngagementTask's ContextIdentifier
	Involvement string // AwsSubmission
	Visibility  string
	Tags        []any

	// What it produced.
	OpportunityID string
	JobID         string
	EngagementID  string
	InvitationID  string
	ContextID     string

	// Lease: while IN_PROGRESS, until when the request running its steps
	// holds it (wall clock, not the service clock: it times real requests).
	Lease time.Time `json:",omitzero"`
}

// taskLease is how long a runner holds an IN_PROGRESS task: far above a
// task's steps (milliseconds), so a live runner never loses it; a request
// finding a lapsed lease resumes the task of a runner that died.
const taskLease = 30 * time.Second

// taskPoll is how often a request waiting on another's lease looks again.
const taskPoll = 10 * time.Millisecond

// TaskArn is a task's ARN (no account [S-pm]).
func TaskArn(catalog, typ, id string) string {
	return "arn:aws:partnercentral:us-east-1::catalog/" + catalog + "/" + typ + "/" + id
}

// taskFailure is a step's failure: the task ends FAILED with Reason.
type taskFailure struct {
	Reason  string
	Message string
}

func (f *taskFailure) Error() string { return f.Reason + ": " + f.Message }

func fail(reason, format string, args ...any) *taskFailure {
	return &taskFailure{Reason: reason, Message: Errorf("", format, args...).Message}
}

// reasonFor maps an error of a step to the task's ReasonCode: a
// taskFailure names its own; service errors map by their code and the
// resource the step was working on [inferred].
func reasonFor(err error, resource string) (string, string) {
	var f *taskFailure
	if errors.As(err, &f) {
		return f.Reason, f.Message
	}
	var e *Error
	if errors.As(err, &e) {
		switch e.Code {
		case AccessDeniedError, NotFoundError:
			return resource + "AccessDenied", e.Message
		case ConflictError:
			return resource + "Conflict", e.Message
		case ValidationError:
			return resource + "ValidationFailed", e.Message
		case QuotaExceededError:
			return "ServiceQuotaExceeded", e.Message
		case ThrottlingError:
			return "RequestThrottled", e.Message
		}
	}
	return "InternalError", "The task could not complete; start it again with a new ClientToken."
}

func loadTask(tx ItemTx, catalog, id string) (*Task, error) {
	var t Task
	found, err := getItem(tx, KindTask, catalog, id, &t)
	if err != nil || !found {
		return nil, err
	}
	return &t, nil
}

func putTask(tx ItemTx, t *Task) error { return putItem(tx, KindTask, t.Catalog, t.ID, t) }

// render is the task as Start*Task and List*Tasks answer it; extra names
// the result members of this kind of task.
func (t *Task) render(shape *Shape) Object {
	str := func(v string) any {
		if v == "" {
			return nil
		}
		return v
	}
	// Result ids are "only populated if TaskStatus is COMPLETE" [model];
	// the identifier the task was started on is always shown.
	result := func(v string, input bool) any {
		if t.Status != TaskComplete && !input {
			return nil
		}
		return str(v)
	}
	src := Object{
		{"TaskId", t.ID}, {"TaskArn", TaskArn(t.Catalog, t.Type, t.ID)}, {"StartTime", formatMicro(t.StartTime)},
		{"TaskStatus", t.Status}, {"Message", str(t.Message)}, {"ReasonCode", str(t.ReasonCode)},
		{"OpportunityId", result(t.OpportunityID, t.Type == TaskEngagementFromOpp)},
		{"ResourceSnapshotJobId", result(t.JobID, false)},
		{"EngagementId", result(t.EngagementID, t.Type == TaskOpportunityFromEngage)},
		{"EngagementInvitationId", result(t.InvitationID, t.Type == TaskAcceptInvitation)},
		{"ContextId", result(t.ContextID, false)},
	}
	return fillRoot(shape, src)
}

// startTask is the frame of every Start*Task. begin runs in the first
// transaction: it makes the synchronous checks (errors raise, no task) and
// fills the new task. steps runs the task's steps on the stored task and
// returns the events to publish; a failure ends the task FAILED. A known
// ClientToken returns its task (resumed when IN_PROGRESS).
func (s *OpportunityService) startTask(ctx context.Context, op string, input, output *Shape, req Object, typ string,
	begin func(tx ItemTx, t *Task) error, steps func(t *Task) (resource string, err error)) (Object, error) {
	catalog, account := req.Str("Catalog"), s.account(ctx)
	fp := requestFingerprint(input, req)
	var task *Task
	for {
		busy := false
		err := s.updateItems(ctx, func(tx ItemTx, box *outbox) error {
			busy = false
			prior, done, remember, err := idempotent(tx, op, account, catalog, req.Str("ClientToken"), fp)
			if err != nil {
				return err
			}
			if done {
				task, err = loadTask(tx, catalog, prior.Str("TaskId"))
				if err == nil && task == nil {
					err = Errorf(InternalError, "task %s of this ClientToken is missing", prior.Str("TaskId"))
				}
				if err != nil || task.Status != TaskInProgress {
					return err
				}
				if now := time.Now(); now.Before(task.Lease) {
					busy = true // another request is running it
					return nil
				}
				task.Lease = time.Now().Add(taskLease) // resume a dead runner's task
				return putTask(tx, task)
			}
			task = &Task{Catalog: catalog, ID: newID("task-", 13), Type: typ, Account: account, Status: TaskInProgress,
				StartTime: s.now().Truncate(time.Microsecond), Tags: req.List("Tags"), Lease: time.Now().Add(taskLease)}
			if err := begin(tx, task); err != nil {
				return err
			}
			if reason, msg := s.dependentActions(ctx, op, catalog); reason != "" {
				task.Status, task.ReasonCode, task.Message = TaskFailed, reason, msg
			}
			if err := putTask(tx, task); err != nil {
				return err
			}
			return remember(Object{{"TaskId", task.ID}})
		})
		if err != nil {
			return nil, err
		}
		if !busy {
			break
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(taskPoll):
		}
	}
	if task.Status == TaskInProgress {
		resource, err := steps(task)
		if err != nil {
			if ctx.Err() != nil {
				// The client left; the task stays IN_PROGRESS for a retry,
				// which need not wait for the lease.
				s.releaseTask(context.WithoutCancel(ctx), task)
				return nil, ctx.Err()
			}
			task.Status = TaskFailed
			task.ReasonCode, task.Message = reasonFor(err, resource)
			if err := s.items().UpdateItems(ctx, func(tx ItemTx) error { return putTask(tx, task) }); err != nil {
				return nil, err
			}
		}
	}
	return task.render(output), nil
}

// releaseTask gives up t's lease if it still holds it (best effort: a
// lease not released lapses after taskLease).
func (s *OpportunityService) releaseTask(ctx context.Context, t *Task) {
	_ = s.items().UpdateItems(ctx, func(tx ItemTx) error {
		cur, err := loadTask(tx, t.Catalog, t.ID)
		if err != nil || cur == nil || cur.Status != TaskInProgress || !cur.Lease.Equal(t.Lease) {
			return err
		}
		cur.Lease = time.Time{}
		return putTask(tx, cur)
	})
}

// listTasks answers a List*Tasks operation: the caller's tasks of typ,
// filtered, sorted by StartTime (default descending [inferred]).
func (s *OpportunityService) listTasks(ctx context.Context, input, summary *Shape, in Object, typ, member string, keep func(req Object, t *Task) bool) (Object, error) {
	req, err := ValidateRequest(input, in)
	if err != nil {
		return nil, err
	}
	catalog, account := req.Str("Catalog"), s.account(ctx)
	var rows []listRow
	err = s.items().ViewItems(ctx, func(tx ItemTx) error {
		all, err := scanItems[Task](tx, KindTask, catalog, "")
		if err != nil {
			return err
		}
		for _, t := range all {
			if t.Account != account || t.Type != typ || !anyOf(req.List("TaskStatus"), t.Status) ||
				!anyOfIDs(req.List("TaskIdentifier"), t.ID) || !anyOf(req.List("OpportunityIdentifier"), t.OpportunityID) ||
				!keep(req, t) {
				continue
			}
			rows = append(rows, listRow{key: formatMicro(t.StartTime), id: t.ID, out: t.render(summary)})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.pageRows(input, req, account, rows, req.Str("Sort", "SortOrder") != "ASCENDING", 1000, member)
}

// anyOfIDs is anyOf for filters that take an identifier or an ARN ending in it.
func anyOfIDs(filter []any, id string) bool {
	if len(filter) == 0 {
		return true
	}
	for _, f := range filter {
		if v, ok := f.(string); ok && (v == id || IdentifierOf(v) == id) {
			return true
		}
	}
	return false
}

// ListEngagementByAcceptingInvitationTasks lists the caller's accepting tasks.
func (s *OpportunityService) ListEngagementByAcceptingInvitationTasks(ctx context.Context, in Object) (Object, error) {
	return s.listTasks(ctx, ListEngagementByAcceptingInvitationTasksInput, shListEngagementByAcceptingInvitationTaskSummary, in,
		TaskAcceptInvitation, "TaskSummaries", func(req Object, t *Task) bool {
			return anyOfIDs(req.List("EngagementInvitationIdentifier"), t.Identifier)
		})
}

// ListEngagementFromOpportunityTasks lists the caller's submission tasks.
func (s *OpportunityService) ListEngagementFromOpportunityTasks(ctx context.Context, in Object) (Object, error) {
	return s.listTasks(ctx, ListEngagementFromOpportunityTasksInput, shListEngagementFromOpportunityTaskSummary, in,
		TaskEngagementFromOpp, "TaskSummaries", func(req Object, t *Task) bool {
			return anyOfIDs(req.List("EngagementIdentifier"), t.EngagementID)
		})
}

// ListOpportunityFromEngagementTasks lists the caller's lead-conversion tasks.
func (s *OpportunityService) ListOpportunityFromEngagementTasks(ctx context.Context, in Object) (Object, error) {
	return s.listTasks(ctx, ListOpportunityFromEngagementTasksInput, shListOpportunityFromEngagementTaskSummary, in,
		TaskOpportunityFromEngage, "TaskSummaries", func(req Object, t *Task) bool {
			return anyOfIDs(req.List("EngagementIdentifier"), t.EngagementID) && anyOf(req.List("ContextIdentifier"), t.ContextID)
		})
}

// taskJob is the Running job a task leaves on its opportunity: the one the
// account already has for (engagement, opportunity, template), started if
// it was stopped, or a new one. A lead converted by
// StartOpportunityFromEngagementTask and later submitted with
// StartEngagementFromOpportunityTask keeps one job.
func (s *OpportunityService) taskJob(ctx context.Context, tx ItemTx, box *outbox, e *Engagement, o *Opportunity, account string, tags []any, now time.Time) (*SnapshotJob, error) {
	jobs, err := scanItems[SnapshotJob](tx, KindSnapshotJob, e.Catalog, "")
	if err != nil {
		return nil, err
	}
	for _, j := range jobs {
		if j.Owner != account || j.EngagementID != e.ID || j.ResourceID != o.ID || j.Template != TemplateSummaryView {
			continue
		}
		if j.Status != JobRunning {
			j.Status = JobRunning
			if err := putJob(tx, j); err != nil {
				return nil, err
			}
		}
		target := &Opportunity{Catalog: o.Catalog, ID: o.ID}
		box.afterCommit(func(ctx context.Context) { _ = s.runJobs(ctx, target) })
		return j, nil
	}
	return s.createJob(ctx, tx, box, e, o, TemplateSummaryView, account, true, tags, now)
}

// dependentActions are the actions a task performs on the caller's behalf,
// which the caller's key must also be allowed (the Service Authorization
// Reference's dependent actions, fact sheet §6), each with the ReasonCode a
// task missing it fails with [inferred from the code names].
// StartOpportunityFromEngagementTask lists none.
var dependentActions = map[string][]struct{ action, reason string }{
	"StartEngagementByAcceptingInvitationTask": {
		{"AcceptEngagementInvitation", "InvitationAccessDenied"}, {"GetEngagementInvitation", "InvitationAccessDenied"},
		{"CreateOpportunity", "OpportunityAccessDenied"}, {"SubmitOpportunity", "OpportunityAccessDenied"},
		{"CreateResourceSnapshotJob", "ResourceSnapshotJobAccessDenied"}, {"StartResourceSnapshotJob", "ResourceSnapshotJobAccessDenied"},
	},
	"StartEngagementFromOpportunityTask": {
		{"GetOpportunity", "OpportunityAccessDenied"}, {"SubmitOpportunity", "OpportunityAccessDenied"},
		{"CreateEngagement", "EngagementAccessDenied"}, {"CreateEngagementInvitation", "EngagementAccessDenied"},
		{"CreateResourceSnapshotJob", "ResourceSnapshotJobAccessDenied"}, {"StartResourceSnapshotJob", "ResourceSnapshotJobAccessDenied"},
	},
}

// dependentActions checks op's dependent actions against the caller's key:
// the first one it may not perform gives the task's ReasonCode and, as
// Message, IAM's refusal. A task that fails so has done nothing.
func (s *OpportunityService) dependentActions(ctx context.Context, op, catalog string) (reason, message string) {
	for _, d := range dependentActions[op] {
		if msg := denied(ctx, "partnercentral:"+d.action, catalog); msg != "" {
			return d.reason, msg
		}
	}
	return "", ""
}
