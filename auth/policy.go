package auth

import (
	"context"
	"fmt"
	"strings"

	"github.com/cosell/cosell"
	"github.com/cosell/cosell/world"
)

// Lookup returns the operation called name, guarded by the caller's
// policy, or nil. It is wire.Options.Lookup for cosell serve --world: the
// one operation table is wrapped once, so every operation, present and
// future, is checked in one place and no service method has to.
func (a *Authenticator) Lookup(name string) *cosell.Operation { return a.ops[name] }

// guard wraps each operation's Call with the policy check.
func guard(a *Authenticator, ops []*cosell.Operation) map[string]*cosell.Operation {
	out := make(map[string]*cosell.Operation, len(ops))
	for _, op := range ops {
		g := *op
		call, action := op.Call, world.ActionPrefix+op.Name
		g.Call = func(svc cosell.Service, ctx context.Context, in cosell.Object) (cosell.Object, error) {
			if err := a.authorize(ctx, action, in); err != nil {
				return nil, err // refused before the service runs: nothing happens
			}
			return call(svc, ctx, in)
		}
		out[op.Name] = &g
	}
	return out
}

// authorize applies the caller's policy (issue 10: allowed and denied
// actions with wildcards, optionally one catalog; no policy allows
// everything; a deny wins). It runs before request validation, as AWS
// authorizes a call before it looks at its parameters.
func (a *Authenticator) authorize(ctx context.Context, action string, in cosell.Object) error {
	key, _ := ctx.Value(keyInContext{}).(*world.AccessKey)
	if key == nil {
		// Only Authenticate's context reaches here in cosell serve; a call
		// without one has no identity and is refused rather than trusted.
		return missingToken()
	}
	catalog := requestCatalog(in)
	decision := key.Policy.Decide(action, catalog)
	if decision == world.Allowed {
		return nil
	}
	// IAM's form (IAM User Guide, "Troubleshoot access denied error
	// messages"): who, which action, on which resource, and why.
	msg := fmt.Sprintf("User: %s is not authorized to perform: %s", key.Principal(), action)
	if res := resource(key.Account.ID, catalog, in); res != "" {
		msg += " on resource: " + res
	}
	if decision == world.ExplicitDeny {
		msg += " with an explicit deny in an identity-based policy"
	} else {
		msg += " because no identity-based policy allows the " + action + " action"
	}
	return &cosell.Error{Code: cosell.AccessDeniedError, Message: msg}
}

// resource is the ARN the request acts on: the opportunity it names
// (Identifier, or OpportunityIdentifier for Associate/Disassociate), in
// the caller's account and the request's catalog. Create and List name no
// opportunity; like IAM for actions without a resource, the message then
// names none [inferred: the Service Authorization Reference's resource
// type for these two is not the opportunity].
func resource(account, catalog string, in cosell.Object) string {
	if arn, _ := in.Get("ResourceArn").(string); arn != "" {
		return clip(arn)
	}
	id, _ := in.Get("Identifier").(string)
	if id == "" {
		id, _ = in.Get("OpportunityIdentifier").(string)
	}
	if id == "" || catalog == "" {
		return ""
	}
	o := cosell.Opportunity{Catalog: clip(catalog), ID: clip(id)}
	return o.Arn(account)
}

// requestCatalog is the catalog a request acts in (the condition key
// partnercentral:Catalog): its Catalog member, or for the tag operations,
// which have none, the catalog their ResourceArn names
// (…:catalog/<Catalog>/…).
func requestCatalog(in cosell.Object) string {
	if c, ok := in.Get("Catalog").(string); ok {
		return c
	}
	arn, _ := in.Get("ResourceArn").(string)
	_, rest, ok := strings.Cut(arn, ":catalog/")
	if !ok {
		return ""
	}
	c, _, _ := strings.Cut(rest, "/")
	return c
}
