package server_test

import (
	"testing"
	"time"

	"importops/ent/organization"
	"importops/ent/session"
	"importops/ent/user"
	"importops/internal/testenv"
)

// authLastSeen returns a stored session's last_seen_at.
func authLastSeen(t *testing.T, env *testenv.Env, id int) time.Time {
	t.Helper()
	return env.DB.Session.GetX(testenv.System(), id).LastSeenAt
}

func TestSessionTimeouts(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		ada := env.User(org, "ada@acme.test", user.RoleADMIN)

		// signIn returns a fresh client and the id of the session it holds.
		signIn := func() (*testenv.Client, int) {
			t.Helper()
			c := env.SignIn("ada@acme.test", testenv.Password)
			s := env.DB.Session.Query().Where(session.UserID(ada.ID)).Order(session.ByID()).AllX(testenv.System())
			return c, s[len(s)-1].ID
		}
		signedOut := func(name string, c *testenv.Client) {
			t.Helper()
			var v authViewerData
			resp := c.Do(authViewerQuery, nil)
			resp.Decode(t, &v)
			if v.Viewer != nil {
				t.Errorf("%s: viewer = %+v, want null", name, v.Viewer)
			}
			cookies, _ := authSetCookies(t, resp.Header)
			if ck := cookies["importops_session"]; ck == nil || ck.MaxAge >= 0 {
				t.Errorf("%s: the ended session's cookie was not cleared: %q", name, resp.Header.Values("Set-Cookie"))
			}
			if r := c.Do(`{ vehicles { totalCount } }`, nil); r.Code() != "UNAUTHENTICATED" {
				t.Errorf("%s: vehicles = %d %s, want UNAUTHENTICATED", name, r.Status, r.Raw)
			}
		}
		signedIn := func(name string, c *testenv.Client) {
			t.Helper()
			var v authViewerData
			c.Do(authViewerQuery, nil).Decode(t, &v)
			if v.Viewer == nil || v.Viewer.User == nil {
				t.Errorf("%s: signed out, want still signed in", name)
			}
		}

		t.Run("idle over 12h", func(t *testing.T) {
			c, id := signIn()
			env.Exec("UPDATE sessions SET last_seen_at = ? WHERE id = ?", time.Now().Add(-12*time.Hour-time.Minute).UTC(), id)
			signedOut("idle 12h01m", c)
		})
		t.Run("idle under 12h", func(t *testing.T) {
			c, id := signIn()
			before := time.Now()
			env.Exec("UPDATE sessions SET last_seen_at = ? WHERE id = ?", time.Now().Add(-11*time.Hour-50*time.Minute).UTC(), id)
			signedIn("idle 11h50m", c)
			// Using it moved last_seen_at to now, so the idle clock restarts.
			if got := authLastSeen(t, env, id); got.Before(before.Add(-time.Second)) {
				t.Errorf("last_seen_at = %v after use, want refreshed to about %v", got, before)
			}
		})
		t.Run("past absolute expiry", func(t *testing.T) {
			c, id := signIn()
			// Active a moment ago, but past its 7-day expiry.
			env.Exec("UPDATE sessions SET expires_at = ? WHERE id = ?", time.Now().Add(-time.Second).UTC(), id)
			signedOut("expired", c)
		})
		t.Run("absolute expiry is 7 days from sign-in", func(t *testing.T) {
			before := time.Now()
			_, id := signIn()
			s := env.DB.Session.GetX(testenv.System(), id)
			want := before.Add(7 * 24 * time.Hour)
			if d := s.ExpiresAt.Sub(want); d < -time.Second || d > time.Minute {
				t.Errorf("expires_at = %v, want about %v (7 days after sign-in)", s.ExpiresAt, want)
			}
		})
		t.Run("active near absolute expiry", func(t *testing.T) {
			c, id := signIn()
			env.Exec("UPDATE sessions SET created_at = ?, expires_at = ? WHERE id = ?",
				time.Now().Add(-7*24*time.Hour+time.Hour).UTC(), time.Now().Add(time.Hour).UTC(), id)
			signedIn("an hour before expiry", c)
		})
	})
}

func TestSessionLastSeenRefreshedAtMostOncePerMinute(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		c := env.SignIn("ada@acme.test", testenv.Password)
		id := env.DB.Session.Query().OnlyIDX(testenv.System())

		// Seen 30 seconds ago: requests now leave last_seen_at alone.
		recent := time.Now().Add(-30 * time.Second).UTC().Truncate(time.Millisecond)
		env.Exec("UPDATE sessions SET last_seen_at = ? WHERE id = ?", recent, id)
		for range 3 {
			var v authViewerData
			c.Do(authViewerQuery, nil).Decode(t, &v)
		}
		if got := authLastSeen(t, env, id); got.Sub(recent).Abs() > time.Millisecond {
			t.Errorf("last_seen_at = %v, want it left at %v (written at most once a minute)", got, recent)
		}

		// Seen two minutes ago: the next request moves it to now, once.
		old := time.Now().Add(-2 * time.Minute).UTC().Truncate(time.Millisecond)
		env.Exec("UPDATE sessions SET last_seen_at = ? WHERE id = ?", old, id)
		before := time.Now().Add(-time.Second)
		var v authViewerData
		c.Do(authViewerQuery, nil).Decode(t, &v)
		first := authLastSeen(t, env, id)
		if first.Before(before) {
			t.Errorf("last_seen_at = %v after a request, want refreshed (after %v)", first, before)
		}
		c.Do(authViewerQuery, nil).Decode(t, &v)
		if got := authLastSeen(t, env, id); !got.Equal(first) {
			t.Errorf("last_seen_at moved again from %v to %v within the minute", first, got)
		}
	})
}
