package cosell

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Resource snapshots (fact sheet §7): "point in time, immutable copies of
// specific fields" of a resource, shared with an engagement's members
// [UG-multi]. A snapshot is keyed by (engagement, resource type, resource,
// template) and numbered from revision 1 within that key [model:
// "sequential and unique within the context of a resource view"; S-pm];
// a revision never changes once written. The first snapshot of a resource
// in an engagement creates its association (ListEngagementResourceAssociations)
// [inferred] and, when the opportunity belongs to no engagement yet, links
// it to this one (OpportunityLink).

// ResourceTypeOpportunity is the one ResourceType of the model.
const ResourceTypeOpportunity = "Opportunity"

// The snapshot templates cosell knows (fact sheet §7, §16.5). The model
// says the template "must correspond to an existing and valid template";
// any other name is a ValidationException [inferred].
const (
	// TemplateSummaryView is what jobs and tasks use; every member reads it
	// [S-pm, UG-events].
	TemplateSummaryView = "OpportunitySummaryView"
	// TemplateOpportunity is the name the Postman examples of
	// CreateResourceSnapshot use; it answered Payload.OpportunitySummary
	// [S-pm], so it is the same view under its own key.
	TemplateOpportunity = "Opportunity"
	// TemplateAwsFullView is AWS's side of the opportunity, "only visible
	// to the opportunity owner" [UG-events].
	TemplateAwsFullView = "AwsOpportunitySummaryFullView"
)

// Snapshot is one revision (item KindSnapshot, ID snapshotItemID).
type Snapshot struct {
	Catalog      string
	EngagementID string
	ResourceType string
	ResourceID   string
	Template     string
	Revision     int
	CreatedBy    string
	CreatedAt    time.Time
	// TargetMemberAccounts are the accounts the revision is shared with:
	// the engagement's members when it was taken (AWS included, e.g.
	// ["111111111111","aws"] [UG-events]); for AwsOpportunitySummaryFullView
	// only its owner [inferred from "only visible to the opportunity owner"].
	TargetMemberAccounts []string
	// Payload is the ResourceSnapshotPayload union as returned.
	Payload Object
	// SourceModified is the opportunity's LastModifiedDate the payload was
	// read at; a job never writes a revision from an older state than the
	// latest one (two updates' runs may finish out of order).
	SourceModified time.Time
}

// Association is the link of a resource and an engagement that has a
// snapshot of it (item KindAssociation, ID engagement/type/resource).
type Association struct {
	Catalog      string
	EngagementID string
	ResourceType string
	ResourceID   string
	CreatedBy    string
	CreatedAt    time.Time
}

// snapshotPrefix is the item-ID prefix of every revision of one key;
// revisions are zero-padded to 10 digits so IDs sort in revision order.
func snapshotPrefix(engagement, typ, resource, template string) string {
	return engagement + "/" + typ + "/" + resource + "/" + template + "/"
}

func (sn *Snapshot) itemID() string {
	return snapshotPrefix(sn.EngagementID, sn.ResourceType, sn.ResourceID, sn.Template) + fmt.Sprintf("%010d", sn.Revision)
}

// SnapshotArn is a revision's ARN. The sources disagree (fact sheet §16.1);
// cosell uses the Postman form,
// arn:aws:partnercentral:us-east-1::catalog/{Cat}/engagement/{eng}/resource/{type}/{id}/template/{tmpl}/snapshot/{rev}
// [S-pm]: it is the one seen in saved responses, it names the whole key so
// a client can parse a revision back from it, and like the engagement it
// hangs under it carries no account (the SAR form's account would be the
// creator's, which the engagement's other members do not own).
func SnapshotArn(catalog, engagement, typ, resource, template string, revision int) string {
	return fmt.Sprintf("arn:aws:partnercentral:us-east-1::catalog/%s/engagement/%s/resource/%s/%s/template/%s/snapshot/%d",
		catalog, engagement, typ, resource, template, revision)
}

func (sn *Snapshot) arn() string {
	return SnapshotArn(sn.Catalog, sn.EngagementID, sn.ResourceType, sn.ResourceID, sn.Template, sn.Revision)
}

