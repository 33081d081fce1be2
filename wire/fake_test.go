package wire

import (
	"context"
	"sync"

	"github.com/cosell/cosell"
)

// fakeService records every call and answers with canned values.
type fakeService struct {
	mu    sync.Mutex
	calls []fakeCall

	out   cosell.Object
	err   error
	panic any
}

type fakeCall struct {
	Op string
	In cosell.Object
}

func (f *fakeService) do(op string, in cosell.Object) (cosell.Object, error) {
	f.mu.Lock()
	f.calls = append(f.calls, fakeCall{op, in})
	f.mu.Unlock()
	if f.panic != nil {
		panic(f.panic)
	}
	return f.out, f.err
}

func (f *fakeService) Calls() []fakeCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeCall(nil), f.calls...)
}

func (f *fakeService) CreateOpportunity(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("CreateOpportunity", in)
}
func (f *fakeService) UpdateOpportunity(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("UpdateOpportunity", in)
}
func (f *fakeService) GetOpportunity(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("GetOpportunity", in)
}
func (f *fakeService) ListOpportunities(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("ListOpportunities", in)
}
func (f *fakeService) SubmitOpportunity(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("SubmitOpportunity", in)
}
func (f *fakeService) AssociateOpportunity(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("AssociateOpportunity", in)
}
func (f *fakeService) DisassociateOpportunity(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("DisassociateOpportunity", in)
}
func (f *fakeService) AssignOpportunity(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("AssignOpportunity", in)
}
func (f *fakeService) ListSolutions(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("ListSolutions", in)
}
func (f *fakeService) TagResource(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("TagResource", in)
}
func (f *fakeService) UntagResource(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("UntagResource", in)
}
func (f *fakeService) ListTagsForResource(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("ListTagsForResource", in)
}
func (f *fakeService) GetSellingSystemSettings(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("GetSellingSystemSettings", in)
}
func (f *fakeService) PutSellingSystemSettings(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("PutSellingSystemSettings", in)
}
func (f *fakeService) CreateResourceSnapshot(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("CreateResourceSnapshot", in)
}
func (f *fakeService) GetResourceSnapshot(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("GetResourceSnapshot", in)
}
func (f *fakeService) ListResourceSnapshots(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("ListResourceSnapshots", in)
}
func (f *fakeService) CreateResourceSnapshotJob(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("CreateResourceSnapshotJob", in)
}
func (f *fakeService) GetResourceSnapshotJob(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("GetResourceSnapshotJob", in)
}
func (f *fakeService) ListResourceSnapshotJobs(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("ListResourceSnapshotJobs", in)
}
func (f *fakeService) StartResourceSnapshotJob(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("StartResourceSnapshotJob", in)
}
func (f *fakeService) StopResourceSnapshotJob(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("StopResourceSnapshotJob", in)
}
func (f *fakeService) DeleteResourceSnapshotJob(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("DeleteResourceSnapshotJob", in)
}
func (f *fakeService) ListEngagementResourceAssociations(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("ListEngagementResourceAssociations", in)
}
func (f *fakeService) CreateEngagement(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("CreateEngagement", in)
}
func (f *fakeService) GetEngagement(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("GetEngagement", in)
}
func (f *fakeService) ListEngagements(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("ListEngagements", in)
}
func (f *fakeService) ListEngagementMembers(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("ListEngagementMembers", in)
}
func (f *fakeService) CreateEngagementContext(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("CreateEngagementContext", in)
}
func (f *fakeService) UpdateEngagementContext(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("UpdateEngagementContext", in)
}
func (f *fakeService) CreateEngagementInvitation(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("CreateEngagementInvitation", in)
}
func (f *fakeService) GetEngagementInvitation(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("GetEngagementInvitation", in)
}
func (f *fakeService) ListEngagementInvitations(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("ListEngagementInvitations", in)
}
func (f *fakeService) AcceptEngagementInvitation(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("AcceptEngagementInvitation", in)
}
func (f *fakeService) RejectEngagementInvitation(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("RejectEngagementInvitation", in)
}
func (f *fakeService) StartEngagementByAcceptingInvitationTask(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("StartEngagementByAcceptingInvitationTask", in)
}
func (f *fakeService) StartEngagementFromOpportunityTask(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("StartEngagementFromOpportunityTask", in)
}
func (f *fakeService) StartOpportunityFromEngagementTask(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("StartOpportunityFromEngagementTask", in)
}
func (f *fakeService) ListEngagementByAcceptingInvitationTasks(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("ListEngagementByAcceptingInvitationTasks", in)
}
func (f *fakeService) ListEngagementFromOpportunityTasks(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("ListEngagementFromOpportunityTasks", in)
}
func (f *fakeService) ListOpportunityFromEngagementTasks(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("ListOpportunityFromEngagementTasks", in)
}
func (f *fakeService) GetAwsOpportunitySummary(_ context.Context, in cosell.Object) (cosell.Object, error) {
	return f.do("GetAwsOpportunitySummary", in)
}

var _ cosell.Service = (*fakeService)(nil)
