package output

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cosell/cosell"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// goldenCase is one row of testdata/cases.json: a document, optionally
// shaped with an operation's output shape, printed with a set of options.
// The goldens were checked byte for byte against AWS CLI v2's formatters
// (awscli 2.9.19 with ruamel.yaml's libyaml emitter).
type goldenCase struct {
	Name   string `json:"name"`
	Doc    string `json:"doc"`
	Op     string `json:"op"`
	TS     string `json:"ts"`
	Format string `json:"format"`
	Query  string `json:"query"`
	Color  string `json:"color"`
	Title  string `json:"title"`
	Width  int    `json:"width"`
	TTY    bool   `json:"tty"`
	Paged  bool   `json:"paged"`
}

func loadDoc(t *testing.T, name string) any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "docs", name))
	if err != nil {
		t.Fatal(err)
	}
	v, err := cosell.ParseJSON(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: output differs from golden\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestGolden(t *testing.T) {
	old := time.Local
	time.Local = time.UTC
	defer func() { time.Local = old }()

	data, err := os.ReadFile(filepath.Join("testdata", "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			doc := loadDoc(t, tc.Doc)
			var shape *cosell.Shape
			if tc.Op != "" {
				op := cosell.OperationNamed(tc.Op)
				shape = op.Output
				doc = Shape(doc, shape, tc.TS)
			}
			var buf bytes.Buffer
			err := Write(&buf, doc, Options{
				Format: tc.Format, Query: tc.Query, Color: tc.Color, Title: tc.Title,
				Shape: shape, Width: tc.Width, TTY: tc.TTY, Paged: tc.Paged,
			})
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tc.Name, buf.Bytes())
		})
	}
}
