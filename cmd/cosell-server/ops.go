package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/control"
	"github.com/cosell/cosell/faults"
	"github.com/cosell/cosell/metrics"
	"github.com/cosell/cosell/world"
)

// controlTokenEnv names the environment variable holding the control
// token, for cosell serve and cosell faults alike: unlike a flag's value,
// it does not show in ps.
const controlTokenEnv = "COSELL_CONTROL_TOKEN"

// opsOptions are cosell serve's flags for its own endpoints (faults,
// metrics).
type opsOptions struct {
	ControlToken string // --control-token, else $COSELL_CONTROL_TOKEN
}

func addOpsFlags(fs *flag.FlagSet, o *opsOptions) {
	fs.StringVar(&o.ControlToken, "control-token", "", "`token` that "+faults.Path+" and "+metrics.Path+" require (Authorization: Bearer); default $"+controlTokenEnv+". Without one they are refused under --auth on and open to loopback clients otherwise")
}

// checkOpsFlags takes the token from the environment when the flag is not given.
func checkOpsFlags(o *opsOptions, getenv func(string) string) {
	if o.ControlToken == "" {
		o.ControlToken = getenv(controlTokenEnv)
	}
}

// ops are cosell serve's fault rules and metrics: the operation table the
// rules wrap (the one the key policies then guard, and wire calls), the
// metrics wire, the rules and the event sink report to, and the control
// endpoints mounted on the API's port.
type ops struct {
	metrics *metrics.Metrics
	faults  *faults.Injector
	table   map[string]*cosell.Operation
	ops     []*cosell.Operation
	control control.Options
}

func newOps(opts *serveOptions) (*ops, error) {
	// Without --world every request acts as --account-id: the one account
	// rules may name, and the one metrics label. With it, rules may name
	// the file's accounts and metrics label each request with its caller.
	accounts, metricsAccount := []string{opts.AccountID}, opts.AccountID
	verified := false
	var rules []*world.Fault
	if w := opts.world; w != nil {
		accounts, metricsAccount = nil, ""
		for _, a := range w.Accounts {
			accounts = append(accounts, a.ID)
		}
		rules = w.Faults
		verified = opts.Auth != "off"
	}
	o := &ops{metrics: metrics.New(metrics.Options{DefaultAccount: metricsAccount}),
		control: control.Options{Token: opts.ControlToken, Verified: verified}}
	inj, err := faults.New(faults.Options{Rules: rules, Accounts: accounts, DefaultAccount: opts.AccountID, Fired: o.metrics.FaultFired})
	if err != nil {
		return nil, fmt.Errorf("faults: %w", err)
	}
	o.faults = inj
	// Quotas (--throttle) sit inside the fault rules: a faulted call
	// spends no quota.
	table := cosell.Operations
	if opts.Throttle {
		table = cosell.WithQuotas(table, cosell.DefaultQuotas, nil, opts.AccountID)
	}
	o.ops = inj.Wrap(table)
	o.table = make(map[string]*cosell.Operation, len(o.ops))
	for _, op := range o.ops {
		o.table[op.Name] = op
	}
	return o, nil
}

// lookup is wire.Options.Lookup without --world (auth's, over o.ops, with it).
func (o *ops) lookup(name string) *cosell.Operation { return o.table[name] }

// mount puts the control endpoints on api's port.
func (o *ops) mount(api http.Handler, logger *slog.Logger) http.Handler {
	return control.Mount(api, map[string]http.Handler{
		faults.Path:  o.faults.Handler(logger),
		metrics.Path: o.metrics.Handler(),
	}, o.control)
}

// announce tells the operator about the rules and the control endpoints.
func (o *ops) announce(w io.Writer) {
	n := len(o.faults.Rules())
	fmt.Fprintf(w, "cosell: %d fault rules in force; %s and %s %s\n", n, faults.Path, metrics.Path, o.control.Mode())
}
