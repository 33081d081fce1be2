package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/cosell/cosell/seed"
)

type loadOptions struct {
	DB      string
	Count   int
	Batch   int
	Workers int
	Sync    string
}

// loadAbout is the description under load's usage line.
const loadAbout = "Adds N generated, valid opportunities (varied stages, company names and dates)\nto a cosell database, in bulk, for load and growth tests."

// loadFlagSet defines load's flags on opts.
func loadFlagSet(opts *loadOptions) *flag.FlagSet {
	fs := flag.NewFlagSet("cosell load", flag.ContinueOnError)
	fs.StringVar(&opts.DB, "db", "cosell.db", "the database cosell serve --db uses: a SQLite `file` or a postgres:// URL")
	fs.IntVar(&opts.Count, "count", 1000, "`number` of opportunities to add")
	fs.IntVar(&opts.Batch, "batch", 1000, "opportunities per transaction (`number`)")
	fs.IntVar(&opts.Workers, "workers", 2, "`number` of goroutines building records")
	fs.StringVar(&opts.Sync, "sync", "normal", "SQLite durability `mode`: normal or full")
	return fs
}

func parseLoadFlags(args []string, stderr io.Writer) (*loadOptions, error) {
	opts := &loadOptions{}
	if err := parseFlagSet(loadFlagSet(opts), loadAbout, args, stderr, &opts.DB); err != nil {
		return nil, err
	}
	if opts.Count < 0 || opts.Batch < 1 || opts.Workers < 1 {
		return nil, usageError("--count must be ≥ 0, --batch and --workers ≥ 1")
	}
	return opts, nil
}

// loadMain runs cosell load; it returns the exit code.
func loadMain(ctx context.Context, args []string, stderr io.Writer) int {
	opts, err := parseLoadFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "cosell load: %s\n", ue)
		}
		return 2
	}
	if err := load(ctx, opts, stderr); err != nil {
		fmt.Fprintf(stderr, "cosell load: %v\n", err)
		return 1
	}
	return 0
}

func load(ctx context.Context, opts *loadOptions, stderr io.Writer) error {
	return withStore(ctx, opts.DB, opts.Sync, func(store servedStore) error {
		bar := progressbar.NewOptions(opts.Count,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("loading"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("opp"),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(stderr) }),
		)
		start := time.Now()
		err := seed.Load(ctx, store, seed.Options{
			Count: opts.Count, Batch: opts.Batch, Workers: opts.Workers,
			Progress: func(n int) { _ = bar.Add(n) },
		})
		if err != nil {
			return err
		}
		_ = bar.Finish()
		d := time.Since(start)
		fmt.Fprintf(stderr, "cosell load: added %d opportunities to %s in %s (%.0f/s)\n",
			opts.Count, displayDB(opts.DB), d.Round(time.Millisecond), float64(opts.Count)/d.Seconds())
		return nil
	})
}
