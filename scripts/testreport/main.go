// Command testreport condenses `go test -json` for scripts/test.sh: one
// line per package (ok, FAIL, or no test files), and, in full, the output
// of every test that was skipped or failed, so that a skip's reason shows
// without -v (issue 8: go test hides t.Skip messages otherwise). Lines
// that are not JSON (a build that failed before test2json) pass through.
//
//	go test -json ./... 2>&1 | go run ./scripts/testreport
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	Elapsed float64
}

func main() {
	skips, fails := report(os.Stdin, os.Stdout)
	fmt.Printf("testreport: %d skipped, %d failed\n", skips, fails)
}

// report reads test2json events from r and writes the condensed report to
// w; it returns how many tests were skipped and how many failed.
func report(r io.Reader, w io.Writer) (skips, fails int) {
	type key struct{ pkg, test string }
	out := map[key]*strings.Builder{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			fmt.Fprintf(w, "%s\n", line)
			continue
		}
		k := key{e.Package, e.Test}
		switch e.Action {
		case "output", "build-output":
			b := out[k]
			if b == nil {
				b = &strings.Builder{}
				out[k] = b
			}
			b.WriteString(e.Output)
		case "skip", "fail", "build-fail":
			if e.Test == "" && e.Action == "skip" {
				fmt.Fprintf(w, "?   \t%s\t[no test files]\n", e.Package)
				break
			}
			if e.Test != "" {
				if e.Action == "skip" {
					skips++
				} else {
					fails++
				}
			}
			if b := out[k]; b != nil {
				io.WriteString(w, strings.TrimPrefix(b.String(), "=== RUN   "+e.Test+"\n"))
			}
			if e.Test == "" && e.Action == "fail" {
				fmt.Fprintf(w, "FAIL\t%s\t%.3fs\n", e.Package, e.Elapsed)
			}
			delete(out, k)
		case "pass":
			if e.Test == "" {
				fmt.Fprintf(w, "ok  \t%s\t%.3fs\n", e.Package, e.Elapsed)
			}
			delete(out, k)
		}
	}
	return skips, fails
}
