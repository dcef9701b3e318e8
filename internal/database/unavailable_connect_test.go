package database_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/lib/pq"

	"importops/internal/database"
	"importops/internal/testenv"
)

// TestConnectFailuresAreUnavailable: every way of failing to obtain a
// connection is "unavailable" (503), on a real PostgreSQL: an unknown role
// (28000, as a wrong password's 28P01 is), a database that does not exist
// (3D000), nothing listening.
func TestConnectFailuresAreUnavailable(t *testing.T) {
	base := testenv.PostgresURL(t)
	for what, dbURL := range map[string]string{
		"unknown role":      strings.Replace(base, "postgres@", "nosuchrole_importops@", 1),
		"no such database":  strings.Replace(base, "/importops_test_", "/importops_gone_", 1),
		"nothing listening": strings.Replace(base, ":5432/", ":1/", 1),
	} {
		if dbURL == base {
			t.Fatalf("%s: could not rewrite %s", what, base)
		}
		_, err := database.Open(context.Background(), dbURL)
		if err == nil || !database.IsUnavailable(err) {
			t.Errorf("%s: Open = %v, want an unavailable error", what, err)
		}
	}
}

// TestQueryErrorsAreNotUnavailable: an ordinary query's error, even one
// whose SQLSTATE class is shared with a connection refusal (55000), is not
// "unavailable": it stays a bug to report, not a 503 to retry.
func TestQueryErrorsAreNotUnavailable(t *testing.T) {
	_, conn := pgConn(t)
	ctx := context.Background()
	for _, q := range []string{
		"SELEC 1",                                // 42601 syntax error
		"SELECT 1/0",                             // 22012 division by zero
		"SELECT currval('organizations_id_seq')", // 55000, before nextval in this session
		"SELECT * FROM no_such_table",            // 42P01
	} {
		_, err := conn.ExecContext(ctx, q)
		if err == nil {
			t.Fatalf("%s: no error", q)
		}
		if database.IsUnavailable(err) {
			t.Errorf("%s: %v counted as unavailable", q, err)
		}
	}
	for code, want := range map[string]bool{"53300": true, "28P01": true, "28000": true, "3D000": true, "57P03": true, "08006": true, "23505": false, "40001": false} {
		if got := database.IsUnavailable(&pq.Error{Code: pq.ErrorCode(code)}); got != want {
			t.Errorf("SQLSTATE %s: unavailable = %v, want %v", code, got, want)
		}
	}
	notAccepting := &pq.Error{Code: "55000", Message: `database "x" is not currently accepting connections`}
	if !database.IsUnavailable(notAccepting) || !database.IsUnavailable(errors.Join(errors.New("querying"), notAccepting)) {
		t.Errorf("%v not counted as unavailable", notAccepting)
	}
}
