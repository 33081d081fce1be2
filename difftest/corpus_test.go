package difftest

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCorpusParses keeps the corpus well-formed in the default (fast) run.
func TestCorpusParses(t *testing.T) {
	f, err := os.Open("testdata/corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := ParseCorpus(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 150 {
		t.Errorf("corpus has %d cases, want 150+", len(cases))
	}
	for _, c := range cases {
		if c.Args[0] != "partnercentral-selling" && !strings.HasPrefix(c.Args[0], "--") {
			t.Errorf("case %s: args should start with the service or a global option, got %q", c.Name, c.Args[0])
		}
	}
}

func TestParseCorpus(t *testing.T) {
	in := `# comment
define REQ: --catalog AWS --identifier 'O 1'
=== one
args: svc op {REQ} --x "a b"
args+: --y
env: K=v=w
env: Q="a\nb"
config: output = text
file: a.txt "x\n"
file: b.txt <<EOF
line1

EOF
stdin: <<END
in
END
response: 409 {"__type":"ConflictException"}
response-header: X-Amzn-Errortype: Foo
response: 502 ctype=text/html <html>
exit: 254
stderr: exact
uuid: mask
=== two
args: svc op
v2.9-differs: needs 2.20
expect-stdout: "out\n"
expect-body: {"a": 1}
no-request
`
	_, err := ParseCorpus(strings.NewReader(in))
	if err == nil || !strings.Contains(err.Error(), "no-request with expect-body") {
		t.Fatalf("want the no-request/expect-body conflict reported, got %v", err)
	}
	cases, err := ParseCorpus(strings.NewReader(strings.Replace(in, "no-request\n", "", 1)))
	if err != nil {
		t.Fatal(err)
	}
	exit := 254
	out := "out\n"
	want := []*Case{{
		Name:   "one",
		Line:   3,
		Args:   []string{"svc", "op", "--catalog", "AWS", "--identifier", "O 1", "--x", "a b", "--y"},
		Env:    []string{"K=v=w", "Q=a\nb"},
		Config: []string{"output = text"},
		Files:  []File{{"a.txt", "x\n"}, {"b.txt", "line1\n\n"}},
		Stdin:  "in\n",
		Responses: []Response{
			{Status: 409, ContentType: "application/x-amz-json-1.0", Body: `{"__type":"ConflictException"}`, Header: [][2]string{{"X-Amzn-Errortype", "Foo"}}},
			{Status: 502, ContentType: "text/html", Body: "<html>"},
		},
		Exit:        &exit,
		StderrExact: true,
		MaskUUIDs:   true,
	}, {
		Name: "two", Line: 23, Args: []string{"svc", "op"}, Differs: "needs 2.20",
		ExpectStdout: &out, ExpectBodies: []string{`{"a": 1}`},
	}}
	if diff := cmp.Diff(want, cases); diff != "" {
		t.Errorf("ParseCorpus (-want +got):\n%s", diff)
	}
}

func TestParseCorpusErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{name: "directive before case", in: "args: x\n", want: "before the first"},
		{name: "duplicate name", in: "=== a\nargs: x\n=== a\nargs: x\n", want: "duplicate case name"},
		{name: "unknown directive", in: "=== a\nargs: x\nfoo: bar\n", want: "unknown directive"},
		{name: "no args", in: "=== a\nexit: 0\n", want: "no args"},
		{name: "unterminated heredoc", in: "=== a\nargs: x\nstdin: <<E\nabc\n", want: "never ends"},
		{name: "bad status", in: "=== a\nargs: x\nresponse: abc {}\n", want: "HTTP status"},
		{name: "differs tests nothing", in: "=== a\nargs: x\nv2.9-differs: r\n", want: "test nothing"},
		{name: "expect on a live case", in: "=== a\nargs: x\nexpect-stdout: \"x\"\n", want: "only applies"},
		{name: "bad quoting", in: "=== a\nargs: 'x\n", want: "unterminated"},
		{name: "unknown uuid mode", in: "=== a\nargs: x\nuuid: keep\n", want: "only mask"},
		{name: "file-nest part missing", in: "=== a\nargs: x\nfile-nest: d.txt 3 a= '{a=' x '}'\n", want: "file-nest wants"},
		{name: "file-nest bad count", in: "=== a\nargs: x\nfile-nest: d.txt -1 a= '{a=' x '}' ''\n", want: "wants a count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCorpus(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestNormalizeComments(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{name: "prose dropped, spacing kept", in: "Catalog: ''  # [REQUIRED] The catalog.\nPrimaryNeedsFromAws: # Support needed.\n- A\n", want: "Catalog: ''  # [REQUIRED]\nPrimaryNeedsFromAws: #\n- A\n"},
		{name: "valid values kept", in: "NationalSecurity: Yes # Whether. Valid values are: Yes, No.\n", want: "NationalSecurity: Yes # Valid values are: Yes, No.\n"},
		{name: "no comment untouched", in: "- Co-Sell - Deal Support", want: "- Co-Sell - Deal Support"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeComments(tt.in); got != tt.want {
				t.Errorf("NormalizeComments(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMaskUUIDs(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{name: "v4 masked", in: `{"Catalog": "AWS", "ClientToken": "7b110bce-078b-4a27-85c4-b8cf10a912d2"}`, want: `{"Catalog": "AWS", "ClientToken": "<uuid4>"}`},
		{name: "not version 4", in: `{"ClientToken": "7b110bce-078b-1a27-85c4-b8cf10a912d2"}`, want: `{"ClientToken": "7b110bce-078b-1a27-85c4-b8cf10a912d2"}`},
		{name: "uppercase is not Python's form", in: `"7B110BCE-078B-4A27-85C4-B8CF10A912D2"`, want: `"7B110BCE-078B-4A27-85C4-B8CF10A912D2"`},
		{name: "no uuid", in: `{"ClientToken": "tok-1"}`, want: `{"ClientToken": "tok-1"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(MaskUUIDs([]byte(tt.in))); got != tt.want {
				t.Errorf("MaskUUIDs(%s) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseCorpusFileNest(t *testing.T) {
	cases, err := ParseCorpus(strings.NewReader("=== a\nargs: x\nfile-nest: d.txt 3 a= '{a=' x '}' ',b=c'\nfile-nest: e.json 0 '' '[' '' ']' ''\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []File{{"d.txt", "a={a={a={a=x}}},b=c"}, {"e.json", ""}}
	if diff := cmp.Diff(want, cases[0].Files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
}
