package cosell

import "context"

// GetAwsOpportunitySummary is AWS's side of a partner's opportunity (fact
// sheet §4): it exists once AWS tracks the opportunity — after submission
// (SubmitOpportunity or StartEngagementFromOpportunityTask), for an accepted
// AWS referral, or for an opportunity that mirrors another partner's — and
// is ResourceNotFoundException before [inferred; the sample reads it after
// approval]. Only the opportunity's owner reads it.
//
// Origin is the opportunity's (AWS Referral for an accepted referral);
// InvolvementType and Visibility are the submission's (default Co-Sell,
// Full, as the recorded examples show [S-pm]); the lifecycle carries the
// partner's stage and close date; the AWS team is the partner development
// manager [S-pm: OpportunityTeam=[PDM]]; Insights stay null, as in every
// recorded example.
func (s *OpportunityService) GetAwsOpportunitySummary(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(GetAwsOpportunitySummaryInput, in)
	if err != nil {
		return nil, err
	}
	catalog, id := req.Str("Catalog"), req.Str("RelatedOpportunityIdentifier")
	o, err := s.store.GetOpportunity(ctx, catalog, id)
	if err != nil {
		return nil, err
	}
	if !s.visible(ctx, o) {
		return nil, notFound(catalog, id)
	}
	var link *OpportunityLink
	if err := s.items().ViewItems(ctx, func(tx ItemTx) error {
		link, err = linkOf(tx, catalog, id)
		return err
	}); err != nil {
		return nil, err
	}
	tracked := ReviewStatus(o.ReviewStatus()) != StatusPendingSubmission ||
		(link != nil && (o.Origin == string(OriginAWSReferral) || link.MirrorOf != ""))
	if !tracked {
		return nil, Errorf(NotFoundError, "AWS has no opportunity for %s in catalog %s yet: it appears once the opportunity is submitted, or accepted from an AWS referral.", id, catalog)
	}
	involvement, visibility := string(InvolvementCoSell), "Full"
	if needs := o.Body.List("PrimaryNeedsFromAws"); len(needs) == 1 && needs[0] == string(NoSupportNeeded) {
		involvement = string(InvolvementVisibilityOnly)
	}
	if link != nil && link.Involvement != "" {
		involvement = link.Involvement
	}
	if link != nil && link.Visibility != "" {
		visibility = link.Visibility
	}
	lc := o.Body.Obj("LifeCycle")
	return fillRoot(GetAwsOpportunitySummaryOutput, Object{
		{"RelatedOpportunityId", o.ID},
		{"Origin", o.Origin},
		{"InvolvementType", involvement},
		{"Visibility", visibility},
		{"LifeCycle", Object{{"TargetCloseDate", lc.Get("TargetCloseDate")}, {"Stage", lc.Get("Stage")}}},
		{"OpportunityTeam", []any{referralContact}},
		{"RelatedEntityIds", Object{{"AwsProducts", anyList(o.Related.AwsProducts)}, {"Solutions", anyList(o.Related.Solutions)}}},
		{"Project", Object{{"ExpectedCustomerSpend", o.Body.Obj("Project").Get("ExpectedCustomerSpend")}}},
		{"Catalog", catalog},
	}), nil
}
