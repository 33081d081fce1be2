package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// writeFlagHelp prints a command's help as the README writes its flags:
// a usage line naming every flag of fs with two dashes, the description,
// then each flag with its argument, meaning and default.
func writeFlagHelp(w io.Writer, fs *flag.FlagSet, about string) {
	var line strings.Builder
	fmt.Fprintf(&line, "usage: %s", fs.Name())
	var body strings.Builder
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		if arg != "" {
			arg = " " + arg
		}
		fmt.Fprintf(&line, " [--%s%s]", f.Name, arg)
		fmt.Fprintf(&body, "  --%s%s\n      %s", f.Name, arg, usage)
		if f.DefValue != "" && f.DefValue != "false" {
			fmt.Fprintf(&body, " (default %s)", f.DefValue)
		}
		body.WriteString("\n")
	})
	fmt.Fprintf(w, "%s\n\n%s\n\n%s", line.String(), about, body.String())
}

// wantsHelp reports whether a flag list asks for help (-h, -help, --help),
// which cosell serve and cosell load answer on standard output, exit 0.
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "-h", "-help", "--help":
			return true
		case "--":
			return false
		}
	}
	return false
}

// parseFlagSet parses a command's flags as serve and load take them: help
// and flag errors on stderr, no positional argument, and a --db (db, once
// parsed) that checkDB accepts.
func parseFlagSet(fs *flag.FlagSet, about string, args []string, stderr io.Writer, db *string) error {
	fs.SetOutput(stderr)
	fs.Usage = func() { writeFlagHelp(stderr, fs, about) }
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	return checkDB(*db)
}
