package storetest

import (
	"time"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// base is the suite's epoch: whole milliseconds, so that the millisecond
// precision every backend keeps for ordering is exact.
var base = time.Date(2025, 3, 4, 5, 6, 7, 8_000_000, time.UTC)

func at(ms int) time.Time { return base.Add(time.Duration(ms) * time.Millisecond) }

// spec describes a listing fixture.
type spec struct {
	catalog, stage, review, company, close string
	owner                                  string // Opportunity.Owner
	created, modified                      int    // milliseconds after base
}

// opp builds a record from a fixture spec; empty strings leave members out.
func opp(s spec) *cosell.Opportunity {
	life := cosell.Object{}
	if s.stage != "" {
		life.Set("Stage", s.stage)
	}
	if s.review != "" {
		life.Set("ReviewStatus", s.review)
	}
	if s.close != "" {
		life.Set("TargetCloseDate", s.close)
	}
	body := cosell.Object{{Name: "LifeCycle", Value: life}}
	if s.company != "" {
		body.Set("Customer", cosell.Object{{Name: "Account", Value: cosell.Object{{Name: "CompanyName", Value: s.company}}}})
	}
	catalog := s.catalog
	if catalog == "" {
		catalog = "AWS"
	}
	return &cosell.Opportunity{
		Catalog:          catalog,
		CreatedDate:      at(s.created),
		LastModifiedDate: at(s.modified),
		Origin:           "Partner Referral",
		Owner:            s.owner,
		Body:             body,
	}
}

// full is a record with every field of cosell.Opportunity set, times at
// nanosecond precision and in a non-UTC zone, a Body with every JSON kind.
func full(catalog string) *cosell.Opportunity {
	zone := time.FixedZone("UTC+5:30", 5*3600+1800)
	return &cosell.Opportunity{
		Catalog:          catalog,
		CreatedDate:      time.Date(2025, 12, 15, 23, 33, 13, 123456789, zone),
		LastModifiedDate: time.Date(2025, 12, 15, 23, 36, 17, 505000001, zone),
		Origin:           "AWS Referral",
		Owner:            "111122223333",
		Body: cosell.Object{
			{Name: "PrimaryNeedsFromAws", Value: []any{"Co-Sell - Architectural Validation"}},
			{Name: "NationalSecurity", Value: "No"},
			{Name: "Customer", Value: cosell.Object{
				{Name: "Account", Value: cosell.Object{
					{Name: "CompanyName", Value: "Ünïcödé & Co \"quoted\" \u2028"},
					{Name: "Address", Value: cosell.Object{{Name: "CountryCode", Value: "US"}, {Name: "City", Value: nil}}},
				}},
				{Name: "Contacts", Value: []any{}},
			}},
			{Name: "Project", Value: cosell.Object{
				{Name: "ExpectedCustomerSpend", Value: []any{cosell.Object{
					{Name: "Amount", Value: "531.00"},
					{Name: "CurrencyCode", Value: "USD"},
				}}},
				{Name: "Flag", Value: true},
				{Name: "Count", Value: cosell.Number("12.50")},
			}},
			{Name: "LifeCycle", Value: cosell.Object{
				{Name: "Stage", Value: "Qualified"},
				{Name: "ReviewStatus", Value: "Pending Submission"},
				{Name: "TargetCloseDate", Value: "2026-01-31"},
				{Name: "NextStepsHistory", Value: []any{cosell.Object{
					{Name: "Time", Value: "2025-12-15T23:36:17.505Z"},
					{Name: "Value", Value: "Call them"},
				}}},
			}},
		},
		OpportunityTeam: []any{cosell.Object{
			{Name: "Email", Value: "owner@example.com"},
			{Name: "BusinessTitle", Value: "OpportunityOwner"},
		}},
		Related: cosell.Related{
			AwsProducts:             []string{"AmazonS3", "AWSLambda"},
			Solutions:               []string{"S-0000001"},
			AwsMarketplaceOffers:    []string{"arn:aws:aws-marketplace:us-east-1:999999999999:AWSMarketplace/Offer/offer-abc"},
			AwsMarketplaceOfferSets: []string{"arn:aws:aws-marketplace:us-east-1:999999999999:AWSMarketplace/OfferSet/os-abc"},
		},
		Tags: []any{cosell.Object{{Name: "Key", Value: "env"}, {Name: "Value", Value: "test"}}},
	}
}

// otherZone is a zone other than UTC, for bounds given in local time.
var otherZone = time.FixedZone("UTC-7", -7*3600)

// cmpEmpty treats nil and empty slices as equal: cosell.EncodeRecord writes
// a nil OpportunityTeam, Tags or Related list as [], so a record's top-level
// lists come back empty, not nil. Inside Body a JSON null is an untyped nil,
// which this option still tells apart from [].
var cmpEmpty = cmpopts.EquateEmpty()

// setStage sets Body.LifeCycle.Stage.
func setStage(o *cosell.Opportunity, stage string) {
	life := o.Body.Obj("LifeCycle")
	life.Set("Stage", stage)
	o.Body.Set("LifeCycle", life)
}
