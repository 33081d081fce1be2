package world

import (
	"path"
	"strings"
)

// ActionPrefix is the IAM service prefix of Partner Central Selling's
// actions (Service Authorization Reference: partnercentral:<Operation>).
const ActionPrefix = "partnercentral:"

// Decision is a policy's verdict on one request.
type Decision int

const (
	// Allowed: an allow pattern matches (in the policy's catalog) and no
	// deny pattern does.
	Allowed Decision = iota
	// ImplicitDeny: no allow pattern matches, or the catalog is not the
	// policy's.
	ImplicitDeny
	// ExplicitDeny: a deny pattern matches; it wins over any allow.
	ExplicitDeny
)

// Decide evaluates the policy for action (e.g. "partnercentral:GetOpportunity")
// in catalog, as IAM evaluates one identity-based policy: an explicit deny
// wins, then an allow whose catalog condition holds, else the request is
// implicitly denied. A nil policy allows everything.
func (p *Policy) Decide(action, catalog string) Decision {
	if p == nil {
		return Allowed
	}
	action = strings.ToLower(action)
	if matchAny(p.Deny, action) {
		return ExplicitDeny
	}
	if p.Catalog != "" && catalog != p.Catalog {
		// The condition partnercentral:Catalog compares exactly, as
		// StringEquals does; a request without a catalog never matches.
		return ImplicitDeny
	}
	if p.Allow == nil || matchAny(p.Allow, action) {
		return Allowed
	}
	return ImplicitDeny
}

// matchAny reports whether any pattern matches the lower-cased action. IAM
// compares action names case-insensitively; * matches any run of
// characters and ? one character. Patterns hold only letters, digits, *,
// ? and the prefix's colon (checked when the file is read), so path.Match,
// whose other metacharacters cannot occur, has exactly these semantics.
func matchAny(patterns []string, action string) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(strings.ToLower(p), action); ok {
			return true
		}
	}
	return false
}
