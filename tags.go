package cosell

import (
	"context"
	"slices"
	"strings"
)

// MaxTagsPerResource caps the tags one resource holds. The model caps a
// TagResource call at 200 tags and documents no per-resource limit; cosell
// assumes the same 200 (fact sheet §9, inferred).
const MaxTagsPerResource = 200

// taggable parses a ResourceArn that passed the model's pattern:
// arn:<partition>:partnercentral:<region>:<account>:catalog/<Catalog>/<type>/<id>.
// Opportunity and resource-snapshot-job ARNs can be tagged (the managed
// policy's TaggingAccess statement, fact sheet §9); any other resource type
// is a ValidationException. An ARN that names another partition, region or
// account than the caller's, or a record that does not exist or that
// another account owns (so the ARN's account must be the owner's:
// Opportunity.Owner, SnapshotJob.Owner), is ResourceNotFoundException.
func (s *OpportunityService) taggable(ctx context.Context, arn string) (typ, catalog, id string, err error) {
	notFound := Errorf(NotFoundError, "Resource %s was not found.", arn)
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 {
		return "", "", "", notFound
	}
	path := strings.Split(parts[5], "/")
	// path: catalog, <Catalog>, <type>, <id>...
	if len(path) < 3 {
		return "", "", "", notTaggable(arn)
	}
	catalog, typ = path[1], path[2]
	if (typ != "opportunity" && typ != "resource-snapshot-job") || len(path) != 4 {
		return "", "", "", notTaggable(arn)
	}
	id = path[3]
	if parts[1] != "aws" || parts[3] != "us-east-1" || parts[4] != s.account(ctx) ||
		(catalog != string(CatalogAWS) && catalog != string(CatalogSandbox)) {
		return "", "", "", notFound
	}
	if _, ok := ParseID(id); typ == "opportunity" && !ok {
		return "", "", "", notFound
	}
	return typ, catalog, id, nil
}

func notTaggable(arn string) *Error {
	return NewValidationError(ValidationReasonReq, []FieldError{{FieldName: "ResourceArn", Code: CodeInvalidValue,
		Message: "is not the ARN of a taggable resource (an opportunity or a resource snapshot job): " + arn}})
}

// changeTags applies change to the tags of the opportunity or job arn
// names, in one store update. Tags are not part of the opportunity's data:
// a change keeps its LastModifiedDate and publishes no event (tagging an
// AWS resource does not modify it; no source says otherwise).
func (s *OpportunityService) changeTags(ctx context.Context, op, arn string, change func(tags []any) ([]any, error)) error {
	typ, catalog, id, err := s.taggable(ctx, arn)
	if err != nil {
		return err
	}
	if typ == "resource-snapshot-job" {
		return s.changeJobTags(ctx, catalog, id, arn, change)
	}
	_, err = s.updateOpportunity(ctx, op, noEvent, catalog, id, func(cur *Opportunity) error {
		if !s.visible(ctx, cur) {
			return notFound(catalog, id) // answered as the ARN's not-found below
		}
		tags, err := change(cur.Tags)
		if err != nil {
			return err
		}
		cur.Tags = tags
		return nil
	})
	if e, ok := err.(*Error); ok && e.Code == NotFoundError {
		return Errorf(NotFoundError, "Resource %s was not found.", arn)
	}
	return err
}

// TagResource adds tags to an opportunity, replacing the value of a key it
// already has (fact sheet §9). A key given twice in one call is
// DUPLICATE_KEY_VALUE; more than MaxTagsPerResource tags in all is
// TOO_MANY_VALUES.
func (s *OpportunityService) TagResource(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(TagResourceInput, in)
	if err != nil {
		return nil, err
	}
	add := Prune(TagResourceInput.Member("Tags").Shape, req.Get("Tags")).([]any)
	if err := duplicateTagKey(add); err != nil {
		return nil, err
	}
	err = s.changeTags(ctx, "TagResource", req.Str("ResourceArn"), func(tags []any) ([]any, error) {
		out := slices.Clone(tags)
		for _, t := range add {
			k := t.(Object).Str("Key")
			if i := slices.IndexFunc(out, func(old any) bool { o, _ := old.(Object); return o.Str("Key") == k }); i >= 0 {
				out[i] = t
			} else {
				out = append(out, t)
			}
		}
		if len(out) > MaxTagsPerResource {
			return nil, NewValidationError(ValidationReasonBiz, []FieldError{{FieldName: "Tags", Code: CodeTooMany,
				Message: "a resource can have at most 200 tags"}})
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return Object{}, nil
}

// duplicateTagKey is DUPLICATE_KEY_VALUE for a key given twice in tags.
func duplicateTagKey(tags []any) error {
	seen := map[string]bool{}
	for _, t := range tags {
		k := t.(Object).Str("Key")
		if seen[k] {
			return NewValidationError(ValidationReasonReq, []FieldError{{FieldName: "Tags", Code: CodeDuplicate,
				Message: "the key " + k + " is given more than once"}})
		}
		seen[k] = true
	}
	return nil
}

// UntagResource removes tags by key; a key the resource lacks is ignored
// (fact sheet §9).
func (s *OpportunityService) UntagResource(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(UntagResourceInput, in)
	if err != nil {
		return nil, err
	}
	keys := stringList(req.List("TagKeys"))
	err = s.changeTags(ctx, "UntagResource", req.Str("ResourceArn"), func(tags []any) ([]any, error) {
		return slices.DeleteFunc(slices.Clone(tags), func(t any) bool { o, _ := t.(Object); return slices.Contains(keys, o.Str("Key")) }), nil
	})
	if err != nil {
		return nil, err
	}
	return Object{}, nil
}

// ListTagsForResource returns the opportunity's or job's tags, [] when it
// has none (fact sheet §9).
func (s *OpportunityService) ListTagsForResource(ctx context.Context, in Object) (Object, error) {
	req, err := ValidateRequest(ListTagsForResourceInput, in)
	if err != nil {
		return nil, err
	}
	arn := req.Str("ResourceArn")
	typ, catalog, id, err := s.taggable(ctx, arn)
	if err != nil {
		return nil, err
	}
	var have []any
	if typ == "resource-snapshot-job" {
		if have, err = s.jobTags(ctx, catalog, id, arn); err != nil {
			return nil, err
		}
	} else {
		o, err := s.store.GetOpportunity(ctx, catalog, id)
		if err == nil && !s.visible(ctx, o) {
			err = notFound(catalog, id)
		}
		if err != nil {
			return nil, resourceNotFound(err, arn)
		}
		have = o.Tags
	}
	tags := make([]any, 0, len(have))
	for _, t := range have {
		tags = append(tags, fill(shTag, t))
	}
	return Object{{"Tags", tags}}, nil
}
