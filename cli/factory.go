package cli

import (
	"context"
	"io"
	"os"
	"time"

	"github.com/cosell/cosell"
)

// IOStreams are the process's standard streams; tests swap in buffers.
type IOStreams struct {
	In          io.Reader
	Out, ErrOut io.Writer
	// InTTY, OutTTY and ErrTTY tell whether each stream is a terminal:
	// the pager and --color auto need OutTTY, --cli-auto-prompt InTTY.
	InTTY, OutTTY, ErrTTY bool
	// Width is the terminal width for table output (0: 80).
	Width int
}

// Client is what the commands need from the service client (package client).
type Client interface {
	Call(ctx context.Context, operation string, body []byte) ([]byte, error)
	Region() string
}

// ClientConfig mirrors client.Config; the adapter in deps.go converts it.
type ClientConfig struct {
	Profile, Region, EndpointURL, CABundle string
	NoVerifySSL, NoSignRequest             bool
	ConnectTimeout, ReadTimeout            *int
	Debug                                  io.Writer
	Getenv                                 func(string) string
}

// Params is package cli/params: argv values → request document.
type Params interface {
	DecodeOption(option string, m *cosell.Member, values []string) (any, error)
	DecodeInputJSON(value string) (cosell.Object, error)
	DecodeInputYAML(value string) (cosell.Object, error)
	Validate(op string, shape *cosell.Shape, doc cosell.Object) error
	NormalizeTimestamps(shape *cosell.Shape, doc cosell.Object) (cosell.Object, error)
	Serialize(doc any) []byte
}

// OutputOptions mirrors output.Options.
type OutputOptions struct {
	Format, Query, Color, TimestampFormat string
	Title                                 string
	Shape                                 *cosell.Shape
	TTY                                   bool
	Width                                 int
	ResumeToken                           string // --max-items resume token
}

// PagerConfig mirrors output.PagerConfig.
type PagerConfig struct {
	LookupEnv      func(string) (string, bool)
	ConfigValue    string // cli_pager, when HasConfigValue
	HasConfigValue bool
	Disabled       bool
	TTY            bool
	Stderr         io.Writer
}

// Output is package cli/output: response → terminal.
type Output interface {
	Shape(doc any, s *cosell.Shape, timestampFormat string) any
	CompileQuery(expr string) error
	Write(w io.Writer, result any, opt OutputOptions) error
	WritePages(w io.Writer, pages []any, opt OutputOptions) error
	StartPager(stdout io.Writer, cfg PagerConfig) (io.WriteCloser, error)
	// DateTime wraps a skeleton timestamp (output.DateTime).
	DateTime(t time.Time) any
}

// Factory holds everything a command needs from the outside world, as in
// cli/cli's cmdutil.Factory; tests build one with fakes.
type Factory struct {
	IO        *IOStreams
	LookupEnv func(string) (string, bool)
	Now       func() time.Time

	Params    Params
	Output    Output
	NewClient func(ctx context.Context, cfg ClientConfig) (Client, error)
	// CheckRequest is the server's own request check (--dry-run):
	// cosell.CheckRequest.
	CheckRequest func(op *cosell.Operation, doc cosell.Object, now time.Time) error
	// Prompter asks for parameters under --cli-auto-prompt.
	Prompter Prompter
	// NewUUID makes the idempotency tokens the CLI fills in (nil: a random
	// UUID v4).
	NewUUID func() string
}

// defaultDeps fills in the real params, output and client packages; set by
// deps.go.
var defaultDeps func(f *Factory)

// Main runs cosell's AWS CLI-compatible commands. args excludes the program
// name. It returns the process exit code.
func Main(args []string, s *IOStreams) int {
	defer exitOnInterrupt(s.Out)()
	f := &Factory{IO: s, LookupEnv: os.LookupEnv, Now: time.Now}
	if defaultDeps != nil {
		defaultDeps(f)
	}
	return Run(f, args)
}

// Getenv reads one environment variable ("" when unset).
func (f *Factory) Getenv(name string) string {
	v, _ := f.LookupEnv(name)
	return v
}
