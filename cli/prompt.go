package cli

import (
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
		p = &huhPrompter{in: r.f.IO.In, out: r.f.IO.ErrOut}
	}
	given := map[string]bool{}
	for _, a := range args {
		name, _, _ := strings.Cut(a, "=")
		given[name] = true
	}
	out := append([]string{}, args...)
	for i := range r.cmd.Op.Input.Members {
		m := cliMember(r.cmd.Op, &r.cmd.Op.Input.Members[i])
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
