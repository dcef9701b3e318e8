package session_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/account"
	"importops/internal/database"
	"importops/internal/session"
	"importops/internal/testenv"
)

// exec runs SQL written with ? placeholders on either database.
func exec(t *testing.T, db *database.DB, query string, args ...any) {
	t.Helper()
	if db.Dialect == dialect.Postgres {
		for n := 1; strings.Contains(query, "?"); n++ {
			query = strings.Replace(query, "?", "$"+strconv.Itoa(n), 1)
		}
	}
	if _, err := db.SQL.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func setup(t *testing.T, url string) (*database.DB, *session.Store, int) {
	t.Helper()
	db := testenv.Open(t, url)
	ctx := testenv.System()
	org, err := account.CreateOrg(ctx, db.Client, "acme", "Acme", organization.PlanPRO)
	if err != nil {
		t.Fatal(err)
	}
	u, err := account.CreateUser(ctx, db.Client, account.NewUser{Org: org, Email: "ada@acme.test", Name: "Ada", Role: user.RoleADMIN, Password: testenv.Password})
	if err != nil {
		t.Fatal(err)
	}
	return db, session.NewStore(db.Client), u.ID
}

func TestStoreCreateFind(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		_, store, uid := setup(t, url)
		ctx := context.Background()
		secret, sess, err := store.Create(ctx, uid)
		if err != nil {
			t.Fatal(err)
		}
		if len(secret) < 22 {
			t.Errorf("secret %q is too short to be unguessable", secret)
		}
		if sess.Digest == secret || strings.Contains(sess.Digest, secret) {
			t.Errorf("the stored digest holds the secret")
		}
		if d := sess.ExpiresAt.Sub(sess.CreatedAt); d != session.AbsoluteTimeout {
			t.Errorf("expires %v after creation, want %v", d, session.AbsoluteTimeout)
		}
		if session.AbsoluteTimeout != 7*24*time.Hour || session.IdleTimeout != 12*time.Hour {
			t.Errorf("timeouts = %v absolute, %v idle; want 7 days and 12 hours", session.AbsoluteTimeout, session.IdleTimeout)
		}

		got, err := store.Find(ctx, secret)
		if err != nil || got.ID != sess.ID || got.Edges.User == nil || got.Edges.User.ID != uid {
			t.Fatalf("Find = %+v, %v", got, err)
		}
		other, _, err := store.Create(ctx, uid)
		if err != nil {
			t.Fatal(err)
		}
		if other == secret {
			t.Errorf("two sessions got the same secret")
		}
		for _, bad := range []string{"", "x", secret + "x", strings.ToLower(secret), sess.Digest} {
			if _, err := store.Find(ctx, bad); !errors.Is(err, session.ErrInvalid) {
				t.Errorf("Find(%q) = %v, want ErrInvalid", bad, err)
			}
		}

		if err := store.Delete(ctx, sess.ID); err != nil {
			t.Fatal(err)
		}
		if err := store.Delete(ctx, sess.ID); err != nil {
			t.Errorf("deleting a deleted session: %v", err)
		}
		if _, err := store.Find(ctx, secret); !errors.Is(err, session.ErrInvalid) {
			t.Errorf("Find after Delete = %v, want ErrInvalid", err)
		}
		if _, err := store.Find(ctx, other); err != nil {
			t.Errorf("deleting one session ended another: %v", err)
		}
	})
}

func TestStoreTimeouts(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		db, store, uid := setup(t, url)
		ctx := context.Background()
		now := time.Now().UTC()
		mk := func(lastSeen, expires time.Time) (string, int) {
			t.Helper()
			secret, s, err := store.Create(ctx, uid)
			if err != nil {
				t.Fatal(err)
			}
			exec(t, db, "UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?", lastSeen, expires, s.ID)
			return secret, s.ID
		}
		live, liveID := mk(now.Add(-11*time.Hour), now.Add(time.Hour))
		idle, _ := mk(now.Add(-12*time.Hour-time.Second), now.Add(24*time.Hour))
		expired, _ := mk(now.Add(-time.Second), now.Add(-time.Second))

		if _, err := store.Find(ctx, live); err != nil {
			t.Errorf("live session: %v", err)
		}
		if s := db.Session.GetX(testenv.System(), liveID); s.LastSeenAt.Before(now.Add(-time.Second)) {
			t.Errorf("using a session seen 11h ago left last_seen_at at %v", s.LastSeenAt)
		}
		for name, secret := range map[string]string{"idle": idle, "expired": expired} {
			if _, err := store.Find(ctx, secret); !errors.Is(err, session.ErrInvalid) {
				t.Errorf("%s session: Find = %v, want ErrInvalid", name, err)
			}
		}

		// DeleteExpired removes exactly the two ended ones.
		n, err := store.DeleteExpired(ctx)
		if err != nil || n != 2 {
			t.Errorf("DeleteExpired = %d, %v; want 2", n, err)
		}
		if c := db.Session.Query().CountX(testenv.System()); c != 1 {
			t.Errorf("%d sessions left, want 1", c)
		}
		if _, err := store.Find(ctx, live); err != nil {
			t.Errorf("DeleteExpired ended the live session: %v", err)
		}
	})
}

func TestStoreTouchAtMostOncePerMinute(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		db, store, uid := setup(t, url)
		ctx := context.Background()
		secret, s, err := store.Create(ctx, uid)
		if err != nil {
			t.Fatal(err)
		}
		recent := time.Now().UTC().Add(-59 * time.Second).Truncate(time.Millisecond)
		exec(t, db, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", recent, s.ID)
		for range 3 {
			if _, err := store.Find(ctx, secret); err != nil {
				t.Fatal(err)
			}
		}
		if got := db.Session.GetX(testenv.System(), s.ID).LastSeenAt; got.Sub(recent).Abs() > time.Millisecond {
			t.Errorf("last_seen_at written within the minute: %v, was %v", got, recent)
		}
		old := time.Now().UTC().Add(-61 * time.Second)
		exec(t, db, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", old, s.ID)
		before := time.Now().Add(-time.Second)
		if _, err := store.Find(ctx, secret); err != nil {
			t.Fatal(err)
		}
		if got := db.Session.GetX(testenv.System(), s.ID).LastSeenAt; got.Before(before) {
			t.Errorf("last_seen_at = %v after a minute, want refreshed", got)
		}
	})
}

func TestCSRFToken(t *testing.T) {
	a, b := session.CSRFToken("secret-a"), session.CSRFToken("secret-b")
	if a != session.CSRFToken("secret-a") {
		t.Errorf("CSRFToken is not deterministic")
	}
	if a == b || a == "" {
		t.Errorf("CSRFToken(a) = %q, CSRFToken(b) = %q: want distinct tokens", a, b)
	}
	if strings.Contains(a, "secret-a") {
		t.Errorf("the CSRF token %q reveals the session secret", a)
	}
	if len(a) < 32 {
		t.Errorf("CSRF token %q is short", a)
	}
}
