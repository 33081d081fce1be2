package cli

// paginators are the facts of botocore's
// data/partnercentral-selling/2022-07-26/paginators-1.json: the operations
// the AWS CLI pages automatically, with their limit key and result key.
// Every one has NextToken as input and output token (tokenKey).
// TestPaginatorsMatchBotocore compares this table with the installed file.
var paginators = map[string]struct{ LimitKey, ResultKey string }{
	"ListEngagementByAcceptingInvitationTasks": {"MaxResults", "TaskSummaries"},
	"ListEngagementFromOpportunityTasks":       {"MaxResults", "TaskSummaries"},
	"ListEngagementInvitations":                {"MaxResults", "EngagementInvitationSummaries"},
	"ListEngagementMembers":                    {"MaxResults", "EngagementMemberList"},
	"ListEngagementResourceAssociations":       {"MaxResults", "EngagementResourceAssociationSummaries"},
	"ListEngagements":                          {"MaxResults", "EngagementSummaryList"},
	"ListOpportunities":                        {"MaxResults", "OpportunitySummaries"},
	"ListOpportunityFromEngagementTasks":       {"MaxResults", "TaskSummaries"},
	"ListResourceSnapshotJobs":                 {"MaxResults", "ResourceSnapshotJobSummaries"},
	"ListResourceSnapshots":                    {"MaxResults", "ResourceSnapshotSummaries"},
	"ListSolutions":                            {"MaxResults", "SolutionSummaries"},
}
