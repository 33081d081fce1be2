// Package world reads the file that tells `cosell serve --world FILE` which
// partner accounts exist, which access keys belong to each (with their
// secrets, optional session tokens and policies) and which partners may
// invite each other. Other tools write this file, so its keys are fixed:
// new keys may be added, existing ones never renamed (issues 7 and 10).
//
// The file is treated as hostile input: its size is bounded, YAML aliases
// may not expand it past a bound, every key is checked (a misspelt
// "secret" must not silently leave a key without one), and every error
// names the entry it is about.
package world

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/cosell/cosell"
)

// World is a parsed, validated world file.
type World struct {
	Accounts    []*Account
	Connections [][2]string
	// Faults are the fault rules the file declares (faults.go); package
	// faults applies them.
	Faults []*Fault
	// Reserved holds the top-level keys accepted but not interpreted yet
	// (ReservedKeys), as parsed, for the code that will read them.
	Reserved map[string]*yaml.Node

	accounts map[string]*Account   // by id
	keys     map[string]*AccessKey // by access key id
}

// Account is one partner account.
type Account struct {
	ID          string // 12 digits
	CompanyName string
	WebsiteURL  string
	AccessKeys  []*AccessKey
	// Solutions is the account's solution catalog by catalog (AWS,
	// Sandbox), as the file lists it; a catalog the file leaves out has
	// the default (World.Solutions).
	Solutions map[string][]cosell.Solution
}

// AccessKey is one access key of an account.
type AccessKey struct {
	ID     string
	Secret string
	// SessionToken, when set, makes this a temporary credential: a request
	// must carry it as X-Amz-Security-Token.
	SessionToken string
	// User names the IAM principal behind the key in AccessDeniedException
	// messages (arn:aws:iam::<account>:user/<User>); defaults to the key id.
	User    string
	Policy  *Policy // nil: every action is allowed
	Account *Account
}

// Policy limits what a key may do (issue 10): actions are
// "partnercentral:<Operation>" patterns with * and ? wildcards, compared
// case-insensitively as IAM compares action names.
type Policy struct {
	// Allow lists the allowed action patterns. nil (the key absent) allows
	// every action, so a policy can be a plain deny list; an empty list
	// allows nothing.
	Allow []string
	// Deny lists denied action patterns; a deny always wins.
	Deny []string
	// Catalog, when set, limits Allow to requests in that catalog (the IAM
	// condition key partnercentral:Catalog); Deny applies in every catalog.
	Catalog string
}

// MaxFileBytes bounds a world file. 4 MiB holds tens of thousands of
// accounts; anything larger is a mistake or an attack.
const MaxFileBytes = 4 << 20

// maxNodes bounds the YAML nodes a file may expand to, aliases followed:
// a few lines of anchors and aliases can otherwise stand for billions of
// nodes (the "billion laughs" document).
const maxNodes = 1_000_000

// maxDepth bounds nesting, aliases followed; the format needs 5 levels.
const maxDepth = 32

// Top-level keys. ReservedKeys are accepted and kept unread for work that
// will define them (solutions: catalogs are declared under each account
// since issue 8, Account.Solutions; the top-level key stays accepted for
// files that already carry it); any other unknown key is an error, so a misspelt
// "acounts" does not start an empty world. A tool that adds a new
// top-level key adds it here.
var (
	topKeys      = []string{"accounts", "connections", "faults"}
	ReservedKeys = []string{"solutions"}
)

var (
	accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)
	// AWS access key ids: 16 to 128 word characters (IAM AccessKey.AccessKeyId).
	keyIDPattern = regexp.MustCompile(`^\w{16,128}$`)
	// An action pattern: "*", or the partnercentral prefix and a name made
	// of letters, digits and the wildcards * and ?.
	actionPattern = regexp.MustCompile(`(?i)^(\*|partnercentral:[A-Za-z0-9*?]+)$`)
	// IAM user names: 1 to 64 of these characters.
	userPattern = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
)

// Catalogs a policy may be limited to.
var catalogs = []string{"AWS", "Sandbox"}

// Load reads and validates the world file at path.
func Load(path string) (*World, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	w, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return w, nil
}

// Parse validates a world file's contents.
func Parse(data []byte) (*World, error) {
	doc, err := document(data, "the file is empty: it must list accounts")
	if err != nil {
		return nil, err
	}
	p := parser{}
	w := p.world(doc)
	if p.err != nil {
		return nil, p.err
	}
	return w, nil
}

// document decodes one bounded YAML document; empty is the error for no
// document at all.
func document(data []byte, empty string) (*yaml.Node, error) {
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("the file is larger than %d bytes", MaxFileBytes)
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New(empty)
		}
		return nil, fmt.Errorf("not valid YAML: %w", err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("the file holds more than one YAML document")
	}
	if err := checkSize(&doc); err != nil {
		return nil, err
	}
	return &doc, nil
}

