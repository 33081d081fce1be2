package params

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cosell/cosell"
	"github.com/google/go-cmp/cmp"
)

func member(t *testing.T, shape *cosell.Shape, name string) *cosell.Member {
	t.Helper()
	m := shape.Member(name)
	if m == nil {
		t.Fatalf("no member %s", name)
	}
	return m
}

func TestDecodeOption(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	idFile := write("id.txt", "CRM-ID/0042\n")
	crlf := write("crlf.txt", "a\r\nb\rc")
	hello := write("hello.txt", "hello\n")
	listFile := write("list.json", ` ["a", "b"]`)
	projFile := write("project.txt", "Title=from file,DeliveryModels=SaaS")
	titleFile := write("t.txt", "My title\n")
	t.Setenv("COSELL_PARAMS_DIR", dir)

	in := cosell.UpdateOpportunityInput
	tests := []struct {
		name   string
		member string
		values []string
		want   string // Serialize of the result
		err    string // Error().Msg
		exit   int
	}{
		{name: "string kept byte for byte", member: "PartnerOpportunityIdentifier", values: []string{" spaced "}, want: `" spaced "`},
		{name: "empty string", member: "Catalog", values: []string{""}, want: `""`},
		{name: "http is not fetched", member: "PartnerOpportunityIdentifier", values: []string{"http://h/x"}, want: `"http://h/x"`},
		{name: "file keeps newline", member: "PartnerOpportunityIdentifier", values: []string{"file://" + idFile}, want: `"CRM-ID/0042\n"`},
		{name: "file universal newlines", member: "PartnerOpportunityIdentifier", values: []string{"file://" + crlf}, want: `"a\nb\nc"`},
		{name: "file with $VAR", member: "PartnerOpportunityIdentifier", values: []string{"file://$COSELL_PARAMS_DIR/id.txt"}, want: `"CRM-ID/0042\n"`},
		{
			name: "missing file", member: "Project", values: []string{"file://nope.txt"},
			err: "Error parsing parameter '--opt': Unable to load paramfile file://nope.txt: [Errno 2] No such file or directory: 'nope.txt'", exit: 252,
		},
		{name: "timestamp untouched", member: "LastModifiedDate", values: []string{"Jan 2 2024"}, want: `"Jan 2 2024"`},
		{name: "shorthand structure", member: "Project", values: []string{"Title=a,DeliveryModels=Resell"}, want: `{"Title": "a", "DeliveryModels": ["Resell"]}`},
		{name: "empty list element wrapped", member: "Project", values: []string{"DeliveryModels="}, want: `{"DeliveryModels": [""]}`},
		{name: "nested list of structures wrapped", member: "Customer", values: []string{"Contacts={Email=a}"}, want: `{"Contacts": [{"Email": "a"}]}`},
		{name: "lists nested in a list element wrapped", member: "LifeCycle", values: []string{"NextStepsHistory={Value=v,Time=t}"}, want: `{"NextStepsHistory": [{"Value": "v", "Time": "t"}]}`},
		{name: "bare list stays", member: "Project", values: []string{"DeliveryModels=SaaS or PaaS,Resell,Title=My title"}, want: `{"DeliveryModels": ["SaaS or PaaS", "Resell"], "Title": "My title"}`},
		{name: "paramfile holding shorthand", member: "Project", values: []string{"file://" + projFile}, want: `{"Title": "from file", "DeliveryModels": ["SaaS"]}`},
		{name: "key at-equals file", member: "Project", values: []string{"Title@=file://" + titleFile}, want: `{"Title": "My title\n"}`},
		{name: "plain key keeps file text", member: "Project", values: []string{"Title=file://" + titleFile}, want: `{"Title": "file://` + titleFile + `"}`},
		{name: "json structure", member: "Project", values: []string{` {"Title": "\u00e9", "Title": "last"}`}, want: `{"Title": "last"}`},
		{name: "json structure is not wrapped", member: "Project", values: []string{`{"DeliveryModels": "SaaS"}`}, want: `{"DeliveryModels": "SaaS"}`},
		{
			name: "bad json structure", member: "Project", values: []string{`{"Title": }`},
			err: "Error parsing parameter '--opt': Invalid JSON: Expecting value: line 1 column 11 (char 10)\nJSON received: {\"Title\": }", exit: 252,
		},
		{name: "list for a structure", member: "Project", values: []string{`["a"]`}, err: "Error parsing parameter '--opt': Invalid JSON:\n[\"a\"]", exit: 252},
		{
			name: "shorthand error", member: "Project", values: []string{"Title==x"},
			err: "Error parsing parameter '--opt': Expected: ',', received: '=' for input:\n Title==x\n      ^", exit: 252,
		},
		{
			name: "http for a structure is shorthand", member: "Project", values: []string{"http://h/x"},
			err: "Error parsing parameter '--opt': Expected: '=', received: 'EOF' for input:\n http://h/x\n          ^", exit: 252,
		},
		{
			name: "duplicate key", member: "Project", values: []string{"Title=a,Title=b"},
			err: "Error parsing parameter '--opt': Second instance of key \"Title\" encountered for input:\nTitle=a,Title=b\n        ^\nThis is often because there is a preceding \",\" instead of a space.", exit: 252,
		},
		{name: "list option separate values", member: "PrimaryNeedsFromAws", values: []string{"Co-Sell - Deal Support", "Co-Sell - Pricing Assistance"}, want: `["Co-Sell - Deal Support", "Co-Sell - Pricing Assistance"]`},
		{name: "list option no values", member: "PrimaryNeedsFromAws", values: []string{}, want: `[]`},
		{name: "list option commas not split", member: "PrimaryNeedsFromAws", values: []string{"a,b"}, want: `["a,b"]`},
		{name: "list option json", member: "PrimaryNeedsFromAws", values: []string{` ["a","b"]`}, want: `["a", "b"]`},
		{name: "list option two values are literal", member: "PrimaryNeedsFromAws", values: []string{`["a"]`, "x"}, want: `["[\"a\"]", "x"]`},
		{name: "list option two values no paramfile", member: "PrimaryNeedsFromAws", values: []string{"file://a", "x"}, want: `["file://a", "x"]`},
		{name: "list option file split into characters", member: "PrimaryNeedsFromAws", values: []string{"file://" + hello}, want: `["h", "e", "l", "l", "o", "\n"]`},
		{name: "list option json file", member: "PrimaryNeedsFromAws", values: []string{"file://" + listFile}, want: `["a", "b"]`},
		{name: "list option whitespace value", member: "PrimaryNeedsFromAws", values: []string{"  "}, want: `["  "]`},
		{
			name: "list option bad json", member: "PrimaryNeedsFromAws", values: []string{`["a",]`},
			err: "Error parsing parameter '--opt': Invalid JSON: Expecting value: line 1 column 6 (char 5)\nJSON received: [\"a\",]", exit: 252,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeOption("--opt", member(t, in, tt.member), tt.values)
			if tt.err != "" {
				e, ok := err.(*Error)
				if !ok {
					t.Fatalf("got %v (%T), want error %q", got, err, tt.err)
				}
				if diff := cmp.Diff(tt.err, e.Msg); diff != "" || e.Exit != tt.exit {
					t.Errorf("exit %d (want %d), message (-want +got):\n%s", e.Exit, tt.exit, diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s := string(Serialize(got)); s != tt.want {
				t.Errorf("got  %s\nwant %s", s, tt.want)
			}
		})
	}
}

func TestDecodeOptionFileb(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bin")
	if err := os.WriteFile(p, []byte("\xff\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := DecodeOption("--partner-opportunity-identifier", member(t, cosell.UpdateOpportunityInput, "PartnerOpportunityIdentifier"), []string{"fileb://" + p})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Bytes("\xff\x00"), got); diff != "" {
		t.Error(diff)
	}
	// A string member then fails validation with the bytes type (spec §4).
	err = Validate("UpdateOpportunity", cosell.UpdateOpportunityInput, o("Catalog", "AWS", "LastModifiedDate", "0", "Identifier", "O1", "PartnerOpportunityIdentifier", got))
	want := "Parameter validation failed:\nInvalid type for parameter PartnerOpportunityIdentifier, value: b'\\xff\\x00', type: <class 'bytes'>, valid types: <class 'str'>"
	if err == nil || err.(*Error).Msg != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

func TestDecodeOptionListOfStructures(t *testing.T) {
	tags := member(t, cosell.CreateOpportunityInput, "Tags")
	tests := []struct {
		name   string
		values []string
		want   string
		err    string
	}{
		{name: "one shorthand per value", values: []string{"Key=a,Value=b", "Key=c,Value=d"}, want: `[{"Key": "a", "Value": "b"}, {"Key": "c", "Value": "d"}]`},
		{name: "json list", values: []string{`[{"Key":"a","Value":"b"}]`}, want: `[{"Key": "a", "Value": "b"}]`},
		{name: "json objects", values: []string{`{"Key":"a"}`, ` {"Key":"b"}`}, want: `[{"Key": "a"}, {"Key": "b"}]`},
		{name: "json then shorthand", values: []string{`{"Key":"a"}`, "Key=b"}, err: "Error parsing parameter '--tags': Invalid JSON:\nKey=b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeOption("--tags", tags, tt.values)
			if tt.err != "" {
				if err == nil || err.(*Error).Msg != tt.err {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s := string(Serialize(got)); s != tt.want {
				t.Errorf("got  %s\nwant %s", s, tt.want)
			}
		})
	}
}

func TestDecodeOptionInteger(t *testing.T) {
	m := member(t, cosell.ListOpportunitiesInput, "MaxResults")
	got, err := DecodeOption("--max-results", m, []string{" 1_0 "})
	if err != nil || got != cosell.Number("10") {
		t.Errorf("got %v, %v; want 10", got, err)
	}
	_, err = DecodeOption("--max-results", m, []string{"abc"})
	if e, ok := err.(*Error); !ok || e.Msg != "invalid literal for int() with base 10: 'abc'" || e.Exit != 255 {
		t.Errorf("err = %#v", err)
	}
}

func TestErrorText(t *testing.T) {
	e := &Error{Msg: "Error parsing parameter '--x': y", Exit: 252}
	if e.Error() != "\nError parsing parameter '--x': y\n" || e.ExitCode() != 252 {
		t.Errorf("Error() = %q, ExitCode() = %d", e.Error(), e.ExitCode())
	}
	if !strings.HasPrefix(paramError("--p", "m").Msg, "Error parsing parameter '--p': ") {
		t.Error("paramError prefix")
	}
}
