package apikey

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"importops/ent"
	"importops/ent/apikey"
	"importops/internal/keystatus"
	"importops/internal/token"
	"importops/internal/viewer"
)

// Support finds keys the way support meets them: by the prefix an admin
// reads out from a log or the settings page, or by a whole token found in
// public. It looks across organisations (a system context), so its callers
// are the command line only.

// ParseReason reads the reasons a person may give: "revoked" or
// "exposed", in any case (ROTATED is only ever set by rotation).
func ParseReason(s string) (apikey.RevocationReason, error) {
	switch r := apikey.RevocationReason(strings.ToUpper(strings.TrimSpace(s))); r {
	case apikey.RevocationReasonREVOKED, apikey.RevocationReasonEXPOSED:
		return r, nil
	}
	return "", fmt.Errorf("the reason must be revoked or exposed, not %q", s)
}

// CheckPrefix refuses what is not a key prefix: the first
// token.PrefixLength characters of a token. A whole token is refused too,
// so it does not stay in the shell's history.
func CheckPrefix(prefix string) error {
	if token.Parse(prefix) == nil {
		return errors.New("that is a whole token, not a prefix: pipe it into --token-stdin instead, so it stays out of the shell's history")
	}
	if len(prefix) != token.PrefixLength || !strings.HasPrefix(prefix, token.Marker) {
		return fmt.Errorf("%q is not a key prefix: a prefix is the first %d characters of a token, like iops_AbC1234", prefix, token.PrefixLength)
	}
	return nil
}

// ByPrefix is the organisation's one key with prefix that is not revoked
// yet or, when every key with it is revoked, the newest of them. Prefixes
// are short enough to be shared now and then: when several keys that are
// not revoked share one, it refuses and names them, so that nothing is
// revoked by guesswork.
func (s *Service) ByPrefix(ctx context.Context, orgID int, slug, prefix string) (*ent.APIKey, error) {
	keys, err := s.db.APIKey.Query().
		Where(apikey.OrganizationID(orgID), apikey.Prefix(prefix)).
		Order(ent.Desc(apikey.FieldID)).
		All(viewer.System(ctx))
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("organisation %s has no key with prefix %s", slug, prefix)
	}
	// A key whose rotation's overlap has not ended is not revoked yet.
	now := s.now()
	var live []*ent.APIKey
	for _, k := range keys {
		if keystatus.At(k, now) != keystatus.Revoked {
			live = append(live, k)
		}
	}
	switch len(live) {
	case 0:
		return keys[0], nil
	case 1:
		return live[0], nil
	}
	names := make([]string, len(live))
	for i, k := range live {
		names[i] = fmt.Sprintf("%q (ID %d, created %s)", k.Name, k.ID, k.CreatedAt.UTC().Format(time.DateOnly))
	}
	return nil, fmt.Errorf("%d keys of %s that are not revoked share the prefix %s: %s; revoke the right one with --token-stdin, or from the settings page",
		len(live), slug, prefix, strings.Join(names, ", "))
}

// ByToken is the key whose token tok is, in any organisation.
func (s *Service) ByToken(ctx context.Context, tok string) (*ent.APIKey, error) {
	switch token.Parse(tok) {
	case nil:
	case token.ErrChecksum:
		return nil, errors.New("the token on standard input has a wrong checksum: it was mistyped or cut short")
	default:
		return nil, fmt.Errorf("standard input does not hold a token: a token is %s and %d letters and digits", token.Marker, token.Length-len(token.Marker))
	}
	k, err := s.db.APIKey.Query().Where(apikey.Digest(token.Digest(tok))).Only(viewer.System(ctx))
	if ent.IsNotFound(err) {
		return nil, errors.New("no key has this token: it was never issued by this ImportOps, or its organisation was removed")
	}
	return k, err
}
