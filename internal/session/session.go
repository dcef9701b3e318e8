// Package session keeps team members signed in. The cookie holds a random
// secret; the database holds only its SHA-256 digest, so neither a database
// dump nor a log line can sign anybody in.
package session

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"importops/ent"
	"importops/ent/session"
	"importops/internal/viewer"
)

const (
	// IdleTimeout ends a session nobody has used for this long.
	IdleTimeout = 12 * time.Hour
	// AbsoluteTimeout ends every session this long after sign-in.
	AbsoluteTimeout = 7 * 24 * time.Hour
	// touchEvery bounds writes: last_seen_at moves at most once a minute.
	touchEvery = time.Minute
)

// ErrInvalid means the secret names no live session.
var ErrInvalid = errors.New("session is invalid or has ended")

// Store creates, finds and ends sessions.
type Store struct {
	client *ent.Client
	now    func() time.Time
}

// NewStore returns a Store on client.
func NewStore(client *ent.Client) *Store {
	return &Store{client: client, now: time.Now}
}

// Create starts a session for user and returns its secret, for the cookie.
func (s *Store) Create(ctx context.Context, userID int) (secret string, sess *ent.Session, err error) {
	secret = rand.Text() // 26 base32 characters: 130 bits
	now := s.now().UTC()
	sess, err = s.client.Session.Create().
		SetDigest(digest(secret)).
		SetUserID(userID).
		SetCreatedAt(now).
		SetLastSeenAt(now).
		SetExpiresAt(now.Add(AbsoluteTimeout)).
		Save(viewer.System(ctx))
	return secret, sess, err
}

// Find returns the live session with this secret, its user loaded.
func (s *Store) Find(ctx context.Context, secret string) (*ent.Session, error) {
	ctx = viewer.System(ctx)
	sess, err := s.client.Session.Query().
		Where(session.Digest(digest(secret))).
		WithUser().
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrInvalid
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	if !now.Before(sess.ExpiresAt) || !now.Before(sess.LastSeenAt.Add(IdleTimeout)) {
		return nil, ErrInvalid
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		err := s.client.Session.UpdateOneID(sess.ID).SetLastSeenAt(now.UTC()).Exec(ctx)
		if err != nil {
			return nil, err
		}
	}
	return sess, nil
}

// Delete ends the session with id. Ending an ended session is not an error.
func (s *Store) Delete(ctx context.Context, id int) error {
	_, err := s.client.Session.Delete().Where(session.ID(id)).Exec(viewer.System(ctx))
	return err
}

// DeleteExpired removes sessions past their absolute or idle timeout.
func (s *Store) DeleteExpired(ctx context.Context) (int, error) {
	now := s.now().UTC()
	return s.client.Session.Delete().
		Where(session.Or(session.ExpiresAtLTE(now), session.LastSeenAtLTE(now.Add(-IdleTimeout)))).
		Exec(viewer.System(ctx))
}

// CSRFToken is the anti-forgery token that goes with a session secret: a
// one-way function of it, so the server needs to store nothing more and a
// token planted by another site cannot match a session it does not know.
func CSRFToken(secret string) string {
	sum := sha256.Sum256([]byte("importops csrf\x00" + secret))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func digest(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
