package server_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"importops/internal/testenv"
)

// TestMetricsAfterASession: after a scripted session the counters have
// moved by exactly what it did, and nothing in the output names a token,
// a key prefix or the organisation.
func TestMetricsAfterASession(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url) // one signIn
		good := keysCreate(t, admin, map[string]any{"name": "Website inventory sync", "expiry": "ONE_YEAR"}).CreateApiKey
		old := keysCreate(t, admin, map[string]any{"name": "Old script", "expiry": "ONE_YEAR"}).CreateApiKey
		keysRevoke(t, admin, old.ApiKey.ID)

		for range 3 {
			env.Bearer(good.Token).Do(keysVehiclesQuery, nil).Decode(t, &struct{}{})
		}
		for range 2 {
			env.Bearer(old.Token).Do(keysVehiclesQuery, nil).WantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
		}
		env.Bearer("iops_not-a-token").Do(keysVehiclesQuery, nil).WantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
		env.Bearer(good.Token).Do(`{ keys(first: 1) { totalCount } }`, nil) // FORBIDDEN: keys cannot manage keys
		env.FlushLastUsed()

		rec := httptest.NewRecorder()
		env.Metrics.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		out := rec.Body.String()
		for _, tc := range []struct {
			name   string
			labels string
			want   float64
		}{
			{"importops_key_verifications_total", `outcome="ok"`, 4},
			{"importops_key_verifications_total", `outcome="revoked"`, 2},
			{"importops_key_verifications_total", `outcome="malformed"`, 1},
			{"importops_http_requests_total", `code="none",handler="graphql",operation="vehicles",status="200"`, 3},
			{"importops_http_requests_total", `code="UNAUTHENTICATED",handler="graphql",operation="none",status="401"`, 3},
			{"importops_http_requests_total", `code="FORBIDDEN",handler="graphql",operation="keys",status="200"`, 1},
			{"importops_http_requests_total", `code="none",handler="graphql",operation="createApiKey",status="200"`, 2},
			{"importops_http_requests_total", `code="none",handler="graphql",operation="signIn",status="200"`, 1},
			{"importops_http_request_duration_seconds_count", `handler="graphql"`, 11}, // every request above
			{"importops_last_used_flushes_total", `result="ok"`, 1},
			{"importops_last_used_flushed_rows_total", ``, 1},
		} {
			if got := metricValue(t, out, tc.name, tc.labels); got != tc.want {
				t.Errorf("%s{%s} = %v, want %v", tc.name, tc.labels, got, tc.want)
			}
		}
		if !strings.Contains(out, "go_sql_max_open_connections") || !strings.Contains(out, "go_goroutines") {
			t.Errorf("the pool's and the runtime's statistics are missing")
		}
		for _, secret := range []string{good.Token, good.Token[:12], old.Token[:12], "acme", "Website inventory sync", "ada@acme.test"} {
			if strings.Contains(out, secret) {
				t.Errorf("the metrics contain %q", secret)
			}
		}
	})
}

// metricValue finds the sample of name whose labels are exactly labels
// (as Prometheus writes them, sorted by name), or fails.
func metricValue(t *testing.T, out, name, labels string) float64 {
	t.Helper()
	series := name
	if labels != "" {
		series += "{" + labels + "}"
	}
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(out)
	if m == nil {
		t.Errorf("no sample %s in the metrics", series)
		return -1
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
