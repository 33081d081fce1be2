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
