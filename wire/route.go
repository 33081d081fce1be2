package wire

import (
	"net/http"
	"strings"

	"github.com/cosell/cosell"
)

// route finds the operation (spec §1.1): the X-Amz-Target header
// "AWSPartnerCentralSelling.<Operation>" when present (SDKs and the CLI send
// it, to "/" or to the base path of --endpoint-url), else the path
// "/<Operation>" (the Smithy uri; the Postman collection calls it so).
// Content-Type is not checked: SDKs send application/x-amz-json-1.0, raw
// clients application/json or nothing, and the body is JSON either way.
func route(r *http.Request, lookup func(string) *cosell.Operation) (*cosell.Operation, error) {
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		name, ok := strings.CutPrefix(target, cosell.ServiceTarget+".")
		if op := lookup(name); ok && op != nil {
			return op, nil
		}
		return nil, cosell.Errorf(cosell.UnknownOperation, "unknown operation: X-Amz-Target %q does not name an operation of %s", clip(target), cosell.ServiceTarget)
	}
	name := strings.TrimPrefix(r.URL.Path, "/")
	if name == "" {
		return nil, cosell.Errorf(cosell.UnknownOperation, "no operation: send X-Amz-Target: %s.<Operation> or POST /<Operation>", cosell.ServiceTarget)
	}
	if op := lookup(name); op != nil {
		return op, nil
	}
	return nil, cosell.Errorf(cosell.UnknownOperation, "unknown operation: path %q does not name an operation of %s", clip("/"+name), cosell.ServiceTarget)
}

// clip bounds client text echoed in messages.
func clip(s string) string {
	const max = 128
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}
