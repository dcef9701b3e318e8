package apikey

import (
	"context"
	"strconv"

	"importops/ent"
	"importops/ent/apikey"
	"importops/internal/audit"
	"importops/internal/keystatus"
	"importops/internal/token"
	"importops/internal/viewer"
)

// Exposure is one token found in public, as a report (a secret scanner's)
// describes it.
type Exposure struct {
	Token string
	// Reporter names who reported it, for the audit entry's actor name.
	Reporter string
	// Detail says where it was found, for the audit entry; "" for nothing.
	Detail string
}

// ReportExposed revokes, with reason EXPOSED, every active key whose token
// is reported, each with its api_key.exposed audit entry in its
// revocation's transaction, and says for each report whether its token is
// a key of ours at all (active, expired or revoked). Anyone may report: the
// token is the proof, and ending an exposed key is always safe.
//
// Made-up and mistyped tokens fail the checksum and cost no database
// work; the rest are looked up in one query on the digest's unique index.
// It reads across organisations (a system context): reporters hold no
// credentials.
func (s *Service) ReportExposed(ctx context.Context, reports []Exposure) ([]bool, error) {
	ctx = viewer.System(ctx)
	// digestOf[i] is report i's digest, "" when its token is malformed.
	digestOf := make([]string, len(reports))
	var digests []string
	for i, r := range reports {
		if token.Parse(r.Token) == nil {
			digestOf[i] = token.Digest(r.Token)
			digests = append(digests, digestOf[i])
		}
	}
	keys := map[string]*ent.APIKey{}
	if len(digests) > 0 {
		found, err := s.db.APIKey.Query().
			Where(apikey.DigestIn(digests...)).
			Select(apikey.FieldID, apikey.FieldDigest, apikey.FieldExpiresAt, apikey.FieldRevokedAt).
			All(ctx)
		if err != nil {
			return nil, err
		}
		for _, k := range found {
			keys[k.Digest] = k
		}
	}
	ours := make([]bool, len(reports))
	now := s.now()
	for i, r := range reports {
		k := keys[digestOf[i]]
		if k == nil {
			continue
		}
		ours[i] = true
		// A key already revoked or expired cannot be used: nothing to
		// end. The same token reported twice in a batch is revoked once
		// (Revoke finds it revoked the second time).
		if keystatus.At(k, now) != keystatus.Active {
			continue
		}
		// The api_key.exposed entry written by Revoke is the record of
		// the event the organisation's webhooks will carry.
		res, err := s.Revoke(ctx, strconv.Itoa(k.ID), Revocation{
			Reason: apikey.RevocationReasonEXPOSED,
			Actor:  audit.Actor{Name: r.Reporter},
			Detail: r.Detail,
		})
		if err != nil {
			return nil, err
		}
		k.RevokedAt = res.Key.RevokedAt
	}
	return ours, nil
}
