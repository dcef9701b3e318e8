// Package expiry warns an organisation's webhooks before its keys expire
// (api_key.expiring, 14, 7 and 1 days ahead) and when they have expired
// (api_key.expired). Each notice goes out once however many replicas scan
// and however often they restart: the notice's row, unique per key and
// kind, is inserted in the transaction that queues the event, so a second
// replica's attempt fails and queues nothing.
package expiry

import (
	"context"
	"log/slog"
	"time"

	"entgo.io/ent/dialect/sql"

	"importops/ent"
	"importops/ent/apikey"
	"importops/ent/expirynotice"
	"importops/ent/predicate"
	"importops/internal/database"
	"importops/internal/outbox"
	"importops/internal/viewer"
)

// Interval is how often serve scans.
const Interval = time.Minute

const (
	day = 24 * time.Hour
	// lateness is how long after expiry a missed api_key.expired is still
	// sent (a server down over the moment); older expiries stay quiet.
	lateness = 7 * day
	// batch bounds one band's work per scan; the rest waits for the next.
	batch = 500
)

// band is the keys one notice is for: those expiring within (from, to]
// of now. A key first seen inside a band gets that band's warning alone:
// one created 5 days before its expiry is warned at 7 days, not 14.
type band struct {
	kind     string
	event    string
	daysLeft int
	from, to time.Duration
}

var bands = []band{
	{"1d", outbox.KeyExpiring, 1, 0, day},
	{"7d", outbox.KeyExpiring, 7, day, 7 * day},
	{"14d", outbox.KeyExpiring, 14, 7 * day, 14 * day},
	{"expired", outbox.KeyExpired, 0, -lateness, 0},
}

// Scanner finds the keys due a notice and queues it.
type Scanner struct {
	DB  *database.DB
	Log *slog.Logger
	// Now is the clock; tests move it.
	Now func() time.Time
}

// Run scans every interval until ctx ends.
func (s *Scanner) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.Scan(ctx); err != nil && ctx.Err() == nil {
			s.Log.Warn("scanning for expiring keys", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Scan queues the notices due now and returns how many it queued.
func (s *Scanner) Scan(ctx context.Context) (int, error) {
	ctx = viewer.System(ctx)
	now := s.Now().UTC().Truncate(time.Microsecond)
	sent := 0
	for _, b := range bands {
		keys, err := s.DB.APIKey.Query().
			Where(apikey.ExpiresAtGT(now.Add(b.from)), apikey.ExpiresAtLTE(now.Add(b.to)),
				notRevokedBeforeExpiry(), unnotified(b.kind)).
			Order(ent.Asc(apikey.FieldID)).Limit(batch).All(ctx)
		if err != nil {
			return sent, err
		}
		for _, k := range keys {
			ok, err := s.notify(ctx, k, b, now)
			if err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
		}
	}
	return sent, nil
}

// notify records k's notice and queues its event in one transaction;
// false when another replica was first.
func (s *Scanner) notify(ctx context.Context, k *ent.APIKey, b band, now time.Time) (bool, error) {
	err := s.DB.InTx(ctx, func(tx *ent.Tx) error {
		if err := tx.ExpiryNotice.Create().SetAPIKeyID(k.ID).SetKind(b.kind).SetCreatedAt(now).Exec(ctx); err != nil {
			return err
		}
		return outbox.Key(ctx, tx, b.event, k, b.daysLeft, now)
	})
	if ent.IsConstraintError(err) {
		return false, nil
	}
	return err == nil, err
}

// notRevokedBeforeExpiry keeps the keys that will not have stopped, or
// did not stop, before their expiry: a revoked key is not warned about,
// nor said to expire, and neither is a rotated one whose overlap (its
// revoked_at, ahead) ends first.
func notRevokedBeforeExpiry() predicate.APIKey {
	return func(s *sql.Selector) {
		s.Where(sql.Or(sql.IsNull(s.C(apikey.FieldRevokedAt)),
			sql.ColumnsGT(s.C(apikey.FieldRevokedAt), s.C(apikey.FieldExpiresAt))))
	}
}

// unnotified keeps the keys that have not had this kind of notice.
func unnotified(kind string) predicate.APIKey {
	return func(s *sql.Selector) {
		n := sql.Table(expirynotice.Table)
		s.Where(sql.NotExists(sql.Select(n.C(expirynotice.FieldID)).From(n).Where(sql.And(
			sql.ColumnsEQ(n.C(expirynotice.FieldAPIKeyID), s.C(apikey.FieldID)),
			sql.EQ(n.C(expirynotice.FieldKind), kind),
		))))
	}
}
