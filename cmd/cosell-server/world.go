package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/auth"
	"github.com/cosell/cosell/wire"
	"github.com/cosell/cosell/world"
)

// worldOptions are cosell serve's partner-account flags.
type worldOptions struct {
	WorldFile string // --world: the accounts file; "" keeps the one --account-id
	Auth      string // --auth on|off; "" means on with --world
	Region    string // --region: the region credential scopes must name
	world     *world.World
}

func addWorldFlags(fs *flag.FlagSet, o *worldOptions) {
	fs.StringVar(&o.WorldFile, "world", "", "partner accounts and their access keys (YAML `file`): each request acts as the account its SigV4 key belongs to; without it every key is --account-id's")
	fs.StringVar(&o.Auth, "auth", "", "with --world, `on|off`: on verifies SigV4 signatures, session tokens, dates and scopes (the default); off still maps keys to accounts and applies their policies but checks no secret, token, date or scope")
	fs.StringVar(&o.Region, "region", auth.DefaultRegion, "with --world --auth on: the `region` credential scopes must name (the service exists only in us-east-1)")
}

// checkWorldFlags validates the flags and reads the world file, so that a
// bad file stops serve before any database is opened.
func checkWorldFlags(fs *flag.FlagSet, o *worldOptions) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch o.Auth {
	case "", "on", "off":
	default:
		return usageError(fmt.Sprintf("--auth %q: want on or off", o.Auth))
	}
	if o.WorldFile == "" {
		// Without accounts there are no secrets to check signatures with.
		for _, name := range []string{"auth", "region"} {
			if set[name] {
				return usageError(fmt.Sprintf("--%s needs --world: without a world file every key belongs to --account-id and nothing is verified", name))
			}
		}
		return nil
	}
	w, err := world.Load(o.WorldFile)
	if err != nil {
		return usageError(fmt.Sprintf("--world: %v", err))
	}
	o.world = w
	return nil
}

// applyWorld makes the handler identify callers (and verify them unless
// --auth off) and guard the operations of ops with the keys' policies.
func applyWorld(w *wire.Options, o *worldOptions, stderr io.Writer, ops []*cosell.Operation) {
	if o.world == nil {
		return
	}
	verify := o.Auth != "off"
	a := auth.New(auth.Options{World: o.world, Verify: verify, Region: o.Region, Operations: ops})
	w.Authenticate, w.Lookup = a.Authenticate, a.Lookup
	keys := 0
	for _, acct := range o.world.Accounts {
		keys += len(acct.AccessKeys)
	}
	mode := "signatures verified (--auth on)"
	if !verify {
		mode = "signatures NOT verified (--auth off): any secret works"
	}
	fmt.Fprintf(stderr, "cosell: world %s: %d accounts, %d access keys; %s\n", o.WorldFile, len(o.world.Accounts), keys, mode)
}
