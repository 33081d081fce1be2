package cosell

import "context"

// Service is the Partner Central Selling opportunity API. Every method takes
// the decoded request document, validates it against its operation's input
// shape, and returns the response document (nil for an empty body).
type Service interface {
	CreateOpportunity(ctx context.Context, in Object) (Object, error)
	UpdateOpportunity(ctx context.Context, in Object) (Object, error)
	GetOpportunity(ctx context.Context, in Object) (Object, error)
	ListOpportunities(ctx context.Context, in Object) (Object, error)
	SubmitOpportunity(ctx context.Context, in Object) (Object, error)
	AssociateOpportunity(ctx context.Context, in Object) (Object, error)
	DisassociateOpportunity(ctx context.Context, in Object) (Object, error)
	AssignOpportunity(ctx context.Context, in Object) (Object, error)
	ListSolutions(ctx context.Context, in Object) (Object, error)
	TagResource(ctx context.Context, in Object) (Object, error)
	UntagResource(ctx context.Context, in Object) (Object, error)
	ListTagsForResource(ctx context.Context, in Object) (Object, error)
	GetSellingSystemSettings(ctx context.Context, in Object) (Object, error)
	PutSellingSystemSettings(ctx context.Context, in Object) (Object, error)
	CreateResourceSnapshot(ctx context.Context, in Object) (Object, error)
	GetResourceSnapshot(ctx context.Context, in Object) (Object, error)
	ListResourceSnapshots(ctx context.Context, in Object) (Object, error)
	CreateResourceSnapshotJob(ctx context.Context, in Object) (Object, error)
	GetResourceSnapshotJob(ctx context.Context, in Object) (Object, error)
	ListResourceSnapshotJobs(ctx context.Context, in Object) (Object, error)
	StartResourceSnapshotJob(ctx context.Context, in Object) (Object, error)
	StopResourceSnapshotJob(ctx context.Context, in Object) (Object, error)
	DeleteResourceSnapshotJob(ctx context.Context, in Object) (Object, error)
	ListEngagementResourceAssociations(ctx context.Context, in Object) (Object, error)

	CreateEngagement(ctx context.Context, in Object) (Object, error)
	GetEngagement(ctx context.Context, in Object) (Object, error)
	ListEngagements(ctx context.Context, in Object) (Object, error)
	ListEngagementMembers(ctx context.Context, in Object) (Object, error)
	CreateEngagementContext(ctx context.Context, in Object) (Object, error)
	UpdateEngagementContext(ctx context.Context, in Object) (Object, error)
	CreateEngagementInvitation(ctx context.Context, in Object) (Object, error)
	GetEngagementInvitation(ctx context.Context, in Object) (Object, error)
	ListEngagementInvitations(ctx context.Context, in Object) (Object, error)
	AcceptEngagementInvitation(ctx context.Context, in Object) (Object, error)
	RejectEngagementInvitation(ctx context.Context, in Object) (Object, error)
	StartEngagementByAcceptingInvitationTask(ctx context.Context, in Object) (Object, error)
	StartEngagementFromOpportunityTask(ctx context.Context, in Object) (Object, error)
	StartOpportunityFromEngagementTask(ctx context.Context, in Object) (Object, error)
	ListEngagementByAcceptingInvitationTasks(ctx context.Context, in Object) (Object, error)
	ListEngagementFromOpportunityTasks(ctx context.Context, in Object) (Object, error)
	ListOpportunityFromEngagementTasks(ctx context.Context, in Object) (Object, error)
	GetAwsOpportunitySummary(ctx context.Context, in Object) (Object, error)
}

// OperationSchema is what the model says of an operation: its name, its
// input and output shapes and the exceptions it may return. AllOperations
// (operations_gen.go) lists it for every operation of the model.
type OperationSchema struct {
	Name   string
	Input  *Shape
	Output *Shape   // nil: the response body is empty
	Errors []*Shape // the exceptions the model lists, in model order
}

