package cosell

// The schema of the Partner Central Selling opportunity operations (API
// version 2022-07-26, the newest model: the superset of what old and new SDKs
// send). Shape names, member order, required members, value sets and
// constraints are facts of the service model; every description is cosell's
// own. All string patterns are full-match.

// Common string shapes.
var (
	shString = str("String")
	// The model types Catalog as a string of letters; the service accepts AWS or Sandbox.
	shCatalog     = str("CatalogIdentifier", pattern(`[a-zA-Z]+`), listed(strs(Catalog("").Values())))
	shOppID       = str("OpportunityIdentifier", pattern(`O[0-9]{1,19}`))
	shDate        = str("Date", dateOnly)
	shDateTime    = timestamp("DateTime")
	shCountryCode = enum("CountryCode", CountryCode("").Values(), sensitive)
	shCurrency    = enum("CurrencyCode", CurrencyCode("").Values(), sensitive)
	shEmail       = str("Email", length(0, 80), sensitive,
		pattern("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"))
	shPhone    = str("PhoneNumber", pattern(`\+[1-9]\d{1,14}`), sensitive)
	shJobTitle = str("JobTitle", length(0, 80), sensitive)
	shName80   = str("ContactFirstNameString", length(0, 80), sensitive)
	shArn      = str("OpportunityArn", pattern(`arn:.*`))
)

// Contact is a person on the customer's side or on the partner's team.
var shContact = structure("Contact",
	opt("Email", shEmail, "Email address, lower case."),
	opt("FirstName", shName80, "Given name."),
	opt("LastName", shName80, "Family name."),
	opt("BusinessTitle", shJobTitle, "Job title or role."),
	opt("Phone", shPhone, "Phone number in E.164 form, such as +12065550100."),
)

var shAddress = structure("Address",
	opt("City", str("AddressCityString", length(0, 255), sensitive), "City."),
	opt("PostalCode", str("AddressPostalCodeString", length(0, 20), sensitive), "Postal or ZIP code."),
	opt("StateOrRegion", str("AddressPart", sensitive, listed(strs(StateOrRegion("").Values()))), "US state, territory or military postal code."),
	opt("CountryCode", shCountryCode, "ISO 3166 alpha-2 country code."),
	opt("StreetAddress", str("AddressStreetAddressString", length(0, 255), sensitive), "Street address."),
)

var (
	shIndustry      = enum("Industry", Industry("").Values())
	shOtherIndustry = str("AccountOtherIndustryString", length(0, 255))
	shCompanyName   = str("AccountCompanyNameString", length(0, 120), sensitive)
	shWebsiteURL    = str("WebsiteUrl", length(4, 255), sensitive)
)

var shAccount = structure("Account",
	opt("Industry", shIndustry, "Industry the customer works in."),
	opt("OtherIndustry", shOtherIndustry, "The industry, in words, when Industry is Other."),
	req("CompanyName", shCompanyName, "Customer's company name."),
	opt("WebsiteUrl", shWebsiteURL, "Customer's website; needed unless the opportunity is national security."),
	opt("AwsAccountId", str("AwsAccount", pattern(`[0-9]{12}|\w{1,12}`), sensitive), "Customer's 12-digit AWS account ID."),
	opt("Address", shAddress, "Customer's address."),
	opt("Duns", str("DunsNumber", pattern(`[0-9]{9}`), sensitive), "Customer's nine-digit DUNS number."),
)

var shCustomer = structure("Customer",
	opt("Account", shAccount, "The customer's company."),
	opt("Contacts", list("CustomerContactsList", shContact, 0, 0), "People at the customer."),
)

