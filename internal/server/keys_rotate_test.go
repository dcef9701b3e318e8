package server_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

// Rotation (rotateApiKey) through the real handler. A rotated key stops when
// the time in its row passes; the tests move that time into the past in the
// database instead of waiting for the overlap's end.

const rotateFields = keysFields + ` revocationReason revokedBy { id } replacedBy { id } replaces { id }`

const rotateMutation = `mutation($id: ID!, $overlap: RotationOverlap!) {
  rotateApiKey(id: $id, overlap: $overlap) {
    token
    apiKey { ` + rotateFields + ` }
    previous { ` + rotateFields + ` }
  }
}`

// rotateNode is an ApiKey with the fields rotation sets.
type rotateNode struct {
	keysNode
	RevocationReason *string
	RevokedBy        *struct{ ID string }
	ReplacedBy       *struct{ ID string }
	Replaces         *struct{ ID string }
}

type rotateData struct {
	RotateApiKey struct {
		Token    string
		ApiKey   rotateNode
		Previous rotateNode
	}
}

// rotate rotates key id through c, failing the test on any error.
func rotate(t *testing.T, c *testenv.Client, id, overlap string) rotateData {
	t.Helper()
	var d rotateData
	c.Do(rotateMutation, testenv.Vars{"id": id, "overlap": overlap}).Decode(t, &d)
	return d
}

// rotateProbe is a request an integration makes with a key.
const rotateProbe = `{ vehicles(first: 1) { totalCount } }`

// rotateWantAccepted fails unless tok is accepted.
func rotateWantAccepted(t *testing.T, env *testenv.Env, tok, what string) {
	t.Helper()
	if r := env.Bearer(tok).Do(rotateProbe, nil); r.Status != 200 || len(r.Errors) > 0 {
		t.Errorf("%s: want it accepted, got %d %s", what, r.Status, r.Raw)
	}
}

// rotateWantRefused fails unless tok is refused as rotated.
func rotateWantRefused(t *testing.T, env *testenv.Env, tok, what string) {
	t.Helper()
	r := env.Bearer(tok).Do(rotateProbe, nil)
	r.WantError(t, 401, "UNAUTHENTICATED")
	if r.Message() != "API key rotated: use its replacement" {
		t.Errorf("%s: message %q, want the rotation named", what, r.Message())
	}
}

// rotateEnd moves the end of key id's overlap into the past, as the clock
// would.
func rotateEnd(env *testenv.Env, id string) {
	env.Exec("UPDATE api_keys SET revoked_at = ? WHERE id = ?", time.Now().UTC().Add(-time.Second), id)
}

// Each overlap: the new token works at once; the old key is ACTIVE with
// revokedAt at the overlap's end and reason ROTATED, accepted until then and
// refused after; NONE stops it at once. The new key keeps the old one's name,
// scopes and lifetime, and the two are linked both ways.
func TestKeysRotateOverlaps(t *testing.T) {
	overlaps := []struct {
		name string
		d    time.Duration
	}{{"NONE", 0}, {"ONE_HOUR", time.Hour}, {"ONE_DAY", 24 * time.Hour}, {"SEVEN_DAYS", 7 * 24 * time.Hour}}
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, ada, admin := keysSetup(t, url)
		for _, o := range overlaps {
			t.Run(o.name, func(t *testing.T) {
				old := keysCreate(t, admin, map[string]any{"name": "ERP sync " + o.name, "expiry": "SIX_MONTHS"}).CreateApiKey
				rotateWantAccepted(t, env, old.Token, "the old key before rotation")

				before := time.Now()
				d := rotate(t, admin, old.ApiKey.ID, o.name).RotateApiKey
				after := time.Now()
				nu, prev := d.ApiKey, d.Previous

				rotateWantAccepted(t, env, d.Token, "the new key")
				if nu.ID == prev.ID || nu.Prefix == prev.Prefix || !strings.HasPrefix(d.Token, nu.Prefix) {
					t.Errorf("new key %s (%s), old %s (%s), token %.12s", nu.ID, nu.Prefix, prev.ID, prev.Prefix, d.Token)
				}
				if nu.Name != old.ApiKey.Name || !slices.Equal(nu.Scopes, old.ApiKey.Scopes) || nu.Status != "ACTIVE" {
					t.Errorf("new key %+v, want the name and scopes of %+v, ACTIVE", nu, old.ApiKey)
				}
				if nu.CreatedBy == nil || nu.CreatedBy.ID != keysID(ada.ID) {
					t.Errorf("new key's createdBy = %+v, want the admin who rotated", nu.CreatedBy)
				}
				lifetime := old.ApiKey.ExpiresAt.Sub(old.ApiKey.CreatedAt)
				if got := nu.ExpiresAt.Sub(nu.CreatedAt); got < lifetime-time.Second || got > lifetime+time.Second {
					t.Errorf("new key lives %s, want the old key's %s", got, lifetime)
				}
				if nu.Replaces == nil || nu.Replaces.ID != prev.ID || prev.ReplacedBy == nil || prev.ReplacedBy.ID != nu.ID {
					t.Errorf("links: new replaces %+v, old replacedBy %+v", nu.Replaces, prev.ReplacedBy)
				}
				if nu.RevokedAt != nil || nu.ReplacedBy != nil || nu.RevocationReason != nil {
					t.Errorf("the new key is marked as rotated: %+v", nu)
				}

				if prev.RevokedAt == nil || prev.RevokedAt.Before(before.Add(o.d).Add(-time.Millisecond)) || prev.RevokedAt.After(after.Add(o.d)) {
					t.Fatalf("old key's revokedAt = %v, want now + %s", prev.RevokedAt, o.d)
				}
				if prev.RevocationReason == nil || *prev.RevocationReason != "ROTATED" || prev.RevokedBy != nil {
					t.Errorf("old key: reason %v, revokedBy %+v; want ROTATED and null", prev.RevocationReason, prev.RevokedBy)
				}
				if o.d == 0 {
					if prev.Status != "REVOKED" {
						t.Errorf("with NONE the old key is %s, want REVOKED", prev.Status)
					}
					rotateWantRefused(t, env, old.Token, "the old key rotated with NONE")
					return
				}
				if prev.Status != "ACTIVE" {
					t.Errorf("during the overlap the old key is %s, want ACTIVE", prev.Status)
				}
				rotateWantAccepted(t, env, old.Token, "the old key during the overlap")
				rotateEnd(env, prev.ID)
				rotateWantRefused(t, env, old.Token, "the old key after the overlap")
				rotateWantAccepted(t, env, d.Token, "the new key after the overlap")
			})
		}
	})
}

