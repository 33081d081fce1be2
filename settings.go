package cosell

import (
	"context"
	"strings"
)

// GetSellingSystemSettings returns the caller's settings in a catalog
// (fact sheet §10). Before any Put the answer is the catalog with a null
// ResourceSnapshotJobRoleArn: the model makes Catalog the only required
// member of the output, so "no role yet" is a valid answer, and the issue's
// snapshot job "whose account has no role" presumes that state exists
// (fact sheet §16.9 leaves RNF or empty open).
func (s *OpportunityService) GetSellingSystemSettings(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(GetSellingSystemSettingsInput, in)
	if err != nil {
		return nil, err
	}
	catalog := req.Str("Catalog")
	arn, _, err := s.store.SellingSystemSettings(ctx, s.account(ctx), catalog)
	if err != nil {
		return nil, err
	}
	return settingsAnswer(catalog, arn), nil
}

// PutSellingSystemSettings stores the role resource snapshot jobs use. A
// role name becomes the caller's role ARN, arn:aws:iam::<account>:role/<name>
// (fact sheet §10); an ARN is stored as given; no role clears it.
func (s *OpportunityService) PutSellingSystemSettings(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(PutSellingSystemSettingsInput, in)
	if err != nil {
		return nil, err
	}
	catalog, account := req.Str("Catalog"), s.account(ctx)
	arn := RoleArn(account, req.Str("ResourceSnapshotJobRoleIdentifier"))
	if err := s.store.PutSellingSystemSettings(ctx, account, catalog, arn); err != nil {
		return nil, err
	}
	return settingsAnswer(catalog, arn), nil
}

// RoleArn turns a ResourceSnapshotJobRoleIdentifier into a role ARN: a
// name becomes account's role, an ARN stays, "" stays "".
func RoleArn(account, identifier string) string {
	if identifier == "" || strings.HasPrefix(identifier, "arn:") {
		return identifier
	}
	return "arn:aws:iam::" + account + ":role/" + identifier
}

func settingsAnswer(catalog, arn string) Object {
	var role any
	if arn != "" {
		role = arn
	}
	return Object{{"Catalog", catalog}, {"ResourceSnapshotJobRoleArn", role}}
}
