package apikey

import (
	"context"
	"strconv"

	"entgo.io/ent/dialect"

	"importops/ent"
	"importops/ent/apikey"
	"importops/internal/audit"
	"importops/internal/keycache"
)

// Rename gives key id a new name, under the rules of creation
// (NormalizeName), and records api_key.renamed. Giving a key the name it
// has changes nothing and records nothing. Revoked and expired keys may be
// renamed: it is harmless, and lets an admin note why a key was retired.
// A key the context cannot see is NOT_FOUND.
func (s *Service) Rename(ctx context.Context, rawID, name string, actor audit.Actor) (*ent.APIKey, error) {
	id, err := parseID(rawID)
	if err != nil {
		return nil, err
	}
	if name, err = NormalizeName(name); err != nil {
		return nil, err
	}
	return s.change(ctx, id, rawID, audit.KeyRenamed, actor, false, func(key *ent.APIKey, u *ent.APIKeyUpdateOne) bool {
		if key.Name == name {
			return false
		}
		u.SetName(name)
		return true
	})
}

// change applies edit to key id and records action, in one transaction.
// edit reports whether it changed anything; when it did not, nothing is
// written. On PostgreSQL the key's row is locked first, so that of two
// identical concurrent changes the second sees the first's result and
// records nothing (SQLite runs one writer at a time already). A change
// that verifies invalidates the replicas' copies of the key, and returns
// once they have dropped them.
func (s *Service) change(ctx context.Context, id int, rawID, action string, actor audit.Actor, verifies bool,
	edit func(*ent.APIKey, *ent.APIKeyUpdateOne) bool) (*ent.APIKey, error) {
	var key *ent.APIKey
	var seq int64
	err := s.db.InTx(ctx, func(tx *ent.Tx) error {
		q := tx.APIKey.Query().Where(apikey.ID(id))
		if s.db.Dialect == dialect.Postgres {
			q.ForUpdate()
		}
		current, err := q.Only(ctx)
		if ent.IsNotFound(err) {
			return notFound(rawID)
		}
		if err != nil {
			return err
		}
		u := tx.APIKey.UpdateOne(current)
		if !edit(current, u) {
			key = current
			return nil
		}
		if key, err = u.Save(ctx); err != nil {
			return err
		}
		if verifies {
			if seq, err = s.invalidate(ctx, tx, key.OrganizationID, key.ID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, action, actor, key)
	})
	if err != nil {
		return nil, err
	}
	keycache.Await(ctx, s.db, seq)
	return key.Unwrap(), nil
}

// parseID reads a key's GraphQL ID; anything but a positive integer names
// no key of ours, and is NOT_FOUND like a missing one.
func parseID(rawID string) (int, error) {
	id, err := strconv.Atoi(rawID)
	if err != nil || id < 1 {
		return 0, notFound(rawID)
	}
	return id, nil
}
