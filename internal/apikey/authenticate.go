package apikey

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	entdialect "entgo.io/ent/dialect"

	"importops/ent"
	"importops/ent/apikey"
	"importops/ent/organization"
	"importops/internal/apierr"
	"importops/internal/keycache"
	"importops/internal/keystatus"
	"importops/internal/token"
	"importops/internal/viewer"
)

// Refusals of keys. Their messages say which check failed, so an
// integration's owner knows whether to fix a typo, rotate, or ask an
// admin; Outcome names them for the metrics.
var (
	errMalformed = apierr.New(apierr.Unauthenticated, "API key malformed: expected iops_ followed by 38 letters and digits")
	errChecksum  = apierr.New(apierr.Unauthenticated, "API key malformed: its checksum does not match, so it was mistyped or cut short")
	errUnknown   = apierr.New(apierr.Unauthenticated, "API key not recognised")
	errExpired   = apierr.New(apierr.Unauthenticated, "API key expired")
	errRevoked   = apierr.New(apierr.Unauthenticated, "API key revoked")
	errRotated   = apierr.New(apierr.Unauthenticated, "API key rotated: use its replacement")
	errPlan      = apierr.New(apierr.PlanRequired, "API access is part of the Pro plan, which this organisation is not on")
)

// Outcome names how Authenticate's answer went, for the metrics: ok,
// malformed, unknown, revoked, expired, plan, address; "error" for
// anything else (the database, say).
func Outcome(err error) string {
	if _, ok := err.(*addressError); ok {
		return "address"
	}
	switch err {
	case nil:
		return "ok"
	case errMalformed, errChecksum:
		return "malformed"
	case errUnknown:
		return "unknown"
	case errExpired:
		return "expired"
	case errRevoked, errRotated: // a rotated key is revoked at the overlap's end
		return "revoked"
	case errPlan:
		return "plan"
	}
	return "error"
}

// Authenticate checks a bearer token and returns the viewer it stands for.
// Malformed and made-up tokens are refused before the database is asked.
// A real key refused (revoked, expired, plan) comes back with the error
// and a viewer naming only the key and its organisation, so the refusal
// can be counted for the key (internal/usage); it must not be served.
// Keys are read from memory when the service has a cache and the cache
// may be trusted (internal/keycache keeps revocations and plan changes
// binding on the very next request on every server); unknown tokens are
// never kept. A key limited to some networks is refused (FORBIDDEN) to a
// client outside them: the client of ctx, as auth resolved it (clientip).
func (s *Service) Authenticate(ctx context.Context, tok string) (*viewer.Viewer, error) {
	if err := token.Parse(tok); err != nil {
		if errors.Is(err, token.ErrChecksum) {
			return nil, errChecksum
		}
		return nil, errMalformed
	}
	digest := token.Digest(tok)
	key, ticket := s.cache.Get(ctx, digest)
	if key == nil {
		var err error
		if key, err = s.read(ctx, digest); err != nil {
			return nil, err
		}
		s.cache.Put(ticket, digest, key)
	}
	return s.verify(ctx, key)
}

// verify applies the checks to a key as read: its status now (a rotated
// key's revoked_at is the end of its overlap, so the row alone says when
// it stops, with nothing to run then), its organisation's plan, the
// client's address. Refusals of a real key name it, so that its usage
// counts them.
func (s *Service) verify(ctx context.Context, k *keycache.Key) (*viewer.Viewer, error) {
	refused := &viewer.Viewer{OrgID: k.OrgID, KeyID: k.ID, KeyPrefix: k.Prefix}
	switch keystatus.At(&ent.APIKey{ExpiresAt: k.ExpiresAt, RevokedAt: k.RevokedAt}, s.now()) {
	case keystatus.Revoked:
		if k.Reason == string(apikey.RevocationReasonROTATED) {
			return refused, errRotated
		}
		return refused, errRevoked
	case keystatus.Expired:
		return refused, errExpired
	}
	if !HasAPIAccess(organization.Plan(k.Plan)) {
		return refused, errPlan
	}
	if err := checkAddress(ctx, k.Networks); err != nil {
		return refused, err
	}
	return &viewer.Viewer{
		OrgID:     k.OrgID,
		KeyID:     k.ID,
		KeyPrefix: k.Prefix,
		Scopes:    k.Scopes,
	}, nil
}

// read reads the key with digest from the database; errUnknown if there
// is none.
func (s *Service) read(ctx context.Context, digest string) (*keycache.Key, error) {
	var (
		k         keycache.Key
		scopes    []byte
		revokedAt sql.NullTime
		reason    sql.NullString
		plan      sql.NullString // NULL only if the organisation is gone
		allowed   []byte         // JSON array of CIDRs
	)
	err := s.db.SQL.QueryRowContext(ctx, s.lookup, digest).Scan(
		&k.ID, &k.OrgID, &k.Prefix, &scopes, &k.ExpiresAt, &revokedAt, &reason, &allowed, &plan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errUnknown
	}
	if err != nil {
		return nil, err
	}
	if revokedAt.Valid {
		k.RevokedAt = &revokedAt.Time
	}
	k.Reason, k.Plan = reason.String, plan.String
	if err := json.Unmarshal(scopes, &k.Scopes); err != nil {
		return nil, err
	}
	if k.Networks, err = parseNetworks(allowed); err != nil {
		return nil, err
	}
	return &k, nil
}

// lookupQuery reads a key by its digest (with the networks it may be used
// from) together with its organisation's plan, in one query and one round
// trip: a probe of the digest's unique index, however many keys there
// are, and one of the organisation's primary key. It goes through database/sql rather than ent, whose eager
// loading took a second query (and ten times the allocations); like the
// rest of authentication it reads across organisations, before there is a
// viewer. The plan is a scalar subquery rather than a join because
// PostgreSQL plans every execution afresh (see database.openPostgres) and
// a join is dearer to plan: the whole verification took 124 µs with one,
// 100 µs with this. Built once, for the dialect's placeholder.
func lookupQuery(dialect string) string {
	q := `SELECT k.id, k.organization_id, k.prefix, k.scopes, k.expires_at, k.revoked_at, k.revocation_reason, k.allowed_ips,
	(SELECT o.plan FROM organizations AS o WHERE o.id = k.organization_id)
FROM api_keys AS k WHERE k.digest = ?`
	if dialect == entdialect.Postgres {
		q = strings.Replace(q, "?", "$1", 1)
	}
	return q
}
