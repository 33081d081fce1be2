package output

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
)

// PagerConfig says which pager to use (spec §15 Pager).
type PagerConfig struct {
	// LookupEnv reads the environment (nil: os.LookupEnv). A variable that
	// is set but empty counts: AWS_PAGER="" turns paging off.
	LookupEnv func(string) (string, bool)
	// ConfigValue is the profile's cli_pager when HasConfigValue.
	ConfigValue    string
	HasConfigValue bool
	Disabled       bool      // --no-cli-pager
	TTY            bool      // stdout is a terminal
	Stderr         io.Writer // the pager's stderr (nil: os.Stderr)
}

// PagerCommand is the configured pager: AWS_PAGER, then cli_pager, then
// PAGER, then less; "" means no pager.
func (c PagerConfig) PagerCommand() string {
	lookup := c.LookupEnv
	if lookup == nil {
		lookup = os.LookupEnv
	}
	if v, ok := lookup("AWS_PAGER"); ok {
		return v
	}
	if c.HasConfigValue {
		return c.ConfigValue
	}
	if v, ok := lookup("PAGER"); ok {
		return v
	}
	return "less"
}

// StartPager returns the writer formatted output goes to: stdout itself
// unless stdout is a terminal and a pager is configured. The pager starts
// lazily on the first write (so output that prints nothing never starts
// it), with LESS=FRX unless LESS is set. If it cannot start, that write
// fails with v2's message and exit 253. Close waits for the pager.
func StartPager(stdout io.Writer, cfg PagerConfig) (io.WriteCloser, error) {
	cmd := cfg.PagerCommand()
	if cfg.Disabled || !cfg.TTY || strings.TrimSpace(cmd) == "" {
		return nopCloser{stdout}, nil
	}
	args, err := shellSplit(cmd)
	if err != nil {
		return nil, errorf(255, "\n%s\n", err)
	}
	if len(args) == 0 {
		return nopCloser{stdout}, nil
	}
	return &lazyPager{args: args, stdout: stdout, cfg: cfg}, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

type lazyPager struct {
	args   []string
	stdout io.Writer
	cfg    PagerConfig

	once  sync.Once
	cmd   *exec.Cmd
	stdin io.WriteCloser
	err   error
}

func (p *lazyPager) start() {
	lookup := p.cfg.LookupEnv
	if lookup == nil {
		lookup = os.LookupEnv
	}
	cmd := exec.Command(p.args[0], p.args[1:]...)
	env := os.Environ()
	if _, ok := lookup("LESS"); !ok {
		env = append(env, "LESS=FRX")
	}
	cmd.Env = env
	cmd.Stdout = p.stdout
	cmd.Stderr = p.cfg.Stderr
	if cmd.Stderr == nil {
		cmd.Stderr = os.Stderr
	}
	stdin, err := cmd.StdinPipe()
	if err == nil {
		err = cmd.Start()
	}
	if err != nil {
		p.err = pagerError(p.args[0], err)
		return
	}
	p.cmd, p.stdin = cmd, stdin
}

func pagerError(name string, err error) *Error {
	detail := err.Error()
	if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
		detail = "[Errno 2] No such file or directory: '" + name + "'"
	}
	return errorf(253, "\nUnable to redirect output to pager. Received the following error when opening pager:\n%s\n\nLearn more about configuring the output pager by running \"aws help config-vars\".\n", detail)
}

func (p *lazyPager) Write(b []byte) (int, error) {
	p.once.Do(p.start)
	if p.err != nil {
		return 0, p.err
	}
	n, err := p.stdin.Write(b)
	if err != nil {
		// The user quit the pager early (broken pipe): not an error.
		return len(b), nil
	}
	return n, nil
}

func (p *lazyPager) Close() error {
	if p.cmd == nil {
		return nil
	}
	p.stdin.Close()
	p.cmd.Wait()
	return nil
}

// shellSplit splits a command line like Python's shlex.split (POSIX mode):
// whitespace separates words, single quotes are literal, double quotes
// allow \" \\ \$ \` escapes, a backslash outside quotes escapes the next
// character.
func shellSplit(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\'':
			inWord = true
			j := i + 1
			for j < len(rs) && rs[j] != '\'' {
				cur.WriteRune(rs[j])
				j++
			}
			if j >= len(rs) {
				return nil, errors.New("No closing quotation")
			}
			i = j
		case r == '"':
			inWord = true
			j := i + 1
			for ; j < len(rs) && rs[j] != '"'; j++ {
				if rs[j] == '\\' && j+1 < len(rs) && strings.ContainsRune("\"\\$`", rs[j+1]) {
					j++
				}
				cur.WriteRune(rs[j])
			}
			if j >= len(rs) {
				return nil, errors.New("No closing quotation")
			}
			i = j
		case r == '\\':
			inWord = true
			if i+1 >= len(rs) {
				return nil, errors.New("No escaped character")
			}
			i++
			cur.WriteRune(rs[i])
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			inWord = true
			cur.WriteRune(r)
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
