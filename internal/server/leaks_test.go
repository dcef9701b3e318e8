package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/ent/vehicle"
	"importops/internal/testenv"
	"importops/internal/token"
)

const (
	leaksCreateKey = `mutation($name: String!) { createApiKey(input: {name: $name, expiry: ONE_YEAR}) { token apiKey { id prefix } } }`
	leaksRevokeKey = `mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { status } } }`
	leaksVehicles  = `{ vehicles(first: 10) { totalCount edges { node { vin } } } }`
	leaksSignIn    = `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { user { id } } }`
	// leaksWrongPw is a wrong password: it must not reach the log either.
	leaksWrongPw = "Wrong password, but a secret all the same"
)

type leaksCreated struct {
	CreateApiKey struct {
		Token  string
		ApiKey struct{ ID, Prefix string }
	}
}

// leaksSession records what a test sent and what it must not find.
type leaksSession struct {
	t        *testing.T
	secrets  []testenv.Secret
	requests map[string]testenv.RequestRecord
}

func (l *leaksSession) secret(what, v string) string {
	l.t.Helper()
	if v == "" {
		l.t.Fatalf("%s, to look for, is empty", what)
	}
	l.secrets = append(l.secrets, testenv.Secret{What: what, Value: v})
	return v
}

// token notes a token and its part after the 12-character prefix (the
// 38-character secret part contains it), which must not appear either.
func (l *leaksSession) token(what, tok string) string {
	l.t.Helper()
	l.secret(what, tok)
	l.secret(what+" after its prefix", tok[token.PrefixLength:])
	return tok
}

// note records a response, so that its log line can be checked: prefix
// is the key it was authenticated with, "" when none was (then the line
// must carry no key_prefix), or "?" when a key was refused.
func (l *leaksSession) note(r *testenv.Response, prefix string) *testenv.Response {
	l.t.Helper()
	id := r.Header.Get("X-Request-Id")
	if id == "" {
		l.t.Fatalf("response without X-Request-Id: %d %s", r.Status, r.Raw)
	}
	rec := testenv.RequestRecord{Status: r.Status}
	switch prefix {
	case "":
		rec.NoKeyPrefix = true
	case "?":
	default:
		rec.KeyPrefix = prefix
	}
	l.requests[id] = rec
	return r
}

// TestLogsHoldNoSecrets goes through a whole session — failed and
// successful sign-ins, creating, using and revoking keys, and every kind
// of refusal — and then reads the server's log: one JSON line per request
// with method, path, status, duration, request_id (and key_prefix when a
// key was used), and no token, secret part of a token, password, cookie,
// CSRF token or Authorization header value anywhere.
func TestLogsHoldNoSecrets(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, dbURL string) {
		env := testenv.New(t, dbURL)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		env.Vehicle(org, testenv.VIN(1), vehicle.StatusORDERED)
		l := &leaksSession{t: t, requests: map[string]testenv.RequestRecord{}}
		l.secret("the password", testenv.Password)
		l.secret("a wrong password", leaksWrongPw)

		// A wrong password, then the right one.
		anon := env.Anonymous()
		r := l.note(anon.Do(leaksSignIn, testenv.Vars{"e": "ada@acme.test", "p": leaksWrongPw}), "")
		if r.Code() != "UNAUTHENTICATED" {
			t.Fatalf("wrong password: %d %s", r.Status, r.Raw)
		}
		admin := env.Anonymous()
		l.note(admin.Do(leaksSignIn, testenv.Vars{"e": "ada@acme.test", "p": testenv.Password}), "").Decode(t, &struct{}{})
		l.secret("the session cookie", admin.Cookie("importops_session"))
		l.secret("the CSRF cookie", admin.Cookie("importops_csrf"))

		// Create a key and use it, by POST and by GET.
		var c leaksCreated
		l.note(admin.Do(leaksCreateKey, testenv.Vars{"name": "Website inventory sync"}), "").Decode(t, &c)
		tok := l.token("the created token", c.CreateApiKey.Token)
		prefix := token.Prefix(tok)
		l.note(env.Bearer(tok).Do(leaksVehicles, nil), prefix).Decode(t, &struct{}{})
		get, _ := http.NewRequest(http.MethodGet, env.URL+"/graphql?query="+url.QueryEscape(leaksVehicles), nil)
		l.note(env.Bearer(tok).Send(get), prefix).Decode(t, &struct{}{})

		// A key issued by support (the path `key issue` takes).
		supportTok, _ := env.IssueKey(org, "vehicles.read", "vehicles.write")
		l.token("support's token", supportTok)
		l.note(env.Bearer(supportTok).Do(`mutation($v: String!) { createVehicle(input: {vin: $v, make: "Mazda", model: "MX-5", year: 1990}) { vin } }`,
			testenv.Vars{"v": testenv.VIN(2)}), token.Prefix(supportTok)).Decode(t, &struct{}{})

		// Refusals that carry a secret somewhere in the request.
		forged := []byte(tok) // still well formed, but the checksum is now wrong
		if forged[20] = '0'; tok[20] == '0' {
			forged[20] = '1'
		}
		neverIssued, err := token.Generate()
		if err != nil {
			t.Fatal(err)
		}
		l.token("a forged token", string(forged))
		l.token("a never-issued token", neverIssued)
		for _, h := range []string{"Bearer " + string(forged), "Bearer " + neverIssued,
			"Bearer iops_" + strings.Repeat("!", 38), "Bearer " + tok + "x", "Basic " + l.secret("a Basic credential", "QWxhZGRpbjpvcGVuIHNlc2FtZQ"), "Token " + tok} {
			c := env.Anonymous()
			c.Header().Set("Authorization", h)
			l.note(c.Do(leaksVehicles, nil), "?").WantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
		}
		for _, param := range []string{"api_key", "token", "access_token"} {
			inURL, _ := http.NewRequest(http.MethodGet, env.URL+"/graphql?query="+url.QueryEscape(leaksVehicles)+"&"+param+"="+tok, nil)
			l.note(env.Anonymous().Send(inURL), "").WantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
		}

		// Cookie requests without the CSRF header, or with a wrong one.
		admin.NoCSRF = true
		l.note(admin.Do(leaksCreateKey, testenv.Vars{"name": "No CSRF"}), "").WantError(t, http.StatusForbidden, "CSRF")
		admin.NoCSRF = false
		wrong := authJSONRequest(t, env, leaksVehicles, nil)
		wrong.Header.Set("X-CSRF-Token", l.secret("a wrong CSRF value", "WrongCsrfValue0123456789abcdefghijklmnopq"))
		l.note(admin.Send(wrong), "").WantError(t, http.StatusForbidden, "CSRF")

		// Bad input carrying the token in the request body.
		r = l.note(admin.Do(leaksCreateKey, testenv.Vars{"name": "Copy of \x01" + tok}), "")
		if r.Code() != "BAD_USER_INPUT" {
			t.Fatalf("a name with a control character: %d %s", r.Status, r.Raw)
		}
		if r = l.note(admin.Do(`{ vehicle(vin: "`+tok+`") { vin } }`, nil), ""); r.Status >= 500 {
			t.Fatalf("a token as a VIN: %d %s", r.Status, r.Raw)
		}

		// Revoke the key; its next use is refused.
		l.note(admin.Do(leaksRevokeKey, testenv.Vars{"id": c.CreateApiKey.ApiKey.ID}), "").Decode(t, &struct{}{})
		l.note(env.Bearer(tok).Do(leaksVehicles, nil), "?").WantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")

		l.note(admin.Do(`mutation { signOut }`, nil), "").Decode(t, &struct{}{})

		logs := env.Logs()
		lines := testenv.CheckRequestLog(t, logs, l.requests)
		if len(lines) != len(l.requests) {
			t.Errorf("%d request lines in the log for %d requests", len(lines), len(l.requests))
		}
		testenv.WantNoSecrets(t, "the server log", logs, l.secrets)
		if !strings.Contains(logs, `"key_prefix":"`+prefix+`"`) {
			t.Errorf("the log never names the key prefix %s: the search looked in the wrong place", prefix)
		}
	})
}