// knownTemplate reports whether name is a template cosell can take.
func knownTemplate(name string) bool {
	return name == TemplateSummaryView || name == TemplateOpportunity || name == TemplateAwsFullView
}

func unknownTemplate(name string) *Error {
	return NewValidationError(ValidationReasonBiz, []FieldError{{FieldName: "ResourceSnapshotTemplateIdentifier", Code: CodeInvalidValue,
		Message: fmt.Sprintf("%q is not a resource snapshot template; use %s, %s or %s", name, TemplateSummaryView, TemplateOpportunity, TemplateAwsFullView)}})
}

// templatePayload is the ResourceSnapshotPayload of template for o.
func templatePayload(template string, o *Opportunity) (Object, error) {
	switch template {
	case TemplateSummaryView, TemplateOpportunity:
		return Object{{"OpportunitySummary", summaryView(o)}}, nil
	case TemplateAwsFullView:
		return Object{{"AwsOpportunitySummaryFullView", awsFullView(o)}}, nil
	}
	return nil, unknownTemplate(template)
}

// summaryView is the model's OpportunitySummaryView of o (fact sheet §7):
// OpportunityType, Lifecycle{TargetCloseDate, ReviewStatus, Stage,
// NextSteps}, OpportunityTeam, PrimaryNeedsFromAws, Customer{Account,
// Contacts}, Project{DeliveryModels, ExpectedCustomerSpend,
// ExpectedContractDuration, CustomerUseCase, SalesActivities,
// OtherSolutionDescription} and RelatedEntityIdentifiers, read from the
// current record [inferred]. fill keeps only the view's members, so a field
// the view lacks (Project.AdditionalComments, Marketing, …) never reaches a
// snapshot, and changing it changes no view.
func summaryView(o *Opportunity) any {
	return fill(shOpportunitySummaryView, Object{
		{"OpportunityType", o.Body.Get("OpportunityType")},
		{"Lifecycle", o.Body.Get("LifeCycle")},
		{"OpportunityTeam", o.OpportunityTeam},
		{"PrimaryNeedsFromAws", o.Body.Get("PrimaryNeedsFromAws")},
		{"Customer", o.Body.Get("Customer")},
		{"Project", o.Body.Get("Project")},
		{"RelatedEntityIdentifiers", Object{
			{"AwsMarketplaceOffers", anyList(o.Related.AwsMarketplaceOffers)},
			{"AwsMarketplaceOfferSets", anyList(o.Related.AwsMarketplaceOfferSets)},
			{"Solutions", anyList(o.Related.Solutions)},
			{"AwsProducts", anyList(o.Related.AwsProducts)},
		}},
	})
}

// awsFullView is the AwsOpportunitySummaryFullView of o: the
// GetAwsOpportunitySummary fields minus Catalog [model]. cosell keeps no
// AWS-side record of its own, so the view holds what AWS's opportunity
// shares with the partner's: its id, origin, target close date, expected
// spend and related products and solutions [inferred].
func awsFullView(o *Opportunity) any {
	origin := o.Origin
	if origin == "" {
		origin = "Partner Referral"
	}
	return fill(shAwsOpportunitySummaryFullView, Object{
		{"RelatedOpportunityId", o.ID},
		{"Origin", origin},
		{"LifeCycle", Object{{"TargetCloseDate", o.Body.Obj("LifeCycle").Get("TargetCloseDate")}}},
		{"Project", Object{{"ExpectedCustomerSpend", o.Body.Obj("Project").Get("ExpectedCustomerSpend")}}},
		{"Customer", Object{{"Contacts", o.Body.Obj("Customer").Get("Contacts")}}},
		{"RelatedEntityIds", Object{
			{"AwsProducts", anyList(o.Related.AwsProducts)},
			{"Solutions", anyList(o.Related.Solutions)},
		}},
	})
}

// errStopScan ends a Scan early.
var errStopScan = errors.New("stop scan")

func samePayload(a, b Object) bool {
	var x, y bytes.Buffer
	_ = AppendJSON(&x, a)
	_ = AppendJSON(&y, b)
	return bytes.Equal(x.Bytes(), y.Bytes())
}

