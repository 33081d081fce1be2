package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/cosell/cosell"
)

// --dry-run (a cosell extra): check the request locally with the server's
// own rules (cosell.CheckRequest) and send nothing. The request goes
// through the same client-side steps as a real call first (botocore
// validation, timestamp normalisation, serialisation), and the server's
// check sees exactly the bytes that would be sent. A refusal prints every
// problem and exits 254, as the service error would.
func (r *runner) dryRun(doc cosell.Object) int {
	op := r.cmd.Op
	doc = r.withIdempotencyToken(op, doc)
	if err := r.f.Params.Validate(op.Name, op.Input, doc); err != nil {
		return r.fail(err)
	}
	doc, err := r.f.Params.NormalizeTimestamps(op.Input, doc)
	if err != nil {
		return r.fail(err)
	}
	v, err := cosell.ParseJSON(r.f.Params.Serialize(doc))
	if err != nil {
		return r.fail(errorf(exitOther, "%s", err))
	}
	sent, _ := v.(cosell.Object)
	check := r.cmd.Served
	if check == nil {
		// Not served: the service's rules for it do not exist, so request
		// validation against the input shape is the whole check.
		check = &cosell.Operation{OperationSchema: op}
	}
	if err := r.f.CheckRequest(check, sent, r.f.Now()); err != nil {
		writeRefusal(r.f.IO.ErrOut, op.Name, err)
		return exitService
	}
	fmt.Fprintln(r.f.IO.Out, "request is valid")
	return exitOK
}

// writeRefusal prints a service error in the AWS CLI's form, then one line
// per failing field: FieldName, Code, Message.
func writeRefusal(w io.Writer, opName string, err error) {
	var ce *cosell.Error
	if !errors.As(err, &ce) {
		writeExceptionText(w, err.Error())
		return
	}
	fmt.Fprintf(w, "\nAn error occurred (%s) when calling the %s operation: %s\n", ce.Code, opName, ce.Message)
	for _, f := range ce.Fields {
		name := f.FieldName
		if name == "" {
			name = "-"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", name, f.Code, f.Message)
	}
}
