// Package apikey is the API key lifecycle: issuing a key (by an admin, or by
// support from the command line), revoking it, and authenticating a request
// that carries one. The GraphQL resolvers and the command line both call it,
// so the rules live here once.
package apikey

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"entgo.io/ent/dialect"

	"importops/ent"
	"importops/ent/apikey"
	"importops/ent/organization"
	"importops/internal/apierr"
	"importops/internal/audit"
	"importops/internal/database"
	"importops/internal/keycache"
	"importops/internal/keystatus"
	"importops/internal/token"
)

// Service issues, revokes and authenticates keys.
type Service struct {
	db     *database.DB
	now    func() time.Time
	lookup string          // see lookupQuery
	cache  *keycache.Cache // nil: every key is read from the database
}

// NewService returns a Service on db.
func NewService(db *database.DB) *Service {
	return &Service{db: db, now: time.Now, lookup: lookupQuery(db.Dialect)}
}

// WithCache makes Authenticate keep keys in c (a serving process's; the
// command line changes keys without keeping any).
func (s *Service) WithCache(c *keycache.Cache) *Service {
	s.cache = c
	return s
}

// invalidate records, in tx, that key keyID of orgID verifies differently
// from now on; the caller passes the sequence to keycache.Await once tx
// has committed, so that the change returns only when every replica
// has dropped the key.
func (s *Service) invalidate(ctx context.Context, tx *ent.Tx, orgID, keyID int) (int64, error) {
	return keycache.Bump(ctx, tx, s.db.Dialect, orgID, keyID)
}

// Request is a key to issue.
type Request struct {
	OrgID     int
	Name      string
	Expiry    Expiry
	ExpiresAt *time.Time // for Custom
	Scopes    []string   // nil means read-only
	Actor     audit.Actor
	// ByStaff marks support, who may issue any known scope.
	ByStaff bool
}

// Issued is a new key and its token: the only time the token exists outside
// the caller's hands.
type Issued struct {
	Key   *ent.APIKey
	Token string
}

// Issue creates the key with its audit entry in one transaction. The
// organisation's plan is checked first (a Core organisation gets
// PLAN_REQUIRED whatever it asked for), then the request, then the limit.
// ctx decides which organisations are visible (see viewer).
func (s *Service) Issue(ctx context.Context, req Request) (*Issued, error) {
	tok, err := token.Generate()
	if err != nil {
		return nil, err
	}
	now := s.now()
	var key *ent.APIKey
	err = s.db.InTx(ctx, func(tx *ent.Tx) error {
		org, err := s.lockWithAPIAccess(ctx, tx, req.OrgID)
		if err != nil {
			return err
		}
		name, err := NormalizeName(req.Name)
		if err != nil {
			return err
		}
		expiresAt, err := ExpiresAt(req.Expiry, req.ExpiresAt, now)
		if err != nil {
			return err
		}
		if err := checkPolicy(org, req.Expiry, expiresAt, now); err != nil {
			return err
		}
		scopes, err := Scopes(req.Scopes, req.ByStaff)
		if err != nil {
			return err
		}
		if err := checkActiveLimit(ctx, tx, req.OrgID, now); err != nil {
			return err
		}
		c := tx.APIKey.Create().
			SetOrganizationID(req.OrgID).
			SetName(name).
			SetPrefix(token.Prefix(tok)).
			SetDigest(token.Digest(tok)).
			SetScopes(scopes).
			SetExpiresAt(expiresAt)
		if !req.ByStaff && req.Actor.UserID != 0 {
			c.SetCreatedByID(req.Actor.UserID)
		}
		if key, err = c.Save(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.KeyCreated, req.Actor, key)
	})
	if err != nil {
		return nil, err
	}
	// Unwrap detaches the key from the finished transaction, so that its
	// edges (createdBy) can still be loaded.
	return &Issued{Key: key.Unwrap(), Token: tok}, nil
}

