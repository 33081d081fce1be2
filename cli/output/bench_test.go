package output

import (
	"io"
	"testing"

	"github.com/cosell/cosell"
)

// go test -bench . ./cli/output/: rendering a full GetOpportunity
// response in each format.
func BenchmarkWriteGetOpportunity(b *testing.B) {
	t := &testing.T{}
	doc := Shape(loadDoc(t, "get-wire.json"), cosell.GetOpportunityOutput, "iso8601")
	for _, f := range Formats {
		b.Run(f, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if err := Write(io.Discard, doc, Options{Format: f, Title: "GetOpportunity"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
