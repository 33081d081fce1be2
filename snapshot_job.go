package cosell

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Resource snapshot jobs (fact sheet §7): "customer-owned jobs that
// automatically create new revisions when the resource changes"
// [UG-multi]. A job belongs to the account that created it and is invisible
// to every other (ResourceNotFoundException). It is Running or Stopped
// [model]; CreateResourceSnapshotJob makes it Stopped ("a freshly created
// job was seen as Stopped" [S-pm]), the tasks make it Running [S-pm, real
// Sandbox]. Start needs Stopped and Stop needs Running [model: "must be
// started prior to being stopped"]; Start and Stop list no
// ConflictException, so a wrong state is a ValidationException [inferred].
// Delete needs Stopped [model]; a Running job is ConflictException
// [inferred, Delete lists Conflict]. One job per (engagement, resource,
// template, owner): a second is ConflictException (fact sheet §11
// [inferred]).
//
// A Running job takes a revision whenever its template's view of the
// opportunity differs from the latest revision, and only then [model:
// "creates a new snapshot only if the resource state has changed";
// UG-events: the event fires when "the field updates are on the
// template"]. It runs under the owner's PutSellingSystemSettings role
// ("without this role, any updates you make … will not be visible to other
// partners" [UG-multi]): without one the run records LastFailure instead
// of a revision [inferred].

// Job statuses [model].
const (
	JobRunning = "Running"
	JobStopped = "Stopped"
)

// SnapshotJob is one stored job (item KindSnapshotJob, ID its Id).
type SnapshotJob struct {
	Catalog                     string
	ID                          string
	Owner                       string
	EngagementID                string
	ResourceType                string
	ResourceID                  string
	Template                    string
	Status                      string
	CreatedAt                   time.Time
	LastSuccessfulExecutionDate time.Time
	LastFailure                 string
	Tags                        []Object // {Key, Value}
}

// JobArn is a job's ARN: the owner's resource [fact sheet §2, S-pm].
func JobArn(owner, catalog, id string) string {
	return "arn:aws:partnercentral:us-east-1:" + owner + ":catalog/" + catalog + "/resource-snapshot-job/" + id
}

func (j *SnapshotJob) arn() string { return JobArn(j.Owner, j.Catalog, j.ID) }

func jobNotFound(catalog, id string) *Error {
	return Errorf(NotFoundError, "Resource snapshot job %s was not found in catalog %s.", id, catalog)
}

// loadJob returns the job id if account owns it, else ResourceNotFoundException.
func loadJob(tx ItemTx, catalog, id, account string) (*SnapshotJob, error) {
	var j SnapshotJob
	found, err := getItem(tx, KindSnapshotJob, catalog, id, &j)
	if err != nil {
		return nil, err
	}
	if !found || j.Owner != account {
		return nil, jobNotFound(catalog, id)
	}
	return &j, nil
}

func putJob(tx ItemTx, j *SnapshotJob) error { return putItem(tx, KindSnapshotJob, j.Catalog, j.ID, j) }

// createJob creates a job for o in e owned by account, Running if running; with tags ([]any of {Key,Value} Objects, may be nil).
//
// The access rules are CreateResourceSnapshot's (checkSnapshotAccess). A
// Running job's first run (a revision if none exists or the view changed,
// LastFailure without a role) happens right after the caller's transaction
// commits, in runJobs' own transaction, before updateItems returns: the
// role lives in the store's settings, which a transaction cannot read.
func (s *OpportunityService) createJob(ctx context.Context, tx ItemTx, box *outbox, e *Engagement, o *Opportunity, template, account string, running bool, tags []any, now time.Time) (*SnapshotJob, error) {
	_ = ctx
	if !knownTemplate(template) {
		return nil, unknownTemplate(template)
	}
	if err := s.checkSnapshotAccess(tx, e, o, account); err != nil {
		return nil, err
	}
	jobs, err := scanItems[SnapshotJob](tx, KindSnapshotJob, e.Catalog, "")
	if err != nil {
		return nil, err
	}
	for _, j := range jobs {
		if j.Owner == account && j.EngagementID == e.ID && j.ResourceID == o.ID && j.Template == template {
			return nil, Errorf(ConflictError, "Resource snapshot job %s already snapshots %s %s with template %s in engagement %s.",
				j.ID, ResourceTypeOpportunity, o.ID, template, e.ID)
		}
	}
	j := &SnapshotJob{Catalog: e.Catalog, ID: newID("job-", 13), Owner: account, EngagementID: e.ID,
		ResourceType: ResourceTypeOpportunity, ResourceID: o.ID, Template: template, Status: JobStopped,
		CreatedAt: now.UTC().Truncate(time.Microsecond), Tags: tagObjects(tags)}
	if running {
		j.Status = JobRunning
		target := &Opportunity{Catalog: o.Catalog, ID: o.ID}
		box.afterCommit(func(ctx context.Context) { _ = s.runJobs(ctx, target) })
	}
	if err := putJob(tx, j); err != nil {
		return nil, err
	}
	return j, nil
}