// checkSize walks the document as decoding would, aliases followed, and
// fails once it passes maxNodes nodes or maxDepth levels.
func checkSize(doc *yaml.Node) error {
	count := 0
	var walk func(n *yaml.Node, depth int) error
	walk = func(n *yaml.Node, depth int) error {
		count++
		if count > maxNodes {
			return fmt.Errorf("the file expands to more than %d YAML nodes (aliases included)", maxNodes)
		}
		if depth > maxDepth {
			return fmt.Errorf("line %d: nested deeper than %d levels (aliases included)", n.Line, maxDepth)
		}
		if n.Kind == yaml.AliasNode {
			return walk(n.Alias, depth+1)
		}
		for _, c := range n.Content {
			if err := walk(c, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(doc, 0)
}

// Account returns the account with id, or nil.
func (w *World) Account(id string) *Account { return w.accounts[id] }

// Key returns the access key with id, or nil.
func (w *World) Key(id string) *AccessKey { return w.keys[id] }

// Connected reports whether the file lists a connection between a and b
// (in either order).
func (w *World) Connected(a, b string) bool {
	for _, c := range w.Connections {
		if (c[0] == a && c[1] == b) || (c[0] == b && c[1] == a) {
			return true
		}
	}
	return false
}

// Principal is the IAM ARN AccessDeniedException messages name for k.
func (k *AccessKey) Principal() string {
	return "arn:aws:iam::" + k.Account.ID + ":user/" + k.User
}

// parser keeps the first error; later checks still run but report nothing.
type parser struct{ err error }

func (p *parser) fail(n *yaml.Node, where, format string, args ...any) {
	if p.err != nil {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if where != "" {
		msg = where + ": " + msg
	}
	if n != nil && n.Line > 0 {
		msg = fmt.Sprintf("line %d: %s", n.Line, msg)
	}
	p.err = errors.New(msg)
}

// resolve follows aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// mapping returns n's members in order, after checking that n is a mapping
// whose keys are all in known.
func (p *parser) mapping(n *yaml.Node, where string, known ...string) [][2]*yaml.Node {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		p.fail(n, where, "want a mapping of %s", strings.Join(known, ", "))
		return nil
	}
	var out [][2]*yaml.Node
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.fail(k, where, "keys must be plain names")
			return nil
		}
		if k.Value == "<<" {
			p.fail(k, where, "merge keys (<<) are not supported; write the keys out")
			return nil
		}
		if !contains(known, k.Value) {
			p.fail(k, where, "unknown key %q (known: %s)", k.Value, strings.Join(known, ", "))
			return nil
		}
		if seen[k.Value] {
			p.fail(k, where, "key %q is given twice", k.Value)
			return nil
		}
		seen[k.Value] = true
		out = append(out, [2]*yaml.Node{k, v})
	}
	return out
}

// str returns a scalar's text; null is "".
func (p *parser) str(n *yaml.Node, where string) string {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode {
		p.fail(n, where, "want a string")
		return ""
	}
	if n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

// list returns a sequence's items; null is an empty list.
func (p *parser) list(n *yaml.Node, where string) []*yaml.Node {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.fail(n, where, "want a list")
		return nil
	}
	return n.Content
}

func (p *parser) strings(n *yaml.Node, where string) []string {
	items := p.list(n, where)
	out := make([]string, 0, len(items))
	for i, it := range items {
		out = append(out, p.str(it, fmt.Sprintf("%s[%d]", where, i)))
	}
	return out
}

func (p *parser) world(doc *yaml.Node) *World {
	w := &World{Reserved: map[string]*yaml.Node{}, accounts: map[string]*Account{}, keys: map[string]*AccessKey{}}
	root := doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	var accounts, connections, faults *yaml.Node
	for _, kv := range p.mapping(root, "top level", append(append([]string{}, topKeys...), ReservedKeys...)...) {
		switch kv[0].Value {
		case "accounts":
			accounts = kv[1]
		case "connections":
			connections = kv[1]
		case "faults":
			faults = kv[1]
		default:
			w.Reserved[kv[0].Value] = kv[1]
		}
	}
	if p.err != nil {
		return nil
	}
	if accounts == nil {
		p.fail(root, "top level", "the key accounts is missing: a world needs at least one account")
		return nil
	}
	items := p.list(accounts, "accounts")
	if p.err == nil && len(items) == 0 {
		p.fail(accounts, "accounts", "the list is empty: a world needs at least one account")
	}
	for i, it := range items {
		a := p.account(it, i, w)
		if p.err != nil {
			return nil
		}
		w.Accounts = append(w.Accounts, a)
	}
	if connections != nil {
		for i, it := range p.list(connections, "connections") {
			where := fmt.Sprintf("connections[%d]", i)
			pair := p.strings(it, where)
			if p.err != nil {
				return nil
			}
			if len(pair) != 2 {
				p.fail(it, where, "want a pair of account ids, got %d values", len(pair))
				return nil
			}
			for _, id := range pair {
				if w.accounts[id] == nil {
					p.fail(it, where, "account %q is not listed under accounts", id)
					return nil
				}
			}
			if pair[0] == pair[1] {
				p.fail(it, where, "connects account %s with itself", pair[0])
				return nil
			}
			if w.Connected(pair[0], pair[1]) {
				p.fail(it, where, "connection %s–%s is listed twice", pair[0], pair[1])
				return nil
			}
			w.Connections = append(w.Connections, [2]string{pair[0], pair[1]})
		}
	}
	if faults != nil && p.err == nil {
		// After the accounts: a rule may only name listed accounts.
		w.Faults = p.faults(faults, func(id string) bool { return w.accounts[id] != nil })
	}
	if p.err != nil {
		return nil
	}
	return w
}

func (p *parser) account(n *yaml.Node, i int, w *World) *Account {
	where := fmt.Sprintf("accounts[%d]", i)
	a := &Account{}
	members := p.mapping(n, where, "id", "company_name", "website_url", "access_keys", "solutions")
	var keys, solutions *yaml.Node
	for _, kv := range members {
		switch kv[0].Value {
		case "id":
			a.ID = p.str(kv[1], where+".id")
		case "company_name":
			a.CompanyName = p.str(kv[1], where+".company_name")
		case "website_url":
			a.WebsiteURL = p.str(kv[1], where+".website_url")
		case "access_keys":
			keys = kv[1]
		case "solutions":
			solutions = kv[1]
		}
	}
	if p.err != nil {
		return nil
	}
	if !accountIDPattern.MatchString(a.ID) {
		p.fail(n, where+".id", "%q is not an account id: want 12 digits (quote it, \"111111111111\")", a.ID)
		return nil
	}
	where = fmt.Sprintf("accounts[%d] (%s)", i, a.ID)
	if w.accounts[a.ID] != nil {
		p.fail(n, where, "account %s is listed twice", a.ID)
		return nil
	}
	if strings.TrimSpace(a.CompanyName) == "" {
		p.fail(n, where, "company_name is missing")
		return nil
	}
	w.accounts[a.ID] = a
	if solutions != nil {
		a.Solutions = p.solutions(solutions, where+".solutions")
		if p.err != nil {
			return nil
		}
	}
	if keys == nil {
		p.fail(n, where, "access_keys is missing: an account without keys cannot call")
		return nil
	}
	items := p.list(keys, where+".access_keys")
	if p.err == nil && len(items) == 0 {
		p.fail(keys, where+".access_keys", "the list is empty: an account without keys cannot call")
	}
	for j, it := range items {
		k := p.key(it, fmt.Sprintf("%s.access_keys[%d]", where, j), a, w)
		if p.err != nil {
			return nil
		}
		a.AccessKeys = append(a.AccessKeys, k)
	}
	return a
}

var solutionIDPattern = regexp.MustCompile(`^S-[0-9]{1,19}$`)

// solutions reads an account's solution catalog: a mapping from catalog
// (AWS, Sandbox) to a list of solutions, each with id, name, category,
// status and created_date (RFC 3339, or a YYYY-MM-DD date taken as
// midnight UTC). A catalog given as [] has no solution at all.
func (p *parser) solutions(n *yaml.Node, where string) map[string][]cosell.Solution {
	out := map[string][]cosell.Solution{}
	for _, kv := range p.mapping(n, where, catalogs...) {
		catalog := kv[0].Value
		list := []cosell.Solution{}
		seen := map[string]bool{}
		for i, it := range p.list(kv[1], where+"."+catalog) {
			at := fmt.Sprintf("%s.%s[%d]", where, catalog, i)
			var sol cosell.Solution
			var created string
			for _, f := range p.mapping(it, at, "id", "name", "category", "status", "created_date") {
				v := p.str(f[1], at+"."+f[0].Value)
				switch f[0].Value {
				case "id":
					sol.ID = v
				case "name":
					sol.Name = v
				case "category":
					sol.Category = v
				case "status":
					sol.Status = v
				case "created_date":
					created = v
				}
			}
			if p.err != nil {
				return nil
			}
			if !solutionIDPattern.MatchString(sol.ID) {
				p.fail(it, at+".id", "%q is not a solution id: want S- and 1 to 19 digits", sol.ID)
				return nil
			}
			at += " (" + sol.ID + ")"
			if seen[sol.ID] {
				p.fail(it, at, "solution %s is listed twice in %s", sol.ID, catalog)
				return nil
			}
			seen[sol.ID] = true
			switch {
			case strings.TrimSpace(sol.Name) == "":
				p.fail(it, at, "name is missing")
			case strings.TrimSpace(sol.Category) == "":
				p.fail(it, at, "category is missing")
			case !slices.Contains(cosell.SolutionStatus("").Values(), cosell.SolutionStatus(sol.Status)):
				p.fail(it, at+".status", "%q is not a solution status: want Active, Inactive or Draft", sol.Status)
			}
			if p.err != nil {
				return nil
			}
			t, err := time.Parse(time.RFC3339, created)
			if err != nil {
				t, err = time.Parse(time.DateOnly, created)
			}
			if err != nil {
				p.fail(it, at+".created_date", "%q is not a date: want 2025-01-31 or 2025-01-31T09:00:00Z", created)
				return nil
			}
			sol.CreatedDate = t.UTC()
			list = append(list, sol)
		}
		if p.err != nil {
			return nil
		}
		out[catalog] = list
	}
	return out
}

// Solutions is account's solution catalog in catalog: what the file lists
// under the account, else the default (cosell.DefaultSolutions: the
// Sandbox test solution S-1234567, no AWS solution).
func (w *World) Solutions(account, catalog string) []cosell.Solution {
	if a := w.accounts[account]; a != nil {
		if list, ok := a.Solutions[catalog]; ok {
			return list
		}
	}
	return cosell.DefaultSolutions(account, catalog)
}

func (p *parser) key(n *yaml.Node, where string, a *Account, w *World) *AccessKey {
	k := &AccessKey{Account: a}
	var hasToken bool
	for _, kv := range p.mapping(n, where, "id", "secret", "session_token", "user", "policy") {
		switch kv[0].Value {
		case "id":
			k.ID = p.str(kv[1], where+".id")
		case "secret":
			k.Secret = p.str(kv[1], where+".secret")
		case "session_token":
			hasToken = true
			k.SessionToken = p.str(kv[1], where+".session_token")
		case "user":
			k.User = p.str(kv[1], where+".user")
		case "policy":
			k.Policy = p.policy(kv[1], where+".policy")
		}
	}
	if p.err != nil {
		return nil
	}
	// Errors name the key by its id, never by its secret or token.
	if !keyIDPattern.MatchString(k.ID) {
		p.fail(n, where+".id", "%q is not an access key id: want 16 to 128 letters, digits or _", k.ID)
		return nil
	}
	where += " (" + k.ID + ")"
	if w.keys[k.ID] != nil {
		p.fail(n, where, "access key %s is listed twice (accounts %s and %s)", k.ID, w.keys[k.ID].Account.ID, a.ID)
		return nil
	}
	if k.Secret == "" {
		p.fail(n, where, "secret is missing or empty")
		return nil
	}
	if hasToken && k.SessionToken == "" {
		p.fail(n, where, "session_token is empty: leave the key out for a long-term key")
		return nil
	}
	if k.User == "" {
		k.User = k.ID
	} else if !userPattern.MatchString(k.User) {
		p.fail(n, where+".user", "%q is not an IAM user name: want 1 to 64 letters, digits or +=,.@_-", k.User)
		return nil
	}
	w.keys[k.ID] = k
	return k
}

func (p *parser) policy(n *yaml.Node, where string) *Policy {
	pol := &Policy{}
	for _, kv := range p.mapping(n, where, "allow", "deny", "catalog") {
		switch kv[0].Value {
		case "allow":
			pol.Allow = p.actions(kv[1], where+".allow")
		case "deny":
			pol.Deny = p.actions(kv[1], where+".deny")
		case "catalog":
			pol.Catalog = p.str(kv[1], where+".catalog")
			if p.err == nil && !contains(catalogs, pol.Catalog) {
				p.fail(kv[1], where+".catalog", "%q is not a catalog: want AWS or Sandbox", pol.Catalog)
			}
		}
	}
	return pol
}

// actions reads a list of action patterns; the result is non-nil even when
// empty, so that "allow: []" (allow nothing) differs from no allow key.
func (p *parser) actions(n *yaml.Node, where string) []string {
	list := p.strings(n, where)
	for i, a := range list {
		if p.err == nil && !actionPattern.MatchString(a) {
			p.fail(n, fmt.Sprintf("%s[%d]", where, i), "%q is not an action: want partnercentral:<Operation>, with * or ? wildcards", a)
		}
	}
	return list
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Partner implements cosell.PartnerDirectory: the account's profile as
// engagement members and invitations show it.
func (w *World) Partner(id string) (cosell.Partner, bool) {
	a := w.accounts[id]
	if a == nil {
		return cosell.Partner{}, false
	}
	return cosell.Partner{AccountID: a.ID, CompanyName: a.CompanyName, WebsiteURL: a.WebsiteURL}, true
}
