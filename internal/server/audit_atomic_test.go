package server_test

import (
	"strings"
	"testing"

	"importops/internal/testenv"
)

// auditWantInternal fails unless r is INTERNAL with a generic message that
// carries the request id and no database detail, the detail going to the
// log instead.
func auditWantInternal(t *testing.T, env *testenv.Env, r *testenv.Response) {
	t.Helper()
	r.WantError(t, 200, "INTERNAL")
	id := r.Header.Get("X-Request-Id")
	if id == "" || !strings.Contains(r.Message(), id) {
		t.Errorf("message %q does not carry the request id %q", r.Message(), id)
	}
	for _, leak := range []string{"injected", "audit_entries", "api_keys", "INSERT", "UPDATE", "sql", "SQL", "trigger", "constraint"} {
		if strings.Contains(r.Raw, leak) {
			t.Errorf("the response reveals %q: %s", leak, r.Raw)
		}
	}
	if logs := env.Logs(); !strings.Contains(logs, "injected") || !strings.Contains(logs, id) {
		t.Errorf("the log lacks the failure's detail with its request id %q", id)
	}
}

// A key is never written without its audit entry.
func TestAuditAtomicCreate(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		env.FailAuditInserts()

		r := admin.Do(keysCreateMutation, testenv.Vars{"input": map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}})
		auditWantInternal(t, env, r)
		if strings.Contains(r.Raw, "iops_") {
			t.Errorf("a failed creation returned a token: %s", r.Raw)
		}
		keysWantNothingWritten(t, env, 0, 0)
	})
}

// A key is never revoked without its audit entry.
func TestAuditAtomicRevoke(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		created := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey
		env.FailAuditInserts()

		r := admin.Do(keysRevokeMutation, testenv.Vars{"id": created.ApiKey.ID})
		auditWantInternal(t, env, r)
		keysWantNothingWritten(t, env, 1, 1)
		if k := env.DB.APIKey.GetX(testenv.System(), keysAtoi(t, created.ApiKey.ID)); k.RevokedAt != nil {
			t.Errorf("the key was revoked at %s without an audit entry", k.RevokedAt)
		}
		if list := keysList(t, admin, nil, nil).Keys; list.Edges[0].Node.Status != "ACTIVE" {
			t.Errorf("the key is listed as %s", list.Edges[0].Node.Status)
		}
		var v struct{ Vehicles struct{ TotalCount int } }
		env.Bearer(created.Token).Do(keysVehiclesQuery, nil).Decode(t, &v)
	})
}