// ownedBy reports whether account owns o (Opportunity.Owner; "" is the
// configured account's, AWSParty's Sandbox referrals are no partner's).
func (s *OpportunityService) ownedBy(o *Opportunity, account string) bool {
	return s.ownerAccount(o) == account
}

func notOwner(o *Opportunity, account string) *Error {
	return Errorf(AccessDeniedError, "Account %s does not own opportunity %s and cannot snapshot it.", account, o.ID)
}

// checkSnapshotAccess enforces who may snapshot o in e: a member of e (a
// non-member gets ResourceNotFoundException, as for every engagement it
// cannot see: loadEngagement) who owns o. A member that does not own o
// gets AccessDeniedException when o is already in e (fact sheet §11 "AD
// not owner": the members see it there through its snapshots), and the
// ResourceNotFoundException of a missing id otherwise, so an opportunity
// id cannot be probed across accounts (an opportunity is invisible to
// other accounts). An opportunity belongs to one engagement
// (OpportunityLink): one linked elsewhere is a ValidationException
// [inferred]; one not linked yet is linked to e, owned by account.
func (s *OpportunityService) checkSnapshotAccess(tx ItemTx, e *Engagement, o *Opportunity, account string) error {
	if !e.isMember(account) {
		return engagementNotFound(e.Catalog, e.ID)
	}
	l, err := linkOf(tx, o.Catalog, o.ID)
	if err != nil {
		return err
	}
	if !s.ownedBy(o, account) || (l != nil && l.Owner != "" && l.Owner != account) {
		if l != nil && l.EngagementID == e.ID {
			return notOwner(o, account)
		}
		return notFound(o.Catalog, o.ID)
	}
	switch {
	case l == nil:
		return putLink(tx, o, &OpportunityLink{Catalog: o.Catalog, OpportunityID: o.ID, EngagementID: e.ID, Owner: account})
	case l.EngagementID != e.ID:
		return NewValidationError(ValidationReasonBiz, []FieldError{{FieldName: "ResourceIdentifier", Code: CodeInvalidState,
			Message: fmt.Sprintf("opportunity %s belongs to engagement %s, not %s", o.ID, l.EngagementID, e.ID)}})
	}
	return nil
}

// latestSnapshot returns the highest revision under prefix, or nil.
func latestSnapshot(tx ItemTx, catalog, prefix string) (*Snapshot, error) {
	all, err := scanItems[Snapshot](tx, KindSnapshot, catalog, prefix)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	return all[len(all)-1], nil
}

// createSnapshot adds the next revision of o's template view in e, by account; queues the event; links/associates as above.
func (s *OpportunityService) createSnapshot(tx ItemTx, box *outbox, e *Engagement, o *Opportunity, template, account string, now time.Time) (*Snapshot, error) {
	payload, err := templatePayload(template, o)
	if err != nil {
		return nil, err
	}
	if err := s.checkSnapshotAccess(tx, e, o, account); err != nil {
		return nil, err
	}
	now = now.UTC().Truncate(time.Microsecond)
	prefix := snapshotPrefix(e.ID, ResourceTypeOpportunity, o.ID, template)
	last, err := latestSnapshot(tx, e.Catalog, prefix)
	if err != nil {
		return nil, err
	}
	sn := &Snapshot{Catalog: e.Catalog, EngagementID: e.ID, ResourceType: ResourceTypeOpportunity, ResourceID: o.ID,
		Template: template, Revision: 1, CreatedBy: account, CreatedAt: now, Payload: payload,
		TargetMemberAccounts: e.memberAccounts(), SourceModified: o.LastModifiedDate}
	if template == TemplateAwsFullView {
		sn.TargetMemberAccounts = []string{account}
	}
	if last != nil {
		sn.Revision = last.Revision + 1
	}
	if err := putItem(tx, KindSnapshot, e.Catalog, sn.itemID(), sn); err != nil {
		return nil, err
	}
	assocID := e.ID + "/" + ResourceTypeOpportunity + "/" + o.ID
	if it, err := tx.Get(KindAssociation, e.Catalog, assocID); err != nil {
		return nil, err
	} else if it == nil {
		a := Association{Catalog: e.Catalog, EngagementID: e.ID, ResourceType: ResourceTypeOpportunity, ResourceID: o.ID, CreatedBy: account, CreatedAt: now}
		if err := putItem(tx, KindAssociation, e.Catalog, assocID, a); err != nil {
			return nil, err
		}
	}
	s.snapshotCreated(box, sn)
	return sn, nil
}

