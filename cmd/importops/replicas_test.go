package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"importops/ent/apikey"
	"importops/internal/testenv"
)

// Several `importops serve` processes on one PostgreSQL database, as a
// deployment with replicas behind a load balancer runs them. (Replicas
// starting together on an empty database: e2e_concurrent_start_test.go.)

// replicaSetup creates acme on Pro with its admin, starts n replicas on
// one new PostgreSQL database and returns them with the database's URL.
func replicaSetup(t *testing.T, n int, extraArgs ...string) ([]*server, string) {
	t.Helper()
	url := testenv.PostgresURL(t)
	c := cli{t, url}
	c.run("", "org", "create", "--slug", "acme", "--name", "Acme Imports", "--plan", "pro")
	c.run(goodPassword, "user", "create", "--org", "acme", "--email", "ada@acme.test", "--name", "Ada Admin", "--role", "admin", "--password-stdin")
	var servers []*server
	for range n {
		servers = append(servers, startServer(t, url, extraArgs...))
	}
	return servers, url
}

// replicaCreateKey has the admin create a key through s.
func replicaCreateKey(t *testing.T, s *server, name string) createdKey {
	t.Helper()
	var ck createdKey
	s.env(t).SignIn("ada@acme.test", goodPassword).Do(createKeyMutation, testenv.Vars{"name": name}).Decode(t, &ck)
	return ck
}

// replicaCall is one request of a stream of traffic.
type replicaCall struct {
	start   time.Time // just before the request was sent
	status  int
	code    string // the first error's code
	message string
	served  bool // 200 with data and no error
	err     error
}

// replicaRequest reads acme's vehicles with token from base, without
// failing the test itself, so that it can run on any goroutine.
func replicaRequest(client *http.Client, base, token string) replicaCall {
	return replicaRequestFrom(client, base, token, "")
}

// replicaRequestFrom is replicaRequest from the client address
// forwardedFor, for a server that trusts 127.0.0.1 as its proxy.
func replicaRequestFrom(client *http.Client, base, token, forwardedFor string) replicaCall {
	call := replicaCall{start: time.Now()}
	body, _ := json.Marshal(map[string]any{"query": vehiclesQuery})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	if forwardedFor != "" {
		req.Header.Set("X-Forwarded-For", forwardedFor)
	}
	resp, err := client.Do(req)
	if err != nil {
		call.err = err
		return call
	}
	defer resp.Body.Close()
	call.status = resp.StatusCode
	var out struct {
		Data   *vehicleList
		Errors []testenv.Error
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		call.err = fmt.Errorf("decoding the response (HTTP %d): %w", resp.StatusCode, err)
		return call
	}
	if len(out.Errors) > 0 {
		call.code, call.message = out.Errors[0].Code(), out.Errors[0].Message
	}
	call.served = resp.StatusCode == http.StatusOK && len(out.Errors) == 0 && out.Data != nil
	return call
}

// TestReplicasRevocationUnderTraffic: while an integration hammers two
// replicas with a key, the admin revokes it through a third. No request
// that started after revokeApiKey returned is served, on any replica.
func TestReplicasRevocationUnderTraffic(t *testing.T) {
	// The hammering goes past the key's rate limit, which would answer 429
	// instead of what the revocation test is about: the limit is off.
	servers, _ := replicaSetup(t, 3, "--key-rate-limit", "0", "--metrics-addr", "127.0.0.1:0", "--trusted-proxy", "127.0.0.1/32")
	a, targets := servers[0], servers[1:]
	ck := replicaCreateKey(t, a, "Hammered")
	token := ck.CreateApiKey.Token
	for _, s := range targets { // both answer the key from memory
		memoryServer{s, s.metricsURL()}.warm(t, token)
	}

	// Refusals count against the caller's address (30 a minute before
	// RATE_LIMITED), and those refused while revokeApiKey waits for the
	// replicas may reach that: each stream sends from an address of its
	// own, and from another once the revocation returned, so that what
	// follows is refused as revoked. (A request that straddles the switch
	// may meet the limit: its 429 is a refusal too.)
	const (
		perTarget = 2    // goroutines hammering each replica
		after     = 12   // requests each sends once the revocation returned
		bound     = 5000 // stops a loop whatever happens
	)
	var revokedAt atomic.Pointer[time.Time]
	var served atomic.Int64 // successes before the revocation
	type stream struct {
		replica string
		calls   []replicaCall
	}
	streams := make([]*stream, 0, perTarget*len(targets))
	var wg sync.WaitGroup
	for _, s := range targets {
		for range perTarget {
			st := &stream{replica: s.URL}
			streams = append(streams, st)
			n := len(streams)
			wg.Go(func() {
				client := &http.Client{Timeout: cmdTimeout}
				sinceRevoked := 0
				for len(st.calls) < bound && sinceRevoked < after {
					from := fmt.Sprintf("198.51.100.%d", n)
					if revokedAt.Load() != nil {
						from = fmt.Sprintf("203.0.113.%d", n)
					}
					call := replicaRequestFrom(client, s.URL, token, from)
					st.calls = append(st.calls, call)
					if rv := revokedAt.Load(); rv != nil && call.start.After(*rv) {
						sinceRevoked++
					} else if call.served {
						served.Add(1)
					}
				}
			})
		}
	}

	// Revoke once traffic is flowing on every stream.
	deadline := time.Now().Add(cmdTimeout)
	for served.Load() < int64(10*len(streams)) && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	admin := a.env(t).SignIn("ada@acme.test", goodPassword)
	var rk struct {
		RevokeApiKey struct{ ApiKey struct{ ID, Status string } }
	}
	began := time.Now()
	r := admin.Do(revokeKeyMutation, testenv.Vars{"id": ck.CreateApiKey.ApiKey.ID})
	now := time.Now()
	t.Logf("revokeApiKey took %v (it waits for every replica to drop the key)", now.Sub(began))
	revokedAt.Store(&now)
	wg.Wait()
	r.Decode(t, &rk)
	if rk.RevokeApiKey.ApiKey.Status != "REVOKED" {
		t.Fatalf("revokeApiKey answered status %q", rk.RevokeApiKey.ApiKey.Status)
	}

	for i, st := range streams {
		var before, refused, limited, late int
		for _, call := range st.calls {
			if call.err != nil {
				t.Errorf("stream %d to %s: %v", i, st.replica, call.err)
				continue
			}
			if !call.start.After(now) {
				if call.served {
					before++
				}
				continue
			}
			switch {
			case call.served:
				late++
			case call.status == http.StatusUnauthorized && call.code == "UNAUTHENTICATED" && strings.Contains(call.message, "revoked"):
				refused++
			case call.status == http.StatusTooManyRequests && strings.Contains(call.message, "invalid API keys"):
				// Refusals while revokeApiKey waited for the replicas
				// count against the address too; refused all the same.
				limited++
			default:
				t.Errorf("stream %d to %s, after the revocation: want 401 UNAUTHENTICATED \"…revoked\", got %d %s %q",
					i, st.replica, call.status, call.code, call.message)
			}
		}
		t.Logf("stream %d to %s: %d served before the revocation, %d refused after it (%d of them by the invalid-key limit)",
			i, st.replica, before, refused+limited, limited)
		if late > 0 {
			t.Errorf("stream %d to %s: %d requests that started after revokeApiKey returned were served", i, st.replica, late)
		}
		if refused == 0 {
			t.Errorf("stream %d to %s: no request after the revocation was refused as revoked", i, st.replica)
		}
		if before == 0 {
			t.Errorf("stream %d to %s: the key served nothing before its revocation, so the test proved nothing", i, st.replica)
		}
		if refused+limited+late < after {
			t.Errorf("stream %d to %s: %d requests after the revocation, want %d", i, st.replica, refused+limited+late, after)
		}
	}
	for _, s := range servers {
		s.stop()
	}
}

