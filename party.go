package cosell

// Partner is a partner account as other parties see it (engagement members,
// invitation senders and receivers).
type Partner struct {
	AccountID   string
	CompanyName string
	WebsiteURL  string
}

// PartnerDirectory knows the partner accounts of a world (cosell serve
// --world) and which pairs are connected, as Partner Central requires
// before one partner invites another (fact sheet §3, UG-multi).
type PartnerDirectory interface {
	Partner(accountID string) (Partner, bool)
	Connected(a, b string) bool
}

// AWSParty is the party AWS itself appears as in account fields ("aws",
// fact sheet §2), and the owner of a Sandbox AWS referral's opportunity
// until a partner accepts it.
const AWSParty = "aws"

// awsMember is AWS as an engagement member: the company and website the
// real Sandbox shows in ExistingMembers [S-lead, S-pm].
var awsMember = Partner{AccountID: AWSParty, CompanyName: "AWS", WebsiteURL: "www.aws.com"}

// soloDirectory is the world of a server without --world: one account,
// connected to nobody. Its company name and website are cosell's choice
// (the account has no profile to take them from); docs/decisions.md.
type soloDirectory struct{ account string }

func (d soloDirectory) Partner(id string) (Partner, bool) {
	if id != d.account {
		return Partner{}, false
	}
	return Partner{AccountID: id, CompanyName: "AnyCompany Partner", WebsiteURL: "https://www.example.com"}, true
}

func (soloDirectory) Connected(string, string) bool { return false }

// partner returns the profile of an engagement party: AWS, a known partner,
// or, for an account the directory lacks, the bare account id.
func (s *OpportunityService) partner(id string) Partner {
	if id == AWSParty {
		return awsMember
	}
	if p, ok := s.cfg.Partners.Partner(id); ok {
		return p
	}
	return Partner{AccountID: id}
}
