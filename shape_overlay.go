package cosell

// The overlay: everything cosell's schema says beyond the facts of the
// service model. shapes_gen.go holds the model's facts only (cmd/
// cosell-schemagen writes it); the builders of schema.go apply this file's
// refinements as they build each shape, so every shape reads refined from
// the start and each fact is written once: the model's in the generated
// files, cosell's here.
//
// A refinement narrows or widens what the service accepts, for a reason
// the model does not state but the service behaves by (spec: service-
// behaviour.md §1.3, §3.10, docs/decisions.md):
//
//   - shapeOverlay refines a shape wherever it is used, in place;
//   - memberOverlay refines one member of one structure ("Structure.Member")
//     or the elements of one list ("List.member"), on a copy of the shape,
//     when the model's shape is shared with members the refinement must not
//     reach (the free "String" shape).
//
// shape_overlay_test.go checks that every key names a shape or member of
// the model, so a model change cannot silently drop a refinement.

// shapeOverlay: refinements of a shape, by model shape name.
var shapeOverlay = map[string][]shapeOpt{
	// The model types the catalog as any run of letters; the service takes
	// only AWS and Sandbox.
	"CatalogIdentifier": {listed(strs(Catalog("").Values()))},
	// The model's pattern admits 2024-02-31; the service wants a real date.
	"Date": {dateOnly},
	// The service writes "Do Not Need Support from AWS Sales Rep" itself at a
	// For Visibility Only submission and accepts it back on later updates,
	// though the enum does not list it (decisions: PrimaryNeedsFromAws).
	"PrimaryNeedFromAws": {alsoAccepts(string(NoSupportNeeded))},
}

// memberOverlay: refinements of one member's shape. The model types these
// as free strings; the service checks them against the value lists its
// documentation gives (service-behaviour.md §3.10), which are below.
var memberOverlay = map[string][]shapeOpt{
	"Address.StateOrRegion":        {listed(strs(StateOrRegion("").Values()))},
	"AddressSummary.StateOrRegion": {listed(strs(StateOrRegion("").Values()))},
	"Project.CustomerUseCase":      {listed(strs(CustomerUseCase("").Values()))},
	"ApnPrograms.member":           {listed(strs(ApnProgram("").Values()))},
	"UseCases.member":              {listed(strs(MarketingUseCase("").Values()))},
}

// overlayShape applies shapeOverlay to s, in place.
func overlayShape(s *Shape) *Shape {
	for _, o := range shapeOverlay[s.Name] {
		o(s)
	}
	return s
}

// overlayMember returns the shape of member (or "member", a list's
// element) of parent: s itself, or a refined copy of it.
func overlayMember(parent, member string, s *Shape) *Shape {
	opts := memberOverlay[parent+"."+member]
	if len(opts) == 0 {
		return s
	}
	c := *s
	if s.valueSet != nil {
		c.valueSet = setOf(nil)
		for v := range s.valueSet {
			c.valueSet[v] = struct{}{}
		}
	}
	for _, o := range opts {
		o(&c)
	}
	return &c
}

// Value lists the service enforces on free-string members (memberOverlay).
// They come from the service's documentation, not from the model; like the
// model's enums they are typed strings with Values().

// Catalog is the catalog of a request: AWS for real data, Sandbox for tests.
type Catalog string

// Values returns both catalogs.
func (Catalog) Values() []Catalog {
	return []Catalog{
		"AWS",
		"Sandbox",
	}
}

// StateOrRegion: the US states, territories and military postal codes
// Address.StateOrRegion takes.
type StateOrRegion string

// Values returns every StateOrRegion value, in documentation order.
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

// MarketingUseCase: the use cases Marketing.UseCases takes.
type MarketingUseCase string

// Values returns every MarketingUseCase value, in documentation order.
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

// ApnProgram: the APN programs Project.ApnPrograms takes.
type ApnProgram string

// Values returns every ApnProgram value, in documentation order.
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

// CustomerUseCase: the workloads Project.CustomerUseCase takes.
type CustomerUseCase string

// Values returns every CustomerUseCase value, in documentation order.
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