var (
	shDeliveryModels = list("DeliveryModels", enum("DeliveryModel", DeliveryModel("").Values()), 0, 0)
	shSpendAmount    = str("Amount", pattern(`((0|([1-9][0-9]{0,30}))(\.[0-9]{0,2})?)?`), sensitive)
	shSpend          = structure("ExpectedCustomerSpend",
		opt("Amount", shSpendAmount, "Expected spend per period, a decimal with up to two places."),
		req("CurrencyCode", shCurrency, "Currency of Amount; the service takes USD or EUR."),
		req("Frequency", enum("PaymentFrequency", PaymentFrequency("").Values()), "How often the amount is spent."),
		req("TargetCompany", str("ExpectedCustomerSpendTargetCompanyString", length(1, 80)), "Who receives the spend; stored as AWS."),
		opt("EstimationUrl", str("EstimationUrl", pattern(`https://(calculator\.aws|pricing\.calculator\.aws\.eu)/#/estimate\?id=[a-f0-9]{32,64}`)), "Link to an AWS Pricing Calculator estimate."),
	)
	shSpendList        = list("ExpectedCustomerSpendList", shSpend, 0, 10)
	shContractDuration = structure("ExpectedContractDuration",
		req("Term", enum("ExpectedContractDurationTerm", ExpectedContractDurationTerm("").Values()), "Unit of Value."),
		req("Value", shString, "Number of months, 1 to 144."),
	)
)

var shProject = structure("Project",
	opt("DeliveryModels", shDeliveryModels, "How the solution is delivered or consumed."),
	opt("ExpectedCustomerSpend", shSpendList, "The customer's expected AWS spend, up to 10 entries."),
	opt("ExpectedContractDuration", shContractDuration, "Expected length of the contract."),
	opt("Title", str("ProjectTitleString", length(0, 255), sensitive), "Short name of the project."),
	opt("ApnPrograms", list("ApnPrograms", str("String", listed(strs(ApnProgram("").Values()))), 0, 0), "APN programs that influenced the opportunity."),
	opt("CustomerBusinessProblem", str("ProjectCustomerBusinessProblemString", length(20, 2000), sensitive), "The customer's problem and how the partner solves it, 20 to 2000 characters."),
	opt("CustomerUseCase", str("String", listed(strs(CustomerUseCase("").Values()))), "Main workload or use case."),
	opt("RelatedOpportunityIdentifier", shOppID, "Identifier of a parent opportunity."),
	opt("SalesActivities", list("SalesActivities", enum("SalesActivity", SalesActivity("").Values()), 0, 0), "Sales activities done with the customer so far."),
	opt("CompetitorName", enum("CompetitorName", CompetitorName("").Values()), "Main competitor, if any."),
	opt("OtherCompetitorNames", str("ProjectOtherCompetitorNamesString", length(0, 255)), "Competitors by name when CompetitorName is *Other."),
	opt("OtherSolutionDescription", str("ProjectOtherSolutionDescriptionString", length(0, 255), sensitive), "The offered solution, in words, when the associated solution is Other."),
	opt("AdditionalComments", str("ProjectAdditionalCommentsString", length(1, 255)), "Anything not captured elsewhere."),
	opt("AwsPartition", enum("AwsPartition", AwsPartition("").Values()), "AWS partition of the opportunity, when not the commercial one."),
)

var shMarketing = structure("Marketing",
	opt("CampaignName", shString, "AWS campaign code the opportunity came from."),
	opt("Source", enum("MarketingSource", MarketingSource("").Values()), "Whether an AWS marketing activity sourced the opportunity."),
	opt("UseCases", list("UseCases", str("String", listed(strs(MarketingUseCase("").Values()))), 0, 0), "Use cases of the marketing activity; empty unless AWS funding was used."),
	opt("Channels", list("Channels", enum("Channel", Channel("").Values()), 0, 0), "Marketing channels that reached the customer."),
	opt("AwsFundingUsed", enum("AwsFundingUsed", AwsFundingUsed("").Values()), "Whether marketing development funds paid for the activity."),
)

