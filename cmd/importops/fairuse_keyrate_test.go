package main_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"importops/internal/testenv"
)

// The per-key rate limit across real `importops serve` processes sharing a
// database: each announces itself in the replicas table every 2 seconds,
// counts the others, and enforces its share of each key's limit.

// keyRateSetup creates acme on Pro and issues a key, on the database at url.
func keyRateSetup(t *testing.T, url string) string {
	t.Helper()
	c := cli{t, url}
	c.run("", "org", "create", "--slug", "acme", "--name", "Acme Imports", "--plan", "pro")
	c.run("", "user", "create", "--staff", "--email", "sam@importops.test", "--name", "Sam Support")
	return issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "Rate limited", "--by", "sam@importops.test"))
}

const keyRateQuery = `{ vehicles(first: 1) { totalCount } }`

// keyRateLimits asks each server once with token and returns the
// RateLimit-Limit and RateLimit-Reset they answered.
func keyRateLimits(t *testing.T, token string, servers ...*server) (limits, resets []int) {
	t.Helper()
	for _, s := range servers {
		r := s.env(t).Bearer(token).Do(keyRateQuery, nil)
		if r.Status != http.StatusOK && r.Status != http.StatusTooManyRequests {
			t.Fatalf("%s: %d %s", s.URL, r.Status, r.Raw)
		}
		limit, err1 := strconv.Atoi(r.Header.Get("RateLimit-Limit"))
		reset, err2 := strconv.Atoi(r.Header.Get("RateLimit-Reset"))
		if err1 != nil || err2 != nil {
			t.Fatalf("%s answered RateLimit-Limit %q, RateLimit-Reset %q", s.URL, r.Header.Get("RateLimit-Limit"), r.Header.Get("RateLimit-Reset"))
		}
		limits, resets = append(limits, limit), append(resets, reset)
	}
	return limits, resets
}

// keyRateWaitShare polls the servers (4 times a second, under any share
// of the limits used here) until each announces RateLimit-Limit want: a
// heartbeat has shown it the others. Then it waits until their buckets
// are full again, as RateLimit-Reset says.
func keyRateWaitShare(t *testing.T, token string, want int, servers ...*server) {
	t.Helper()
	deadline := time.Now().Add(cmdTimeout)
	for {
		limits, resets := keyRateLimits(t, token, servers...)
		done := true
		for _, l := range limits {
			done = done && l == want
		}
		if done {
			time.Sleep(time.Duration(max(resets[0], resets[len(resets)-1])) * time.Second)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s the servers announce RateLimit-Limit %v, want %d on each", cmdTimeout, limits, want)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// keyRateAlternate sends n requests with token to the servers in turn and
// returns how many were served and how long it took.
func keyRateAlternate(t *testing.T, token string, n int, servers ...*server) (int, time.Duration) {
	t.Helper()
	clients := make([]*testenv.Client, len(servers))
	for i, s := range servers {
		clients[i] = s.env(t).Bearer(token)
	}
	start := time.Now()
	served := 0
	for i := range n {
		r := clients[i%len(clients)].Do(keyRateQuery, nil)
		switch {
		case r.Status == http.StatusOK:
			served++
		case r.Status != http.StatusTooManyRequests || r.Code() != "RATE_LIMITED" || r.Header.Get("Retry-After") == "":
			t.Fatalf("request %d: %d %s", i+1, r.Status, r.Raw)
		}
	}
	return served, time.Since(start)
}

// keyRateWantAbout fails unless served is within 25% of one server's
// allowance for a key over d: the burst (2N) plus N a second.
func keyRateWantAbout(t *testing.T, what string, served int, d time.Duration, perSecond int) {
	t.Helper()
	want := float64(2*perSecond) + float64(perSecond)*d.Seconds()
	if f := float64(served); f < 0.75*want || f > 1.25*want {
		t.Errorf("%s: %d requests served in %s, want within 25%% of %.1f (bursts of %d, %d a second)",
			what, served, d, want, 2*perSecond, perSecond)
	} else {
		t.Logf("%s: %d served in %s (the key's allowance: %.1f)", what, served, d, want)
	}
}

// TestReplicasShareKeyRateLimit: two replicas on one PostgreSQL database
// with --key-rate-limit 10 (bursts of 20). Once both have heartbeated,
// requests sent to them in turn are served about 20 at once in all, not
// 40; when one stops (SIGTERM removes its row), the other alone serves the
// whole 20.
func TestReplicasShareKeyRateLimit(t *testing.T) {
	const perSecond = 10
	url := testenv.PostgresURL(t)
	tok := keyRateSetup(t, url)
	a := startServer(t, url, "--key-rate-limit", strconv.Itoa(perSecond))
	b := startServer(t, url, "--key-rate-limit", strconv.Itoa(perSecond))

	keyRateWaitShare(t, tok, perSecond, a, b) // each has half the burst of 20
	served, took := keyRateAlternate(t, tok, 100, a, b)
	keyRateWantAbout(t, "two replicas", served, took, perSecond)

	b.stop()
	keyRateWaitShare(t, tok, 2*perSecond, a)
	served, took = keyRateAlternate(t, tok, 100, a)
	keyRateWantAbout(t, "one replica left", served, took, perSecond)
	a.stop()
}

// TestSQLiteReplicasShareKeyRateLimit: two processes on one SQLite file
// count each other too.
func TestSQLiteReplicasShareKeyRateLimit(t *testing.T) {
	url := testenv.SQLiteURL(t)
	tok := keyRateSetup(t, url)
	a := startServer(t, url, "--key-rate-limit", "10")
	if limits, _ := keyRateLimits(t, tok, a); limits[0] != 20 {
		t.Errorf("one process alone announces RateLimit-Limit %d, want the whole burst, 20", limits[0])
	}
	b := startServer(t, url, "--key-rate-limit", "10")
	keyRateWaitShare(t, tok, 10, a, b)
	b.stop()
	keyRateWaitShare(t, tok, 20, a)
	a.stop()
}
