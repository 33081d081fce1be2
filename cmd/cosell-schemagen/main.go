// Command cosell-schemagen writes cosell's generated schema (enums_gen.go,
// shapes_gen.go, operations_gen.go) from the installed botocore model of
// Partner Central Selling. `go generate ./...` at the repository root runs
// it (see schema.go); the model is found through python3's botocore unless
// -model or $COSELL_BOTOCORE_MODEL names it.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cosell/cosell/internal/schemagen"
)

func main() {
	modelFile := flag.String("model", "", "the model file, service-2.json[.gz] (default: $"+schemagen.ModelEnv+", else botocore's, found with python3)")
	out := flag.String("out", ".", "the directory of package cosell, where the files are written")
	flag.Parse()
	if err := run(*modelFile, *out); err != nil {
		fmt.Fprintln(os.Stderr, "cosell-schemagen:", err)
		os.Exit(1)
	}
}

func run(modelFile, out string) error {
	if modelFile == "" {
		p, err := schemagen.LocateModel()
		if err != nil {
			return err
		}
		modelFile = p
	}
	if err := schemagen.WriteFiles(modelFile, out); err != nil {
		return err
	}
	for _, f := range schemagen.Files {
		fmt.Println("wrote", filepath.Join(out, f))
	}
	return nil
}
