package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cosell/cosell/faults"
)

// faultsAbout is the description under cosell faults' usage line.
const faultsAbout = `Lists or changes the fault rules of a running cosell serve, through its
control endpoint ` + faults.Path + ` (not part of the AWS API):

  cosell faults list                  the rules in force, with the calls each
                                      matched and the faults it fired
  cosell faults add --operations UpdateOpportunity --error ThrottlingException --probability 0.5 --seed 42
  cosell faults add --file rules.yaml a rule or a list of rules (YAML or JSON,
                                      the world file's faults: keys)
  cosell faults replace --file F      every rule replaced by F's (counters restart)
  cosell faults clear                 no rule any more

A rule has one fault (--error, --latency-ms, --drop-connection or
--commit-then-drop) and fires on every call, with --probability (from
--seed), or on --every Nth call it matches.`

// faultsOptions is cosell faults' parsed command line (the gh "Options
// struct"); runFaults does the work.
type faultsOptions struct {
	Action   string // list, add, replace or clear
	Endpoint string // the server's base URL
	Token    string // the control token ("" none)
	JSON     bool   // print the server's JSON instead of a table
	File     string // add, replace: the rules' file; "-" is standard input
	// Rule is add's rule from flags, with the world file's keys.
	Rule map[string]any

	In         io.Reader
	Out        io.Writer
	HTTPClient *http.Client
}

// faultsFlags are the flag variables; faultsFlagSet binds them.
type faultsFlags struct {
	endpoint, token, file, operations, accounts, errorCode string
	latencyMS, every                                       int
	probability                                            float64
	seed                                                   int64
	drop, commitThenDrop, json                             bool
}

func faultsFlagSet(f *faultsFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("cosell faults list|add|replace|clear", flag.ContinueOnError)
	fs.StringVar(&f.endpoint, "endpoint-url", "http://"+DefaultListen, "the cosell serve `URL`")
	fs.StringVar(&f.token, "control-token", "", "the server's control `token`; default $"+controlTokenEnv)
	fs.BoolVar(&f.json, "json", false, "print the rules as the server's JSON")
	fs.StringVar(&f.file, "file", "", "add, replace: the rules' `file`, YAML or JSON (a rule or a list; - for standard input)")
	fs.StringVar(&f.operations, "operations", "", "add: comma-separated operation `names`, or * for all")
	fs.StringVar(&f.accounts, "accounts", "", "add: comma-separated account `ids` (default every account)")
	fs.StringVar(&f.errorCode, "error", "", "add: answer this error `code` (ThrottlingException, InternalServerException, ServiceQuotaExceededException, ConflictException, or one the operation models)")
	fs.IntVar(&f.latencyMS, "latency-ms", 0, "add: add this many `milliseconds` before the operation runs")
	fs.BoolVar(&f.drop, "drop-connection", false, "add: close the connection without an answer; the operation does not run")
	fs.BoolVar(&f.commitThenDrop, "commit-then-drop", false, "add: run the operation (a write commits), then close the connection without its answer")
	fs.Float64Var(&f.probability, "probability", 0, "add: fire with this `probability` (above 0, at most 1)")
	fs.Int64Var(&f.seed, "seed", 0, "add: the probability's `seed` (the same seed, the same sequence)")
	fs.IntVar(&f.every, "every", 0, "add: fire on every `N`th call the rule matches")
	return fs
}

// faultsMain runs cosell faults; it returns the exit code.
func faultsMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	opts, err := parseFaultsFlags(args, stderr, os.Getenv)
	if errors.Is(err, flag.ErrHelp) {
		writeFlagHelp(stdout, faultsFlagSet(&faultsFlags{}), faultsAbout)
		return 0
	}
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "cosell faults: %s\n", ue)
		}
		return 2
	}
	opts.In, opts.Out, opts.HTTPClient = stdin, stdout, &http.Client{Timeout: time.Minute}
	if err := runFaults(context.Background(), opts); err != nil {
		fmt.Fprintf(stderr, "cosell faults: %v\n", err)
		return 1
	}
	return 0
}

// ruleFlags are the flags that make add's rule, by flag name → rule key.
var ruleFlags = map[string]string{"operations": "operations", "accounts": "accounts", "error": "error", "latency-ms": "latency_ms",
	"drop-connection": "drop_connection", "commit-then-drop": "commit_then_drop", "probability": "probability", "every": "every", "seed": "seed"}

