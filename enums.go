// Code generated once from the enum facts of the service model and the seed page; edit by hand from now on.

package cosell

// Catalog values.
type Catalog string

// Values returns every Catalog value, in model order.
func (Catalog) Values() []Catalog {
	return []Catalog{
		"AWS",
		"Sandbox",
	}
}

// PrimaryNeedFromAws values.
type PrimaryNeedFromAws string

// Values returns every PrimaryNeedFromAws value, in model order.
func (PrimaryNeedFromAws) Values() []PrimaryNeedFromAws {
	return []PrimaryNeedFromAws{
		"Co-Sell - Architectural Validation",
		"Co-Sell - Business Presentation",
		"Co-Sell - Competitive Information",
		"Co-Sell - Pricing Assistance",
		"Co-Sell - Technical Consultation",
		"Co-Sell - Total Cost of Ownership Evaluation",
		"Co-Sell - Deal Support",
		"Co-Sell - Support for Public Tender / RFx",
	}
}

// NationalSecurity values.
type NationalSecurity string

// Values returns every NationalSecurity value, in model order.
func (NationalSecurity) Values() []NationalSecurity {
	return []NationalSecurity{
		"Yes",
		"No",
	}
}

// Industry values.
type Industry string

// Values returns every Industry value, in model order.
func (Industry) Values() []Industry {
	return []Industry{
		"Aerospace",
		"Agriculture",
		"Automotive",
		"Computers and Electronics",
		"Consumer Goods",
		"Education",
		"Energy - Oil and Gas",
		"Energy - Power and Utilities",
		"Financial Services",
		"Gaming",
		"Government",
		"Healthcare",
		"Hospitality",
		"Life Sciences",
		"Manufacturing",
		"Marketing and Advertising",
		"Media and Entertainment",
		"Mining",
		"Non-Profit Organization",
		"Professional Services",
		"Real Estate and Construction",
		"Retail",
		"Software and Internet",
		"Telecommunications",
		"Transportation and Logistics",
		"Travel",
		"Wholesale and Distribution",
		"Other",
	}
}

// CountryCode values.
type CountryCode string

// Values returns every CountryCode value, in model order.
func (CountryCode) Values() []CountryCode {
	return []CountryCode{
		"US",
		"AF",
		"AX",
		"AL",
		"DZ",
		"AS",
		"AD",
		"AO",
		"AI",
		"AQ",
		"AG",
		"AR",
		"AM",
		"AW",
		"AU",
		"AT",
		"AZ",
		"BS",
		"BH",
		"BD",
		"BB",
		"BY",
		"BE",
		"BZ",
		"BJ",
		"BM",
		"BT",
		"BO",
		"BQ",
		"BA",
		"BW",
		"BV",
		"BR",
		"IO",
		"BN",
		"BG",
		"BF",
		"BI",
		"KH",
		"CM",
		"CA",
		"CV",
		"KY",
		"CF",
		"TD",
		"CL",
		"CN",
		"CX",
		"CC",
		"CO",
		"KM",
		"CG",
		"CK",
		"CR",
		"CI",
		"HR",
		"CU",
		"CW",
		"CY",
		"CZ",
		"CD",
		"DK",
		"DJ",
		"DM",
		"DO",
		"EC",
		"EG",
		"SV",
		"GQ",
		"ER",
		"EE",
		"ET",
		"FK",
		"FO",
		"FJ",
		"FI",
		"FR",
		"GF",
		"PF",
		"TF",
		"GA",
		"GM",
		"GE",
		"DE",
		"GH",
		"GI",
		"GR",
		"GL",
		"GD",
		"GP",
		"GU",
		"GT",
		"GG",
		"GN",
		"GW",
		"GY",
		"HT",
		"HM",
		"VA",
		"HN",
		"HK",
		"HU",
		"IS",
		"IN",
		"ID",
		"IR",
		"IQ",
		"IE",
		"IM",
		"IL",
		"IT",
		"JM",
		"JP",
		"JE",
		"JO",
		"KZ",
		"KE",
		"KI",
		"KR",
		"KW",
		"KG",
		"LA",
		"LV",
		"LB",
		"LS",
		"LR",
		"LY",
		"LI",
		"LT",
		"LU",
		"MO",
		"MK",
		"MG",
		"MW",
		"MY",
		"MV",
		"ML",
		"MT",
		"MH",
		"MQ",
		"MR",
		"MU",
		"YT",
		"MX",
		"FM",
		"MD",
		"MC",
		"MN",
		"ME",
		"MS",
		"MA",
		"MZ",
		"MM",
		"NA",
		"NR",
		"NP",
		"NL",
		"AN",
		"NC",
		"NZ",
		"NI",
		"NE",
		"NG",
		"NU",
		"NF",
		"MP",
		"NO",
		"OM",
		"PK",
		"PW",
		"PS",
		"PA",
		"PG",
		"PY",
		"PE",
		"PH",
		"PN",
		"PL",
		"PT",
		"PR",
		"QA",
		"RE",
		"RO",
		"RU",
		"RW",
		"BL",
		"SH",
		"KN",
		"LC",
		"MF",
		"PM",
		"VC",
		"WS",
		"SM",
		"ST",
		"SA",
		"SN",
		"RS",
		"SC",
		"SL",
		"SG",
		"SX",
		"SK",
		"SI",
		"SB",
		"SO",
		"ZA",
		"GS",
		"SS",
		"ES",
		"LK",
		"SD",
		"SR",
		"SJ",
		"SZ",
		"SE",
		"CH",
		"SY",
		"TW",
		"TJ",
		"TZ",
		"TH",
		"TL",
		"TG",
		"TK",
		"TO",
		"TT",
		"TN",
		"TR",
		"TM",
		"TC",
		"TV",
		"UG",
		"UA",
		"AE",
		"GB",
		"UM",
		"UY",
		"UZ",
		"VU",
		"VE",
		"VN",
		"VG",
		"VI",
		"WF",
		"EH",
		"YE",
		"ZM",
		"ZW",
	}
}

