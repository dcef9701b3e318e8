package main_test

import (
	"net/http"
	"testing"
	"time"

	"importops/internal/testenv"
)

// TestReplicasRotationEnds: a key rotated through one replica keeps working
// on both until its overlap ends, then both refuse it at that moment, with
// nothing run then: the time is in the key's row. The overlap's end is
// moved to a few seconds ahead in the database rather than waited for.
func TestReplicasRotationEnds(t *testing.T) {
	servers, url := replicaSetup(t, 2)
	old := replicaCreateKey(t, servers[0], "Rotated").CreateApiKey
	var rd struct {
		RotateApiKey struct {
			Token    string
			Previous struct{ Status string }
		}
	}
	servers[0].env(t).SignIn("ada@acme.test", goodPassword).Do(
		`mutation($id: ID!) { rotateApiKey(id: $id, overlap: ONE_HOUR) { token previous { status } } }`,
		testenv.Vars{"id": old.ApiKey.ID}).Decode(t, &rd)
	if rd.RotateApiKey.Previous.Status != "ACTIVE" {
		t.Fatalf("the old key is %s during the overlap, want ACTIVE", rd.RotateApiKey.Previous.Status)
	}
	nu := rd.RotateApiKey.Token

	db := testenv.Open(t, url)
	end := time.Now().Add(3 * time.Second).UTC()
	if _, err := db.SQL.Exec("UPDATE api_keys SET revoked_at = $1 WHERE id = $2", end, old.ApiKey.ID); err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: cmdTimeout}
	for _, s := range servers {
		for _, tok := range []string{old.Token, nu} {
			if c := replicaRequest(client, s.URL, tok); !c.served {
				t.Errorf("%s, before the overlap's end: %d %s %q %v", s.URL, c.status, c.code, c.message, c.err)
			}
		}
	}
	if time.Now().After(end) {
		t.Fatal("the requests before the overlap's end took longer than the overlap")
	}

	time.Sleep(time.Until(end) + 50*time.Millisecond)
	for _, s := range servers {
		c := replicaRequest(client, s.URL, old.Token)
		if c.status != http.StatusUnauthorized || c.code != "UNAUTHENTICATED" || c.message != "API key rotated: use its replacement" {
			t.Errorf("%s, the old key after the overlap's end: want 401 UNAUTHENTICATED \"API key rotated…\", got %d %s %q %v",
				s.URL, c.status, c.code, c.message, c.err)
		}
		if c := replicaRequest(client, s.URL, nu); !c.served {
			t.Errorf("%s, the new key after the overlap's end: %d %s %q %v", s.URL, c.status, c.code, c.message, c.err)
		}
	}
	for _, s := range servers {
		s.stop()
	}
}
