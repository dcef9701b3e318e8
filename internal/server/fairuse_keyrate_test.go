package server_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/lastused"
	"importops/internal/replicas"
	"importops/internal/server"
	"importops/internal/testenv"
)

// The per-key rate limit (serve --key-rate-limit): each key may make N
// requests a second, bursts up to 2N, per key across every replica.

const rateQuery = `{ vehicles(first: 1) { totalCount } }`

// rateHeaders are RateLimit-Limit, -Remaining and -Reset as numbers; ok is
// false when any is missing or not a whole number.
func rateHeaders(r *testenv.Response) (limit, remaining, reset int, ok bool) {
	var err [3]error
	limit, err[0] = strconv.Atoi(r.Header.Get("RateLimit-Limit"))
	remaining, err[1] = strconv.Atoi(r.Header.Get("RateLimit-Remaining"))
	reset, err[2] = strconv.Atoi(r.Header.Get("RateLimit-Reset"))
	return limit, remaining, reset, err[0] == nil && err[1] == nil && err[2] == nil
}

// rateBurst sends requests with c until the first refusal (at most max)
// and returns the answers and how long they took.
func rateBurst(c *testenv.Client, max int) ([]*testenv.Response, time.Duration) {
	start := time.Now()
	var out []*testenv.Response
	for range max {
		r := c.Do(rateQuery, nil)
		out = append(out, r)
		if r.Status != http.StatusOK {
			break
		}
	}
	return out, time.Since(start)
}

// rateWantRefusal checks a 429 of the key limit: code, Retry-After, the
// headers, and a message naming the limit and the wait.
func rateWantRefusal(t *testing.T, r *testenv.Response, perSecond, burst int) (retryAfter int) {
	t.Helper()
	r.WantError(t, http.StatusTooManyRequests, "RATE_LIMITED")
	retryAfter, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || retryAfter < 1 || retryAfter > 2 {
		t.Errorf("Retry-After = %q, want whole seconds, 1 (one request at %d a second, rounded up)", r.Header.Get("Retry-After"), perSecond)
	}
	limit, remaining, reset, ok := rateHeaders(r)
	if !ok || limit != burst || remaining != 0 || reset < 1 || reset > 2*burst/perSecond+1 {
		t.Errorf("the 429's RateLimit headers: limit %q remaining %q reset %q; want %d, 0, and the seconds to refill",
			r.Header.Get("RateLimit-Limit"), r.Header.Get("RateLimit-Remaining"), r.Header.Get("RateLimit-Reset"), burst)
	}
	msg := r.Message()
	for _, want := range []string{strconv.Itoa(perSecond) + " requests per second", "retry in " + strconv.Itoa(retryAfter) + " second"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not say %q", msg, want)
		}
	}
	return retryAfter
}

// rateRefusalCloses sends requests with token until a 429 (at most 50)
// and reports whether that answer closed the connection.
func rateRefusalCloses(t *testing.T, base, token string) (closed, refused bool) {
	t.Helper()
	for range 50 {
		req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusTooManyRequests {
			return resp.Close, true
		}
	}
	return false, false
}

// TestKeyRateLimit: with 5 requests a second (bursts of 10), a key sending
// as fast as it can gets about 10, then 429 RATE_LIMITED with Retry-After;
// every answer carries the RateLimit headers; waiting Retry-After is
// enough; another key of the same organisation is untouched, and a
// signed-in member is not limited by it at all.
func TestKeyRateLimit(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url, testenv.Options{KeyRateLimit: 5})
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleMEMBER)
		tokA, _ := env.IssueKey(org)
		tokB, _ := env.IssueKey(org)

		answers, took := rateBurst(env.Bearer(tokA), 200)
		last := answers[len(answers)-1]
		allowed := len(answers) - 1
		// 10 at once, plus what refilled while they were sent.
		if most := 10 + int(5*took.Seconds()); allowed < 10 || allowed > most+1 {
			t.Errorf("the key got %d requests in %s before a refusal, want 10 to %d", allowed, took, most+1)
		}
		for i, r := range answers[:allowed] {
			limit, remaining, reset, ok := rateHeaders(r)
			if !ok || limit != 10 || remaining < 0 || remaining > 9 || reset < 1 || reset > 2 {
				t.Fatalf("success %d: RateLimit-Limit %q, -Remaining %q, -Reset %q; want 10, 0..9, 1..2",
					i+1, r.Header.Get("RateLimit-Limit"), r.Header.Get("RateLimit-Remaining"), r.Header.Get("RateLimit-Reset"))
			}
			if i == 0 && remaining != 9 {
				t.Errorf("the first request leaves %d, want 9", remaining)
			}
		}
		retry := rateWantRefusal(t, last, 5, 10)

		// A 429 closes the connection, so that a balancer that spreads
		// connections may place the retry on another replica.
		if closed, ok := rateRefusalCloses(t, env.URL, tokA); !ok || !closed {
			t.Errorf("a 429 kept its connection open (refused %v, closed %v)", ok, closed)
		}

		// Another key is not slowed by the first one's burst.
		r := env.Bearer(tokB).Do(rateQuery, nil)
		if _, remaining, _, _ := rateHeaders(r); r.Status != 200 || remaining != 9 {
			t.Errorf("another key after the burst: %d, RateLimit-Remaining %q; want 200 and 9", r.Status, r.Header.Get("RateLimit-Remaining"))
		}

		// A member's session: never limited by the key limit, no headers.
		member := env.SignIn("ada@acme.test", testenv.Password)
		for i := range 30 {
			r := member.Do(rateQuery, nil)
			if r.Status != 200 {
				t.Fatalf("session request %d: %d %s", i+1, r.Status, r.Raw)
			}
			for _, h := range []string{"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} {
				if v := r.Header.Get(h); v != "" {
					t.Fatalf("a session's answer carries %s: %q", h, v)
				}
			}
		}

		// Retry-After is enough.
		time.Sleep(time.Duration(retry) * time.Second)
		if r := env.Bearer(tokA).Do(rateQuery, nil); r.Status != 200 {
			t.Errorf("after waiting Retry-After (%d s): %d %s", retry, r.Status, r.Raw)
		}
	})
}