// CurrencyCode values.
type CurrencyCode string

// Values returns every CurrencyCode value, in model order.
func (CurrencyCode) Values() []CurrencyCode {
	return []CurrencyCode{
		"USD",
		"EUR",
		"GBP",
		"AUD",
		"CAD",
		"CNY",
		"NZD",
		"INR",
		"JPY",
		"CHF",
		"SEK",
		"AED",
		"AFN",
		"ALL",
		"AMD",
		"ANG",
		"AOA",
		"ARS",
		"AWG",
		"AZN",
		"BAM",
		"BBD",
		"BDT",
		"BGN",
		"BHD",
		"BIF",
		"BMD",
		"BND",
		"BOB",
		"BOV",
		"BRL",
		"BSD",
		"BTN",
		"BWP",
		"BYN",
		"BZD",
		"CDF",
		"CHE",
		"CHW",
		"CLF",
		"CLP",
		"COP",
		"COU",
		"CRC",
		"CUC",
		"CUP",
		"CVE",
		"CZK",
		"DJF",
		"DKK",
		"DOP",
		"DZD",
		"EGP",
		"ERN",
		"ETB",
		"FJD",
		"FKP",
		"GEL",
		"GHS",
		"GIP",
		"GMD",
		"GNF",
		"GTQ",
		"GYD",
		"HKD",
		"HNL",
		"HRK",
		"HTG",
		"HUF",
		"IDR",
		"ILS",
		"IQD",
		"IRR",
		"ISK",
		"JMD",
		"JOD",
		"KES",
		"KGS",
		"KHR",
		"KMF",
		"KPW",
		"KRW",
		"KWD",
		"KYD",
		"KZT",
		"LAK",
		"LBP",
		"LKR",
		"LRD",
		"LSL",
		"LYD",
		"MAD",
		"MDL",
		"MGA",
		"MKD",
		"MMK",
		"MNT",
		"MOP",
		"MRU",
		"MUR",
		"MVR",
		"MWK",
		"MXN",
		"MXV",
		"MYR",
		"MZN",
		"NAD",
		"NGN",
		"NIO",
		"NOK",
		"NPR",
		"OMR",
		"PAB",
		"PEN",
		"PGK",
		"PHP",
		"PKR",
		"PLN",
		"PYG",
		"QAR",
		"RON",
		"RSD",
		"RUB",
		"RWF",
		"SAR",
		"SBD",
		"SCR",
		"SDG",
		"SGD",
		"SHP",
		"SLL",
		"SOS",
		"SRD",
		"SSP",
		"STN",
		"SVC",
		"SYP",
		"SZL",
		"THB",
		"TJS",
		"TMT",
		"TND",
		"TOP",
		"TRY",
		"TTD",
		"TWD",
		"TZS",
		"UAH",
		"UGX",
		"USN",
		"UYI",
		"UYU",
		"UZS",
		"VEF",
		"VND",
		"VUV",
		"WST",
		"XAF",
		"XCD",
		"XDR",
		"XOF",
		"XPF",
		"XSU",
		"XUA",
		"YER",
		"ZAR",
		"ZMW",
		"ZWL",
	}
}

