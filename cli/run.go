package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/internal/py"
)

// runner runs one operation command: options in, exit code out.
type runner struct {
	f   *Factory
	ctx context.Context
	cmd *command
	g   *GlobalOptions
	cfg *cliConfig
}

// opOptions is a command's parsed options (the gh "Options struct"),
// derived from the input shape rather than written per command.
type opOptions struct {
	Values        map[string][]string // option name → argv values
	InputJSON     *string
	InputYAML     *string
	Skeleton      string
	StartingToken string
	PageSize      *string
	MaxItems      *string
	DryRun, Merge bool
}

func (r *runner) fail(err error) int { return writeError(r.f.IO.ErrOut, err) }

// parse is the operation parser: argparse errors, then required options in
// model order, then words nobody took ("Unknown options", §2, §15).
func (r *runner) parse(args []string) (*opOptions, error) {
	p := newArgParser(r.cmd.specs(args))
	pa, err := p.parseKnown(args)
	if err != nil {
		return nil, err
	}
	if missing := p.missingRequired(pa); len(missing) > 0 {
		return nil, &usageError{"the following arguments are required: " + joinComma(missing)}
	}
	// argparse's optional `help` positional takes the first word no
	// option took, wherever it stands (after an unknown option too, which
	// argparse cannot know takes a value); it is reported last among the
	// unknown options (AWS CLI v2: "--bogus x y --zz" lists
	// "--bogus, y, --zz, x").
	extras := []string{}
	var helpWord string
	for i, tok := range pa.Extras {
		if tok == "--" {
			extras = append(extras, pa.Extras[i+1:]...)
			break
		}
		if helpWord == "" {
			if t, _ := p.classify(tok); t == nil {
				helpWord = tok
				continue
			}
		}
		extras = append(extras, tok)
	}
	if helpWord != "" {
		extras = append(extras, helpWord)
	}
	if len(extras) > 0 {
		return nil, &unknownOptionsError{extras}
	}
	o := &opOptions{Values: pa.Values}
	if v, ok := pa.value(optInputJSON); ok {
		o.InputJSON = &v
	}
	if v, ok := pa.value(optInputYAML); ok {
		o.InputYAML = &v
	}
	o.Skeleton, _ = pa.value(optSkeleton)
	o.StartingToken, _ = pa.value(optStartingToken)
	if v, ok := pa.value(optPageSize); ok {
		o.PageSize = &v
	}
	if v, ok := pa.value(optMaxItems); ok {
		o.MaxItems = &v
	}
	o.DryRun = pa.has(optDryRun)
	o.Merge = pa.has(optMerge)
	return o, nil
}

func (r *runner) run(args []string) int {
	if len(args) == 1 && (args[0] == "help" || args[0] == "--help") {
		writeCommandHelp(r.f.IO.Out, r.cmd)
		return exitOK
	}
	if r.cfg.AutoPrompt == "on" {
		return r.prompt(args)
	}
	o, err := r.parse(args)
	if err != nil {
		return r.fail(err)
	}
	doc, err := r.buildRequest(o)
	if err != nil {
		return r.fail(err)
	}
	switch o.Skeleton {
	case "input":
		io.WriteString(r.f.IO.Out, inputSkeletonJSON(r.cmd.Op.Input))
		return exitOK
	case "yaml-input":
		io.WriteString(r.f.IO.Out, inputSkeletonYAML(r.cmd.Op.Input))
		return exitOK
	}
	if err := r.cfg.checkBinaryFormat(); err != nil {
		return r.fail(err)
	}
	if err := r.cfg.checkTimestampFormat(); err != nil {
		return r.fail(err)
	}
	if o.Skeleton == "output" {
		doc = r.withIdempotencyToken(r.cmd.Op, doc)
		if err := r.f.Params.Validate(r.cmd.Op.Name, r.cmd.Op.Input, doc); err != nil {
			return r.fail(err)
		}
		if err := r.checkOutputSkeleton(r.cmd.Op.Output); err != nil {
			return r.fail(err)
		}
		return r.emit(outputSkeleton(r.f.Output, r.cmd.Op.Output))
	}
	if o.DryRun && !o.Merge {
		return r.dryRun(doc)
	}
	cl, err := r.newClient()
	if err != nil {
		return r.fail(err)
	}
	if o.Merge {
		return r.merge(cl, o, doc)
	}
	if r.cmd.Paginated && !r.g.NoPaginate {
		return r.paginate(cl, o, doc)
	}
	res, err := r.call(cl, r.cmd.Op, doc)
	if err != nil {
		return r.fail(err)
	}
	return r.emit(r.f.Output.Shape(res, r.cmd.Op.Output, r.cfg.TimestampFormat))
}

