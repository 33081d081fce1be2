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
}

// Operation ties an API operation's name to its shapes and its Service method.
type Operation struct {
	Name   string
	Input  *Shape
	Output *Shape // nil: the response body is empty
	Write  bool   // counts against the write quota (spec §7)
	Call   func(Service, context.Context, Object) (Object, error)
}

// ServiceTarget is the X-Amz-Target prefix; SigningName the SigV4 service name.
const (
	ServiceTarget = "AWSPartnerCentralSelling"
	SigningName   = "partnercentral-selling"
	APIVersion    = "2022-07-26"
)

// Operations lists the emulated operations.
var Operations = []*Operation{
	{Name: "CreateOpportunity", Input: CreateOpportunityInput, Output: CreateOpportunityOutput, Write: true, Call: Service.CreateOpportunity},
	{Name: "UpdateOpportunity", Input: UpdateOpportunityInput, Output: UpdateOpportunityOutput, Write: true, Call: Service.UpdateOpportunity},
	{Name: "GetOpportunity", Input: GetOpportunityInput, Output: GetOpportunityOutput, Call: Service.GetOpportunity},
	{Name: "ListOpportunities", Input: ListOpportunitiesInput, Output: ListOpportunitiesOutput, Call: Service.ListOpportunities},
	{Name: "SubmitOpportunity", Input: SubmitOpportunityInput, Write: true, Call: Service.SubmitOpportunity},
	{Name: "AssociateOpportunity", Input: AssociateOpportunityInput, Write: true, Call: Service.AssociateOpportunity},
	{Name: "DisassociateOpportunity", Input: DisassociateOpportunityInput, Write: true, Call: Service.DisassociateOpportunity},
	{Name: "AssignOpportunity", Input: AssignOpportunityInput, Write: true, Call: Service.AssignOpportunity},
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
