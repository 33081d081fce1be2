package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/cosell/cosell/internal/py"
)

// Run parses args (without the program name) like AWS CLI v2 and runs the
// command; it returns the exit code. Stage one is the global parser over
// all of argv (§2); the first word it leaves is the command, optionally
// after the service name.
func Run(f *Factory, args []string) int {
	ctx := context.Background()
	gp := newArgParser(globalSpecs())
	pa, err := gp.parseKnown(args)
	if err != nil {
		return writeError(f.IO.ErrOut, err)
	}
	if pa.Version {
		fmt.Fprintln(f.IO.Out, versionString())
		return exitOK
	}
	g := globalsFrom(pa)
	if g.Debug {
		debugStart(f, args)
	}
	if g.CLIAutoPrompt && g.NoCLIAutoPrompt {
		return writeError(f.IO.ErrOut, errorf(exitUsage, "Both --cli-auto-prompt and --no-cli-auto-prompt cannot be specified at the same time."))
	}

	rest, words := positionals(gp, pa.Extras, 2)
	if len(words) == 0 && len(rest) == 1 && (rest[0] == "--help" || rest[0] == "-h") {
		// cosell's own: the AWS CLI prints its bare argparse usage here; a
		// newcomer's first try should list the commands (issue 8).
		writeTopHelp(f.IO.Out)
		return exitOK
	}
	if len(words) == 0 {
		return writeError(f.IO.ErrOut, &usageError{"the following arguments are required: command"})
	}
	name := words[0]
	switch {
	case name == "help":
		writeTopHelp(f.IO.Out)
		return exitOK
	case name == ServiceName:
		if len(words) < 2 {
			return writeError(f.IO.ErrOut, &usageError{"the following arguments are required: operation"})
		}
		if words[1] == "help" {
			writeTopHelp(f.IO.Out)
			return exitOK
		}
		name = words[1]
		if commandNamed(name) == nil {
			return writeError(f.IO.ErrOut, &usageError{invalidChoice("operation", name, commandNames())})
		}
	default:
		// Only the first word was the command: give the second back.
		rest, _ = positionals(gp, pa.Extras, 1)
	}
	cmd := commandNamed(name)
	if cmd == nil {
		return writeError(f.IO.ErrOut, &usageError{invalidChoice("command", name, append(commandNames(), ServiceName, "help"))})
	}

	cfg, err := loadConfig(f.Getenv, g)
	if err != nil {
		return writeError(f.IO.ErrOut, err)
	}
	if g.QueryGiven && f.Output != nil { // '' too: the AWS CLI refuses an empty expression
		if err := f.Output.CompileQuery(g.Query); err != nil {
			return writeError(f.IO.ErrOut, err)
		}
	}
	r := &runner{f: f, ctx: ctx, cmd: cmd, g: g, cfg: cfg}
	code := r.run(rest)
	if code == exitUsage && cfg.AutoPrompt == "on-partial" {
		return r.prompt(rest)
	}
	return code
}

// positionals removes the first n positional words (tokens the global
// parser would give to its command positionals) from extras.
func positionals(gp *argParser, extras []string, n int) (rest, words []string) {
	rest = make([]string, 0, len(extras))
	for i, tok := range extras {
		if tok == "--" {
			rest = append(rest, extras[i:]...)
			break
		}
		if len(words) < n {
			if t, _ := gp.classify(tok); t == nil {
				words = append(words, tok)
				continue
			}
		}
		rest = append(rest, tok)
	}
	return rest, words
}

// pyRepr renders a string list the way Python's repr does, for the
// "Arguments entered to CLI" debug line.
func pyRepr(list []string) string {
	quoted := make([]string, len(list))
	for i, s := range list {
		quoted[i] = py.StrRepr(s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}
