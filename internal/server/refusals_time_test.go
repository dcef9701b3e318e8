package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"importops/internal/testenv"
)

// wantNoErrorLogs fails if the server logged anything at ERROR level.
func wantNoErrorLogs(t *testing.T, env *testenv.Env) {
	t.Helper()
	for _, line := range strings.Split(env.Logs(), "\n") {
		if strings.Contains(line, `"level":"ERROR"`) {
			t.Errorf("logged an error: %s", line)
		}
	}
}

// TestMalformedTimeIsBadUserInput: a Time that is not RFC 3339 is
// BAD_USER_INPUT naming expiresAt, as a literal and as a variable (two
// paths through gqlgen), never INTERNAL, and logs no ERROR.
func TestMalformedTimeIsBadUserInput(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		for _, tc := range []struct {
			value any
			says  string
		}{
			{"tomorrow", "RFC 3339"},
			{"2027-13-45T00:00:00Z", "month out of range"},
			{"2027-02-30T00:00:00Z", "day out of range"},
			{"2027-06-30", "2027-06-30T00:00:00Z"},
			{"2027-06-30 10:00:00", "RFC 3339"},
			{"", "empty"},
			{1782777600, "string"},
			{true, "string"},
		} {
			t.Run(fmt.Sprint(tc.value), func(t *testing.T) {
				asVariable := admin.Do(keysCreateMutation, testenv.Vars{"input": map[string]any{
					"name": "ERP sync", "expiry": "CUSTOM", "expiresAt": tc.value}})
				literal := fmt.Sprintf(`mutation { createApiKey(input: {name: "ERP sync", expiry: CUSTOM, expiresAt: %s}) { token } }`,
					graphQLLiteral(tc.value))
				for how, r := range map[string]*testenv.Response{"variable": asVariable, "literal": admin.Do(literal, nil)} {
					if r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "expiresAt" {
						t.Errorf("as a %s: %d %s, want BAD_USER_INPUT on expiresAt", how, r.Status, r.Raw)
						continue
					}
					if msg := r.Message(); !strings.Contains(msg, tc.says) || !strings.HasPrefix(msg, "expiresAt ") {
						t.Errorf("as a %s: message %q should name expiresAt and say %q", how, msg, tc.says)
					}
				}
				// The typed variable of the scalar itself goes the same way.
				r := admin.Do(`mutation($t: Time) { createApiKey(input: {name: "ERP sync", expiry: CUSTOM, expiresAt: $t}) { token } }`,
					testenv.Vars{"t": tc.value})
				if r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "expiresAt" {
					t.Errorf("as a Time variable: %d %s, want BAD_USER_INPUT on expiresAt", r.Status, r.Raw)
				}
			})
		}
		keysWantNothingWritten(t, env, 0, 0)

		// 300 aliases: 300 coded refusals (or one for the whole request),
		// and still no ERROR line.
		var q strings.Builder
		q.WriteString("mutation {")
		for i := range 300 {
			fmt.Fprintf(&q, ` k%d: createApiKey(input: {name: "ERP sync", expiry: CUSTOM, expiresAt: "tomorrow"}) { token }`, i)
		}
		q.WriteString(" }")
		r := admin.Do(q.String(), nil)
		if len(r.Errors) == 0 {
			t.Fatalf("300 aliased malformed times: %d %.300s", r.Status, r.Raw)
		}
		for _, e := range r.Errors {
			if e.Code() != "BAD_USER_INPUT" {
				t.Fatalf("300 aliased malformed times: an error coded %s: %.300s", e.Code(), r.Raw)
			}
		}
		keysWantNothingWritten(t, env, 0, 0)
		wantNoErrorLogs(t, env)

		// A well-formed time still works, with an offset, and comes back in UTC.
		at := time.Now().Add(30 * 24 * time.Hour).Truncate(time.Second)
		created := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "CUSTOM",
			"expiresAt": at.In(time.FixedZone("", 2*3600)).Format(time.RFC3339)})
		if got := created.CreateApiKey.ApiKey.ExpiresAt; !got.Equal(at) || got.Location() != time.UTC {
			t.Errorf("expiresAt = %s, want %s", got, at.UTC())
		}
	})
}

// graphQLLiteral writes v as a GraphQL literal.
func graphQLLiteral(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}
