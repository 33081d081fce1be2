package cosell

import (
	"regexp"
	"slices"
	"strconv"
)

// ruleCheck is the would-be record a rule looks at: the new body, the stored
// body it replaces (nil at create), the associated entities, and today's UTC
// date (YYYY-MM-DD).
type ruleCheck struct {
	body, prev Object
	related    *Related
	today      string
	fields     []FieldError
}

func (c *ruleCheck) fail(path string, code FieldCode, msg string) {
	c.fields = append(c.fields, FieldError{FieldName: path, Message: msg, Code: code})
}

// changed reports whether the value at path differs from the stored record
// (always true at create).
func (c *ruleCheck) changed(path ...string) bool {
	return c.prev == nil || c.prev.Str(path...) != c.body.Str(path...)
}

// businessRules applies the field rules of spec §3.10 and the Stage rules of
// §3.4 to a new record and returns every violation (BUSINESS_VALIDATION_FAILED).
func businessRules(body, prev Object, related *Related, today string) []FieldError {
	c := &ruleCheck{body: body, prev: prev, related: related, today: today}
	c.mandatory()
	c.nationalSecurity()
	c.primaryNeeds()
	c.marketing()
	c.project()
	c.spend()
	c.address()
	c.lifeCycle()
	c.softwareRevenue()
	return c.fields
}

// mandatory: the business-mandatory fields. The API reference only says
// "a set of mandatory fields"; cosell takes the minimum the samples and the
// legacy field guide agree on (spec §4 CreateOpportunity (?)), on create and
// on every update, because a full-replacement update that drops one of them
// would leave the record without it. WebsiteUrl is needed unless the
// opportunity is national security ([seed]).
func (c *ruleCheck) mandatory() {
	b := c.body
	if b.Obj("Customer", "Account") == nil {
		c.fail("Customer.Account", CodeRequired, "is required")
	} else {
		if b.Str("Customer", "Account", "Industry") == "" {
			c.fail("Customer.Account.Industry", CodeRequired, "is required")
		}
		if b.Str("Customer", "Account", "WebsiteUrl") == "" && b.Str("NationalSecurity") != "Yes" {
			c.fail("Customer.Account.WebsiteUrl", CodeRequired, "is required unless NationalSecurity is Yes")
		}
		if b.Str("Customer", "Account", "Address", "CountryCode") == "" {
			c.fail("Customer.Account.Address.CountryCode", CodeRequired, "is required")
		}
	}
	if b.Str("Project", "Title") == "" {
		c.fail("Project.Title", CodeRequired, "is required")
	}
	if b.Str("Project", "CustomerBusinessProblem") == "" {
		c.fail("Project.CustomerBusinessProblem", CodeRequired, "is required")
	}
	if b.Str("LifeCycle", "TargetCloseDate") == "" {
		c.fail("LifeCycle.TargetCloseDate", CodeRequired, "is required")
	}
}

// nationalSecurity: Yes only with Industry Government [seed][model doc].
func (c *ruleCheck) nationalSecurity() {
	if c.body.Str("NationalSecurity") == "Yes" && c.body.Str("Customer", "Account", "Industry") != "Government" {
		c.fail("NationalSecurity", CodeInvalidValue, "can be Yes only when Customer.Account.Industry is Government")
	}
}

// primaryNeeds: the For Visibility Only marker cannot be mixed with co-sell
// needs, cannot be used for national security, and a co-sell opportunity
// cannot switch back to it [samples, legacy (?)].
func (c *ruleCheck) primaryNeeds() {
	needs := c.body.List("PrimaryNeedsFromAws")
	fvo := slices.Contains(needs, any(string(NoSupportNeeded)))
	switch {
	case fvo && len(needs) > 1:
		c.fail("PrimaryNeedsFromAws", CodeInvalidValue, "cannot combine "+string(NoSupportNeeded)+" with co-sell needs")
	case fvo && c.body.Str("NationalSecurity") == "Yes":
		c.fail("PrimaryNeedsFromAws", CodeInvalidValue, "cannot be "+string(NoSupportNeeded)+" for a national security opportunity")
	case fvo && c.prev != nil && hasCoSellNeed(c.prev.List("PrimaryNeedsFromAws")):
		c.fail("PrimaryNeedsFromAws", CodeInvalidValue, "cannot switch from co-sell needs back to "+string(NoSupportNeeded))
	}
}

func hasCoSellNeed(needs []any) bool {
	for _, n := range needs {
		if n != string(NoSupportNeeded) {
			return true
		}
	}
	return false
}

// marketing: UseCases must be empty when AwsFundingUsed is No [seed]; Source
// None means no campaign, channels, use cases or funding flag, and Source
// Marketing Activity needs AwsFundingUsed [samples, legacy (?)].
func (c *ruleCheck) marketing() {
	m := c.body.Obj("Marketing")
	if m == nil {
		return
	}
	if m.Str("AwsFundingUsed") == "No" && len(m.List("UseCases")) > 0 {
		c.fail("Marketing.UseCases", CodeInvalidValue, "must be empty when AwsFundingUsed is No")
	}
	switch m.Str("Source") {
	case "None":
		for _, f := range []string{"CampaignName", "Channels", "UseCases", "AwsFundingUsed"} {
			if !isEmpty(m.Get(f)) {
				c.fail("Marketing."+f, CodeInvalidValue, "must be empty when Source is None")
			}
		}
	case "Marketing Activity":
		if m.Str("AwsFundingUsed") == "" {
			c.fail("Marketing.AwsFundingUsed", CodeRequired, "is required when Source is Marketing Activity")
		}
	}
}

