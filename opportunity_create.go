package cosell

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"
)

// CreateOpportunity stores a new opportunity (spec §4 CreateOpportunity).
// ClientToken makes it idempotent: the same token and body return the same
// opportunity; the same token with another body is a ConflictException
// (the model's "Conflicting client token" case; the exception name is (?)).
// Tokens are scoped per catalog and per caller account (clientToken) and
// kept for the life of the store.
func (s *OpportunityService) CreateOpportunity(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(CreateOpportunityInput, in)
	if err != nil {
		return nil, err
	}
	var stored *Opportunity
	// A store refuses a commit that comes too late after its timestamp
	// (MaxCommitLag): take a new one and try again.
	for try := 1; ; try++ {
		now := s.now()
		o, fields := s.newOpportunity(ctx, req, now)
		if len(fields) > 0 {
			return nil, NewValidationError(ValidationReasonBiz, fields)
		}
		// AWS's side of a Sandbox referral publishes nothing: the partner
		// learns of it through the invitation, and of the opportunity when
		// it accepts.
		ev := s.as(ctx, EventCreated)
		if o.Origin == string(OriginAWSReferral) {
			ev = noEvent
		}
		// A new partner record is in no engagement yet (Opportunity.Unlinked);
		// a referral's engagement links it right after (simulateReferral).
		o.Unlinked = o.Origin != string(OriginAWSReferral)
		stored, err = s.createOpportunity(ctx, "CreateOpportunity", ev, o, s.clientToken(ctx, req.Str("ClientToken")), fingerprint(req))
		if err == nil {
			break
		}
		if !errors.Is(err, ErrCommitLag) || try == commitLagTries {
			return nil, err
		}
	}
	if stored.Origin == string(OriginAWSReferral) {
		// A replay completes a referral a crash interrupted. (A replay of
		// another create publishes nothing again: its event was written
		// with the record, events.go.)
		if err := s.simulateReferral(ctx, stored); err != nil {
			return nil, err
		}
	}
	// The response carries the opportunity's current LastModifiedDate, so a
	// client can chain an update, and PartnerOpportunityIdentifier even when
	// null; members in alphabetical order, as the real answer [samples].
	return Object{
		{"Id", stored.ID},
		{"LastModifiedDate", FormatTime(stored.LastModifiedDate)},
		{"PartnerOpportunityIdentifier", stored.Body.Get("PartnerOpportunityIdentifier")},
	}, nil
}

// clientToken is the token the store keys a create by: the request's, and
// for a caller other than the configured account, prefixed with its
// account, so that one account's token never replays (and so reveals)
// another's opportunity. The configured account keeps the bare token,
// which records created before owners existed were stored under.
func (s *OpportunityService) clientToken(ctx context.Context, token string) string {
	if account := s.account(ctx); token != "" && account != s.cfg.AccountID {
		return account + "/" + token
	}
	return token
}

// commitLagTries bounds CreateOpportunity's attempts against ErrCommitLag.
const commitLagTries = 3

