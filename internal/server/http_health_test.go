package server_test

import (
	"net/http"
	"testing"

	"importops/internal/testenv"
)

func TestHealthz(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		get := func() (*http.Response, string) {
			req, _ := http.NewRequest(http.MethodGet, env.URL+"/healthz", nil)
			return authRaw(t, req)
		}
		resp, body := get()
		if resp.StatusCode != http.StatusOK || body != "ok\n" {
			t.Errorf("healthz with the database up: %d %q, want 200 \"ok\"", resp.StatusCode, body)
		}
		if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control = %q, want no-store (a cached ok hides an outage)", cc)
		}

		// Only GET (and HEAD) are health checks.
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/healthz", nil)
		if resp, _ := authRaw(t, req); resp.StatusCode == http.StatusOK {
			t.Errorf("POST /healthz answered 200")
		}

		if err := env.DB.SQL.Close(); err != nil {
			t.Fatal(err)
		}
		resp, body = get()
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("healthz with the database closed: %d %q, want 503", resp.StatusCode, body)
		}
		if body == "ok\n" {
			t.Errorf("healthz says ok with the database closed")
		}
	})
}
