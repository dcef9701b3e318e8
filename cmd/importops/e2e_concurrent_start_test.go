package main_test

import (
	"fmt"
	"sync"
	"testing"

	"importops/internal/testenv"
)

// TestConcurrentStartPostgres: two replicas started at the same moment on
// an empty PostgreSQL database both migrate it (taking turns), come up and
// serve it together; a revocation through one binds the other at once.
func TestConcurrentStartPostgres(t *testing.T) {
	for round := range 3 {
		t.Run(fmt.Sprintf("round %d", round+1), func(t *testing.T) {
			url := testenv.PostgresURL(t)

			// Launch both at once, before waiting for either.
			var servers [2]*server
			var errs [2]error
			var wg sync.WaitGroup
			for i := range servers {
				wg.Go(func() { servers[i], errs[i] = launch(t, url) })
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatalf("a replica did not start: %v", err)
				}
			}
			for _, s := range servers {
				s.waitReady()
			}
			a, b := servers[0], servers[1]
			if a.URL == b.URL {
				t.Fatalf("both replicas announced %s", a.URL)
			}

			c := cli{t, url}
			c.run("", "org", "create", "--slug", "acme", "--name", "Acme Imports", "--plan", "pro")
			c.run(goodPassword, "user", "create", "--org", "acme", "--email", "ada@acme.test", "--name", "Ada Admin", "--role", "admin", "--password-stdin")

			// A key created through one replica works on the other...
			var ck createdKey
			a.env(t).SignIn("ada@acme.test", goodPassword).
				Do(createKeyMutation, testenv.Vars{"name": "Replicated"}).Decode(t, &ck)
			onB := b.env(t).Bearer(ck.CreateApiKey.Token)
			var vl vehicleList
			onB.Do(vehiclesQuery, nil).Decode(t, &vl)

			// ...and revoking it on that other one binds the first at once.
			b.env(t).SignIn("ada@acme.test", goodPassword).
				Do(revokeKeyMutation, testenv.Vars{"id": ck.CreateApiKey.ApiKey.ID}).Decode(t, &struct{}{})
			a.env(t).Bearer(ck.CreateApiKey.Token).Do(vehiclesQuery, nil).WantError(t, 401, "UNAUTHENTICATED")

			for _, s := range servers {
				s.stop()
			}
		})
	}
}