// DeliveryModel values.
type DeliveryModel string

// Values returns every DeliveryModel value, in model order.
func (DeliveryModel) Values() []DeliveryModel {
	return []DeliveryModel{
		"SaaS or PaaS",
		"BYOL or AMI",
		"Managed Services",
		"Professional Services",
		"Resell",
		"Other",
	}
}

// PaymentFrequency values.
type PaymentFrequency string

// Values returns every PaymentFrequency value, in model order.
func (PaymentFrequency) Values() []PaymentFrequency {
	return []PaymentFrequency{
		"Monthly",
	}
}

// ExpectedContractDurationTerm values.
type ExpectedContractDurationTerm string

// Values returns every ExpectedContractDurationTerm value, in model order.
func (ExpectedContractDurationTerm) Values() []ExpectedContractDurationTerm {
	return []ExpectedContractDurationTerm{
		"Months",
	}
}

// SalesActivity values.
type SalesActivity string

// Values returns every SalesActivity value, in model order.
func (SalesActivity) Values() []SalesActivity {
	return []SalesActivity{
		"Initialized discussions with customer",
		"Customer has shown interest in solution",
		"Conducted POC / Demo",
		"In evaluation / planning stage",
		"Agreed on solution to Business Problem",
		"Completed Action Plan",
		"Finalized Deployment Need",
		"SOW Signed",
	}
}

// CompetitorName values.
type CompetitorName string

// Values returns every CompetitorName value, in model order.
func (CompetitorName) Values() []CompetitorName {
	return []CompetitorName{
		"Oracle Cloud",
		"On-Prem",
		"Co-location",
		"Akamai",
		"AliCloud",
		"Google Cloud Platform",
		"IBM Softlayer",
		"Microsoft Azure",
		"Other- Cost Optimization",
		"No Competition",
		"*Other",
	}
}

// AwsPartition values.
type AwsPartition string

// Values returns every AwsPartition value, in model order.
func (AwsPartition) Values() []AwsPartition {
	return []AwsPartition{
		"aws-eusc",
	}
}

// OpportunityType values.
type OpportunityType string

// Values returns every OpportunityType value, in model order.
func (OpportunityType) Values() []OpportunityType {
	return []OpportunityType{
		"Net New Business",
		"Flat Renewal",
		"Expansion",
	}
}

// MarketingSource values.
type MarketingSource string

// Values returns every MarketingSource value, in model order.
func (MarketingSource) Values() []MarketingSource {
	return []MarketingSource{
		"Marketing Activity",
		"None",
	}
}

// Channel values.
type Channel string

// Values returns every Channel value, in model order.
func (Channel) Values() []Channel {
	return []Channel{
		"AWS Marketing Central",
		"Content Syndication",
		"Display",
		"Email",
		"Live Event",
		"Out Of Home (OOH)",
		"Print",
		"Search",
		"Social",
		"Telemarketing",
		"TV",
		"Video",
		"Virtual Event",
	}
}

// AwsFundingUsed values.
type AwsFundingUsed string

// Values returns every AwsFundingUsed value, in model order.
func (AwsFundingUsed) Values() []AwsFundingUsed {
	return []AwsFundingUsed{
		"Yes",
		"No",
	}
}

// RevenueModel values.
type RevenueModel string

// Values returns every RevenueModel value, in model order.
func (RevenueModel) Values() []RevenueModel {
	return []RevenueModel{
		"Contract",
		"Pay-as-you-go",
		"Subscription",
	}
}

// Stage values.
type Stage string

// Values returns every Stage value, in model order.
func (Stage) Values() []Stage {
	return []Stage{
		"Prospect",
		"Qualified",
		"Technical Validation",
		"Business Validation",
		"Committed",
		"Launched",
		"Closed Lost",
	}
}