// buildRequest turns the options into the request document: options in
// model order (each through params.DecodeOption), paging options, then the
// --cli-input-json/yaml keys the command line did not give (§9: a shallow
// merge in which the command line wins).
func (r *runner) buildRequest(o *opOptions) (cosell.Object, error) {
	doc := cosell.Object{}
	in := r.cmd.Op.Input
	for i := range in.Members {
		m := &in.Members[i]
		opt := memberOption(m)
		vals, ok := o.Values[opt]
		if !ok {
			continue
		}
		v, err := r.f.Params.DecodeOption(opt, m, vals)
		if err != nil {
			return nil, err
		}
		doc = append(doc, cosell.Field{Name: m.Name, Value: v})
	}
	if r.cmd.Paginated {
		if err := r.checkPaging(o, doc); err != nil {
			return nil, err
		}
	}
	if o.InputJSON != nil && o.InputYAML != nil {
		return nil, errorf(exitUsage, "Only one --cli-input- parameter may be specified.")
	}
	var input cosell.Object
	var err error
	switch {
	case o.InputJSON != nil:
		input, err = r.f.Params.DecodeInputJSON(*o.InputJSON)
	case o.InputYAML != nil:
		input, err = r.f.Params.DecodeInputYAML(*o.InputYAML)
	}
	if err != nil {
		return nil, err
	}
	for _, fld := range input {
		if _, ok := doc.Lookup(fld.Name); !ok {
			doc = append(doc, fld)
		}
	}
	return doc, nil
}

// checkPaging applies awscli's paginate customisation
// (check_should_enable_pagination): the input token or the limit key given
// on the command line turns pagination off, and paging options then
// conflict with --no-paginate.
func (r *runner) checkPaging(o *opOptions, doc cosell.Object) error {
	if _, ok := doc.Lookup(tokenKey); ok {
		r.g.NoPaginate = true
	}
	if _, ok := doc.Lookup(r.cmd.LimitKey); ok && r.cmd.LimitKey != "" {
		r.g.NoPaginate = true
	}
	if !r.g.NoPaginate {
		return nil
	}
	var used []string
	if o.StartingToken != "" {
		used = append(used, optStartingToken)
	}
	// awscli counts an option by its parsed value's truth, so 0 is not
	// "used"; but, given, it still goes into the call's PaginationConfig,
	// which the operation called without a paginator refuses (AWS CLI v2:
	// difftest list-no-paginate-page-size-zero).
	given := false
	for _, p := range []struct {
		v    *string
		name string
	}{{o.PageSize, optPageSize}, {o.MaxItems, optMaxItems}} {
		if p.v == nil {
			continue
		}
		given = true
		if n, _ := parsePyInt(*p.v); n != 0 {
			used = append(used, p.name)
		}
	}
	if len(used) > 0 {
		return errorf(exitUsage, "Cannot specify --no-paginate along with pagination arguments: %s", joinComma(used))
	}
	if given {
		return errorf(exitUsage, "Parameter validation failed:\nUnknown parameter in input: \"PaginationConfig\", must be one of: %s",
			strings.Join(r.cmd.Op.Input.MemberNames(), ", "))
	}
	return nil
}

func (r *runner) newClient() (Client, error) {
	cc := ClientConfig{
		Profile:       r.cfg.Profile,
		Region:        r.g.Region,
		EndpointURL:   r.g.EndpointURL,
		CABundle:      r.g.CABundle,
		NoVerifySSL:   r.g.NoVerifySSL,
		NoSignRequest: r.g.NoSignRequest,
		Getenv:        r.f.Getenv,
	}
	var err error
	if cc.ConnectTimeout, err = pyInt(r.g.ConnectTimeout); err != nil {
		return nil, err
	}
	if cc.ReadTimeout, err = pyInt(r.g.ReadTimeout); err != nil {
		return nil, err
	}
	if r.g.Debug {
		cc.Debug = r.f.IO.ErrOut
	}
	return r.f.NewClient(r.ctx, cc)
}

