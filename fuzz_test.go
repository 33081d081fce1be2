package cosell_test

import (
	"errors"
	"os"
	"testing"

	"github.com/cosell/cosell"
)

// FuzzDecodeValidate feeds arbitrary bytes through decoding and request
// validation of every operation: it must never panic, and a failure must be
// a SerializationException or a ValidationException whose every field error
// has a code from the model and a message.
func FuzzDecodeValidate(f *testing.F) {
	full, _ := os.ReadFile("testdata/create-full.json")
	for _, seed := range []string{string(full), `{}`, `{"Catalog":null}`, `[]`, `{"Project":{"ExpectedCustomerSpend":[{"Amount":"1"}]}}`,
		`{"LastModifiedDate":1.5e3}`, `{"MaxResults":"7"}`, "{\"a\":\"\xff\"}", `{"Customer":{"Contacts":[null]}}`} {
		f.Add([]byte(seed))
	}
	// The engagement family (issue 7): unions with zero or two members,
	// near-miss identifiers, unknown enums, nested timestamps and revisions.
	for _, seed := range []string{
		`{"Catalog":"Sandbox","ClientToken":"t","EngagementIdentifier":"eng-0123456789abcd","Type":"Lead","Payload":{}}`,
		`{"Catalog":"Sandbox","EngagementIdentifier":"eng-XYZ","ContextIdentifier":"1","EngagementLastModifiedAt":"yesterday","Type":"CustomerProject","Payload":{"Lead":{},"CustomerProject":{}}}`,
		`{"Catalog":"Sandbox","ClientToken":"t","EngagementIdentifier":"eng-0123456789abcd","Invitation":{"Message":"m","Receiver":{"Account":{"AwsAccountId":"2222"}},"Payload":{"LeadInvitation":{},"OpportunityInvitation":{}}}}`,
		`{"Catalog":"Sandbox","ClientToken":"t","Title":"T","Description":"D","Contexts":[{"Type":"Lead","Payload":{"Lead":{"Customer":{"CompanyName":"C"},"Interactions":[]}}}]}`,
		`{"Catalog":"Sandbox","Identifier":"engi-"}`, `{"Catalog":"Sandbox","ResourceSnapshotJobIdentifier":"job-1"}`,
		`{"Catalog":"Sandbox","ParticipantType":"BOTH","Status":["PENDING","LOST"],"Sort":{"SortOrder":"UP","SortBy":"InvitationDate"},"MaxResults":0}`,
		`{"Catalog":"Sandbox","EngagementIdentifier":"eng-0123456789abcd","ResourceType":"Opportunity","ResourceIdentifier":"O1","ResourceSnapshotTemplateIdentifier":"OpportunitySummaryView","Revision":1.5}`,
		`{"Catalog":"Sandbox","ClientToken":"task-","Identifier":"O1","AwsSubmission":{"InvolvementType":"Solo","Visibility":"Full"},"Tags":[{"Key":"k"}]}`,
		`{"Catalog":"Sandbox","TaskIdentifier":["task-"],"TaskStatus":["DONE"],"MaxResults":1001,"NextToken":"garbage"}`,
	} {
		f.Add([]byte(seed))
	}
	codes := map[cosell.FieldCode]bool{}
	for _, c := range cosell.FieldCode("").Values() {
		codes[c] = true
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := cosell.ParseJSON(data)
		if err != nil {
			return
		}
		for _, op := range cosell.Operations {
			_, err := cosell.ValidateRequest(op.Input, v)
			if err == nil {
				continue
			}
			var e *cosell.Error
			if !errors.As(err, &e) {
				t.Fatalf("%s: not a *cosell.Error: %v", op.Name, err)
			}
			switch e.Code {
			case cosell.SerializationError:
			case cosell.ValidationError:
				if len(e.Fields) == 0 {
					t.Fatalf("%s: ValidationException without fields", op.Name)
				}
				for _, fe := range e.Fields {
					if !codes[fe.Code] || fe.Message == "" {
						t.Fatalf("%s: bad field error %+v", op.Name, fe)
					}
				}
			default:
				t.Fatalf("%s: unexpected code %s", op.Name, e.Code)
			}
		}
	})
}