// snapshotCreated queues Engagement Resource Snapshot Created for every
// partner the revision is shared with (fact sheet §13; AWS gets no
// EventBridge event).
func (s *OpportunityService) snapshotCreated(box *outbox, sn *Snapshot) {
	targets := make([]any, len(sn.TargetMemberAccounts))
	for i, a := range sn.TargetMemberAccounts {
		targets[i] = a
	}
	ev := func(kind, to string) Event {
		return Event{DetailType: kind, Catalog: sn.Catalog, Account: to, Time: sn.CreatedAt,
			Resources: []string{EngagementArn(sn.Catalog, sn.EngagementID)},
			Detail: Object{{"resourceSnapshot", Object{
				{"arn", sn.arn()}, {"engagementId", sn.EngagementID}, {"resourceType", sn.ResourceType},
				{"resourceId", sn.ResourceID}, {"createdBy", sn.CreatedBy}, {"targetMemberAccounts", targets},
				{"resourceSnapshotTemplateName", sn.Template},
			}}}}
	}
	for _, to := range sn.TargetMemberAccounts {
		if to != AWSParty {
			box.add(ev(EventSnapshotCreated, to))
		}
	}
	if sn.CreatedBy != AWSParty {
		box.add(ev(EventOwnSnapshotCreated, sn.CreatedBy))
	}
}

// opportunityForSnapshot reads the opportunity a snapshot request names.
func (s *OpportunityService) opportunityForSnapshot(ctx context.Context, catalog, id string) (*Opportunity, error) {
	o, err := s.store.GetOpportunity(ctx, catalog, id)
	if err != nil {
		return nil, err
	}
	return o, nil
}

// CreateResourceSnapshot takes the next revision of the opportunity's
// template view in the engagement and answers {Arn, Revision} [model].
func (s *OpportunityService) CreateResourceSnapshot(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(CreateResourceSnapshotInput, in)
	if err != nil {
		return nil, err
	}
	catalog, account, template := req.Str("Catalog"), s.account(ctx), req.Str("ResourceSnapshotTemplateIdentifier")
	if !knownTemplate(template) {
		return nil, unknownTemplate(template)
	}
	o, err := s.opportunityForSnapshot(ctx, catalog, req.Str("ResourceIdentifier"))
	if err != nil {
		return nil, err
	}
	var answer Object
	err = s.linking(ctx, &o, func() (err error) {
		answer, err = s.engagementWrite(ctx, "CreateResourceSnapshot", CreateResourceSnapshotInput, req, func(tx ItemTx, box *outbox, e *Engagement) (Object, error) {
			now := s.now()
			sn, err := s.createSnapshot(tx, box, e, o, template, account, now)
			if err != nil {
				return nil, err
			}
			if err := s.leadGetsProject(tx, box, e, o, account, now); err != nil {
				return nil, err
			}
			return Object{{"Arn", sn.arn()}, {"Revision", Number(strconv.Itoa(sn.Revision))}}, nil
		})
		return err
	})
	return answer, err
}

// leadGetsProject adds, to a lead engagement (one with a Lead context and
// no CustomerProject context), a CustomerProject context made from the
// snapshot's opportunity: CreateResourceSnapshot "automatically adds a
// CustomerProject context" there [UG-leads], the context a later
// submission needs. The engagement is touched and Engagement Updated
// published, as for any context change. An engagement already holding
// MaxContexts contexts refuses the snapshot with ServiceQuotaExceeded, and
// nothing is written [inferred: the guide does not say; a snapshot that
// silently left the engagement without the context would fail the
// submission later, far from its cause].
func (s *OpportunityService) leadGetsProject(tx ItemTx, box *outbox, e *Engagement, o *Opportunity, account string, now time.Time) error {
	types := e.contextTypes()
	if !slices.Contains(types, any("Lead")) || slices.Contains(types, any("CustomerProject")) {
		return nil
	}
	if _, err := e.addContext("CustomerProject", customerProject(o)); err != nil {
		return err
	}
	e.touch(account, now)
	if err := putEngagement(tx, e); err != nil {
		return err
	}
	s.engagementUpdated(box, e)
	return nil
}

