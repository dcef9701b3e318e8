package database

import (
	"net/url"
	"testing"
)

// A PostgreSQL URL without connect_timeout gets one, so that a database
// that accepts connections but never answers fails requests in seconds
// (see cmd/importops/dbfaults_test.go); one that sets it keeps its own.
func TestPostgresDSNConnectTimeout(t *testing.T) {
	t.Setenv("PGCONNECT_TIMEOUT", "")
	for _, tc := range []struct{ in, want string }{
		{"postgres://u@db:5432/app", "5"},
		{"postgres://u:p%40ss@db/app?sslmode=disable", "5"},
		{"postgresql://db/app?connect_timeout=30&sslmode=require", "30"},
	} {
		_, dsn, _, err := parse(tc.in)
		if err != nil {
			t.Fatalf("parse(%q): %v", tc.in, err)
		}
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatalf("DSN %q: %v", dsn, err)
		}
		q := u.Query()
		if got := q["connect_timeout"]; len(got) != 1 || got[0] != tc.want {
			t.Errorf("parse(%q) gave %q: connect_timeout %v, want [%s]", tc.in, dsn, got, tc.want)
		}
		orig, _ := url.Parse(tc.in)
		q.Del("connect_timeout")
		oq := orig.Query()
		oq.Del("connect_timeout")
		if u.User.String() != orig.User.String() || u.Host != orig.Host || u.Path != orig.Path || q.Encode() != oq.Encode() {
			t.Errorf("parse(%q) changed more than connect_timeout: %q", tc.in, dsn)
		}
	}
	t.Setenv("PGCONNECT_TIMEOUT", "12")
	if _, dsn, _, _ := parse("postgres://db/app"); dsn != "postgres://db/app" {
		t.Errorf("with PGCONNECT_TIMEOUT set, the URL became %q; the environment's timeout should apply", dsn)
	}
}
