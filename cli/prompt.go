package cli

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/cosell/cosell"
)

// --cli-auto-prompt (or AWS_CLI_AUTO_PROMPT / cli_auto_prompt = on or
// on-partial, §15): complete the command interactively before it runs.
// "on" prompts before parsing; "on-partial" only after a usage failure
// (exit 252). Without a terminal on stdin the run stops with v2's warning
// and exit 255.

// Prompter asks for the value of one option; "" leaves it out.
type Prompter interface {
	Ask(option string, m *cosell.Member) (string, error)
}

func (r *runner) prompt(args []string) int {
	if !r.f.IO.InTTY {
		io.WriteString(r.f.IO.ErrOut, "Warning: Input is not a terminal (fd=0).\n")
		return exitOther
	}
	p := r.f.Prompter
	if p == nil {
		p = &linePrompter{in: bufio.NewReader(r.f.IO.In), out: r.f.IO.ErrOut}
	}
	given := map[string]bool{}
	for _, a := range args {
		name, _, _ := strings.Cut(a, "=")
		given[name] = true
	}
	out := append([]string{}, args...)
	for i := range r.cmd.Op.Input.Members {
		m := &r.cmd.Op.Input.Members[i]
		opt := memberOption(m)
		if given[opt] {
			continue
		}
		v, err := p.Ask(opt, m)
		if err != nil {
			return r.fail(errorf(exitInterrupt, "%s", err))
		}
		if v != "" {
			out = append(out, opt+"="+v)
		}
	}
	r.cfg.AutoPrompt = "off"
	return r.run(out)
}

// linePrompter is the plain terminal prompter: one line per option, the
// member's description and valid values as the hint.
type linePrompter struct {
	in  *bufio.Reader
	out io.Writer
}

func (p *linePrompter) Ask(option string, m *cosell.Member) (string, error) {
	req := ""
	if m.Required {
		req = " [REQUIRED]"
	}
	fmt.Fprintf(p.out, "%s%s (%s): %s\n", option, req, m.Shape.Kind, m.Doc)
	if vals := m.Shape.Values(); len(vals) > 0 && len(vals) <= 20 {
		fmt.Fprintf(p.out, "  values: %s\n", strings.Join(vals, " | "))
	}
	if m.Shape.Kind == cosell.KindStructure {
		fmt.Fprintf(p.out, "  shorthand: %s\n", shorthandSyntax(m.Shape, true))
	}
	fmt.Fprint(p.out, "> ")
	line, err := p.in.ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("input ended")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