// GetResourceSnapshot returns one revision (the latest when Revision is
// omitted [model]) to a member of the engagement: members read each
// other's OpportunitySummaryView snapshots [UG-multi], but an
// AwsOpportunitySummaryFullView revision only its owner (to anyone else it
// is ResourceNotFoundException, as it is missing from their lists).
//
// Jobs add revisions after the opportunity's write commits (runJobs); a
// revision that a server's stop between the two left out is taken when a
// server starts (ReconcileJobs), or at the next change. Reads do not
// reconcile.
func (s *OpportunityService) GetResourceSnapshot(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(GetResourceSnapshotInput, in)
	if err != nil {
		return nil, err
	}
	catalog, account, template := req.Str("Catalog"), s.account(ctx), req.Str("ResourceSnapshotTemplateIdentifier")
	if !knownTemplate(template) {
		return nil, unknownTemplate(template)
	}
	var sn *Snapshot
	err = s.items().ViewItems(ctx, func(tx ItemTx) error {
		e, err := loadEngagement(tx, catalog, req.Str("EngagementIdentifier"), account)
		if err != nil {
			return err
		}
		prefix := snapshotPrefix(e.ID, req.Str("ResourceType"), req.Str("ResourceIdentifier"), template)
		if n, ok := req.Get("Revision").(Number); ok {
			var one Snapshot
			rev, _ := strconv.Atoi(string(n))
			found, err := getItem(tx, KindSnapshot, catalog, prefix+fmt.Sprintf("%010d", rev), &one)
			if err != nil || !found {
				return err
			}
			sn = &one
			return nil
		}
		sn, err = latestSnapshot(tx, catalog, prefix)
		return err
	})
	if err != nil {
		return nil, err
	}
	if sn == nil || !sn.visibleTo(account) {
		rev := "latest revision"
		if n, ok := req.Get("Revision").(Number); ok {
			rev = "revision " + string(n)
		}
		return nil, Errorf(NotFoundError, "The %s of the %s snapshot of %s %s in engagement %s was not found.",
			rev, template, req.Str("ResourceType"), req.Str("ResourceIdentifier"), req.Str("EngagementIdentifier"))
	}
	return fillRoot(GetResourceSnapshotOutput, Object{
		{"Catalog", sn.Catalog}, {"Arn", sn.arn()}, {"CreatedBy", sn.CreatedBy}, {"CreatedAt", formatMicro(sn.CreatedAt)},
		{"EngagementId", sn.EngagementID}, {"ResourceType", sn.ResourceType}, {"ResourceId", sn.ResourceID},
		{"ResourceSnapshotTemplateName", sn.Template}, {"Revision", Number(strconv.Itoa(sn.Revision))},
		{"Payload", sn.Payload}, {"TargetMemberAccounts", anyList(sn.TargetMemberAccounts)},
	}), nil
}

// visibleTo reports whether a member of the snapshot's engagement may read
// it: every member reads the shared views, only the owner AWS's full view.
func (sn *Snapshot) visibleTo(account string) bool {
	return sn.Template != TemplateAwsFullView || sn.CreatedBy == account
}