// pyInt converts like Python's int(): surrounding whitespace is allowed;
// anything else fails with its message (exit 255, §15).
func pyInt(s *string) (*int, error) {
	if s == nil {
		return nil, nil
	}
	n, ok := parsePyInt(*s)
	if !ok {
		return nil, errorf(exitOther, "invalid literal for int() with base 10: %s", py.StrRepr(*s))
	}
	return &n, nil
}

// parsePyInt reads s as Python's int(s) does for base 10: surrounding
// whitespace, an optional sign, digits with single underscores between
// them ("1_000").
func parsePyInt(s string) (int, bool) {
	t := trimSpace(s)
	digits := strings.TrimLeft(t, "+-")
	if len(t)-len(digits) > 1 || digits == "" || digits[0] == '_' || digits[len(digits)-1] == '_' || strings.Contains(digits, "__") {
		return 0, false
	}
	n, err := strconv.Atoi(t[:len(t)-len(digits)] + strings.ReplaceAll(digits, "_", ""))
	return n, err == nil
}

// call fills in a missing idempotency token, validates doc client-side
// (botocore), normalises timestamps, serialises and sends it, and decodes
// the response (nil body → {}).
func (r *runner) call(cl Client, op *cosell.OperationSchema, doc cosell.Object) (any, error) {
	doc = r.withIdempotencyToken(op, doc)
	if err := r.f.Params.Validate(op.Name, op.Input, doc); err != nil {
		return nil, err
	}
	doc, err := r.f.Params.NormalizeTimestamps(op.Input, doc)
	if err != nil {
		return nil, err
	}
	body, err := cl.Call(r.ctx, op.Name, r.f.Params.Serialize(doc))
	if err != nil {
		return nil, err
	}
	v, err := cosell.ParseJSON(body)
	if err != nil {
		// botocore keeps a 2xx body that is not JSON as {"message": body};
		// shaping drops it, so the command prints what an empty answer prints.
		v = cosell.Object{{Name: "message", Value: string(body)}}
	}
	if v == nil {
		v = cosell.Object{}
	}
	return v, nil
}

// outputOptions are the formatter settings for this run.
func (r *runner) outputOptions() OutputOptions {
	color := r.g.Color
	if color == "" {
		color = "auto"
	}
	return OutputOptions{
		Format:          r.cfg.Output,
		Query:           r.g.Query,
		Color:           color,
		TimestampFormat: r.cfg.TimestampFormat,
		Title:           r.cmd.Op.Name,
		Shape:           r.cmd.Op.Output,
		TTY:             r.f.IO.OutTTY,
		Width:           r.f.IO.Width,
	}
}

// emit writes a result through the pager (§15: only when stdout is a
// terminal). An operation without output shape answers {} (its body is not
// read), which prints nothing unless --query makes something of it:
// `--query Nope` prints None in text and null in json (issue 8).
func (r *runner) emit(result any) int {
	return r.withPager(func(w io.Writer) error {
		return r.f.Output.Write(w, result, r.outputOptions())
	})
}

func (r *runner) withPager(write func(io.Writer) error) int {
	w, err := r.f.Output.StartPager(r.f.IO.Out, PagerConfig{
		LookupEnv:      r.f.LookupEnv,
		ConfigValue:    r.cfg.Pager,
		HasConfigValue: r.cfg.HasPager,
		Disabled:       r.g.NoCLIPager,
		TTY:            r.f.IO.OutTTY,
		Stderr:         r.f.IO.ErrOut,
	})
	if err != nil {
		var ec exitCoder
		if !errors.As(err, &ec) {
			err = &exitError{Msg: err.Error(), Code: exitConfig}
		}
		return r.fail(err)
	}
	werr := write(w)
	cerr := w.Close()
	if werr != nil {
		return r.fail(werr)
	}
	if cerr != nil {
		return r.fail(cerr)
	}
	return exitOK
}

func joinComma(list []string) string {
	out := ""
	for i, s := range list {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

func trimSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t' || s[len(s)-1] == '\n') {
		s = s[:len(s)-1]
	}
	return s
}

var _ = fmt.Sprint