// ClosedLostReason values.
type ClosedLostReason string

// Values returns every ClosedLostReason value, in model order.
func (ClosedLostReason) Values() []ClosedLostReason {
	return []ClosedLostReason{
		"Customer Deficiency",
		"Delay / Cancellation of Project",
		"Legal / Tax / Regulatory",
		"Lost to Competitor - Google",
		"Lost to Competitor - Microsoft",
		"Lost to Competitor - SoftLayer",
		"Lost to Competitor - VMWare",
		"Lost to Competitor - Other",
		"No Opportunity",
		"On Premises Deployment",
		"Partner Gap",
		"Price",
		"Security / Compliance",
		"Technical Limitations",
		"Customer Experience",
		"Other",
		"People/Relationship/Governance",
		"Product/Technology",
		"Financial/Commercial",
	}
}

// ReviewStatus values.
type ReviewStatus string

// Values returns every ReviewStatus value, in model order.
func (ReviewStatus) Values() []ReviewStatus {
	return []ReviewStatus{
		"Pending Submission",
		"Submitted",
		"In review",
		"Approved",
		"Rejected",
		"Action Required",
	}
}

// OpportunityOrigin values.
type OpportunityOrigin string

// Values returns every OpportunityOrigin value, in model order.
func (OpportunityOrigin) Values() []OpportunityOrigin {
	return []OpportunityOrigin{
		"AWS Referral",
		"Partner Referral",
	}
}

// SortOrder values.
type SortOrder string

// Values returns every SortOrder value, in model order.
func (SortOrder) Values() []SortOrder {
	return []SortOrder{
		"ASCENDING",
		"DESCENDING",
	}
}

// OpportunitySortName values.
type OpportunitySortName string

// Values returns every OpportunitySortName value, in model order.
func (OpportunitySortName) Values() []OpportunitySortName {
	return []OpportunitySortName{
		"LastModifiedDate",
		"Identifier",
		"CustomerCompanyName",
		"CreatedDate",
		"TargetCloseDate",
	}
}

// SalesInvolvementType values.
type SalesInvolvementType string

// Values returns every SalesInvolvementType value, in model order.
func (SalesInvolvementType) Values() []SalesInvolvementType {
	return []SalesInvolvementType{
		"For Visibility Only",
		"Co-Sell",
	}
}

// Visibility values.
type Visibility string

// Values returns every Visibility value, in model order.
func (Visibility) Values() []Visibility {
	return []Visibility{
		"Full",
		"Limited",
	}
}

// RelatedEntityType values.
type RelatedEntityType string

// Values returns every RelatedEntityType value, in model order.
func (RelatedEntityType) Values() []RelatedEntityType {
	return []RelatedEntityType{
		"Solutions",
		"AwsProducts",
		"AwsMarketplaceOffers",
		"AwsMarketplaceOfferSets",
	}
}

// ValidationExceptionReason values.
type ValidationExceptionReason string

// Values returns every ValidationExceptionReason value, in model order.
func (ValidationExceptionReason) Values() []ValidationExceptionReason {
	return []ValidationExceptionReason{
		"REQUEST_VALIDATION_FAILED",
		"BUSINESS_VALIDATION_FAILED",
	}
}

// FieldCode values: the Code of a ValidationException ErrorList item.
type FieldCode string

// Values returns every FieldCode value, in model order.
func (FieldCode) Values() []FieldCode {
	return []FieldCode{
		"REQUIRED_FIELD_MISSING",
		"INVALID_ENUM_VALUE",
		"INVALID_STRING_FORMAT",
		"INVALID_VALUE",
		"NOT_ENOUGH_VALUES",
		"TOO_MANY_VALUES",
		"INVALID_RESOURCE_STATE",
		"DUPLICATE_KEY_VALUE",
		"VALUE_OUT_OF_RANGE",
		"ACTION_NOT_PERMITTED",
	}
}

// StateOrRegion values.
type StateOrRegion string