// During the overlap key(id) and the ACTIVE filter show the old key as
// active with revokedAt in the future; once it has passed, as revoked.
func TestKeysRotateStatusDuringOverlap(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		old := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey
		d := rotate(t, admin, old.ID, "ONE_DAY").RotateApiKey

		var k struct{ Key *rotateNode }
		admin.Do(`query($id: ID!) { key(id: $id) { `+rotateFields+` } }`, testenv.Vars{"id": old.ID}).Decode(t, &k)
		if k.Key == nil || k.Key.Status != "ACTIVE" || k.Key.RevokedAt == nil || !k.Key.RevokedAt.After(time.Now().Add(23*time.Hour)) ||
			k.Key.ReplacedBy == nil || k.Key.ReplacedBy.ID != d.ApiKey.ID {
			t.Fatalf("key(%s) during the overlap = %+v", old.ID, k.Key)
		}

		ids := func(status string) []string {
			var l struct {
				Keys struct {
					Edges      []struct{ Node struct{ ID string } }
					TotalCount int
				}
			}
			admin.Do(`query($s: [ApiKeyStatus!]) { keys(filter: {status: $s}) { edges { node { id } } totalCount } }`,
				testenv.Vars{"s": []string{status}}).Decode(t, &l)
			var out []string
			for _, e := range l.Keys.Edges {
				out = append(out, e.Node.ID)
			}
			if len(out) != l.Keys.TotalCount {
				t.Errorf("%s: %d keys listed, totalCount %d", status, len(out), l.Keys.TotalCount)
			}
			slices.Sort(out)
			return out
		}
		both := []string{old.ID, d.ApiKey.ID}
		slices.Sort(both)
		if got := ids("ACTIVE"); !slices.Equal(got, both) {
			t.Errorf("ACTIVE during the overlap = %v, want %v", got, both)
		}
		if got := ids("REVOKED"); len(got) != 0 {
			t.Errorf("REVOKED during the overlap = %v, want none", got)
		}

		rotateEnd(env, old.ID)
		if got := ids("ACTIVE"); !slices.Equal(got, []string{d.ApiKey.ID}) {
			t.Errorf("ACTIVE after the overlap = %v, want only the new key", got)
		}
		if got := ids("REVOKED"); !slices.Equal(got, []string{old.ID}) {
			t.Errorf("REVOKED after the overlap = %v, want the old key", got)
		}
	})
}

