// Command cosell is the drop-in for aws partnercentral-selling commands.
// It links only the CLI packages, so a command's peak RSS stays small
// (docs/decisions.md "Two binaries"). The emulator's own commands (serve,
// load, faults) live in cosell-server; cosell hands them over to it with
// exec, in the same process, with the same arguments and environment.
package main

import (
	"os"

	"github.com/mattn/go-isatty"

	"github.com/cosell/cosell/cli"
)

func main() {
	args := os.Args[1:]
	if len(args) > 0 && serverCommands[args[0]] {
		os.Exit(handOver(args, os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(cli.Main(args, &cli.IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		InTTY: isTerminal(os.Stdin), OutTTY: isTerminal(os.Stdout), ErrTTY: isTerminal(os.Stderr),
	}))
}

func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}
