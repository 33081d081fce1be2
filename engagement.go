package cosell

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Engagements (fact sheet §5): a collaboration between partner accounts
// and AWS around one customer. The engagement is AWS's resource: its
// members (at most MaxMembers) read it; everyone else gets
// ResourceNotFoundException, as for an engagement that does not exist
// (the model's "might not exist, or isn't visible with the current
// credentials"). Contexts (at most MaxContexts) carry the customer project
// or the lead.

// Limits of an engagement [UG-multi; model list sizes].
const (
	MaxMembers  = 10 // partners and AWS in one engagement
	MaxContexts = 5
	MaxInvitees = 9 // partners one opportunity's engagement may invite
)

// Engagement is one stored engagement (item KindEngagement).
type Engagement struct {
	Catalog     string
	ID          string
	Title       string
	Description string
	CreatedAt   time.Time
	CreatedBy   string
	ModifiedAt  time.Time
	ModifiedBy  string
	Members     []EngagementMember
	Contexts    []EngagementContext
	LastContext int // the last context Id handed out ("1", "2", …)
}

// EngagementMember is a party of an engagement.
type EngagementMember struct {
	AccountID   string
	CompanyName string
	WebsiteURL  string
	JoinedAt    time.Time
}

// EngagementContext is one context: Type CustomerProject or Lead, and its
// payload (the member of the model's union for that type).
type EngagementContext struct {
	ID      string
	Type    string
	Payload Object
}

// EngagementArn is the ARN of an engagement: AWS's resource, so no account
// [S-lead, S-pm].
func EngagementArn(catalog, id string) string {
	return "arn:aws:partnercentral:us-east-1::catalog/" + catalog + "/engagement/" + id
}

// isMember reports whether account is one of e's members.
func (e *Engagement) isMember(account string) bool {
	return slices.ContainsFunc(e.Members, func(m EngagementMember) bool { return m.AccountID == account })
}

func (e *Engagement) contextTypes() []any {
	out := []any{}
	for _, c := range e.Contexts {
		if !slices.Contains(out, any(c.Type)) {
			out = append(out, c.Type)
		}
	}
	return out
}

// memberAccounts lists the members' accounts, AWS included.
func (e *Engagement) memberAccounts() []string {
	out := make([]string, len(e.Members))
	for i, m := range e.Members {
		out[i] = m.AccountID
	}
	return out
}

// engagementID resolves an engagement identifier, which Get, List and the
// context and task inputs also accept as an ARN (fact sheet §2).
func engagementID(v string) string {
	if i := strings.LastIndex(v, "/engagement/"); strings.HasPrefix(v, "arn:") && i >= 0 {
		return v[i+len("/engagement/"):]
	}
	return v
}

func engagementNotFound(catalog, id string) *Error {
	return Errorf(NotFoundError, "Engagement %s was not found in catalog %s.", id, catalog)
}

// loadEngagement returns the engagement id names in catalog if account may
// read it (a member, or AWS), else ResourceNotFoundException.
func loadEngagement(tx ItemTx, catalog, id, account string) (*Engagement, error) {
	id = engagementID(id)
	var e Engagement
	found, err := getItem(tx, KindEngagement, catalog, id, &e)
	if err != nil {
		return nil, err
	}
	if !found || (account != "" && !e.isMember(account)) {
		return nil, engagementNotFound(catalog, id)
	}
	return &e, nil
}

func putEngagement(tx ItemTx, e *Engagement) error {
	return putItem(tx, KindEngagement, e.Catalog, e.ID, e)
}

// addMember makes p a member of e; the engagement holds at most MaxMembers.
func (e *Engagement) addMember(p Partner, at time.Time) error {
	if e.isMember(p.AccountID) {
		return nil
	}
	if len(e.Members) >= MaxMembers {
		return Errorf(QuotaExceededError, "Engagement %s already has %d members, the most an engagement can have.", e.ID, MaxMembers)
	}
	e.Members = append(e.Members, EngagementMember{AccountID: p.AccountID, CompanyName: p.CompanyName, WebsiteURL: p.WebsiteURL, JoinedAt: at})
	return nil
}

// touch records a change of e by account at now: ModifiedAt moves forward
// by at least a microsecond, so EngagementLastModifiedAt (compared at
// microsecond precision, see UpdateEngagementContext) names one state.
func (e *Engagement) touch(account string, now time.Time) {
	now = now.UTC().Truncate(time.Microsecond)
	if !now.After(e.ModifiedAt) {
		now = e.ModifiedAt.Add(time.Microsecond)
	}
	e.ModifiedAt, e.ModifiedBy = now, account
}

// memberAdded is the Engagement Member Added event, sent to every member
// (fact sheet §13).
func (s *OpportunityService) memberAdded(box *outbox, e *Engagement, p Partner, at time.Time) {
	for _, to := range e.memberAccounts() {
		if to == AWSParty {
			continue
		}
		box.add(memberEvent(EventMemberAdded, e, p, to, at))
	}
}