// Rotating a support-issued key keeps its scopes, which an admin could not
// ask for; the new key is the rotating admin's.
func TestKeysRotateSupportScopes(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, ada, admin := keysSetup(t, url)
		tok, key := env.IssueKey(org, "vehicles.write", "vehicles.read")
		d := rotate(t, admin, keysID(key.ID), "ONE_HOUR").RotateApiKey
		if want := []string{"vehicles.read", "vehicles.write"}; !slices.Equal(d.ApiKey.Scopes, want) {
			t.Errorf("new key's scopes = %v, want %v", d.ApiKey.Scopes, want)
		}
		if d.ApiKey.CreatedBy == nil || d.ApiKey.CreatedBy.ID != keysID(ada.ID) || d.Previous.CreatedBy != nil {
			t.Errorf("createdBy: new %+v, old %+v; want the admin, and support's null", d.ApiKey.CreatedBy, d.Previous.CreatedBy)
		}
		w := env.Bearer(d.Token).Do(`mutation { createVehicle(input: {vin: "1HGCM82633A004352", make: "Honda", model: "Accord", year: 2003}) { vin } }`, nil)
		if w.Status != 200 || len(w.Errors) > 0 {
			t.Errorf("the new key cannot write: %d %s", w.Status, w.Raw)
		}
		rotateWantAccepted(t, env, tok, "the support key during the overlap")
	})
}

// A key that is not active, or whose rotation is under way or over, cannot
// be rotated: BAD_USER_INPUT on id, saying why, and nothing is written.
func TestKeysRotateRefused(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		revoked := keysCreate(t, admin, map[string]any{"name": "Revoked", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey
		keysRevoke(t, admin, revoked.ID)
		expired := keysCreate(t, admin, map[string]any{"name": "Expired", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey
		env.Exec("UPDATE api_keys SET expires_at = ? WHERE id = ?", time.Now().UTC().Add(-time.Minute), expired.ID)
		rotating := keysCreate(t, admin, map[string]any{"name": "Rotating", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey
		pending := rotate(t, admin, rotating.ID, "SEVEN_DAYS").RotateApiKey
		done := keysCreate(t, admin, map[string]any{"name": "Rotated", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey
		finished := rotate(t, admin, done.ID, "NONE").RotateApiKey

		keys, entries := env.KeyCount(), env.AuditCount()
		for _, c := range []struct{ name, id, want string }{
			{"revoked", revoked.ID, "was revoked"},
			{"expired", expired.ID, "expired"},
			{"rotating", rotating.ID, "already being rotated"},
			{"rotated", done.ID, "rotate its replacement"},
		} {
			t.Run(c.name, func(t *testing.T) {
				msg := keysWantInputError(t, admin.Do(rotateMutation, testenv.Vars{"id": c.id, "overlap": "ONE_HOUR"}), "id")
				if !strings.Contains(msg, c.want) {
					t.Errorf("message %q, want it to say %q", msg, c.want)
				}
			})
		}
		if msg := keysWantInputError(t, admin.Do(rotateMutation, testenv.Vars{"id": rotating.ID, "overlap": "ONE_HOUR"}), "id"); !strings.Contains(msg, "ID "+pending.ApiKey.ID) {
			t.Errorf("message %q does not name the replacement %s", msg, pending.ApiKey.ID)
		}
		if msg := admin.Do(rotateMutation, testenv.Vars{"id": done.ID, "overlap": "NONE"}).Message(); !strings.Contains(msg, "ID "+finished.ApiKey.ID) {
			t.Errorf("message %q does not name the replacement %s", msg, finished.ApiKey.ID)
		}
		keysWantNothingWritten(t, env, keys, entries)
	})
}

// Another organisation's key, or an ID that is no key, is NOT_FOUND and
// nothing changes; an overlap that is not one of the four is refused by
// the schema.
func TestKeysRotateNotFound(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		otherTok, foreign := env.IssueKey(env.Org("other", organization.PlanPRO))
		keys, entries := env.KeyCount(), env.AuditCount()
		for _, id := range []string{keysID(foreign.ID), "0", "abc", "99999999"} {
			admin.Do(rotateMutation, testenv.Vars{"id": id, "overlap": "NONE"}).WantError(t, 200, "NOT_FOUND")
		}
		r := admin.Do(rotateMutation, testenv.Vars{"id": keysID(foreign.ID), "overlap": "TWO_WEEKS"})
		if len(r.Errors) == 0 {
			t.Errorf("overlap TWO_WEEKS accepted: %s", r.Raw)
		}
		keysWantNothingWritten(t, env, keys, entries)
		rotateWantAccepted(t, env, otherTok, "the other organisation's key")
	})
}

// Rotation is allowed with 100 active keys; the rotating key counts as
// active until its overlap ends, so a new key is then refused.
func TestKeysRotateAtLimit(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, admin := keysSetup(t, url)
		keys := env.IssueKeys(org, 100)
		d := rotate(t, admin, keysID(keys[0].ID), "ONE_HOUR").RotateApiKey
		rotateWantAccepted(t, env, d.Token, "the new key at the limit")
		r := admin.Do(keysCreateMutation, testenv.Vars{"input": map[string]any{"name": "One more", "expiry": "ONE_YEAR"}})
		r.WantError(t, 200, "FORBIDDEN")
	})
}

// Both events are in the audit log, by the admin: api_key.rotated on the
// old key and api_key.created on the new one.
func TestKeysRotateAudit(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		old := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey
		entries := env.AuditCount()
		d := rotate(t, admin, old.ID, "ONE_DAY").RotateApiKey
		if n := env.AuditCount(); n != entries+2 {
			t.Fatalf("%d audit entries after rotation, want %d", n, entries+2)
		}
		log := auditList(t, admin, keysPtr(2), nil).AuditLog.Edges
		got := []string{log[1].Node.Action + " " + log[1].Node.ApiKey.ID, log[0].Node.Action + " " + log[0].Node.ApiKey.ID}
		want := []string{"api_key.rotated " + old.ID, "api_key.created " + d.ApiKey.ID}
		if !slices.Equal(got, want) {
			t.Errorf("audit log = %v, want %v", got, want)
		}
		for _, e := range log {
			if e.Node.ActorName != keysAdminName {
				t.Errorf("%s by %q, want %q", e.Node.Action, e.Node.ActorName, keysAdminName)
			}
		}
		var f struct {
			AuditLog struct{ TotalCount int }
		}
		admin.Do(`{ auditLog(filter: {actions: ["api_key.rotated"]}) { totalCount } }`, nil).Decode(t, &f)
		if f.AuditLog.TotalCount != 1 {
			t.Errorf("api_key.rotated entries: %d, want 1", f.AuditLog.TotalCount)
		}
	})
}