func parseFaultsFlags(args []string, stderr io.Writer, getenv func(string) string) (*faultsOptions, error) {
	if len(args) == 0 {
		return nil, usageError("say what to do: list, add, replace or clear (cosell faults --help)")
	}
	if wantsHelp(args[:1]) {
		return nil, flag.ErrHelp
	}
	action := args[0]
	switch action {
	case "list", "add", "replace", "clear":
	default:
		return nil, usageError(fmt.Sprintf("%q: want list, add, replace or clear (cosell faults --help)", action))
	}
	var f faultsFlags
	fs := faultsFlagSet(&f)
	fs.SetOutput(io.Discard) // errors are reported once, below
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usageError(err.Error())
	}
	if fs.NArg() > 0 {
		return nil, usageError(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	opts := &faultsOptions{Action: action, Endpoint: strings.TrimRight(f.endpoint, "/"), Token: f.token, JSON: f.json, File: f.file}
	if opts.Token == "" {
		opts.Token = getenv(controlTokenEnv)
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	var ruleSet []string
	for name := range ruleFlags {
		if set[name] {
			ruleSet = append(ruleSet, "--"+name)
		}
	}
	switch {
	case action != "add" && len(ruleSet) > 0:
		return nil, usageError(fmt.Sprintf("%s takes no rule flags (%s): only add does", action, strings.Join(ruleSet, ", ")))
	case (action == "list" || action == "clear") && set["file"]:
		return nil, usageError(action + " takes no --file")
	case action == "replace" && !set["file"]:
		return nil, usageError("replace needs --file (cosell faults clear removes every rule)")
	case action == "add" && set["file"] && len(ruleSet) > 0:
		return nil, usageError("add takes a rule from flags or --file, not both")
	case action == "add" && !set["file"] && !set["operations"]:
		return nil, usageError("add needs --operations and a fault (--error, --latency-ms, --drop-connection or --commit-then-drop), or --file")
	}
	if action == "add" && !set["file"] {
		// The server checks the rule, with the same messages as the world file's.
		opts.Rule = map[string]any{"operations": splitList(f.operations)}
		values := map[string]any{"accounts": splitList(f.accounts), "error": f.errorCode, "latency-ms": f.latencyMS, "drop-connection": f.drop,
			"commit-then-drop": f.commitThenDrop, "probability": f.probability, "every": f.every, "seed": f.seed}
		for name, v := range values {
			if set[name] {
				opts.Rule[ruleFlags[name]] = v
			}
		}
	}
	return opts, nil
}

func splitList(s string) []string {
	out := []string{}
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// runFaults sends the request and prints the rules in force afterwards.
func runFaults(ctx context.Context, opts *faultsOptions) error {
	method := map[string]string{"list": http.MethodGet, "add": http.MethodPost, "replace": http.MethodPut, "clear": http.MethodDelete}[opts.Action]
	var body []byte
	switch {
	case opts.Rule != nil:
		body, _ = json.Marshal(opts.Rule)
	case opts.File == "-":
		b, err := io.ReadAll(io.LimitReader(opts.In, faults.MaxControlBody+1))
		if err != nil {
			return fmt.Errorf("reading standard input: %w", err)
		}
		body = b
	case opts.File != "":
		b, err := os.ReadFile(opts.File)
		if err != nil {
			return err
		}
		body = b
	}
	url := opts.Endpoint + faults.Path
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	if opts.Token != "" {
		req.Header.Set("Authorization", "Bearer "+opts.Token)
	}
	resp, err := opts.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("cannot reach cosell serve: %w", err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return fmt.Errorf("reading the answer of %s: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		var e faults.ErrorBody
		if json.Unmarshal(answer, &e) != nil || e.Message == "" {
			return fmt.Errorf("%s %s: HTTP %d (is it cosell serve?)", method, url, resp.StatusCode)
		}
		return fmt.Errorf("%s (HTTP %d)", e.Message, resp.StatusCode)
	}
	if opts.JSON {
		_, err := opts.Out.Write(answer)
		return err
	}
	var list faults.List
	if err := json.Unmarshal(answer, &list); err != nil {
		return fmt.Errorf("%s answered something else than a rule list: %w", url, err)
	}
	return writeRules(opts.Out, list.Faults)
}

// writeRules prints the rules as a table.
func writeRules(w io.Writer, rules []faults.Status) error {
	if len(rules) == 0 {
		_, err := fmt.Fprintln(w, "no fault rules in force")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tOPERATIONS\tACCOUNTS\tFAULT\tWHEN\tCALLS\tFIRED")
	for _, r := range rules {
		accounts := "all"
		if len(r.Accounts) > 0 {
			accounts = strings.Join(r.Accounts, ",")
		}
		fault := r.Error
		switch {
		case r.LatencyMS > 0:
			fault = "latency " + strconv.Itoa(r.LatencyMS) + "ms"
		case r.DropConnection:
			fault = "drop_connection"
		case r.CommitThenDrop:
			fault = "commit_then_drop"
		}
		when := "every call"
		switch {
		case r.Probability > 0:
			when = "probability " + strconv.FormatFloat(r.Probability, 'g', -1, 64)
			if r.Seed != nil {
				when += " seed " + strconv.FormatInt(*r.Seed, 10)
			}
		case r.Every > 1:
			when = "every " + strconv.Itoa(r.Every) + " calls"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%d\n", r.Index, strings.Join(r.Operations, ","), accounts, fault, when, r.Calls, r.Fired)
	}
	return tw.Flush()
}
