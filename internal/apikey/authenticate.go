package apikey

import (
	"context"
	"errors"

	"importops/ent"
	"importops/ent/apikey"
	"importops/internal/apierr"
	"importops/internal/token"
	"importops/internal/viewer"
)

// Messages for refused keys. They say which check failed, so an integration's
// owner knows whether to fix a typo, rotate, or ask an admin.
const (
	msgMalformed = "API key malformed: expected iops_ followed by 38 letters and digits"
	msgChecksum  = "API key malformed: its checksum does not match, so it was mistyped or cut short"
	msgUnknown   = "API key not recognised"
	msgExpired   = "API key expired"
	msgRevoked   = "API key revoked"
	msgPlan      = "API access is part of the Pro plan, which this organisation is not on"
)

// Authenticate checks a bearer token and returns the viewer it stands for.
// Malformed and made-up tokens are refused before the database is asked.
// Nothing is cached: revocation and plan changes bind the very next request
// on every server sharing the database.
func (s *Service) Authenticate(ctx context.Context, tok string) (*viewer.Viewer, error) {
	if err := token.Parse(tok); err != nil {
		if errors.Is(err, token.ErrChecksum) {
			return nil, apierr.New(apierr.Unauthenticated, msgChecksum)
		}
		return nil, apierr.New(apierr.Unauthenticated, msgMalformed)
	}
	key, err := s.db.APIKey.Query().
		Where(apikey.Digest(token.Digest(tok))).
		WithOrganization().
		Only(viewer.System(ctx))
	if ent.IsNotFound(err) {
		return nil, apierr.New(apierr.Unauthenticated, msgUnknown)
	}
	if err != nil {
		return nil, err
	}
	switch StatusAt(key, s.now()) {
	case Revoked:
		return nil, apierr.New(apierr.Unauthenticated, msgRevoked)
	case Expired:
		return nil, apierr.New(apierr.Unauthenticated, msgExpired)
	}
	if !HasAPIAccess(key.Edges.Organization.Plan) {
		return nil, apierr.New(apierr.PlanRequired, msgPlan)
	}
	return &viewer.Viewer{
		OrgID:     key.OrganizationID,
		KeyID:     key.ID,
		KeyPrefix: key.Prefix,
		Scopes:    key.Scopes,
	}, nil
}
