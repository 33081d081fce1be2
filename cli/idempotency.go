package cli

import (
	"crypto/rand"
	"fmt"

	"github.com/cosell/cosell"
)

// Idempotency tokens (issue 8). A member with the model's idempotencyToken
// trait (cosell.Member.IdempotencyToken, generated from botocore's model) is
// optional on the AWS CLI's command line even when the model lists it as
// required (awscli's _create_argument_table: is_required = required and not
// is_token), and botocore's generate_idempotent_uuid handler
// (before-parameter-build) sets it to str(uuid.uuid4()) when the parameters
// lack it, before validation. The key is appended, so it is serialised last.
// A value the user gave, even null from --cli-input-json, is kept. The
// schema still says Required, which is what the service and
// --generate-cli-skeleton (the "[REQUIRED]" comment) show.

// cliMember is m as the command line sees it: an idempotency token is
// optional and says it is filled in.
func cliMember(op *cosell.OperationSchema, m *cosell.Member) *cosell.Member {
	if !m.IdempotencyToken {
		return m
	}
	c := *m
	c.Required = false
	c.Doc += " When not given, a random UUID (version 4) is sent."
	return &c
}

// withIdempotencyToken returns doc with each of op's idempotency tokens set
// to a fresh UUID v4 when doc lacks it, and logs the injection under
// --debug as botocore does.
func (r *runner) withIdempotencyToken(op *cosell.OperationSchema, doc cosell.Object) cosell.Object {
	for _, m := range op.Input.Members {
		if !m.IdempotencyToken {
			continue
		}
		if _, given := doc.Lookup(m.Name); given {
			continue
		}
		token := r.f.newUUID()
		if r.g.Debug {
			ts := r.f.Now().Format("2006-01-02 15:04:05,000")
			fmt.Fprintf(r.f.IO.ErrOut, "%s - MainThread - botocore.handlers - DEBUG - injecting idempotency token (%s) into param '%s'.\n", ts, token, m.Name)
		}
		out := make(cosell.Object, len(doc), len(doc)+1)
		copy(out, doc)
		doc = append(out, cosell.Field{Name: m.Name, Value: token})
	}
	return doc
}

// newUUID is the Factory's UUID source, or a random UUID v4.
func (f *Factory) newUUID() string {
	if f.NewUUID != nil {
		return f.NewUUID()
	}
	return uuid4()
}

// uuid4 is Python's str(uuid.uuid4()): 122 random bits, version 4, RFC 4122
// variant, lowercase hex in 8-4-4-4-12 groups.
func uuid4() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
