package main_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"importops/internal/testenv"
	"importops/internal/token"
)

// TestNothingSecretStored issues keys with `importops key issue` and with
// GraphQL on a running `importops serve`, uses them, and dumps every
// column of every table: no token (nor its part past the prefix), session
// secret, CSRF token or password is stored, and the digests of the tokens
// and of the session secret are, so the dump looked in the right place.
// The server's log, read after it stopped, holds none of them either.
func TestNothingSecretStored(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		keyFixtures(t, url)
		var secrets []testenv.Secret
		keep := func(what, v string) string {
			if v == "" {
				t.Fatalf("%s, to look for, is empty", what)
			}
			secrets = append(secrets, testenv.Secret{What: what, Value: v})
			return v
		}
		keepToken := func(what, tok string) string {
			keep(what+" after its prefix", tok[token.PrefixLength:])
			return keep(what, tok)
		}
		keep("the admin's password", goodPassword)

		var tokens []string
		for _, scopes := range [][]string{{"vehicles.read"}, {"vehicles.read", "vehicles.write"}} {
			args := []string{"key", "issue", "--org", "acme", "--name", "ERP sync", "--by", "sam@importops.test"}
			for _, s := range scopes {
				args = append(args, "--scope", s)
			}
			tokens = append(tokens, keepToken("a token from key issue", issuedToken(t, run(t, url, "", args...))))
		}

		srv := startServer(t, url)
		env := srv.env(t)
		ada := env.SignIn("ada@acme.test", goodPassword)
		session := keep("the session cookie", ada.Cookie("importops_session"))
		keep("the CSRF cookie", ada.Cookie("importops_csrf"))
		for _, name := range []string{"Website inventory sync", "Warehouse"} {
			var ck createdKey
			ada.Do(createKeyMutation, testenv.Vars{"name": name}).Decode(t, &ck)
			tokens = append(tokens, keepToken("a token from GraphQL", ck.CreateApiKey.Token))
		}
		for _, tok := range tokens {
			env.Bearer(tok).Do(vehiclesQuery, nil).Decode(t, &struct{}{})
		}
		srv.stop() // flushes last-used times

		testenv.WantNoSecrets(t, "the server log", srv.logs.String(), secrets)
		dump := testenv.DumpDB(t, testenv.Open(t, url))
		testenv.WantNoSecrets(t, "the database", dump, secrets)
		runs := testenv.Runs(dump)
		for _, tok := range tokens {
			if !runs[token.Digest(tok)] {
				t.Errorf("the dump lacks the SHA-256 digest of key %s: it did not look where keys are stored", token.Prefix(tok))
			}
		}
		sum := sha256.Sum256([]byte(session))
		if !runs[hex.EncodeToString(sum[:])] {
			t.Errorf("the dump lacks the digest of the session secret: it did not look where sessions are stored")
		}
	})
}
