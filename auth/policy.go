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
	if msg := refusal(key, action, catalog, resource(action, key.Account.ID, catalog, in)); msg != "" {
		return &cosell.Error{Code: cosell.AccessDeniedError, Message: msg}
	}
	return nil
}

// refusal is IAM's AccessDenied message when key's policy does not allow
// action in catalog, or "" when it does (IAM User Guide, "Troubleshoot
// access denied error messages"): who, which action, on which resource
// (when one is known), and why.
func refusal(key *world.AccessKey, action, catalog, res string) string {
	decision := key.Policy.Decide(action, catalog)
	if decision == world.Allowed {
		return ""
	}
	msg := fmt.Sprintf("User: %s is not authorized to perform: %s", key.Principal(), action)
	if res != "" {
		msg += " on resource: " + res
	}
	if decision == world.ExplicitDeny {
		msg += " with an explicit deny in an identity-based policy"
	} else {
		msg += " because no identity-based policy allows the " + action + " action"
	}
	return msg
}

// resource is the ARN the request acts on, in the caller's account and the
// request's catalog: the ResourceArn of the tag operations; the
// invitation, engagement, snapshot job or opportunity its identifier
// members name (by operation: an Identifier is an invitation's in the
// invitation operations and the accepting task, an engagement's in
// GetEngagement, ListEngagementMembers and StartOpportunityFromEngagementTask,
// else an opportunity's). Create and List operations name none; like IAM
// for actions without a resource, the message then names none [inferred].
func resource(action, account, catalog string, in cosell.Object) string {
	if arn, _ := in.Get("ResourceArn").(string); arn != "" {
		return clip(arn)
	}
	if catalog == "" {
		return ""
	}
	catalog = clip(catalog)
	op := strings.TrimPrefix(action, world.ActionPrefix)
	str := func(name string) string { v, _ := in.Get(name).(string); return clip(v) }
	if id := str("ResourceSnapshotJobIdentifier"); id != "" {
		return cosell.JobArn(account, catalog, id)
	}
	if id := str("Identifier"); id != "" {
		switch {
		case (strings.Contains(op, "EngagementInvitation") && !strings.HasPrefix(op, "List")) || op == "StartEngagementByAcceptingInvitationTask":
			return cosell.InvitationArn(catalog, cosell.IdentifierOf(id))
		case op == "GetEngagement" || op == "ListEngagementMembers" || op == "StartOpportunityFromEngagementTask":
			return cosell.EngagementArn(catalog, cosell.IdentifierOf(id))
		}
		o := cosell.Opportunity{Catalog: catalog, ID: id}
		return o.Arn(account)
	}
	if id := str("EngagementIdentifier"); id != "" && !strings.HasPrefix(op, "List") {
		return cosell.EngagementArn(catalog, cosell.IdentifierOf(id))
	}
	for _, m := range []string{"OpportunityIdentifier", "RelatedOpportunityIdentifier"} {
		if id := str(m); id != "" {
			o := cosell.Opportunity{Catalog: catalog, ID: id}
			return o.Arn(account)
		}
	}
	return ""
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
