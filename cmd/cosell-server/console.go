package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/console"
)

// consoleOptions are cosell serve's flags for the web console.
type consoleOptions struct {
	ConsoleToken string // --console-token
}

func addConsoleFlags(fs *flag.FlagSet, o *consoleOptions) {
	fs.StringVar(&o.ConsoleToken, "console-token", "", "`token` the web console at "+console.Path+" requires (open …/console/?token=<token> once); without one, a random token is made and printed when --listen is not loopback or signatures are verified, and the console is open to loopback clients otherwise")
}

// consoleAccess is the console's access rule for opts (docs/decisions.md
// "The console"): the given token; else a random one when the address is
// not loopback or signatures are verified; else none (loopback clients).
func consoleAccess(opts *serveOptions) console.Access {
	switch {
	case opts.ConsoleToken != "":
		return console.Access{Token: opts.ConsoleToken}
	case !console.Loopback(opts.Listen), opts.world != nil && opts.Auth != "off":
		return console.Access{Token: console.RandomToken()}
	}
	return console.Access{}
}

// newConsole makes the console over svc; it acts as the world's accounts
// (the first by default) or as --account-id, and calls the operations of
// o's table: fault rules and quotas apply, key policies do not (the
// console's key "console" has none).
func newConsole(opts *serveOptions, o *ops, svc *cosell.OpportunityService, store servedStore, hub *console.Hub, logger *slog.Logger) (*console.Console, error) {
	var accounts []console.Account
	if w := opts.world; w != nil {
		for _, a := range w.Accounts {
			accounts = append(accounts, console.Account{ID: a.ID, Name: a.CompanyName})
		}
	}
	return console.New(console.Options{Service: svc, Lookup: o.lookup, Lister: store, Accounts: accounts,
		DefaultAccount: opts.AccountID, Access: consoleAccess(opts), Hub: hub, Logger: logger})
}

// announceConsole prints the console's URL (with its token, if it has one).
func announceConsole(w io.Writer, addr string, a console.Access) {
	if a.Token != "" {
		fmt.Fprintf(w, "cosell: console at http://%s%s?token=%s (%s)\n", addr, console.Path, a.Token, a.Mode())
		return
	}
	fmt.Fprintf(w, "cosell: console at http://%s%s (%s)\n", addr, console.Path, a.Mode())
}