// TestKeyRateLimitOff: --key-rate-limit 0 limits nothing and sends no
// RateLimit headers.
func TestKeyRateLimitOff(t *testing.T) {
	env := testenv.New(t, testenv.SQLiteURL(t))
	tok, _ := env.IssueKey(env.Org("acme", organization.PlanPRO))
	c := env.Bearer(tok)
	for i := range 40 {
		r := c.Do(rateQuery, nil)
		if r.Status != 200 || r.Header.Get("RateLimit-Limit") != "" {
			t.Fatalf("request %d without a limit: %d, RateLimit-Limit %q", i+1, r.Status, r.Header.Get("RateLimit-Limit"))
		}
	}
}

// rateReplica is one server process's handler with its replica heartbeat,
// on a database shared with others.
type rateReplica struct {
	env *testenv.Env
	reg *replicas.Registry
}

func newRateReplica(t *testing.T, url string, perSecond int) *rateReplica {
	db := testenv.Open(t, url)
	log := slog.New(slog.DiscardHandler)
	reg := replicas.New(db.Client, log)
	srv := httptest.NewServer(server.Handler(server.Config{
		DB: db, Log: log, LastUsed: lastused.New(db.Client, log), KeyRateLimit: perSecond, Replicas: reg,
	}))
	t.Cleanup(srv.Close)
	return &rateReplica{env: &testenv.Env{T: t, DB: db, URL: srv.URL}, reg: reg}
}

func (r *rateReplica) beat(t *testing.T) {
	t.Helper()
	if err := r.reg.Beat(context.Background()); err != nil {
		t.Fatalf("heartbeat: %v", err)
	}
}

// rateAlternate sends n requests with token, to each replica in turn, and
// returns how many were served and how long it took.
func rateAlternate(t *testing.T, token string, n int, reps ...*rateReplica) (int, time.Duration) {
	t.Helper()
	clients := make([]*testenv.Client, len(reps))
	for i, r := range reps {
		clients[i] = r.env.Bearer(token)
	}
	start := time.Now()
	served := 0
	for i := range n {
		r := clients[i%len(clients)].Do(rateQuery, nil)
		switch {
		case r.Status == 200:
			served++
		case r.Status != http.StatusTooManyRequests || r.Code() != "RATE_LIMITED":
			t.Fatalf("request %d: %d %s", i+1, r.Status, r.Raw)
		}
	}
	return served, time.Since(start)
}

// rateWantAbout fails unless served is within 25% of what one server
// allows a key in a window of d: the burst plus the refill.
func rateWantAbout(t *testing.T, what string, served int, d time.Duration, perSecond int) {
	t.Helper()
	want := float64(2*perSecond) + float64(perSecond)*d.Seconds()
	if f := float64(served); f < 0.75*want || f > 1.25*want {
		t.Errorf("%s: %d requests served in %s, want within 25%% of %.1f (bursts of %d, %d a second)",
			what, served, d, want, 2*perSecond, perSecond)
	} else {
		t.Logf("%s: %d served in %s (one server's allowance: %.1f)", what, served, d, want)
	}
}

// TestKeyRateLimitReplicas: two server processes on one database, once
// both have written their heartbeat, together allow a key about the limit,
// not twice it; when one leaves, the other allows the whole limit.
func TestKeyRateLimitReplicas(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		const perSecond = 10
		a, b := newRateReplica(t, url, perSecond), newRateReplica(t, url, perSecond)
		tok, _ := a.env.IssueKey(a.env.Org("acme", organization.PlanPRO))
		a.beat(t)
		b.beat(t)
		a.beat(t)
		if a.reg.Live() != 2 || b.reg.Live() != 2 {
			t.Fatalf("after their heartbeats the replicas count %d and %d, want 2", a.reg.Live(), b.reg.Live())
		}

		served, took := rateAlternate(t, tok, 80, a, b)
		rateWantAbout(t, "two replicas", served, took, perSecond)
		r := a.env.Bearer(tok).Do(rateQuery, nil)
		if limit, _, _, _ := rateHeaders(r); limit != perSecond {
			t.Errorf("RateLimit-Limit on one of two replicas: %d, want its share of the burst, %d", limit, perSecond)
		}

		if err := b.reg.Leave(context.Background()); err != nil {
			t.Fatal(err)
		}
		a.beat(t)
		if a.reg.Live() != 1 {
			t.Fatalf("after B left, A counts %d replicas", a.reg.Live())
		}
		// Wait for A's bucket to refill: the Reset it announces.
		_, _, reset, _ := rateHeaders(a.env.Bearer(tok).Do(rateQuery, nil))
		time.Sleep(time.Duration(reset) * time.Second)
		served, took = rateAlternate(t, tok, 80, a)
		rateWantAbout(t, "one replica", served, took, perSecond)
	})
}
