package cosell

// Enum values the domain logic names.
const (
	CatalogAWS     Catalog = "AWS"
	CatalogSandbox Catalog = "Sandbox"

	StatusPendingSubmission ReviewStatus = "Pending Submission"
	StatusSubmitted         ReviewStatus = "Submitted"
	StatusInReview          ReviewStatus = "In review"
	StatusApproved          ReviewStatus = "Approved"
	StatusRejected          ReviewStatus = "Rejected"
	StatusActionRequired    ReviewStatus = "Action Required"

	StageProspect   Stage = "Prospect"
	StageCommitted  Stage = "Committed"
	StageLaunched   Stage = "Launched"
	StageClosedLost Stage = "Closed Lost"

	OriginPartnerReferral OpportunityOrigin = "Partner Referral"
	OriginAWSReferral     OpportunityOrigin = "AWS Referral"

	InvolvementCoSell         SalesInvolvementType = "Co-Sell"
	InvolvementVisibilityOnly SalesInvolvementType = "For Visibility Only"

	// NoSupportNeeded is what the service stores in PrimaryNeedsFromAws after a
	// For Visibility Only submission. It is outside the model's enum, yet the
	// service accepts it on later updates (spec §4 SubmitOpportunity).
	NoSupportNeeded PrimaryNeedFromAws = "Do Not Need Support from AWS Sales Rep"
)
