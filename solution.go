package cosell

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Solution is one entry of a partner's solution catalog (ListSolutions'
// SolutionBase). Partners register solutions in Partner Central; the API
// has no operation that writes them, so the emulator reads them from the
// world file (cosell serve --world, world.Account.Solutions).
type Solution struct {
	ID          string // S-[0-9]{1,19}
	Name        string
	Category    string
	Status      string // Active, Inactive or Draft
	CreatedDate time.Time
}

// SolutionSource returns the solutions account registered in catalog
// (AWS or Sandbox).
type SolutionSource func(account, catalog string) []Solution

// TestSolution is the solution every Sandbox catalog has unless the world
// file says otherwise: the developer guide's "use the default solution
// S-1234567 for testing" (fact sheet §8). Its name, category and date are
// cosell's (the guide gives only the id).
var TestSolution = Solution{
	ID: "S-1234567", Name: "Sandbox Test Solution", Category: "Software Product", Status: "Active",
	CreatedDate: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
}

// DefaultSolutions is the catalog of an account the world file does not
// describe: TestSolution in Sandbox, nothing in AWS.
func DefaultSolutions(_, catalog string) []Solution {
	if catalog == string(CatalogSandbox) {
		return []Solution{TestSolution}
	}
	return nil
}

func (s *OpportunityService) solutions(ctx context.Context, catalog string) []Solution {
	src := s.cfg.Solutions
	if src == nil {
		src = DefaultSolutions
	}
	return src(s.account(ctx), catalog)
}

// findSolution returns the caller's solution id in catalog, or nil.
func (s *OpportunityService) findSolution(ctx context.Context, catalog, id string) *Solution {
	for _, sol := range s.solutions(ctx, catalog) {
		if sol.ID == id {
			return &sol
		}
	}
	return nil
}

// SolutionArn is a solution's ARN [fact sheet §2, real capture].
func SolutionArn(account, catalog, id string) string {
	return fmt.Sprintf("arn:aws:partnercentral:us-east-1:%s:catalog/%s/solution/%s", account, catalog, id)
}

// DefaultSolutionPageSize is ListSolutions' MaxResults when omitted [model doc].
const DefaultSolutionPageSize = 20

// ListSolutions lists the caller's solutions in a catalog (fact sheet §8):
// Identifier, Status and Category filters AND, values within one OR, all
// matched exactly; sorted by Sort (default Identifier, descending), ties
// broken by the identifier; pages of MaxResults (default 20) with
// NextTokens signed and bound to the query and the caller's account like
// ListOpportunities'.
func (s *OpportunityService) ListSolutions(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(ListSolutionsInput, in)
	if err != nil {
		return nil, err
	}
	catalog := req.Str("Catalog")
	account := s.account(ctx)
	binding := queryBinding(ListSolutionsInput, req, account)
	key := s.store.TokenKey()
	passStart := s.now()
	var after *Cursor
	if tok := req.Str("NextToken"); tok != "" {
		t, err := decodeToken(key, tok, binding, passStart)
		if err != nil {
			return nil, err
		}
		after, passStart = &t.Cursor, t.PassStart
	}
	limit := DefaultSolutionPageSize
	if n, ok := req.Get("MaxResults").(Number); ok {
		limit = int(IDNumber(string(n)))
	}
	by, desc := SolutionSortName("Identifier"), true
	if sort := req.Obj("Sort"); sort != nil {
		by, desc = SolutionSortName(sort.Str("SortBy")), sort.Str("SortOrder") == "DESCENDING"
	}
	ids, statuses, categories := stringList(req.List("Identifier")), stringList(req.List("Status")), stringList(req.List("Category"))
	type entry struct {
		pos string
		sol Solution
	}
	var found []entry
	for _, sol := range s.solutions(ctx, catalog) {
		if len(ids) > 0 && !slices.Contains(ids, sol.ID) ||
			len(statuses) > 0 && !slices.Contains(statuses, sol.Status) ||
			len(categories) > 0 && !slices.Contains(categories, sol.Category) {
			continue
		}
		e := entry{pos: solutionPosition(sol, by), sol: sol}
		if after != nil && (!desc && e.pos <= after.Key || desc && e.pos >= after.Key) {
			continue
		}
		found = append(found, e)
	}
	slices.SortFunc(found, func(a, b entry) int {
		if desc {
			return strings.Compare(b.pos, a.pos)
		}
		return strings.Compare(a.pos, b.pos)
	})
	summaries := make([]any, 0, min(len(found), limit))
	for _, e := range found[:min(len(found), limit)] {
		summaries = append(summaries, fillRoot(shSolutionBase, Object{
			{"Catalog", catalog},
			{"Id", e.sol.ID},
			{"Arn", SolutionArn(account, catalog, e.sol.ID)},
			{"Name", e.sol.Name},
			{"Status", e.sol.Status},
			{"Category", e.sol.Category},
			{"CreatedDate", FormatCreatedDate(e.sol.CreatedDate)},
		}))
	}
	var next any
	if len(found) > limit {
		next = encodeToken(key, pageToken{Cursor: Cursor{Key: found[limit-1].pos}, PassStart: passStart, Binding: binding})
	}
	return Object{{"NextToken", next}, {"SolutionSummaries", summaries}}, nil
}

// solutionPosition renders a solution's place in a listing sorted by by so
// that byte order is the listing's order: the sort key, then the
// identifier's number (zero-padded) and the identifier itself, which break
// ties.
func solutionPosition(sol Solution, by SolutionSortName) string {
	num := strings.TrimPrefix(sol.ID, "S-")
	idKey := strings.Repeat("0", max(0, 20-len(num))) + num + "\x00" + sol.ID
	var k string
	switch by {
	case "Name":
		k = Fold(sol.Name)
	case "Status":
		k = sol.Status
	case "Category":
		k = Fold(sol.Category)
	case "CreatedDate":
		k = TimeKey(sol.CreatedDate)
	}
	return k + "\x00" + idKey
}
