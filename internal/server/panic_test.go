package server

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"importops/graph"
	"importops/internal/reqlog"
	"importops/internal/viewer"
)

// A resolver that panics (here: one with no database at all) is recovered:
// the caller gets INTERNAL with the request id, the log gets the panic.
func TestPanicInResolverIsRecovered(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	gql := newGraphQL(&graph.Resolver{}, log)
	h := reqlog.Middleware(log, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := &viewer.Viewer{OrgID: 1, UserID: 1, Admin: true}
		gql.ServeHTTP(w, r.WithContext(viewer.NewContext(r.Context(), v)))
	}))
	req := httptest.NewRequestWithContext(context.Background(), http.MethodPost, "/graphql",
		strings.NewReader(`{"query":"{ vehicles { totalCount } }"}`))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)

	id := rec.Header().Get("X-Request-Id")
	body := rec.Body.String()
	if !strings.Contains(body, `"code":"INTERNAL"`) || id == "" || !strings.Contains(body, id) {
		t.Fatalf("panicking resolver answered %d %s (request id %q)", rec.Code, body, id)
	}
	if strings.Contains(body, "nil pointer") || strings.Contains(body, "goroutine") {
		t.Errorf("the panic's detail reached the caller: %s", body)
	}
	if !strings.Contains(logs.String(), "panic in a resolver") || !strings.Contains(logs.String(), id) {
		t.Errorf("the panic was not logged with the request id:\n%s", logs.String())
	}
}

func TestServerTimeoutsAreSet(t *testing.T) {
	s := HTTPServer("127.0.0.1:0", http.NotFoundHandler())
	if s.ReadHeaderTimeout == 0 || s.ReadTimeout == 0 || s.WriteTimeout == 0 || s.IdleTimeout == 0 {
		t.Fatalf("a timeout is unset: %+v", s)
	}
}