// ListResourceSnapshots lists the revisions in an engagement the caller is
// a member of (others: ResourceNotFoundException, fact sheet §7 "AD or
// RNF"), in key order: resource, template, revision. Filters AND. The
// model documents no default page size; cosell uses ListResourceSnapshotJobs'
// 50 [inferred].
func (s *OpportunityService) ListResourceSnapshots(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(ListResourceSnapshotsInput, in)
	if err != nil {
		return nil, err
	}
	catalog, account := req.Str("Catalog"), s.account(ctx)
	var rows []listRow
	err = s.items().ViewItems(ctx, func(tx ItemTx) error {
		e, err := loadEngagement(tx, catalog, req.Str("EngagementIdentifier"), account)
		if err != nil {
			return err
		}
		all, err := scanItems[Snapshot](tx, KindSnapshot, catalog, e.ID+"/")
		if err != nil {
			return err
		}
		for _, sn := range all {
			if !sn.visibleTo(account) || !matches(req, "ResourceType", sn.ResourceType) ||
				!matches(req, "ResourceIdentifier", sn.ResourceID) ||
				!matches(req, "ResourceSnapshotTemplateIdentifier", sn.Template) || !matches(req, "CreatedBy", sn.CreatedBy) {
				continue
			}
			rows = append(rows, listRow{key: sn.itemID(), out: fillRoot(shResourceSnapshotSummary, Object{
				{"Arn", sn.arn()}, {"Revision", Number(strconv.Itoa(sn.Revision))}, {"ResourceType", sn.ResourceType},
				{"ResourceId", sn.ResourceID}, {"ResourceSnapshotTemplateName", sn.Template}, {"CreatedBy", sn.CreatedBy},
			})})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.pageRows(ListResourceSnapshotsInput, req, account, rows, false, 50, "ResourceSnapshotSummaries")
}

// matches reports whether the request's single-value filter member is
// unset or equal to v.
func matches(req Object, member, v string) bool {
	f := req.Str(member)
	return f == "" || f == v
}

// ListEngagementResourceAssociations lists "the associations between
// resources and engagements where the caller is a member and has at least
// one snapshot in the engagement" [model]. cosell reads the sentence
// literally: an engagement's associations are listed to a member that has
// itself taken a snapshot there (by hand, by a job or by a task). The
// looser reading (every member sees them) would let an integration rely on
// a listing the real service may withhold; the partner's own use — finding
// the engagement of its opportunity [UG-multi] — works under both, since a
// partner's opportunity gets into an engagement through its own snapshot.
// Order: engagement, type, resource; default page 50 [inferred].
func (s *OpportunityService) ListEngagementResourceAssociations(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(ListEngagementResourceAssociationsInput, in)
	if err != nil {
		return nil, err
	}
	catalog, account := req.Str("Catalog"), s.account(ctx)
	var rows []listRow
	err = s.items().ViewItems(ctx, func(tx ItemTx) error {
		all, err := scanItems[Association](tx, KindAssociation, catalog, "")
		if err != nil {
			return err
		}
		eligible := map[string]bool{}
		for _, a := range all {
			if !matches(req, "EngagementIdentifier", a.EngagementID) || !matches(req, "ResourceType", a.ResourceType) ||
				!matches(req, "ResourceIdentifier", a.ResourceID) || !matches(req, "CreatedBy", a.CreatedBy) {
				continue
			}
			ok, seen := eligible[a.EngagementID]
			if !seen {
				if ok, err = s.hasOwnSnapshot(tx, catalog, a.EngagementID, account); err != nil {
					return err
				}
				eligible[a.EngagementID] = ok
			}
			if !ok {
				continue
			}
			rows = append(rows, listRow{key: a.EngagementID + "/" + a.ResourceType + "/" + a.ResourceID, out: fillRoot(shEngagementResourceAssociationSummary, Object{
				{"Catalog", a.Catalog}, {"EngagementId", a.EngagementID}, {"ResourceType", a.ResourceType},
				{"ResourceId", a.ResourceID}, {"CreatedBy", a.CreatedBy},
			})})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.pageRows(ListEngagementResourceAssociationsInput, req, account, rows, false, 50, "EngagementResourceAssociationSummaries")
}

// hasOwnSnapshot reports whether account is a member of the engagement and
// created at least one snapshot in it.
func (s *OpportunityService) hasOwnSnapshot(tx ItemTx, catalog, engagement, account string) (bool, error) {
	if _, err := loadEngagement(tx, catalog, engagement, account); err != nil {
		if e, ok := err.(*Error); ok && e.Code == NotFoundError {
			return false, nil
		}
		return false, err
	}
	found := false
	err := tx.Scan(KindSnapshot, catalog, engagement+"/", func(it *Item) error {
		var sn Snapshot
		if err := json.Unmarshal(it.Doc, &sn); err != nil {
			return err
		}
		if sn.CreatedBy == account {
			found = true
			return errStopScan
		}
		return nil
	})
	if err == errStopScan {
		err = nil
	}
	return found, err
}
