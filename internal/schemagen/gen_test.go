package schemagen

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// repoRoot is the directory of package cosell, where the generated files
// are committed.
const repoRoot = "../.."

// modelOrSkip locates the installed model. Without it the check that the
// committed files are current cannot run: it is skipped, visibly, on a
// developer machine, and fails under CI=true, where botocore is installed.
func modelOrSkip(t *testing.T) string {
	t.Helper()
	p, err := LocateModel()
	if err == nil {
		return p
	}
	msg := "cannot check the generated schema against the model: " + err.Error()
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// TestGeneratedFilesAreCurrent regenerates into a temporary directory and
// compares with the committed files: it fails when a generated file was
// edited by hand, or when the generator or the installed model changed
// without `go generate ./...` being rerun.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	model := modelOrSkip(t)
	dir := t.TempDir()
	if err := WriteFiles(model, dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range Files {
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(repoRoot, name))
		if err != nil {
			t.Errorf("%s: %v; run `go generate ./...` at the repository root", name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what %s generates from %s (first difference at line %d); run `go generate ./...` at the repository root and never edit the file by hand",
				name, "cosell-schemagen", model, firstDiffLine(got, want))
		}
	}
}

func firstDiffLine(a, b []byte) int {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return i + 1
		}
	}
	return min(len(al), len(bl)) + 1
}

// generatedMarker is Go's convention for generated files (go.dev/s/generatedcode).
var generatedMarker = regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.$`)

func TestGeneratedFilesCarryTheMarker(t *testing.T) {
	for _, name := range Files {
		b, err := os.ReadFile(filepath.Join(repoRoot, name))
		if err != nil {
			t.Fatal(err)
		}
		if !generatedMarker.Match(b) {
			t.Errorf("%s lacks the generated-code marker", name)
		}
	}
}

// The generator reads the model's facts, never its documentation: no
// generated file contains a sentence of it.
func TestGeneratedFilesCarryNoModelText(t *testing.T) {
	model := modelOrSkip(t)
	raw, err := ReadModel(model)
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(raw)
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range files {
		if bytes.Contains(src, []byte("<p>")) || bytes.Contains(src, []byte("<code>")) {
			t.Errorf("%s contains model documentation markup", name)
		}
	}
}

func TestTranslatePattern(t *testing.T) {
	for _, c := range []struct {
		in      string
		min     int
		max     int
		hasLen  bool
		pattern string
	}{
		{`(?s).{0,120}`, 0, 120, true, ``},
		{`(?s).{20,2000}`, 20, 2000, true, ``},
		{`.{1,255}`, 1, 255, true, `.{1,255}`},
		{`(?=.{1,128}$)([\p{L}\p{Z}\p{N}_.:/=+\-@]*)`, 1, 128, true, `([\p{L}\p{Z}\p{N}_.:/=+\-@]*)`},
		{`O[0-9]{1,19}`, 0, 0, false, `O[0-9]{1,19}`},
		{`[\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD]{1,80}`, 0, 0, false, `[\x{0020}-\x{007E}\x{00A0}-\x{D7FF}\x{E000}-\x{FFFD}]{1,80}`},
	} {
		p, err := TranslatePattern(c.in)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if p.MinLen != c.min || p.MaxLen != c.max || p.HasLength != c.hasLen || p.Pattern != c.pattern {
			t.Errorf("%s: got %+v", c.in, p)
		}
	}
	for _, bad := range []string{`(?!x)y`, `a(?<=b)`, `[`} {
		if _, err := TranslatePattern(bad); err == nil {
			t.Errorf("%s: translated, want an error", bad)
		}
	}
}

// A model the DSL cannot express fails generation instead of losing a
// constraint.
func TestGenerateRefusesWhatItCannotExpress(t *testing.T) {
	for name, shapes := range map[string]string{
		"unknown type":  `"S": {"type": "double"}`,
		"unknown trait": `"S": {"type": "string", "xmlNamespace": "x"}`,
		"lookaround":    `"S": {"type": "string", "pattern": "a(?!b)"}`,
		"member trait":  `"S": {"type": "structure", "members": {"M": {"shape": "T", "hostLabel": true}}}, "T": {"type": "string"}`,
		"undefined":     `"S": {"type": "list", "member": {"shape": "Nope"}}`,
	} {
		model := `{"metadata": {"apiVersion": "1", "endpointPrefix": "x"},
			"operations": {"Op": {"name": "Op", "input": {"shape": "S"}, "errors": []}},
			"shapes": {` + shapes + `}}`
		if _, err := Generate([]byte(model)); err == nil {
			t.Errorf("%s: generated, want an error", name)
		}
	}
}

func TestGenerateSmallModel(t *testing.T) {
	model := `{"metadata": {"apiVersion": "2000-01-01", "endpointPrefix": "x"},
		"operations": {"Put": {"name": "Put", "input": {"shape": "PutRequest"}, "output": {"shape": "PutResponse"},
			"errors": [{"shape": "Oops"}], "documentation": "<p>Never copied.</p>"}},
		"shapes": {
			"PutRequest": {"type": "structure", "required": ["Token", "Z"], "members": {
				"Z": {"shape": "Color", "documentation": "<p>Never copied.</p>"},
				"Token": {"shape": "Tok", "idempotencyToken": true},
				"A": {"shape": "Sizes"}, "M": {"shape": "Amounts"}, "U": {"shape": "OneOf"}}},
			"PutResponse": {"type": "structure", "members": {}},
			"Oops": {"type": "structure", "members": {"Message": {"shape": "Tok"}}, "exception": true},
			"Color": {"type": "string", "enum": ["red", "green"]},
			"Tok": {"type": "string", "pattern": "(?s).{1,64}", "sensitive": true},
			"Sizes": {"type": "list", "member": {"shape": "Size"}, "min": 1, "max": 5},
			"Size": {"type": "integer", "box": true, "min": 1},
			"Amounts": {"type": "map", "key": {"shape": "Tok"}, "value": {"shape": "Size"}},
			"OneOf": {"type": "structure", "union": true, "members": {"X": {"shape": "Tok"}, "Y": {"shape": "Size"}}}
		}}`
	files, err := Generate([]byte(model))
	if err != nil {
		t.Fatal(err)
	}
	shapes := squeeze(string(files["shapes_gen.go"]))
	for _, want := range []string{
		// members in model order, not sorted
		"structure(\"PutRequest\",\n\t\treq(\"Z\", shColor),\n\t\tidempotencyToken(req(\"Token\", shTok)),\n\t\topt(\"A\", shSizes),",
		`shTok = str("Tok", length(1, 64), sensitive)`,
		`shSizes = list("Sizes", shSize, 1, 5)`,
		`shSize = integer("Size", minValue(1))`,
		`shAmounts = mapOf("Amounts", shTok, shSize)`,
		`shOneOf = union("OneOf",`,
		`shColor = enum("Color", Color("").Values())`,
	} {
		if !strings.Contains(shapes, want) {
			t.Errorf("shapes_gen.go lacks %q:\n%s", want, shapes)
		}
	}
	ops := squeeze(string(files["operations_gen.go"]))
	if !strings.Contains(ops, `{Name: "Put", Input: PutInput, Output: PutOutput, Errors: []*Shape{shOops}}`) {
		t.Errorf("operations_gen.go:\n%s", ops)
	}
	for name, src := range files {
		if strings.Contains(string(src), "Never copied") {
			t.Errorf("%s copies documentation", name)
		}
	}
}

// squeeze drops gofmt's alignment: runs of spaces become one.
func squeeze(s string) string { return regexp.MustCompile(` +`).ReplaceAllString(s, " ") }
