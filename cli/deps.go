package cli

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/cli/output"
	"github.com/cosell/cosell/cli/params"
	"github.com/cosell/cosell/client"
)

// The real params, output and client packages behind the Factory's
// interfaces.

func init() {
	defaultDeps = func(f *Factory) {
		f.Params = paramsPkg{}
		f.Output = outputPkg{}
		f.NewClient = newRealClient
		f.CheckRequest = cosell.CheckRequest
	}
}

type paramsPkg struct{}

func (paramsPkg) DecodeOption(option string, m *cosell.Member, values []string) (any, error) {
	return params.DecodeOption(option, m, values)
}
func (paramsPkg) DecodeInputJSON(v string) (cosell.Object, error) { return params.DecodeInputJSON(v) }
func (paramsPkg) DecodeInputYAML(v string) (cosell.Object, error) { return params.DecodeInputYAML(v) }
func (paramsPkg) Validate(op string, s *cosell.Shape, doc cosell.Object) error {
	return params.Validate(op, s, doc)
}
func (paramsPkg) NormalizeTimestamps(s *cosell.Shape, doc cosell.Object) (cosell.Object, error) {
	return params.NormalizeTimestamps(s, doc)
}
func (paramsPkg) Serialize(doc any) []byte { return params.Serialize(doc) }

type outputPkg struct{}

func (outputPkg) Shape(doc any, s *cosell.Shape, tf string) any { return output.Shape(doc, s, tf) }
func (outputPkg) CompileQuery(expr string) error {
	_, err := output.CompileQuery(expr)
	return err
}
func (outputPkg) Write(w io.Writer, result any, o OutputOptions) error {
	return output.Write(w, result, outputOpts(o))
}
func (outputPkg) WritePages(w io.Writer, pages []any, o OutputOptions) error {
	return output.WritePages(w, pages, outputOpts(o))
}
func (outputPkg) StartPager(stdout io.Writer, c PagerConfig) (io.WriteCloser, error) {
	return output.StartPager(stdout, output.PagerConfig{
		LookupEnv: c.LookupEnv, ConfigValue: c.ConfigValue, HasConfigValue: c.HasConfigValue,
		Disabled: c.Disabled, TTY: c.TTY, Stderr: c.Stderr,
	})
}
func (outputPkg) DateTime(t time.Time) any { return output.DateTime{Time: t} }

func outputOpts(o OutputOptions) output.Options {
	return output.Options{
		Format: o.Format, Query: o.Query, Color: o.Color, TimestampFormat: o.TimestampFormat,
		Title: o.Title, Shape: o.Shape, TTY: o.TTY, Width: o.Width, ResumeToken: o.ResumeToken,
	}
}

type realClient struct{ c *client.Client }

func newRealClient(ctx context.Context, cc ClientConfig) (Client, error) {
	c, err := client.New(ctx, client.Config{
		Profile: cc.Profile, Region: cc.Region, EndpointURL: cc.EndpointURL, CABundle: cc.CABundle,
		NoVerifySSL: cc.NoVerifySSL, NoSignRequest: cc.NoSignRequest,
		ConnectTimeout: cc.ConnectTimeout, ReadTimeout: cc.ReadTimeout,
		Debug: cc.Debug, Getenv: cc.Getenv,
	})
	if err != nil {
		return nil, clientErr(err)
	}
	return realClient{c}, nil
}

func (r realClient) Call(ctx context.Context, op string, body []byte) ([]byte, error) {
	out, err := r.c.Call(ctx, op, body)
	return out, clientErr(err)
}
func (r realClient) Region() string { return r.c.Region() }

// clientErr turns *client.Error into callError, keeping the service code
// (--merge retries on ConflictException).
func clientErr(err error) error {
	var ce *client.Error
	if errors.As(err, &ce) {
		return &callError{Msg: ce.Msg, Exit: ce.Exit, Code: ce.Code}
	}
	return err
}