var shSoftwareRevenue = structure("SoftwareRevenue",
	opt("DeliveryModel", enum("RevenueModel", RevenueModel("").Values()), "How the customer pays for the solution."),
	opt("Value", structure("MonetaryValue",
		req("Amount", str("MonetaryValueAmountString", pattern(`(0|([1-9][0-9]{0,30}))(\.[0-9]{0,2})?`)), "Amount, a decimal with up to two places."),
		req("CurrencyCode", shCurrency, "Currency of Amount."),
	), "Contract value."),
	opt("EffectiveDate", shDate, "Contract start date, YYYY-MM-DD."),
	opt("ExpirationDate", shDate, "Contract end date, YYYY-MM-DD."),
)

var (
	shStage            = enum("Stage", Stage("").Values())
	shReviewStatus     = enum("ReviewStatus", ReviewStatus("").Values())
	shNextStepsHistory = list("LifeCycleNextStepsHistoryList", structure("NextStepsHistory",
		req("Value", shString, "The NextSteps text."),
		req("Time", shDateTime, "When it was set."),
	), 0, 50)
)

var shLifeCycle = structure("LifeCycle",
	opt("Stage", shStage, "Sales stage."),
	opt("ClosedLostReason", enum("ClosedLostReason", ClosedLostReason("").Values()), "Why the opportunity was lost; needed when Stage is Closed Lost."),
	opt("NextSteps", str("LifeCycleNextStepsString", length(0, 255), sensitive), "What happens next."),
	opt("TargetCloseDate", shDate, "Expected close date, YYYY-MM-DD, not in the past."),
	opt("ReviewStatus", shReviewStatus, "AWS review status (read-only, except in Sandbox review simulation)."),
	opt("ReviewComments", shString, "Reviewer's comments (read-only)."),
	opt("ReviewStatusReason", shString, "Reviewer's reason for the status (read-only)."),
	opt("NextStepsHistory", shNextStepsHistory, "The last 50 NextSteps values with their times (read-only)."),
)

var (
	shPrimaryNeeds = list("PrimaryNeedsFromAws", enum("PrimaryNeedFromAws", PrimaryNeedFromAws("").Values(), alsoAccepts(string(NoSupportNeeded))), 0, 0)
	shNatSec       = enum("NationalSecurity", NationalSecurity("").Values())
	shPartnerOppID = str("PartnerOpportunityIdentifier", length(0, 64))
	shOppType      = enum("OpportunityType", OpportunityType("").Values())
	shTeam         = list("PartnerOpportunityTeamMembersList", shContact, 0, 10)
)

// Members shared by the create and update requests and the full record, in model order.
var (
	mPrimaryNeeds    = opt("PrimaryNeedsFromAws", shPrimaryNeeds, "Support the partner needs from AWS.")
	mNatSec          = opt("NationalSecurity", shNatSec, "Whether the opportunity concerns national security (Government industry only).")
	mPartnerOppID    = opt("PartnerOpportunityIdentifier", shPartnerOppID, "The opportunity's identifier in the partner's CRM.")
	mCustomer        = opt("Customer", shCustomer, "The end customer.")
	mProject         = opt("Project", shProject, "The project the customer wants done.")
	mOppType         = opt("OpportunityType", shOppType, "New business, renewal or expansion.")
	mMarketing       = opt("Marketing", shMarketing, "Marketing activity behind the opportunity.")
	mSoftwareRevenue = opt("SoftwareRevenue", shSoftwareRevenue, "Procurement terms, for partners in eligible programs.")
	mLifeCycle       = opt("LifeCycle", shLifeCycle, "Stage, review status and next steps.")
	mCatalog         = req("Catalog", shCatalog, "AWS for real opportunities, Sandbox for testing.")
)

// WritableMembers are the top-level members a partner writes with
// CreateOpportunity and replaces wholesale with UpdateOpportunity.
var WritableMembers = []string{
	"PrimaryNeedsFromAws", "NationalSecurity", "PartnerOpportunityIdentifier", "Customer",
	"Project", "OpportunityType", "Marketing", "SoftwareRevenue", "LifeCycle",
}

