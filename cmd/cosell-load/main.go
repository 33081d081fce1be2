// Command cosell-load measures chained UpdateOpportunity calls over HTTP
// (docs/benchmarks.md, "Chained updates over HTTP"): N clients each update
// their own opportunity with the LastModifiedDate of the previous answer,
// SigV4-signed like an SDK, against the real service on SQLite and, in the
// same run, against a no-op handler that only decodes the JSON and answers
// a fixed body. Both servers listen on loopback; runs are bounded by a
// request count and a duration. The service is wired as cosell serve wires
// it: its outbox dispatcher runs, delivering every event to the metrics
// counter and the console's hub (and to -events' file), so each update's
// event is written, delivered and deleted as it is for users.
//
//	go run ./cmd/cosell-load -clients 16 -requests 20000
//
// With -mix URL it measures nothing itself: it drives a running server
// with gets, filtered lists and chained updates for -duration, a load to
// read the server's memory under (scripts/bench-memory.sh).
package main

import (
	"context"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"
)

//go:embed opportunity.json
var opportunityJSON []byte

type config struct {
	clients     int
	requests    int           // per handler
	duration    time.Duration // per handler, upper bound
	warmup      int           // requests per client before measuring
	db          string        // "" → a file in a temporary directory
	sync        string
	rounds      int
	cpuprof     string
	memprof     string
	auth        bool   // also measure the service with signatures verified (cosell serve --world)
	events      string // --events file of the service's dispatcher; "" delivers to the in-process targets only
	mix         string
	mixIDs      int
	mixReadOnly bool
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	var cfg config
	fs := flag.NewFlagSet("cosell-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&cfg.clients, "clients", 16, "concurrent clients, each with its own opportunity")
	fs.IntVar(&cfg.requests, "requests", 20000, "measured requests per handler (all clients together)")
	fs.DurationVar(&cfg.duration, "duration", 30*time.Second, "time limit per handler")
	fs.IntVar(&cfg.warmup, "warmup", 50, "unmeasured requests per client before each measurement")
	fs.StringVar(&cfg.db, "db", "", "SQLite file for the service (default: a fresh file in a temporary directory)")
	fs.StringVar(&cfg.sync, "sync", "normal", "SQLite durability: normal or full")
	fs.IntVar(&cfg.rounds, "rounds", 1, "repeat both measurements this many times (for benchstat -count)")
	fs.BoolVar(&cfg.auth, "auth", false, "each round, also measure the service behind a world with --auth on (SigV4 verified, policy checked) and report its throughput against the service's")
	fs.StringVar(&cfg.events, "events", "", "also deliver the service's events to `file` as JSON lines, as cosell serve --events does (default: only the in-process targets serve always has)")
	fs.StringVar(&cfg.cpuprof, "cpuprofile", "", "write a CPU profile of the whole run (clients and servers) to `file`")
	fs.StringVar(&cfg.memprof, "memprofile", "", "write an allocation profile of the whole run (clients and servers) to `file` at its end")
	fs.StringVar(&cfg.mix, "mix", "", "instead of the benchmark, drive the server at `URL` with a mixed load (gets, stage-filtered lists, chained updates) for -duration")
	fs.IntVar(&cfg.mixIDs, "mix-ids", 1000000, "with -mix, gets read random records among the first `n` (cosell load --count n)")
	fs.BoolVar(&cfg.mixReadOnly, "mix-read-only", false, "with -mix, gets and lists only (no updates)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if cfg.mix != "" {
		if cfg.clients < 1 || cfg.mixIDs < 1 {
			fmt.Fprintln(stderr, "cosell-load: need -clients ≥ 1 and -mix-ids ≥ 1")
			return 2
		}
		if err := runMix(context.Background(), cfg, strings.TrimSuffix(cfg.mix, "/"), stdout); err != nil {
			fmt.Fprintln(stderr, "cosell-load:", err)
			return 1
		}
		return 0
	}
	if cfg.clients < 1 || cfg.requests < cfg.clients {
		fmt.Fprintln(stderr, "cosell-load: need -clients ≥ 1 and -requests ≥ -clients")
		return 2
	}
	if cfg.db == "" {
		dir, err := os.MkdirTemp("", "cosell-load-")
		if err != nil {
			fmt.Fprintln(stderr, "cosell-load:", err)
			return 1
		}
		defer os.RemoveAll(dir)
		cfg.db = filepath.Join(dir, "load.db")
	}
	if cfg.cpuprof != "" {
		f, err := os.Create(cfg.cpuprof)
		if err != nil {
			fmt.Fprintln(stderr, "cosell-load:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "cosell-load:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	if err := load(context.Background(), cfg, stdout); err != nil {
		fmt.Fprintln(stderr, "cosell-load:", err)
		return 1
	}
	if cfg.memprof != "" {
		if err := writeHeapProfile(cfg.memprof); err != nil {
			fmt.Fprintln(stderr, "cosell-load:", err)
			return 1
		}
	}
	return 0
}

// writeHeapProfile writes the allocation profile (every allocation since
// the start, by size and count: go tool pprof -sample_index=alloc_space).
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
