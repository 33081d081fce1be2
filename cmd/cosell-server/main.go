// Command cosell-server is the Partner Central Selling emulator (cosell serve,
// which the lean cosell binary hands over to) and
// a drop-in for aws partnercentral-selling commands (everything else).
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/mattn/go-isatty"

	"github.com/cosell/cosell/cli"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches "serve" to the emulator, "load" to the bulk loader,
// "faults" to the fault rules of a running server and every other command
// to the
// AWS CLI-compatible commands; it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "serve" || args[0] == "load") && wantsHelp(args[1:]) {
		if args[0] == "serve" {
			writeFlagHelp(stdout, serveFlagSet(&serveOptions{}), serveAbout)
		} else {
			writeFlagHelp(stdout, loadFlagSet(&loadOptions{}), loadAbout)
		}
		return 0
	}
	if len(args) > 0 && args[0] == "serve" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return serveMain(ctx, args[1:], stderr, nil)
	}
	if len(args) > 0 && args[0] == "faults" {
		return faultsMain(args[1:], stdin, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "load" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return loadMain(ctx, args[1:], stderr)
	}
	return cli.Main(args, &cli.IOStreams{
		In: stdin, Out: stdout, ErrOut: stderr,
		InTTY: isTerminal(stdin), OutTTY: isTerminal(stdout), ErrTTY: isTerminal(stderr),
	})
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
