package output

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// spec §15 Pager: AWS_PAGER, then cli_pager, then PAGER, then less; an
// empty value turns paging off.
func TestPagerCommand(t *testing.T) {
	tests := []struct {
		name string
		cfg  PagerConfig
		want string
	}{
		{name: "default less", cfg: PagerConfig{LookupEnv: env(nil)}, want: "less"},
		{name: "PAGER", cfg: PagerConfig{LookupEnv: env(map[string]string{"PAGER": "more"})}, want: "more"},
		{name: "cli_pager beats PAGER", cfg: PagerConfig{LookupEnv: env(map[string]string{"PAGER": "more"}), ConfigValue: "most", HasConfigValue: true}, want: "most"},
		{name: "AWS_PAGER beats all", cfg: PagerConfig{LookupEnv: env(map[string]string{"PAGER": "more", "AWS_PAGER": "cat -n"}), ConfigValue: "most", HasConfigValue: true}, want: "cat -n"},
		{name: "empty AWS_PAGER is off", cfg: PagerConfig{LookupEnv: env(map[string]string{"AWS_PAGER": "", "PAGER": "more"})}, want: ""},
		{name: "empty cli_pager is off", cfg: PagerConfig{LookupEnv: env(map[string]string{"PAGER": "more"}), HasConfigValue: true}, want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.cfg.PagerCommand(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestStartPagerPassThrough(t *testing.T) {
	tests := []struct {
		name string
		cfg  PagerConfig
	}{
		{name: "not a terminal", cfg: PagerConfig{LookupEnv: env(map[string]string{"AWS_PAGER": "definitely-not-a-pager-xyz"})}},
		{name: "--no-cli-pager", cfg: PagerConfig{TTY: true, Disabled: true, LookupEnv: env(map[string]string{"AWS_PAGER": "definitely-not-a-pager-xyz"})}},
		{name: "empty pager", cfg: PagerConfig{TTY: true, LookupEnv: env(map[string]string{"AWS_PAGER": ""})}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			w, err := StartPager(&out, tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write([]byte("x\n")); err != nil {
				t.Fatal(err)
			}
			w.Close()
			if out.String() != "x\n" {
				t.Errorf("stdout got %q", out.String())
			}
		})
	}
}

func TestStartPagerRuns(t *testing.T) {
	var out bytes.Buffer
	w, err := StartPager(&out, PagerConfig{TTY: true, LookupEnv: env(map[string]string{"AWS_PAGER": "sh -c 'tr a-z A-Z; printf %s \"$LESS\"'"})})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("hello\n")); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// The pager reads what was written and gets LESS=FRX (LESS unset).
	if got, want := out.String(), "HELLO\nFRX"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestStartPagerMissing(t *testing.T) {
	w, err := StartPager(&bytes.Buffer{}, PagerConfig{TTY: true, LookupEnv: env(map[string]string{"AWS_PAGER": "definitely-not-a-pager-xyz -R"})})
	if err != nil {
		t.Fatal(err)
	}
	// Lazy: nothing written, nothing started, no error.
	_, err = w.Write([]byte("x"))
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("got %#v, want *Error", err)
	}
	want := "\nUnable to redirect output to pager. Received the following error when opening pager:\n[Errno 2] No such file or directory: 'definitely-not-a-pager-xyz'\n\nLearn more about configuring the output pager by running \"aws help config-vars\".\n"
	if e.Msg != want || e.Exit != 253 {
		t.Errorf("got %q exit %d\nwant %q exit 253", e.Msg, e.Exit, want)
	}
}

func TestShellSplit(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{name: "words", in: "less -R  -S", want: []string{"less", "-R", "-S"}},
		{name: "single quotes", in: "sh -c 'a b'", want: []string{"sh", "-c", "a b"}},
		{name: "double quotes with escape", in: `x "a \"b\" c"`, want: []string{"x", `a "b" c`}},
		{name: "backslash space", in: `my\ pager`, want: []string{"my pager"}},
		{name: "empty quoted word", in: `a ''`, want: []string{"a", ""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := shellSplit(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}