// Values returns every StateOrRegion value, in model order.
func (StateOrRegion) Values() []StateOrRegion {
	return []StateOrRegion{
		"Alabama",
		"Alaska",
		"American Samoa",
		"Arizona",
		"Arkansas",
		"California",
		"Colorado",
		"Connecticut",
		"Delaware",
		"Dist. of Columbia",
		"Federated States of Micronesia",
		"Florida",
		"Georgia",
		"Guam",
		"Hawaii",
		"Idaho",
		"Illinois",
		"Indiana",
		"Iowa",
		"Kansas",
		"Kentucky",
		"Louisiana",
		"Maine",
		"Marshall Islands",
		"Maryland",
		"Massachusetts",
		"Michigan",
		"Minnesota",
		"Mississippi",
		"Missouri",
		"Montana",
		"Nebraska",
		"Nevada",
		"New Hampshire",
		"New Jersey",
		"New Mexico",
		"New York",
		"North Carolina",
		"North Dakota",
		"Northern Mariana Islands",
		"Ohio",
		"Oklahoma",
		"Oregon",
		"Palau",
		"Pennsylvania",
		"Puerto Rico",
		"Rhode Island",
		"South Carolina",
		"South Dakota",
		"Tennessee",
		"Texas",
		"Utah",
		"Vermont",
		"Virginia",
		"Virgin Islands",
		"Washington",
		"West Virginia",
		"Wisconsin",
		"Wyoming",
		"APO/AE",
		"AFO/FPO",
		"FPO, AP",
	}
}

// MarketingUseCase values.
type MarketingUseCase string

// Values returns every MarketingUseCase value, in model order.
func (MarketingUseCase) Values() []MarketingUseCase {
	return []MarketingUseCase{
		"AI/ML",
		"Analytics",
		"Application Integration",
		"Blockchain",
		"Business Applications",
		"Cloud Financial Management",
		"Compute",
		"Containers",
		"Customer Engagement",
		"Databases",
		"Developer Tools",
		"End User Computing",
		"Front End Web & Mobile",
		"Game Tech",
		"IoT",
		"Management & Governance",
		"Media Services",
		"Migration & Transfer",
		"Networking & Content Delivery",
		"Quantum Technologies",
		"Robotics",
		"Satellite",
		"Security",
		"Serverless",
		"Storage",
		"VR & AR",
	}
}

// ApnProgram values.
type ApnProgram string

// Values returns every ApnProgram value, in model order.
func (ApnProgram) Values() []ApnProgram {
	return []ApnProgram{
		"APN Immersion Days",
		"APN Solution Space",
		"ATO (Authority to Operate)",
		"AWS Marketplace Campaign",
		"IS Immersion Day SFID Program",
		"ISV Workload Migration",
		"Migration Acceleration Program",
		"P3",
		"Partner Launch Initiative",
		"Partner Opportunity Acceleration Funded",
		"The Next Smart",
		"VMware Cloud on AWS",
		"Well-Architected",
		"Windows",
		"Workspaces/AppStream Accelerator Program",
		"WWPS NDPP",
	}
}

// CustomerUseCase values.
type CustomerUseCase string

// Values returns every CustomerUseCase value, in model order.
func (CustomerUseCase) Values() []CustomerUseCase {
	return []CustomerUseCase{
		"AI Machine Learning and Analytics",
		"Archiving",
		"Big Data: Data Warehouse/Data Integration/ETL/Data Lake/BI",
		"Blockchain",
		"Business Applications: Mainframe Modernization",
		"Business Applications & Contact Center",
		"Business Applications & SAP Production",
		"Centralized Operations Management",
		"Cloud Management Tools",
		"Cloud Management Tools & DevOps with Continuous Integration & Continuous Delivery (CICD)",
		"Configuration, Compliance & Auditing",
		"Connected Services",
		"Containers & Serverless",
		"Content Delivery & Edge Services",
		"Database",
		"Edge Computing/End User Computing",
		"Energy",
		"Enterprise Governance & Controls",
		"Enterprise Resource Planning",
		"Financial Services",
		"Healthcare and Life Sciences",
		"High Performance Computing",
		"Hybrid Application Platform",
		"Industrial Software",
		"IOT",
		"Manufacturing, Supply Chain and Operations",
		"Media & High performance computing (HPC)",
		"Migration/Database Migration",
		"Monitoring, logging and performance",
		"Monitoring & Observability",
		"Networking",
		"Outpost",
		"SAP",
		"Security & Compliance",
		"Storage & Backup",
		"Training",
		"VMC",
		"VMWare",
		"Web development & DevOps",
	}
}