// project: OtherCompetitorNames only with CompetitorName *Other [seed];
// a Flat Renewal names the opportunity it renews [samples, legacy (?)];
// ExpectedContractDuration.Value is a whole number of months, 1 to 144 [model doc].
func (c *ruleCheck) project() {
	p := c.body.Obj("Project")
	if p.Str("OtherCompetitorNames") != "" && p.Str("CompetitorName") != "*Other" {
		c.fail("Project.OtherCompetitorNames", CodeInvalidValue, "is allowed only when CompetitorName is *Other")
	}
	// OtherSolutionDescription describes the "Other" solution, which an
	// opportunity has only while none of the partner's catalog is
	// associated (docs/decisions.md "OtherSolutionDescription and the
	// Other solution"): with one associated, setting or changing it is
	// refused. An unchanged stored value (written before this rule) is left
	// for SubmitOpportunity to drop.
	if other := p.Str("OtherSolutionDescription"); other != "" && c.related != nil && len(c.related.Solutions) > 0 &&
		other != c.prev.Str("Project", "OtherSolutionDescription") {
		c.fail("Project.OtherSolutionDescription", CodeInvalidValue,
			"describes the Other solution and cannot be set while a solution is associated ("+c.related.Solutions[0]+"); disassociate it first")
	}
	if c.body.Str("OpportunityType") == "Flat Renewal" && p.Str("RelatedOpportunityIdentifier") == "" {
		c.fail("Project.RelatedOpportunityIdentifier", CodeRequired, "is required when OpportunityType is Flat Renewal")
	}
	if d := p.Obj("ExpectedContractDuration"); d != nil {
		v := d.Str("Value")
		n, err := strconv.Atoi(v)
		switch {
		case err != nil || !wholeMonths.MatchString(v):
			c.fail("Project.ExpectedContractDuration.Value", CodeInvalidValue, strconv.Quote(v)+" is not a whole number of months")
		case n < 1 || n > ExpectedContractDurationMaxMonths:
			c.fail("Project.ExpectedContractDuration.Value", CodeOutOfRange, strconv.Itoa(n)+" is outside 1 to 144 months")
		}
	}
}

// wholeMonths is a plain integer string: digits, no sign, no leading zero.
var wholeMonths = regexp.MustCompile(`^[1-9][0-9]*$`)

// spend: the service takes USD or EUR, and EUR alone in the aws-eusc
// partition [model doc]. TargetCompany is normalised to AWS before this runs.
func (c *ruleCheck) spend() {
	eusc := c.body.Str("Project", "AwsPartition") == "aws-eusc"
	for i, e := range c.body.List("Project", "ExpectedCustomerSpend") {
		cur := e.(Object).Str("CurrencyCode")
		path := "Project.ExpectedCustomerSpend[" + strconv.Itoa(i) + "].CurrencyCode"
		switch {
		case eusc && cur != "EUR":
			c.fail(path, CodeInvalidValue, "must be EUR when Project.AwsPartition is aws-eusc")
		case cur != "USD" && cur != "EUR":
			c.fail(path, CodeInvalidValue, strconv.Quote(cur)+" is not accepted; use USD or EUR")
		}
	}
}

// address: StateOrRegion applies to US addresses only [samples, legacy (?)].
func (c *ruleCheck) address() {
	a := c.body.Obj("Customer", "Account", "Address")
	if a.Str("StateOrRegion") != "" && a.Str("CountryCode") != "US" {
		c.fail("Customer.Account.Address.StateOrRegion", CodeInvalidValue, "is allowed only when CountryCode is US")
	}
}

// lifeCycle: ClosedLostReason goes with Closed Lost and only with it
// ([seed]; rejecting it elsewhere is (?)); moving to Committed or Launched
// needs an associated solution or Marketplace offer [user guide]; a target
// close date that is set or changed cannot be in the past (UTC; today is
// fine) [seed][inferred].
func (c *ruleCheck) lifeCycle() {
	lc := c.body.Obj("LifeCycle")
	stage := Stage(lc.Str("Stage"))
	reason := lc.Str("ClosedLostReason")
	if stage == StageClosedLost && reason == "" {
		c.fail("LifeCycle.ClosedLostReason", CodeRequired, "is required when Stage is Closed Lost")
	}
	if stage != StageClosedLost && reason != "" {
		c.fail("LifeCycle.ClosedLostReason", CodeInvalidValue, "is allowed only when Stage is Closed Lost")
	}
	if (stage == StageCommitted || stage == StageLaunched) && c.changed("LifeCycle", "Stage") && c.related != nil &&
		len(c.related.Solutions)+len(c.related.AwsMarketplaceOffers)+len(c.related.AwsMarketplaceOfferSets) == 0 {
		c.fail("LifeCycle.Stage", CodeInvalidValue, "moving to "+string(stage)+" needs an associated solution or AWS Marketplace offer")
	}
	if d := lc.Str("TargetCloseDate"); d != "" && d < c.today && c.changed("LifeCycle", "TargetCloseDate") {
		c.fail("LifeCycle.TargetCloseDate", CodeInvalidValue, d+" is in the past")
	}
}

// softwareRevenue: the contract cannot expire before it starts [inferred (?)].
func (c *ruleCheck) softwareRevenue() {
	sr := c.body.Obj("SoftwareRevenue")
	eff, exp := sr.Str("EffectiveDate"), sr.Str("ExpirationDate")
	if eff != "" && exp != "" && exp < eff {
		c.fail("SoftwareRevenue.ExpirationDate", CodeInvalidValue, "is before EffectiveDate")
	}
}

// isEmpty is the comparison rule of the Action Required check: null, absent,
// "" and [] are the same (spec §3.6).
func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case []any:
		return len(v) == 0
	case Object:
		for _, f := range v {
			if !isEmpty(f.Value) {
				return false
			}
		}
		return true
	}
	return false
}