// Operation is an operation cosell serves: its schema, bound to its
// Service method.
type Operation struct {
	*OperationSchema
	Write bool // counts against the write quota (spec §7)
	Call  func(Service, context.Context, Object) (Object, error)
}

// ServiceTarget is the X-Amz-Target prefix; SigningName the SigV4 service name.
const (
	ServiceTarget = "AWSPartnerCentralSelling"
	SigningName   = "partnercentral-selling"
	APIVersion    = "2022-07-26"
)

// Operations lists the operations cosell serves; the server knows only
// these (the CLI offers all of AllOperations). The other operations have a
// schema but no implementation: the server answers them
// UnknownOperationException rather than a made-up result.
var Operations = []*Operation{
	{OperationSchema: operationSchema("CreateOpportunity"), Write: true, Call: Service.CreateOpportunity},
	{OperationSchema: operationSchema("UpdateOpportunity"), Write: true, Call: Service.UpdateOpportunity},
	{OperationSchema: operationSchema("GetOpportunity"), Call: Service.GetOpportunity},
	{OperationSchema: operationSchema("ListOpportunities"), Call: Service.ListOpportunities},
	{OperationSchema: operationSchema("SubmitOpportunity"), Write: true, Call: Service.SubmitOpportunity},
	{OperationSchema: operationSchema("AssociateOpportunity"), Write: true, Call: Service.AssociateOpportunity},
	{OperationSchema: operationSchema("DisassociateOpportunity"), Write: true, Call: Service.DisassociateOpportunity},
	{OperationSchema: operationSchema("AssignOpportunity"), Write: true, Call: Service.AssignOpportunity},
	// The quotas (spec §12) list ListSolutions among the reads; the tag and
	// settings operations are not listed: changes count as writes, reads as
	// reads [inferred], as SubmitOpportunity does.
	{OperationSchema: operationSchema("ListSolutions"), Call: Service.ListSolutions},
	{OperationSchema: operationSchema("TagResource"), Write: true, Call: Service.TagResource},
	{OperationSchema: operationSchema("UntagResource"), Write: true, Call: Service.UntagResource},
	{OperationSchema: operationSchema("ListTagsForResource"), Call: Service.ListTagsForResource},
	{OperationSchema: operationSchema("GetSellingSystemSettings"), Call: Service.GetSellingSystemSettings},
	{OperationSchema: operationSchema("PutSellingSystemSettings"), Write: true, Call: Service.PutSellingSystemSettings},
	// Snapshots and jobs (fact sheet §7): creating, starting, stopping and
	// deleting count as writes, reads as reads [inferred; spec §12 lists none].
	{OperationSchema: operationSchema("CreateResourceSnapshot"), Write: true, Call: Service.CreateResourceSnapshot},
	{OperationSchema: operationSchema("GetResourceSnapshot"), Call: Service.GetResourceSnapshot},
	{OperationSchema: operationSchema("ListResourceSnapshots"), Call: Service.ListResourceSnapshots},
	{OperationSchema: operationSchema("CreateResourceSnapshotJob"), Write: true, Call: Service.CreateResourceSnapshotJob},
	{OperationSchema: operationSchema("GetResourceSnapshotJob"), Call: Service.GetResourceSnapshotJob},
	{OperationSchema: operationSchema("ListResourceSnapshotJobs"), Call: Service.ListResourceSnapshotJobs},
	{OperationSchema: operationSchema("StartResourceSnapshotJob"), Write: true, Call: Service.StartResourceSnapshotJob},
	{OperationSchema: operationSchema("StopResourceSnapshotJob"), Write: true, Call: Service.StopResourceSnapshotJob},
	{OperationSchema: operationSchema("DeleteResourceSnapshotJob"), Write: true, Call: Service.DeleteResourceSnapshotJob},
	{OperationSchema: operationSchema("ListEngagementResourceAssociations"), Call: Service.ListEngagementResourceAssociations},

	// Invitations, engagements, tasks and the AWS summary (issue 7). The
	// quotas list GetAwsOpportunitySummary, GetEngagementInvitation and
	// ListEngagementInvitations among the reads, RejectEngagementInvitation
	// and two tasks among the writes, CreateEngagement with its own 15 per
	// second; the others count as writes when they change something, reads
	// when they do not [inferred].
	{OperationSchema: operationSchema("CreateEngagement"), Write: true, Call: Service.CreateEngagement},
	{OperationSchema: operationSchema("GetEngagement"), Call: Service.GetEngagement},
	{OperationSchema: operationSchema("ListEngagements"), Call: Service.ListEngagements},
	{OperationSchema: operationSchema("ListEngagementMembers"), Call: Service.ListEngagementMembers},
	{OperationSchema: operationSchema("CreateEngagementContext"), Write: true, Call: Service.CreateEngagementContext},
	{OperationSchema: operationSchema("UpdateEngagementContext"), Write: true, Call: Service.UpdateEngagementContext},
	{OperationSchema: operationSchema("CreateEngagementInvitation"), Write: true, Call: Service.CreateEngagementInvitation},
	{OperationSchema: operationSchema("GetEngagementInvitation"), Call: Service.GetEngagementInvitation},
	{OperationSchema: operationSchema("ListEngagementInvitations"), Call: Service.ListEngagementInvitations},
	{OperationSchema: operationSchema("AcceptEngagementInvitation"), Write: true, Call: Service.AcceptEngagementInvitation},
	{OperationSchema: operationSchema("RejectEngagementInvitation"), Write: true, Call: Service.RejectEngagementInvitation},
	{OperationSchema: operationSchema("StartEngagementByAcceptingInvitationTask"), Write: true, Call: Service.StartEngagementByAcceptingInvitationTask},
	{OperationSchema: operationSchema("StartEngagementFromOpportunityTask"), Write: true, Call: Service.StartEngagementFromOpportunityTask},
	{OperationSchema: operationSchema("StartOpportunityFromEngagementTask"), Write: true, Call: Service.StartOpportunityFromEngagementTask},
	{OperationSchema: operationSchema("ListEngagementByAcceptingInvitationTasks"), Call: Service.ListEngagementByAcceptingInvitationTasks},
	{OperationSchema: operationSchema("ListEngagementFromOpportunityTasks"), Call: Service.ListEngagementFromOpportunityTasks},
	{OperationSchema: operationSchema("ListOpportunityFromEngagementTasks"), Call: Service.ListOpportunityFromEngagementTasks},
	{OperationSchema: operationSchema("GetAwsOpportunitySummary"), Call: Service.GetAwsOpportunitySummary},
}

// ValidationExceptionShape describes the error body clients parse.
var ValidationExceptionShape = shValidationException

// operationSchema returns the schema of the operation called name; a name
// the model lacks is a programming error.
func operationSchema(name string) *OperationSchema {
	if s := OperationSchemaNamed(name); s != nil {
		return s
	}
	panic("cosell: the model has no operation " + name)
}

// OperationSchemaNamed returns the schema of any operation of the model
// called name, served or not, or nil.
func OperationSchemaNamed(name string) *OperationSchema {
	for _, s := range AllOperations {
		if s.Name == name {
			return s
		}
	}
	return nil
}

var operationsByName = func() map[string]*Operation {
	m := make(map[string]*Operation, len(Operations))
	for _, op := range Operations {
		m[op.Name] = op
	}
	return m
}()

// OperationNamed returns the operation called name, or nil.
func OperationNamed(name string) *Operation { return operationsByName[name] }

func init() {
	seen := map[*Shape]bool{}
	for _, op := range Operations {
		intern(op.Input, seen)
		if op.Output != nil {
			intern(op.Output, seen)
		}
	}
	intern(ValidationExceptionShape, seen)
}