// memberEvent is Engagement Member Added or Joined about p, for account to.
func memberEvent(kind string, e *Engagement, p Partner, to string, at time.Time) Event {
	return Event{DetailType: kind, Catalog: e.Catalog, Account: to, Time: at,
		Resources: []string{EngagementArn(e.Catalog, e.ID)},
		Detail: Object{{"engagement", Object{{"id", e.ID}}},
			{"engagementMember", Object{{"accountId", p.AccountID}, {"companyName", p.CompanyName}}}}}
}

// engagementEvent is Engagement Created or Engagement Updated for account
// (fact sheet §13; member names as documented, CreatedAt and LastModifiedAt
// capitalised).
func engagementEvent(kind string, e *Engagement, account string) Event {
	d := Object{{"engagementArn", EngagementArn(e.Catalog, e.ID)}, {"engagementId", e.ID}}
	if kind == EventEngagementCreated {
		d = append(d, Field{"CreatedAt", formatMicro(e.CreatedAt)}, Field{"CreatedBy", e.CreatedBy})
	} else {
		d = append(d, Field{"LastModifiedAt", formatMicro(e.ModifiedAt)}, Field{"LastModifiedBy", e.ModifiedBy})
	}
	d = append(d, Field{"ContextTypes", e.contextTypes()})
	return Event{DetailType: kind, Catalog: e.Catalog, Account: account, Time: e.ModifiedAt,
		Resources: []string{EngagementArn(e.Catalog, e.ID)}, Detail: Object{{"engagement", d}}}
}

// newEngagement builds an engagement created by creator (a partner, or AWS)
// with creator as its first member.
func (s *OpportunityService) newEngagement(catalog, creator, title, description string, now time.Time) *Engagement {
	now = now.UTC().Truncate(time.Microsecond)
	e := &Engagement{Catalog: catalog, ID: newID("eng-", 14), Title: title, Description: description,
		CreatedAt: now, CreatedBy: creator, ModifiedAt: now, ModifiedBy: creator}
	_ = e.addMember(s.partner(creator), now)
	return e
}

// addContext appends a context with the next Id.
func (e *Engagement) addContext(typ string, payload Object) (string, error) {
	if len(e.Contexts) >= MaxContexts {
		return "", Errorf(QuotaExceededError, "Engagement %s already has %d contexts, the most an engagement can have.", e.ID, MaxContexts)
	}
	e.LastContext++
	id := fmt.Sprint(e.LastContext)
	e.Contexts = append(e.Contexts, EngagementContext{ID: id, Type: typ, Payload: payload})
	return id, nil
}

// contextPayload is the union member of a context payload that matches its
// Type; any other member is a ValidationException.
func contextPayload(typ string, payload Object, path string) (Object, *Error) {
	body := payload.Obj(typ)
	if body == nil || len(payload) != 1 {
		return nil, NewValidationError(ValidationReasonReq, []FieldError{{FieldName: path, Code: CodeInvalidValue,
			Message: "must set exactly the member that matches Type " + typ}})
	}
	return body, nil
}

// CreateEngagement creates an engagement whose first member is the caller
// (fact sheet §5). The model says Contexts "must be CustomerProject in this
// version", yet a partner created a Lead-context engagement in Sandbox
// [S-lead]; both are accepted.
func (s *OpportunityService) CreateEngagement(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(CreateEngagementInput, in)
	if err != nil {
		return nil, err
	}
	catalog, account := req.Str("Catalog"), s.account(ctx)
	var contexts []EngagementContext
	for i, c := range req.List("Contexts") {
		c := c.(Object)
		body, verr := contextPayload(c.Str("Type"), c.Obj("Payload"), fmt.Sprintf("Contexts[%d].Payload", i))
		if verr != nil {
			return nil, verr
		}
		contexts = append(contexts, EngagementContext{Type: c.Str("Type"), Payload: body})
	}
	fp := requestFingerprint(CreateEngagementInput, req)
	var answer Object
	err = s.updateItems(ctx, func(tx ItemTx, box *outbox) error {
		prior, done, remember, err := idempotent(tx, "CreateEngagement", account, catalog, req.Str("ClientToken"), fp)
		if done || err != nil {
			answer = prior
			return err
		}
		e := s.newEngagement(catalog, account, req.Str("Title"), req.Str("Description"), s.now())
		for _, c := range contexts {
			if _, err := e.addContext(c.Type, c.Payload); err != nil {
				return err
			}
		}
		if err := putEngagement(tx, e); err != nil {
			return err
		}
		answer = Object{{"Id", e.ID}, {"Arn", EngagementArn(catalog, e.ID)}, {"ModifiedAt", formatMicro(e.ModifiedAt)}}
		box.add(engagementEvent(EventEngagementCreated, e, account))
		return remember(answer)
	})
	return answer, err
}

