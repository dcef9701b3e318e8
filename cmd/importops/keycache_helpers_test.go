package main_test

import (
	"regexp"
	"strconv"
	"testing"
	"time"
)

// Helpers for the tests of keys verified from memory (internal/keycache):
// the lookups a server made, as its metrics count them.

var lookupsLine = regexp.MustCompile(`(?m)^importops_key_lookups_total\{source="(memory|database)"\} (\S+)$`)

// metricsURL reads where a server started with --metrics-addr 127.0.0.1:0
// serves its metrics.
func (s *server) metricsURL() string {
	s.t.Helper()
	re := regexp.MustCompile(`^Metrics are served on (http://127\.0\.0\.1:\d+/metrics)$`)
	for {
		select {
		case line := <-s.lines:
			if m := re.FindStringSubmatch(line); m != nil {
				return m[1]
			}
		case <-time.After(cmdTimeout):
			s.t.Fatal("serve --metrics-addr did not say where the metrics are")
		}
	}
}

// lookups is importops_key_lookups_total: keys found in memory, and keys
// read from the database.
type lookups struct{ memory, database int }

func keyLookups(t *testing.T, metricsURL string) lookups {
	t.Helper()
	var l lookups
	found := 0
	for _, m := range lookupsLine.FindAllStringSubmatch(fetch(t, metricsURL, 200), -1) {
		v, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			t.Fatalf("metric %q: %v", m[0], err)
		}
		if m[1] == "memory" {
			l.memory = int(v)
		} else {
			l.database = int(v)
		}
		found++
	}
	if found != 2 {
		t.Fatalf("want importops_key_lookups_total for memory and database in the metrics at %s", metricsURL)
	}
	return l
}

// memoryServer is a server and where its metrics are.
type memoryServer struct {
	*server
	metrics string
}

// startMemoryServer starts a server with its metrics on.
func startMemoryServer(t *testing.T, url string, extraArgs ...string) memoryServer {
	t.Helper()
	s := startServer(t, url, append([]string{"--metrics-addr", "127.0.0.1:0"}, extraArgs...)...)
	return memoryServer{s, s.metricsURL()}
}

// warm makes requests with token until one is answered from memory: the
// server has the key and trusts its memory (on PostgreSQL, once its
// listener and lease are in place, within a second or two of starting).
func (s memoryServer) warm(t *testing.T, token string) {
	t.Helper()
	deadline := time.Now().Add(cmdTimeout)
	for time.Now().Before(deadline) {
		before := keyLookups(t, s.metrics)
		var vl vehicleList
		s.env(t).Bearer(token).Do(vehiclesQuery, nil).Decode(t, &vl)
		if keyLookups(t, s.metrics).memory > before.memory {
			return
		}
		time.Sleep(20 * time.Millisecond) // polling, with a deadline
	}
	t.Fatalf("%s never answered the key from memory; log:\n%s", s.URL, s.logs.String())
}

// wantRefused checks that the next request with token on s is refused
// with status and code.
func (s memoryServer) wantRefused(t *testing.T, token string, status int, code string) {
	t.Helper()
	s.env(t).Bearer(token).Do(vehiclesQuery, nil).WantError(t, status, code)
}