// newOpportunity builds the record a Create request describes and checks it.
func (s *OpportunityService) newOpportunity(ctx context.Context, req Object, now time.Time) (*Opportunity, []FieldError) {
	// Real CreatedDate values have whole seconds while the LastModifiedDate
	// of the same new record keeps its milliseconds ("…T03:16:07Z" next to
	// "…T03:16:07.038Z" [samples]): both are the same instant, truncated
	// differently, so CreatedDate ≤ LastModifiedDate. An update in the same
	// millisecond still gets a later LastModifiedDate (nextModified).
	created := now.Truncate(time.Second)
	modified := now.Truncate(time.Millisecond)
	body := partnerBody(CreateOpportunityInput, req)
	// Defaults when omitted [samples][inferred (?)]; ReviewStatus always
	// starts at Pending Submission whatever was sent (a sample sent Approved).
	setDefault(&body, []string{"LifeCycle", "Stage"}, string(StageProspect))
	setDefault(&body, []string{"NationalSecurity"}, "No")
	setDefault(&body, []string{"OpportunityType"}, "Net New Business")
	setDefault(&body, []string{"Marketing", "Source"}, "None")
	setLifeCycle(&body, "ReviewStatus", string(StatusPendingSubmission))

	var fields []FieldError
	origin := OpportunityOrigin(req.Str("Origin"))
	if origin == "" {
		origin = OriginPartnerReferral
	}
	if origin == OriginAWSReferral && Catalog(req.Str("Catalog")) != CatalogSandbox {
		fields = append(fields, FieldError{FieldName: "Origin", Code: CodeInvalidValue,
			Message: "AWS Referral can be simulated only in the Sandbox catalog"})
	}
	// A new opportunity has no associations yet (RelatedEntityIdentifiers
	// cannot be set at create), so it cannot start at Committed or Launched.
	fields = append(fields, businessRules(body, nil, &Related{}, now.Format(time.DateOnly))...)

	// The creator leads OpportunityTeam as its OpportunityOwner, before the
	// members the request names [samples; the model's AssignOpportunity
	// documentation makes the creator the default owner].
	team := []any{s.owner(ctx)}
	if sent, _ := Prune(shPartnerOpportunityTeamMembersList, req.Get("OpportunityTeam")).([]any); len(sent) > 0 {
		team = append(team, sent...)
	}
	tags, _ := Prune(CreateOpportunityInput.Member("Tags").Shape, req.Get("Tags")).([]any)
	// The caller owns what it creates, except a simulated AWS referral: on
	// AWS that opportunity exists only on AWS's side until the partner
	// accepts its engagement invitation, so AWSParty owns it and no partner
	// sees it yet.
	owner := s.account(ctx)
	if origin == OriginAWSReferral {
		owner = AWSParty
	}
	return &Opportunity{
		Catalog:          req.Str("Catalog"),
		CreatedDate:      created,
		LastModifiedDate: modified,
		Origin:           string(origin),
		Owner:            owner,
		Body:             body,
		OpportunityTeam:  team,
		Tags:             tags,
	}, fields
}

// OwnerTitle is the BusinessTitle of the opportunity owner in OpportunityTeam.
const OwnerTitle = "OpportunityOwner"

// owner is the OpportunityTeam entry for the creator of an opportunity. The
// real service names the Partner Central user behind the caller's
// credentials; the emulator has no users, so it uses ServiceConfig.
// DefaultOwner when set, else a placeholder for the account modelled on the
// one the real service shows for opportunities created by its own
// integration user (FirstName "ACECRMI", LastName "PartnerCentral", an
// example.com address, no phone [samples]).
func (s *OpportunityService) owner(ctx context.Context) Object {
	return s.ownerOf(s.account(ctx))
}

// ownerOf is the OpportunityTeam owner entry for account's opportunities.
func (s *OpportunityService) ownerOf(account string) Object {
	if s.cfg.DefaultOwner != nil {
		o := Prune(shContact, s.cfg.DefaultOwner).(Object)
		o.Set("BusinessTitle", OwnerTitle)
		return o
	}
	if account == "" {
		account = DefaultAccountID
	}
	return Object{
		{"Email", "partner-" + strings.ToLower(account) + "@example.com"},
		{"FirstName", "ACECRMI"},
		{"LastName", "PartnerCentral"},
		{"BusinessTitle", OwnerTitle},
	}
}

// setDefault sets the member at path when it is absent.
func setDefault(body *Object, path []string, v string) {
	if body.Str(path...) != "" {
		return
	}
	if len(path) == 1 {
		body.Set(path[0], v)
		return
	}
	inner := body.Obj(path[0])
	inner.Set(path[1], v)
	body.Set(path[0], inner)
}

// fingerprint identifies a Create request's body, ClientToken aside, so a
// retry can be told from a different request reusing the token.
func fingerprint(req Object) string {
	doc := Prune(CreateOpportunityInput, req).(Object)
	doc.Delete("ClientToken")
	var buf bytes.Buffer
	_ = AppendJSON(&buf, doc)
	sum := sha256.Sum256(buf.Bytes())
	return hex.EncodeToString(sum[:])
}
