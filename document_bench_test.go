package cosell_test

import (
	"os"
	"testing"

	"github.com/cosell/cosell"
)

func BenchmarkParseJSON(b *testing.B) {
	data, err := os.ReadFile("testdata/create-full.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cosell.ParseJSON(data); err != nil {
			b.Fatal(err)
		}
	}
}