// readItem is one committed item, through the store's ItemReader when it
// has one.
func (s *OpportunityService) readItem(ctx context.Context, kind ItemKind, catalog, id string) (it *Item, err error) {
	if r, ok := s.items().(ItemReader); ok {
		return r.GetItem(ctx, kind, catalog, id)
	}
	err = s.items().ViewItems(ctx, func(tx ItemTx) error {
		it, err = tx.Get(kind, catalog, id)
		return err
	})
	return it, err
}

// runJobs is called after opportunity o changed (committed): each Running job on o adds a revision if and only if the template view differs from its latest revision, setting LastSuccessfulExecutionDate; a job whose owner has no selling-system role records LastFailure instead of a revision. It runs its own s.updateItems transaction and is idempotent.
//
// It reads the opportunity's committed state again rather than trusting o
// (only o's Catalog, ID and Unlinked mark are used: o is the state a write
// committed, or a bare key), and never writes a revision from a
// state older than the latest revision's (Snapshot.SourceModified), so
// runs of two updates finishing out of order keep the newest view last.
//
// Cost: it runs after every opportunity change, so an opportunity in no
// engagement must cost one item lookup, its OpportunityLink (every job's
// creation links its opportunity first, checkSnapshotAccess, and links are
// never removed: no link, no job). Only a linked opportunity has its jobs
// scanned, and only one with a Running job is read again. A state marked
// Unlinked (Opportunity.Unlinked) costs no lookup at all, and
// UpdateOpportunity skips the call when the store answered, in the write's
// own transaction, that there was no link (Opportunity.Probe): either way
// a link committed after that write belongs to a job whose creation runs
// runJobs itself, on a state that includes the write.
func (s *OpportunityService) runJobs(ctx context.Context, o *Opportunity) error {
	if o.Unlinked {
		// o is a committed state that had no link (Opportunity.Unlinked):
		// a link committed after it belongs to a job whose creation runs
		// runJobs itself.
		return nil
	}
	if l, err := s.readItem(ctx, KindOpportunityLink, o.Catalog, o.ID); err != nil || l == nil {
		return err
	}
	owners := map[string]bool{}
	err := s.items().ViewItems(ctx, func(tx ItemTx) error {
		jobs, err := scanItems[SnapshotJob](tx, KindSnapshotJob, o.Catalog, "")
		for _, j := range jobs {
			if j.Status == JobRunning && j.ResourceID == o.ID {
				owners[j.Owner] = true
			}
		}
		return err
	})
	if err != nil || len(owners) == 0 {
		return err
	}
	cur, err := s.store.GetOpportunity(ctx, o.Catalog, o.ID)
	if err != nil {
		return err
	}
	roles := map[string]bool{}
	for owner := range owners {
		arn, ok, err := s.store.SellingSystemSettings(ctx, owner, cur.Catalog)
		if err != nil {
			return err
		}
		roles[owner] = ok && arn != ""
	}
	return s.updateItems(ctx, func(tx ItemTx, box *outbox) error {
		jobs, err := scanItems[SnapshotJob](tx, KindSnapshotJob, cur.Catalog, "")
		if err != nil {
			return err
		}
		now := s.now()
		for _, j := range jobs {
			hasRole, known := roles[j.Owner]
			if j.Status != JobRunning || j.ResourceID != cur.ID || !known {
				continue // a job started meanwhile runs after its own commit
			}
			before := *j
			if err := s.runJob(tx, box, j, cur, hasRole, now); err != nil {
				return err
			}
			if j.LastFailure != before.LastFailure || !j.LastSuccessfulExecutionDate.Equal(before.LastSuccessfulExecutionDate) {
				if err := putJob(tx, j); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// runJob is one run of j over o. A run that cannot snapshot (no role, the
// engagement gone, the owner no longer a member or owner) records why in
// LastFailure; a successful revision clears it (LastFailure describes the
// job's current trouble, so a partner polling GetResourceSnapshotJob sees
// it recover [inferred]).
func (s *OpportunityService) runJob(tx ItemTx, box *outbox, j *SnapshotJob, o *Opportunity, hasRole bool, now time.Time) error {
	if !hasRole {
		j.LastFailure = fmt.Sprintf("Account %s has no resource snapshot job role in catalog %s; set one with PutSellingSystemSettings.", j.Owner, j.Catalog)
		return nil
	}
	e, err := loadEngagement(tx, j.Catalog, j.EngagementID, "")
	var apiErr *Error
	if errors.As(err, &apiErr) {
		j.LastFailure = apiErr.Message
		return nil
	} else if err != nil {
		return err
	}
	payload, err := templatePayload(j.Template, o)
	if err != nil {
		return err
	}
	last, err := latestSnapshot(tx, j.Catalog, snapshotPrefix(j.EngagementID, j.ResourceType, j.ResourceID, j.Template))
	if err != nil {
		return err
	}
	if last != nil && (last.SourceModified.After(o.LastModifiedDate) || samePayload(last.Payload, payload)) {
		return nil
	}
	if _, err := s.createSnapshot(tx, box, e, o, j.Template, j.Owner, now); err != nil {
		if errors.As(err, &apiErr) {
			j.LastFailure = apiErr.Message
			return nil
		}
		return err
	}
	j.LastSuccessfulExecutionDate = now.UTC().Truncate(time.Microsecond)
	j.LastFailure = ""
	return nil
}

// CreateResourceSnapshotJob creates a Stopped job for the caller's
// opportunity in an engagement it is a member of, with its Tags.
func (s *OpportunityService) CreateResourceSnapshotJob(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(CreateResourceSnapshotJobInput, in)
	if err != nil {
		return nil, err
	}
	catalog, account, template := req.Str("Catalog"), s.account(ctx), req.Str("ResourceSnapshotTemplateIdentifier")
	if !knownTemplate(template) {
		return nil, unknownTemplate(template)
	}
	var tags []any
	if req.Get("Tags") != nil {
		tags = Prune(CreateResourceSnapshotJobInput.Member("Tags").Shape, req.Get("Tags")).([]any)
		if err := duplicateTagKey(tags); err != nil {
			return nil, err
		}
	}
	o, err := s.opportunityForSnapshot(ctx, catalog, req.Str("ResourceIdentifier"))
	if err != nil {
		return nil, err
	}
	var answer Object
	err = s.linking(ctx, &o, func() (err error) {
		answer, err = s.engagementWrite(ctx, "CreateResourceSnapshotJob", CreateResourceSnapshotJobInput, req, func(tx ItemTx, box *outbox, e *Engagement) (Object, error) {
			j, err := s.createJob(ctx, tx, box, e, o, template, account, false, tags, s.now())
			if err != nil {
				return nil, err
			}
			return Object{{"Id", j.ID}, {"Arn", j.arn()}}, nil
		})
		return err
	})
	return answer, err
}

// GetResourceSnapshotJob returns one of the caller's jobs; ResourceArn is
// the opportunity's ARN [model].
func (s *OpportunityService) GetResourceSnapshotJob(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(GetResourceSnapshotJobInput, in)
	if err != nil {
		return nil, err
	}
	var j *SnapshotJob
	err = s.items().ViewItems(ctx, func(tx ItemTx) error {
		j, err = loadJob(tx, req.Str("Catalog"), req.Str("ResourceSnapshotJobIdentifier"), s.account(ctx))
		return err
	})
	if err != nil {
		return nil, err
	}
	var lastRun, failure any
	if !j.LastSuccessfulExecutionDate.IsZero() {
		lastRun = formatMicro(j.LastSuccessfulExecutionDate)
	}
	if j.LastFailure != "" {
		failure = j.LastFailure
	}
	return fillRoot(GetResourceSnapshotJobOutput, Object{
		{"Catalog", j.Catalog}, {"Id", j.ID}, {"Arn", j.arn()}, {"EngagementId", j.EngagementID},
		{"ResourceType", j.ResourceType}, {"ResourceId", j.ResourceID},
		{"ResourceArn", (&Opportunity{Catalog: j.Catalog, ID: j.ResourceID}).Arn(j.Owner)},
		{"ResourceSnapshotTemplateName", j.Template}, {"CreatedAt", formatMicro(j.CreatedAt)}, {"Status", j.Status},
		{"LastSuccessfulExecutionDate", lastRun}, {"LastFailure", failure},
	}), nil
}

// ListResourceSnapshotJobs lists the caller's jobs ("owned by the
// customer" [model]), filtered by EngagementIdentifier and Status, sorted
// by CreatedDate, DESCENDING unless asked otherwise, 50 a page [model].
func (s *OpportunityService) ListResourceSnapshotJobs(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(ListResourceSnapshotJobsInput, in)
	if err != nil {
		return nil, err
	}
	catalog, account := req.Str("Catalog"), s.account(ctx)
	var rows []listRow
	err = s.items().ViewItems(ctx, func(tx ItemTx) error {
		jobs, err := scanItems[SnapshotJob](tx, KindSnapshotJob, catalog, "")
		for _, j := range jobs {
			if j.Owner != account || !matches(req, "EngagementIdentifier", j.EngagementID) || !matches(req, "Status", j.Status) {
				continue
			}
			rows = append(rows, listRow{key: formatMicro(j.CreatedAt), id: j.ID, out: fillRoot(shResourceSnapshotJobSummary, Object{
				{"Id", j.ID}, {"Arn", j.arn()}, {"EngagementId", j.EngagementID}, {"Status", j.Status},
			})})
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.pageRows(ListResourceSnapshotJobsInput, req, account, rows, req.Str("Sort", "SortOrder") != "ASCENDING", 50, "ResourceSnapshotJobSummaries")
}

// changeJob applies change to one of the caller's jobs in one transaction.
func (s *OpportunityService) changeJob(ctx context.Context, input *Shape, in Object, change func(tx ItemTx, box *outbox, j *SnapshotJob) error) error {
	req, err := ValidateRequest(input, in)
	if err != nil {
		return err
	}
	return s.updateItems(ctx, func(tx ItemTx, box *outbox) error {
		j, err := loadJob(tx, req.Str("Catalog"), req.Str("ResourceSnapshotJobIdentifier"), s.account(ctx))
		if err != nil {
			return err
		}
		return change(tx, box, j)
	})
}

func wrongJobState(j *SnapshotJob, msg string) *Error {
	return NewValidationError(ValidationReasonBiz, []FieldError{{FieldName: "ResourceSnapshotJobIdentifier", Code: CodeInvalidState,
		Message: fmt.Sprintf("job %s is %s; %s", j.ID, j.Status, msg)}})
}

// StartResourceSnapshotJob makes a Stopped job Running; its first run
// follows the commit (a revision if the view changed since the latest one,
// or if there is none).
func (s *OpportunityService) StartResourceSnapshotJob(ctx context.Context, in Object) (Object, error) {
	return nil, s.changeJob(ctx, StartResourceSnapshotJobInput, in, func(tx ItemTx, box *outbox, j *SnapshotJob) error {
		if j.Status == JobRunning {
			return wrongJobState(j, "only a Stopped job can be started")
		}
		j.Status = JobRunning
		target := &Opportunity{Catalog: j.Catalog, ID: j.ResourceID}
		box.afterCommit(func(ctx context.Context) { _ = s.runJobs(ctx, target) })
		return putJob(tx, j)
	})
}

// StopResourceSnapshotJob makes a Running job Stopped.
func (s *OpportunityService) StopResourceSnapshotJob(ctx context.Context, in Object) (Object, error) {
	return nil, s.changeJob(ctx, StopResourceSnapshotJobInput, in, func(tx ItemTx, _ *outbox, j *SnapshotJob) error {
		if j.Status != JobRunning {
			return wrongJobState(j, "the job must be started before it can be stopped")
		}
		j.Status = JobStopped
		return putJob(tx, j)
	})
}

// DeleteResourceSnapshotJob deletes a Stopped job; its revisions stay
// ("once shared, snapshots remain permanently accessible" [UG-multi]).
func (s *OpportunityService) DeleteResourceSnapshotJob(ctx context.Context, in Object) (Object, error) {
	return nil, s.changeJob(ctx, DeleteResourceSnapshotJobInput, in, func(tx ItemTx, _ *outbox, j *SnapshotJob) error {
		if j.Status == JobRunning {
			return Errorf(ConflictError, "Resource snapshot job %s is Running; stop it before deleting it.", j.ID)
		}
		return tx.Delete(KindSnapshotJob, j.Catalog, j.ID)
	})
}

// changeJobTags applies change to the tags of the caller's job id (tags.go).
func (s *OpportunityService) changeJobTags(ctx context.Context, catalog, id, arn string, change func([]any) ([]any, error)) error {
	return s.updateItems(ctx, func(tx ItemTx, _ *outbox) error {
		j, err := loadJob(tx, catalog, id, s.account(ctx))
		if err != nil {
			return resourceNotFound(err, arn)
		}
		tags, err := change(tagValues(j.Tags))
		if err != nil {
			return err
		}
		j.Tags = tagObjects(tags)
		return putJob(tx, j)
	})
}

// jobTags returns the tags of the caller's job id.
func (s *OpportunityService) jobTags(ctx context.Context, catalog, id, arn string) ([]any, error) {
	var tags []any
	err := s.items().ViewItems(ctx, func(tx ItemTx) error {
		j, err := loadJob(tx, catalog, id, s.account(ctx))
		if err != nil {
			return resourceNotFound(err, arn)
		}
		tags = tagValues(j.Tags)
		return nil
	})
	return tags, err
}

// resourceNotFound words a ResourceNotFoundException as the tag
// operations do (naming the ARN); other errors pass.
func resourceNotFound(err error, arn string) error {
	var e *Error
	if errors.As(err, &e) && e.Code == NotFoundError {
		return Errorf(NotFoundError, "Resource %s was not found.", arn)
	}
	return err
}

// tagObjects and tagValues convert between the tag lists of requests and
// the job record (typed, so they decode back as Objects).
func tagObjects(tags []any) []Object {
	out := make([]Object, 0, len(tags))
	for _, t := range tags {
		if o, ok := t.(Object); ok {
			out = append(out, o)
		}
	}
	return out
}

func tagValues(tags []Object) []any {
	out := make([]any, len(tags))
	for i, t := range tags {
		out[i] = t
	}
	return out
}

// ReconcileJobs runs every Running job once (runJobs on each opportunity a
// Running job follows), so a revision that a stop between an opportunity's
// commit and its job run left out is taken now. cosell serve calls it at
// start-up, in the background; it is idempotent (a job adds a revision only
// when its view differs from its latest one).
func (s *OpportunityService) ReconcileJobs(ctx context.Context) error {
	type key struct{ catalog, id string }
	var todo []key
	for _, catalog := range []string{string(CatalogAWS), string(CatalogSandbox)} {
		err := s.items().ViewItems(ctx, func(tx ItemTx) error {
			jobs, err := scanItems[SnapshotJob](tx, KindSnapshotJob, catalog, "")
			for _, j := range jobs {
				if j.Status == JobRunning && !slices.Contains(todo, key{catalog, j.ResourceID}) {
					todo = append(todo, key{catalog, j.ResourceID})
				}
			}
			return err
		})
		if err != nil {
			return err
		}
	}
	for _, k := range todo {
		if err := s.runJobs(ctx, &Opportunity{Catalog: k.catalog, ID: k.id}); err != nil {
			return err
		}
	}
	return nil
}