// The admin may still revoke a rotating key at once: reason REVOKED, by
// the admin, refused as revoked from then on; the new key goes on.
func TestKeysRotateThenRevoke(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, ada, admin := keysSetup(t, url)
		old := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey
		d := rotate(t, admin, old.ApiKey.ID, "SEVEN_DAYS").RotateApiKey

		var rv struct {
			RevokeApiKey struct{ ApiKey rotateNode }
		}
		admin.Do(`mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { `+rotateFields+` } } }`,
			testenv.Vars{"id": old.ApiKey.ID}).Decode(t, &rv)
		k := rv.RevokeApiKey.ApiKey
		if k.Status != "REVOKED" || k.RevocationReason == nil || *k.RevocationReason != "REVOKED" ||
			k.RevokedBy == nil || k.RevokedBy.ID != keysID(ada.ID) || k.RevokedAt == nil || k.RevokedAt.After(time.Now()) {
			t.Errorf("revoked rotating key = %+v", k)
		}
		r := env.Bearer(old.Token).Do(rotateProbe, nil)
		r.WantError(t, 401, "UNAUTHENTICATED")
		if r.Message() != "API key revoked" {
			t.Errorf("message %q, want \"API key revoked\"", r.Message())
		}
		rotateWantAccepted(t, env, d.Token, "the new key")
	})
}

// Only admins rotate keys and set the key policy: members and API keys get
// FORBIDDEN and change nothing.
func TestKeysRotateAndPolicyAdminsOnly(t *testing.T) {
	ops := []struct{ name, query, member string }{
		{"rotateApiKey", `mutation($id: ID!) { rotateApiKey(id: $id, overlap: NONE) { token } }`, "Only admins can rotate API keys"},
		{"setKeyPolicy", `mutation { setKeyPolicy(maxLifetimeDays: 30) { id } }`, "Only admins can change the key policy"},
	}
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, _ := keysSetup(t, url)
		env.User(org, "mo@acme.test", user.RoleMEMBER)
		member := env.SignIn("mo@acme.test", testenv.Password)
		tok, key := env.IssueKey(org, "vehicles.read", "vehicles.write")
		bearer := env.Bearer(tok)
		for _, op := range ops {
			t.Run(op.name, func(t *testing.T) {
				r := member.Do(op.query, testenv.Vars{"id": keysID(key.ID)})
				r.WantError(t, 200, "FORBIDDEN")
				if r.Message() != op.member {
					t.Errorf("member: message %q, want %q", r.Message(), op.member)
				}
				r = bearer.Do(op.query, testenv.Vars{"id": keysID(key.ID)})
				r.WantError(t, 200, "FORBIDDEN")
				if !strings.Contains(r.Message(), "API keys cannot") {
					t.Errorf("key: message %q", r.Message())
				}
			})
		}
		keysWantNothingWritten(t, env, 1, 1)
		if o := env.DB.Organization.GetX(testenv.System(), org.ID); o.MaxKeyLifetimeDays != nil {
			t.Errorf("the policy was set to %d", *o.MaxKeyLifetimeDays)
		}
		rotateWantAccepted(t, env, tok, "the key that tried")
	})
}
