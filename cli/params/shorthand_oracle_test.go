package params

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// testdata/shorthand_oracle.txt holds, one case a line, an input (a JSON
// string), OK or ERR, and the result: the parsed object as Python's
// json.dumps prints it, or the error text. It was produced by running
// awscli's own ShorthandParser on these inputs, with v2's location format.
func TestShorthandOracle(t *testing.T) {
	f, err := os.Open("testdata/shorthand_oracle.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		dec := json.NewDecoder(strings.NewReader(line))
		var in, want string
		var kind string
		if err := dec.Decode(&in); err != nil {
			t.Fatalf("bad oracle line %q: %v", line, err)
		}
		rest := strings.TrimSpace(line[dec.InputOffset():])
		kind, rest, _ = strings.Cut(rest, " ")
		if kind == "OK" {
			want = rest
		} else if err := json.Unmarshal([]byte(rest), &want); err != nil {
			t.Fatalf("bad oracle line %q: %v", line, err)
		}
		n++
		got, err := ParseShorthand(in)
		switch kind {
		case "OK":
			if err != nil {
				t.Errorf("ParseShorthand(%q): unexpected error %v", in, err)
			} else if g := string(Serialize(got)); g != want {
				t.Errorf("ParseShorthand(%q) = %s, want %s", in, g, want)
			}
		default:
			if err == nil {
				t.Errorf("ParseShorthand(%q) = %s, want error %q", in, Serialize(got), want)
			} else if err.Error() != want {
				t.Errorf("ParseShorthand(%q) error:\n%s\nwant:\n%s", in, err, want)
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d oracle cases read", n)
	}
}