var shRelatedEntities = structure("RelatedEntityIdentifiers",
	opt("AwsMarketplaceOffers", list("AwsMarketplaceOfferIdentifiers", str("AwsMarketplaceOfferIdentifier", pattern(`arn:aws:aws-marketplace:[a-z]{1,2}-[a-z]*-\d+:\d{12}:AWSMarketplace/Offer/.*`)), 0, 0), "Associated AWS Marketplace private offers."),
	opt("AwsMarketplaceOfferSets", list("AwsMarketplaceOfferSetIdentifiers", str("AwsMarketplaceOfferSetIdentifier", pattern(`arn:aws:aws-marketplace:[a-z]{1,2}-[a-z]*-\d+:\d{12}:AWSMarketplace/OfferSet/offerset-.*`)), 0, 0), "Associated AWS Marketplace offer sets."),
	opt("Solutions", list("SolutionIdentifiers", str("SolutionIdentifier", pattern(`S-[0-9]{1,19}`)), 0, 0), "Associated partner solutions."),
	opt("AwsProducts", list("AwsProductIdentifiers", str("AwsProductIdentifier"), 0, 0), "Associated AWS products."),
)

var shTag = structure("Tag",
	req("Key", str("TagKey", length(1, 128), pattern(`[\p{L}\p{Z}\p{N}_.:/=+\-@]*`)), "Tag key."),
	req("Value", str("TagValue", length(0, 256), pattern(`[\p{L}\p{Z}\p{N}_.:/=+\-@]*`)), "Tag value."),
)