// TestDatabaseHoldsNoSecrets creates keys through GraphQL and as support
// does (`key issue`), uses them, signs in, and then dumps every column of
// every table: no token, no part of one past its prefix, no session
// secret, CSRF token or password — but the SHA-256 digests of the tokens
// and of the session secret, which proves the dump looked where they live.
func TestDatabaseHoldsNoSecrets(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, dbURL string) {
		env := testenv.New(t, dbURL)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		admin := env.SignIn("ada@acme.test", testenv.Password)
		l := &leaksSession{t: t, requests: map[string]testenv.RequestRecord{}}
		l.secret("the password", testenv.Password)
		session := l.secret("the session cookie", admin.Cookie("importops_session"))
		l.secret("the CSRF cookie", admin.Cookie("importops_csrf"))

		var tokens []string
		for i := range 3 {
			var c leaksCreated
			admin.Do(leaksCreateKey, testenv.Vars{"name": "Key " + strconv.Itoa(i)}).Decode(t, &c)
			tokens = append(tokens, l.token("a token created with GraphQL", c.CreateApiKey.Token))
			if i == 2 {
				admin.Do(leaksRevokeKey, testenv.Vars{"id": c.CreateApiKey.ApiKey.ID}).Decode(t, &struct{}{})
			}
		}
		for _, scopes := range [][]string{nil, {"vehicles.read", "vehicles.write"}} {
			tok, _ := env.IssueKey(org, scopes...)
			tokens = append(tokens, l.token("a token issued by support", tok))
		}
		for _, tok := range tokens[:2] {
			env.Bearer(tok).Do(leaksVehicles, nil).Decode(t, &struct{}{})
		}
		env.FlushLastUsed()

		dump := testenv.DumpDB(t, env.DB)
		testenv.WantNoSecrets(t, "the database", dump, l.secrets)
		runs := testenv.Runs(dump)
		for _, tok := range tokens {
			if !runs[token.Digest(tok)] {
				t.Errorf("the dump lacks the SHA-256 digest of key %s: it did not look where keys are stored", token.Prefix(tok))
			}
			if !runs[token.Prefix(tok)] {
				t.Errorf("the dump lacks the prefix %s", token.Prefix(tok))
			}
		}
		sum := sha256.Sum256([]byte(session))
		if !runs[hex.EncodeToString(sum[:])] {
			t.Errorf("the dump lacks the digest of the session secret: it did not look where sessions are stored")
		}
	})
}
