package server_test

import (
	"bytes"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"

	"importops/ent"
	"importops/ent/organization"
	"importops/ent/user"
	"importops/ent/vehicle"
	"importops/internal/testenv"
)

// soakDuration is the in-process run's length: a fifth of
// IMPORTOPS_SOAK_SECONDS (default 5, `make soak` sets 60), between 1 and
// 12 seconds. The subprocess soak (cmd/importops) runs the full length.
func soakDuration(t *testing.T) time.Duration {
	secs := 5
	if v := os.Getenv("IMPORTOPS_SOAK_SECONDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("IMPORTOPS_SOAK_SECONDS=%q: want a whole number of seconds", v)
		}
		secs = n
	}
	return min(max(time.Duration(secs)*time.Second/5, time.Second), 12*time.Second)
}

// soakSetup creates two organisations on Pro with keys and vehicles, a
// revoked and an expired key, and the admin of the first.
func soakSetup(t *testing.T, env *testenv.Env) testenv.SoakSetup {
	a := env.Org("acme", organization.PlanPRO)
	b := env.Org("bolt", organization.PlanPRO)
	env.User(a, "ada@acme.test", user.RoleADMIN)
	admin := env.SignIn("ada@acme.test", testenv.Password)
	issue := func(org *ent.Organization, n int, scopes ...string) []string {
		var out []string
		for range n {
			tok, _ := env.IssueKey(org, scopes...)
			out = append(out, tok)
		}
		return out
	}
	setup := testenv.SoakSetup{
		URL:           env.URL,
		AdminEmail:    "ada@acme.test",
		AdminPassword: testenv.Password,
		KeysA:         issue(a, 2),
		WriteKeyA:     issue(a, 1, "vehicles.read", "vehicles.write")[0],
		KeysB:         issue(b, 2),
	}
	for i := range 3 {
		setup.VINsA = append(setup.VINsA, env.Vehicle(a, testenv.VIN(i), vehicle.StatusORDERED).Vin)
		setup.VINsB = append(setup.VINsB, env.Vehicle(b, testenv.VIN(100+i), vehicle.StatusAT_PORT).Vin)
	}
	for range 2 {
		tok, k := env.IssueKey(a)
		admin.Do(`mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { id } } }`,
			testenv.Vars{"id": strconv.Itoa(k.ID)}).Decode(t, &struct{}{})
		setup.Revoked = append(setup.Revoked, tok)
		tok, k = env.IssueKey(b)
		env.ExpireKey(k, time.Now().Add(-time.Hour))
		setup.Expired = append(setup.Expired, tok)
	}
	return setup
}

// settledGoroutines waits (boundedly) until the number of goroutines stops
// changing, and returns it.
func settledGoroutines() int {
	n := runtime.NumGoroutine()
	for range 60 {
		time.Sleep(50 * time.Millisecond)
		m := runtime.NumGoroutine()
		if m == n {
			return n
		}
		n = m
	}
	return n
}

// TestSoakInProcess sends mixed traffic to the handler and checks that
// nothing went wrong and that, once the traffic stops and its connections
// are closed, the goroutines it started are gone.
func TestSoakInProcess(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		setup := soakSetup(t, env)
		keysBefore := env.KeyCount()
		s, err := testenv.NewSoaker(setup)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()

		warm := s.Run(time.Second/2, 2000)
		if warm.Violations > 0 || warm.ServerErrors > 0 {
			t.Fatalf("warm-up: %s\n%q", warm, warm.Examples)
		}
		s.Close()
		http.DefaultTransport.(*http.Transport).CloseIdleConnections()
		before := settledGoroutines()

		rep := s.Run(soakDuration(t), 200_000)
		t.Logf("soak: %s", rep)
		if rep.ServerErrors > 0 {
			t.Errorf("%d responses were 5xx", rep.ServerErrors)
		}
		if rep.Violations > 0 {
			t.Errorf("%d violations, first ones:\n%q", rep.Violations, rep.Examples)
		}
		for _, op := range []string{"read A", "read B", "revoked key", "expired key", "wrong checksum", "never issued", "admin create/revoke"} {
			if rep.Ops[op] == 0 {
				t.Errorf("the mix sent no %q request: %s", op, rep)
			}
		}

		s.Close()
		const margin = 5
		after := 0
		for range 100 { // up to 10 s for connections to wind down
			if after = runtime.NumGoroutine(); after <= before+margin {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if after > before+margin {
			var dump bytes.Buffer
			pprof.Lookup("goroutine").WriteTo(&dump, 1)
			t.Errorf("goroutines: %d after warm-up, %d after the load stopped (margin %d):\n%s", before, after, margin, dump.String())
		}

		// Only the admin's successful creations wrote keys: refused ones
		// (CSRF, bad input) wrote nothing.
		if got, want := env.KeyCount(), keysBefore+s.Created(); got != want {
			t.Errorf("%d keys in the database, want %d (%d before, %d created during the run)", got, want, keysBefore, s.Created())
		}
		logs := env.Logs()
		testenv.CheckRequestLog(t, logs, s.Requests())
		testenv.WantNoSecrets(t, "the server log", logs, s.Secrets())
		testenv.WantNoSecrets(t, "the database", testenv.DumpDB(t, env.DB), s.Secrets())
	})
}