// TestReplicasPlanChange: `importops org set-plan`, run while replicas
// serve, binds every replica on its next request, both ways.
func TestReplicasPlanChange(t *testing.T) {
	servers, url := replicaSetup(t, 2, "--metrics-addr", "127.0.0.1:0")
	ck := replicaCreateKey(t, servers[0], "Plan-bound")
	token := ck.CreateApiKey.Token
	var vl vehicleList
	for _, s := range servers { // each answers the key from memory
		memoryServer{s, s.metricsURL()}.warm(t, token)
	}

	c := cli{t, url}
	c.run("", "org", "set-plan", "--org", "acme", "--plan", "core")
	for i, s := range servers {
		env := s.env(t)
		env.Bearer(token).Do(vehiclesQuery, nil).WantError(t, 403, "PLAN_REQUIRED")
		r := env.SignIn("ada@acme.test", goodPassword).Do(createKeyMutation, testenv.Vars{"name": fmt.Sprintf("On Core %d", i)})
		if r.Code() != "PLAN_REQUIRED" {
			t.Errorf("replica %d: the admin creating a key on Core: want PLAN_REQUIRED, got %d %s", i, r.Status, r.Raw)
		}
	}

	c.run("", "org", "set-plan", "--org", "acme", "--plan", "pro")
	for _, s := range servers {
		s.env(t).Bearer(token).Do(vehiclesQuery, nil).Decode(t, &vl)
	}
	replicaCreateKey(t, servers[1], "Back on Pro")
	for _, s := range servers {
		s.stop()
	}
}

// TestReplicasLastUsedLatestWins: a key used on replica A and later on
// replica B. Both flush on SIGTERM, A last, so that its older value is
// written after B's newer one: the database keeps B's, the latest use.
func TestReplicasLastUsedLatestWins(t *testing.T) {
	servers, url := replicaSetup(t, 2)
	a, b := servers[0], servers[1]
	ck := replicaCreateKey(t, a, "Used on both")
	token := ck.CreateApiKey.Token
	db := testenv.Open(t, url)
	lastUsed := func() *time.Time {
		t.Helper()
		k, err := db.APIKey.Query().Where(apikey.Prefix(token[:12])).Only(testenv.System())
		if err != nil {
			t.Fatal(err)
		}
		return k.LastUsedAt
	}

	var vl vehicleList
	a.env(t).Bearer(token).Do(vehiclesQuery, nil).Decode(t, &vl)
	afterA := time.Now()
	beforeB := time.Now()
	b.env(t).Bearer(token).Do(vehiclesQuery, nil).Decode(t, &vl)
	afterB := time.Now()

	b.stop()
	atB := lastUsed()
	if atB == nil {
		t.Fatalf("after B's SIGTERM no last use is stored")
	}
	a.stop()
	at := lastUsed()
	if at == nil || !at.Equal(*atB) {
		t.Errorf("A's flush of its older use changed last_used_at from B's %s to %v", atB, at)
	}
	// B's use, stored to the microsecond: after A's use, within B's request.
	if !at.After(afterA) || at.Before(beforeB.Truncate(time.Microsecond)) || at.After(afterB) {
		t.Errorf("last_used_at = %s, want B's use (between %s and %s), after A's (before %s)", at, beforeB, afterB, afterA)
	}
	for name, s := range map[string]*server{"A": a, "B": b} {
		if logs := s.logs.String(); strings.Contains(logs, "flushing last-used times") {
			t.Errorf("replica %s failed to flush last-used times:\n%s", name, logs)
		}
	}
}
