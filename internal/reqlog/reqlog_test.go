package reqlog

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func serve(t *testing.T, h http.HandlerFunc, target string) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	var logs bytes.Buffer
	rec := httptest.NewRecorder()
	Middleware(slog.New(slog.NewJSONHandler(&logs, nil)), h).ServeHTTP(rec, httptest.NewRequest("POST", target, nil))
	var line map[string]any
	if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
		t.Fatalf("the log is not one JSON line: %q", logs.String())
	}
	return rec, line
}

func TestLogLine(t *testing.T) {
	rec, line := serve(t, func(w http.ResponseWriter, r *http.Request) {
		FromContext(r.Context()).KeyPrefix = "iops_abcdefg"
		w.WriteHeader(http.StatusTeapot)
	}, "/graphql?api_key=secret")
	if line["method"] != "POST" || line["path"] != "/graphql" || line["status"] != float64(418) ||
		line["key_prefix"] != "iops_abcdefg" || line["request_id"] != rec.Header().Get("X-Request-Id") || line["duration_ms"] == nil {
		t.Errorf("log line %v", line)
	}
	if b, _ := json.Marshal(line); strings.Contains(string(b), "secret") {
		t.Errorf("the query string was logged: %s", b)
	}
}

func TestStatusOverridesOnlyOK(t *testing.T) {
	rec, line := serve(t, func(w http.ResponseWriter, r *http.Request) {
		e := FromContext(r.Context())
		e.Status, e.RetryAfter = http.StatusTooManyRequests, 1500*time.Millisecond
		w.Write([]byte("{}")) // an implicit 200
	}, "/graphql")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "2" || line["status"] != float64(429) {
		t.Errorf("got %d, Retry-After %q, logged %v", rec.Code, rec.Header().Get("Retry-After"), line["status"])
	}
	rec, _ = serve(t, func(w http.ResponseWriter, r *http.Request) {
		FromContext(r.Context()).Status = http.StatusServiceUnavailable
		w.WriteHeader(http.StatusBadRequest) // an explicit error status stands
	}, "/graphql")
	if rec.Code != http.StatusBadRequest {
		t.Errorf("an explicit 400 became %d", rec.Code)
	}
}

func TestEveryRequestGetsItsOwnID(t *testing.T) {
	a, _ := serve(t, func(http.ResponseWriter, *http.Request) {}, "/")
	b, _ := serve(t, func(http.ResponseWriter, *http.Request) {}, "/")
	if a.Header().Get("X-Request-Id") == "" || a.Header().Get("X-Request-Id") == b.Header().Get("X-Request-Id") {
		t.Errorf("request ids %q and %q", a.Header().Get("X-Request-Id"), b.Header().Get("X-Request-Id"))
	}
}