// lockWithAPIAccess refuses an organisation without API access. On
// PostgreSQL it locks the organisation's row for the rest of the
// transaction, so two concurrent creations cannot both take the last place
// under the limit; SQLite transactions already run one writer at a time
// (_txlock=immediate).
func (s *Service) lockWithAPIAccess(ctx context.Context, tx *ent.Tx, orgID int) (*ent.Organization, error) {
	q := tx.Organization.Query().Where(organization.ID(orgID))
	if s.db.Dialect == dialect.Postgres {
		q.ForUpdate()
	}
	org, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apierr.New(apierr.NotFound, "Organisation not found")
	}
	if err != nil {
		return nil, err
	}
	if !HasAPIAccess(org.Plan) {
		return nil, apierr.New(apierr.PlanRequired, "API access is part of the Pro plan: upgrade to create API keys")
	}
	return org, nil
}

// checkActiveLimit refuses a key beyond MaxActive active ones. A key being
// rotated counts until its overlap ends, as it is listed ACTIVE until then.
func checkActiveLimit(ctx context.Context, tx *ent.Tx, orgID int, now time.Time) error {
	active, err := tx.APIKey.Query().
		Where(apikey.OrganizationID(orgID), keystatus.Where(keystatus.Active, now)).
		Count(ctx)
	if err != nil {
		return err
	}
	if active >= MaxActive {
		return apierr.Newf(apierr.Forbidden,
			"This organisation already has %d active API keys, the most it can have: revoke one it no longer uses first", MaxActive)
	}
	return nil
}

// HasAPIAccess reports whether a plan includes API keys.
func HasAPIAccess(plan organization.Plan) bool {
	return plan == organization.PlanPRO
}

// Revocation says why and by whom a key is revoked.
type Revocation struct {
	Reason apikey.RevocationReason
	Actor  audit.Actor
	// BySupport: the support member is named in the audit entry but is
	// not the key's revokedBy, which only ever names an admin of the
	// organisation.
	BySupport bool
	// Detail goes on the audit entry: where an exposed token was found.
	Detail string
}

// RevokeResult is the key after Revoke, and whether this call revoked it.
type RevokeResult struct {
	Key *ent.APIKey
	// Already means the key was revoked before: it is returned unchanged
	// and nothing is recorded.
	Already bool
}

// Revoke revokes key id with r's reason, and records it in the audit log
// (api_key.exposed for an exposed key, api_key.revoked otherwise). A key
// the context cannot see is NOT_FOUND, whether it does not exist or
// belongs to another organisation.
func (s *Service) Revoke(ctx context.Context, rawID string, r Revocation) (*RevokeResult, error) {
	id, err := strconv.Atoi(rawID)
	if err != nil || id < 1 {
		return nil, notFound(rawID) // not an ID of ours at all
	}
	action := audit.KeyRevoked
	if r.Reason == apikey.RevocationReasonEXPOSED {
		action = audit.KeyExposed
	}
	var key *ent.APIKey
	var n int
	var seq int64
	err = s.db.InTx(ctx, func(tx *ent.Tx) error {
		// The guard on revoked_at makes concurrent revocations write one
		// audit entry between them. A key whose rotation's overlap has not
		// ended is not revoked yet: revoking it ends the overlap now.
		now := s.now().UTC().Truncate(time.Microsecond)
		u := tx.APIKey.Update().
			Where(apikey.ID(id), keystatus.NotRevokedAt(now)).
			SetRevokedAt(now).
			SetRevocationReason(r.Reason)
		if !r.BySupport && r.Actor.UserID != 0 {
			u.SetRevokedByID(r.Actor.UserID)
		}
		if n, err = u.Save(ctx); err != nil {
			return err
		}
		key, err = tx.APIKey.Get(ctx, id)
		if ent.IsNotFound(err) {
			return notFound(rawID)
		}
		if err != nil || n == 0 {
			return err
		}
		if seq, err = s.invalidate(ctx, tx, key.OrganizationID, key.ID); err != nil {
			return err
		}
		return audit.RecordDetail(ctx, tx, action, r.Actor, key, r.Detail)
	})
	if err != nil {
		return nil, err
	}
	keycache.Await(ctx, s.db, seq)
	return &RevokeResult{Key: key.Unwrap(), Already: n == 0}, nil
}

func notFound(id string) error {
	return apierr.New(apierr.NotFound, fmt.Sprintf("No API key with ID %q in this organisation", id))
}