// Operation inputs and outputs.
var (
	CreateOpportunityInput = structure("CreateOpportunityRequest",
		mCatalog, mPrimaryNeeds, mNatSec, mPartnerOppID, mCustomer, mProject, mOppType, mMarketing, mSoftwareRevenue,
		req("ClientToken", str("ClientToken", length(1, 255), pattern(`.{1,255}`)), "Idempotency token; a retry with the same token and body returns the same opportunity."),
		mLifeCycle,
		opt("Origin", enum("OpportunityOrigin", OpportunityOrigin("").Values()), "Who found the opportunity; AWS Referral only in Sandbox."),
		opt("OpportunityTeam", shTeam, "The partner's people on the opportunity, up to 10."),
		opt("Tags", list("TagList", shTag, 1, 200), "Tags for the opportunity, 1 to 200."),
	)
	CreateOpportunityOutput = structure("CreateOpportunityResponse",
		req("Id", shOppID, "Identifier of the opportunity."),
		opt("PartnerOpportunityIdentifier", shString, "The partner's CRM identifier, echoed."),
		opt("LastModifiedDate", shDateTime, "When the opportunity was created."),
	)

	UpdateOpportunityInput = structure("UpdateOpportunityRequest",
		mCatalog, mPrimaryNeeds, mNatSec, mPartnerOppID, mCustomer, mProject, mOppType, mMarketing, mSoftwareRevenue,
		req("LastModifiedDate", shDateTime, "The LastModifiedDate you last read; a stale value is a conflict."),
		req("Identifier", shOppID, "Identifier of the opportunity to update."),
		mLifeCycle,
	)
	UpdateOpportunityOutput = structure("UpdateOpportunityResponse",
		req("Id", shOppID, "Identifier of the opportunity."),
		req("LastModifiedDate", shDateTime, "The new LastModifiedDate; send it with the next update."),
	)

	GetOpportunityInput = structure("GetOpportunityRequest",
		mCatalog,
		req("Identifier", shOppID, "Identifier of the opportunity."),
	)
	GetOpportunityOutput = structure("GetOpportunityResponse",
		mCatalog, mPrimaryNeeds, mNatSec, mPartnerOppID, mCustomer, mProject, mOppType, mMarketing, mSoftwareRevenue,
		req("Id", shOppID, "Identifier of the opportunity."),
		opt("Arn", shArn, "ARN of the opportunity."),
		req("LastModifiedDate", shDateTime, "When the opportunity last changed."),
		req("CreatedDate", shDateTime, "When the opportunity was created."),
		req("RelatedEntityIdentifiers", shRelatedEntities, "Solutions, products and offers associated with the opportunity."),
		mLifeCycle,
		opt("OpportunityTeam", shTeam, "The partner's people on the opportunity."),
	)

	shSummary = structure("OpportunitySummary",
		mCatalog,
		opt("Id", shOppID, "Identifier of the opportunity."),
		opt("Arn", shArn, "ARN of the opportunity."),
		opt("PartnerOpportunityIdentifier", shString, "The partner's CRM identifier."),
		opt("OpportunityType", shOppType, "New business, renewal or expansion."),
		opt("LastModifiedDate", shDateTime, "When the opportunity last changed."),
		opt("CreatedDate", shDateTime, "When the opportunity was created."),
		opt("LifeCycle", structure("LifeCycleSummary",
			opt("Stage", shStage, "Sales stage."),
			opt("ClosedLostReason", shLifeCycle.Member("ClosedLostReason").Shape, "Why the opportunity was lost."),
			opt("NextSteps", shLifeCycle.Member("NextSteps").Shape, "What happens next."),
			opt("TargetCloseDate", shDate, "Expected close date."),
			opt("ReviewStatus", shReviewStatus, "AWS review status."),
			opt("ReviewComments", shString, "Reviewer's comments."),
			opt("ReviewStatusReason", shString, "Reviewer's reason for the status."),
		), "Stage and review status."),
		opt("Customer", structure("CustomerSummary",
			opt("Account", structure("AccountSummary",
				opt("Industry", shIndustry, "Industry the customer works in."),
				opt("OtherIndustry", shOtherIndustry, "The industry, in words, when Industry is Other."),
				req("CompanyName", shCompanyName, "Customer's company name."),
				opt("WebsiteUrl", shWebsiteURL, "Customer's website."),
				opt("Address", structure("AddressSummary",
					opt("City", shAddress.Member("City").Shape, "City."),
					opt("PostalCode", shAddress.Member("PostalCode").Shape, "Postal or ZIP code."),
					opt("StateOrRegion", shAddress.Member("StateOrRegion").Shape, "US state or territory."),
					opt("CountryCode", shCountryCode, "ISO 3166 alpha-2 country code."),
				), "Customer's address."),
			), "The customer's company."),
		), "The end customer."),
		opt("Project", structure("ProjectSummary",
			opt("DeliveryModels", shDeliveryModels, "How the solution is delivered."),
			opt("ExpectedCustomerSpend", shSpendList, "The customer's expected AWS spend."),
			opt("ExpectedContractDuration", shContractDuration, "Expected length of the contract."),
		), "Project summary."),
	)

	ListOpportunitiesInput = structure("ListOpportunitiesRequest",
		mCatalog,
		opt("MaxResults", integer("PageSize", 1, 100), "Page size, 1 to 100 (default 20)."),
		opt("NextToken", shString, "Token from the previous page."),
		opt("Sort", structure("OpportunitySort",
			req("SortOrder", enum("SortOrder", SortOrder("").Values()), "ASCENDING or DESCENDING."),
			req("SortBy", enum("OpportunitySortName", OpportunitySortName("").Values()), "Field to sort by."),
		), "Sort order (default LastModifiedDate, descending)."),
		opt("LastModifiedDate", structure("LastModifiedDate",
			opt("AfterLastModifiedDate", shDateTime, "Modified on or after this time."),
			opt("BeforeLastModifiedDate", shDateTime, "Modified before this time."),
		), "Filter on LastModifiedDate."),
		opt("Identifier", list("ListOpportunitiesRequestIdentifierList", shOppID, 0, 20), "Only these identifiers, up to 20."),
		opt("LifeCycleStage", list("ListOpportunitiesRequestLifeCycleStageList", shStage, 0, 10), "Only these stages."),
		opt("LifeCycleReviewStatus", list("ListOpportunitiesRequestLifeCycleReviewStatusList", shReviewStatus, 0, 10), "Only these review statuses."),
		opt("CustomerCompanyName", list("ListOpportunitiesRequestCustomerCompanyNameList", shString, 0, 10), "Only these company names (exact, any case)."),
		opt("CreatedDate", structure("CreatedDateFilter",
			opt("AfterCreatedDate", shDateTime, "Created on or after this time."),
			opt("BeforeCreatedDate", shDateTime, "Created before this time."),
		), "Filter on CreatedDate."),
		opt("TargetCloseDate", structure("TargetCloseDateFilter",
			opt("AfterTargetCloseDate", shDate, "Closing on or after this date."),
			opt("BeforeTargetCloseDate", shDate, "Closing before this date."),
		), "Filter on TargetCloseDate."),
	)
	ListOpportunitiesOutput = structure("ListOpportunitiesResponse",
		req("OpportunitySummaries", list("OpportunitySummaries", shSummary, 0, 0), "One page of opportunities."),
		opt("NextToken", shString, "Token for the next page; absent on the last page."),
	)

	SubmitOpportunityInput = structure("SubmitOpportunityRequest",
		mCatalog,
		req("Identifier", shOppID, "Identifier of the opportunity."),
		req("InvolvementType", enum("SalesInvolvementType", SalesInvolvementType("").Values()), "Co-Sell, or For Visibility Only."),
		opt("Visibility", enum("Visibility", Visibility("").Values()), "Full (default) or Limited."),
	)

	shRelatedEntityType       = enum("RelatedEntityType", RelatedEntityType("").Values())
	shRelatedEntityID         = str("RelatedEntityIdentifier", length(1, 255))
	AssociateOpportunityInput = structure("AssociateOpportunityRequest",
		mCatalog,
		req("OpportunityIdentifier", shOppID, "Identifier of the opportunity."),
		req("RelatedEntityType", shRelatedEntityType, "Kind of entity."),
		req("RelatedEntityIdentifier", shRelatedEntityID, "Identifier or ARN of the entity."),
	)
	DisassociateOpportunityInput = structure("DisassociateOpportunityRequest",
		mCatalog,
		req("OpportunityIdentifier", shOppID, "Identifier of the opportunity."),
		req("RelatedEntityType", shRelatedEntityType, "Kind of entity."),
		req("RelatedEntityIdentifier", shRelatedEntityID, "Identifier or ARN of the entity."),
	)

	AssignOpportunityInput = structure("AssignOpportunityRequest",
		mCatalog,
		req("Identifier", shOppID, "Identifier of the opportunity."),
		req("Assignee", structure("AssigneeContact",
			req("Email", shEmail, "Email address, lower case."),
			req("FirstName", shName80, "Given name."),
			req("LastName", shName80, "Family name."),
			opt("Phone", shPhone, "Phone number in E.164 form."),
			req("BusinessTitle", shJobTitle, "Role, such as PartnerAccountManager."),
		), "The new owner."),
	)

	// ValidationExceptionShape describes the error body clients parse.
	ValidationExceptionShape = structure("ValidationException",
		req("Message", shString, "What went wrong."),
		req("Reason", enum("ValidationExceptionReason", ValidationExceptionReason("").Values()), "Request or business validation."),
		opt("ErrorList", list("ValidationExceptionErrorList", structure("ValidationExceptionError",
			opt("FieldName", shString, "Dotted path of the field."),
			req("Message", shString, "What is wrong with it."),
			req("Code", enum("ValidationExceptionErrorCode", FieldCode("").Values()), "Kind of problem."),
		), 0, 0), "Every failing field."),
	)
)

// ExpectedContractDurationMaxMonths bounds ExpectedContractDuration.Value (model: 1 to 144).
const ExpectedContractDurationMaxMonths = 144
