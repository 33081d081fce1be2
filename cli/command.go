package cli

import (
	"sort"

	"github.com/cosell/cosell"
)

// ServiceName is the AWS CLI command the operations live under; cosell also
// accepts them at the top level (`cosell update-opportunity`).
const ServiceName = "partnercentral-selling"

// command is one operation's CLI command, derived from the schema of every
// operation of the model (cosell.AllOperations): the options are the input
// members spelled with cosell.CLIName. Served says whether cosell serve
// implements it (cosell.Operations); the CLI offers all of them, as the AWS
// CLI does.
type command struct {
	Name   string // update-opportunity
	Op     *cosell.OperationSchema
	Served *cosell.Operation // nil: schema only (--dry-run checks request validation alone)

	// Pagination: botocore's paginators-1.json for the operation
	// (paginators.go); input and output token are NextToken.
	Paginated bool
	ResultKey string
	LimitKey  string
}

const tokenKey = "NextToken"

// commandList holds every operation of the model, sorted by command name as
// `aws partnercentral-selling help` lists them.
var commandList = func() []*command {
	var out []*command
	for _, op := range cosell.AllOperations {
		c := &command{Name: cosell.CLIName(op.Name), Op: op, Served: cosell.OperationNamed(op.Name)}
		if p, ok := paginators[op.Name]; ok {
			c.Paginated, c.ResultKey, c.LimitKey = true, p.ResultKey, p.LimitKey
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}()

func commandNamed(name string) *command {
	for _, c := range commandList {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func commandNames() []string {
	names := make([]string, len(commandList))
	for i, c := range commandList {
		names[i] = c.Name
	}
	return names
}

// Option names of the AWS CLI's own per-operation arguments.
const (
	optInputJSON     = "--cli-input-json"
	optInputYAML     = "--cli-input-yaml"
	optSkeleton      = "--generate-cli-skeleton"
	optStartingToken = "--starting-token"
	optPageSize      = "--page-size"
	optMaxItems      = "--max-items"
	// cosell extras (README "cosell extras"); exact spelling only.
	optDryRun = "--dry-run"
	optMerge  = "--merge"
)

// memberOption is the option of a top-level input member.
func memberOption(m *cosell.Member) string { return "--" + cosell.CLIName(m.Name) }

// nargsOf: every top-level list takes zero or more argv values (the AWS
// CLI's ListArgument, nargs='*'); everything else takes one.
func nargsOf(m *cosell.Member) int {
	if m.Shape.Kind == cosell.KindList {
		return nargsStar
	}
	return nargsOne
}

// specs builds the operation parser for args (the words after the command).
// Required members stay required unless an exact token relaxes them (§9,
// §15): --cli-input-json / --cli-input-yaml, or --generate-cli-skeleton
// with no value, a value starting with "--", input or yaml-input. With
// --merge, update-opportunity's LastModifiedDate comes from the record.
// Idempotency tokens are never required: the CLI fills them in.
func (c *command) specs(args []string) []*argSpec {
	relax := relaxRequired(args)
	merge := c.Op.Name == "UpdateOpportunity" && contains(args, optMerge)
	var specs []*argSpec
	for i := range c.Op.Input.Members {
		m := cliMember(c.Op, &c.Op.Input.Members[i])
		req := m.Required && !relax
		if merge && m.Name == "LastModifiedDate" {
			req = false
		}
		specs = append(specs, &argSpec{Name: memberOption(m), Nargs: nargsOf(m), Required: req})
	}
	specs = append(specs,
		&argSpec{Name: optInputJSON, Nargs: nargsOne},
		&argSpec{Name: optInputYAML, Nargs: nargsOne},
		&argSpec{Name: optSkeleton, Nargs: nargsOptional, Const: "input", Choices: []string{"input", "output", "yaml-input"}},
	)
	if c.Paginated {
		specs = append(specs,
			&argSpec{Name: optStartingToken, Nargs: nargsOne},
			&argSpec{Name: optPageSize, Nargs: nargsOne, Int: true},
			&argSpec{Name: optMaxItems, Nargs: nargsOne, Int: true},
		)
	}
	specs = append(specs, &argSpec{Name: optDryRun, Nargs: nargsNone, Exact: true})
	if c.Op.Name == "UpdateOpportunity" {
		specs = append(specs, &argSpec{Name: optMerge, Nargs: nargsNone, Exact: true})
	}
	return specs
}

func relaxRequired(args []string) bool {
	if contains(args, optInputJSON) || contains(args, optInputYAML) {
		return true
	}
	for i, a := range args {
		if a != optSkeleton {
			continue
		}
		if i+1 == len(args) || len(args[i+1]) >= 2 && args[i+1][:2] == "--" {
			return true
		}
		if v := args[i+1]; v == "input" || v == "yaml-input" {
			return true
		}
	}
	return false
}