// GetEngagement returns an engagement and its contexts to a member.
func (s *OpportunityService) GetEngagement(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(GetEngagementInput, in)
	if err != nil {
		return nil, err
	}
	var out Object
	err = s.items().ViewItems(ctx, func(tx ItemTx) error {
		e, err := loadEngagement(tx, req.Str("Catalog"), req.Str("Identifier"), s.account(ctx))
		if err != nil {
			return err
		}
		out = fillRoot(GetEngagementOutput, Object{
			{"Id", e.ID}, {"Arn", EngagementArn(e.Catalog, e.ID)}, {"Title", e.Title}, {"Description", e.Description},
			{"CreatedAt", formatMicro(e.CreatedAt)}, {"CreatedBy", e.CreatedBy},
			{"ModifiedAt", formatMicro(e.ModifiedAt)}, {"ModifiedBy", e.ModifiedBy},
			{"MemberCount", Number(fmt.Sprint(len(e.Members)))}, {"Contexts", renderContexts(e.Contexts)},
		})
		return nil
	})
	return out, err
}

func renderContexts(cs []EngagementContext) []any {
	out := []any{}
	for _, c := range cs {
		out = append(out, Object{{"Id", c.ID}, {"Type", c.Type}, {"Payload", Object{{c.Type, c.Payload}}}})
	}
	return out
}

// ListEngagements lists the engagements the caller is a member of, sorted
// by CreatedDate (the only sort key; default descending [inferred, as the
// other lists of the family]).
func (s *OpportunityService) ListEngagements(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(ListEngagementsInput, in)
	if err != nil {
		return nil, err
	}
	catalog, account := req.Str("Catalog"), s.account(ctx)
	var rows []listRow
	err = s.items().ViewItems(ctx, func(tx ItemTx) error {
		all, err := scanItems[Engagement](tx, KindEngagement, catalog, "")
		if err != nil {
			return err
		}
		for _, e := range all {
			if !e.isMember(account) || !anyOf(req.List("EngagementIdentifier"), e.ID) ||
				!anyOf(req.List("CreatedBy"), e.CreatedBy) || excluded(req.List("ExcludeCreatedBy"), e.CreatedBy) {
				continue
			}
			types := e.contextTypes()
			if want := req.List("ContextTypes"); len(want) > 0 && !overlaps(want, types) {
				continue
			}
			if not := req.List("ExcludeContextTypes"); len(not) > 0 && overlaps(not, types) {
				continue
			}
			rows = append(rows, listRow{key: TimeKey(e.CreatedAt), id: e.ID, out: fillRoot(shEngagementSummary, Object{
				{"Arn", EngagementArn(catalog, e.ID)}, {"Id", e.ID}, {"Title", e.Title},
				{"CreatedAt", formatMicro(e.CreatedAt)}, {"CreatedBy", e.CreatedBy},
				{"MemberCount", Number(fmt.Sprint(len(e.Members)))},
				{"ModifiedAt", formatMicro(e.ModifiedAt)}, {"ModifiedBy", e.ModifiedBy}, {"ContextTypes", types},
			})})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.pageRows(ListEngagementsInput, req, account, rows, req.Str("Sort", "SortOrder") != "ASCENDING", 100, "EngagementSummaryList")
}

func excluded(filter []any, v string) bool { return len(filter) > 0 && anyOf(filter, v) }

func overlaps(filter, values []any) bool {
	for _, v := range values {
		if s, ok := v.(string); ok && anyOf(filter, s) {
			return true
		}
	}
	return false
}

// ListEngagementMembers lists an engagement's members, to members only
// [model]. The model's member states (PENDING, WITHDRAWN, …) have no field:
// only members are listed, in the order they joined [inferred].
func (s *OpportunityService) ListEngagementMembers(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(ListEngagementMembersInput, in)
	if err != nil {
		return nil, err
	}
	account := s.account(ctx)
	var rows []listRow
	err = s.items().ViewItems(ctx, func(tx ItemTx) error {
		e, err := loadEngagement(tx, req.Str("Catalog"), req.Str("Identifier"), account)
		if err != nil {
			return err
		}
		for i, m := range e.Members {
			rows = append(rows, listRow{key: fmt.Sprintf("%03d", i), id: m.AccountID, out: fillRoot(shEngagementMember,
				Object{{"CompanyName", m.CompanyName}, {"WebsiteUrl", m.WebsiteURL}, {"AccountId", m.AccountID}})})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.pageRows(ListEngagementMembersInput, req, account, rows, false, 10, "EngagementMemberList")
}

// formatMicro writes the engagement family's timestamps with microseconds:
// the service returns nanoseconds [S-lead], and UpdateEngagementContext
// compares EngagementLastModifiedAt to the microsecond, which every SDK
// round-trips (boto3's datetime holds microseconds).
func formatMicro(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }
