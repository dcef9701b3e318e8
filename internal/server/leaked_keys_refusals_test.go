package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"importops/internal/leaks"
	"importops/internal/testenv"
)

// leakedWantRefusal fails unless the answer is status with the coded JSON
// error of the rest of the API, not stored by caches, and returns its
// message.
func leakedWantRefusal(t *testing.T, resp *http.Response, raw string, status int, code string) string {
	t.Helper()
	var body struct {
		Errors []struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	if err := json.Unmarshal([]byte(raw), &body); err != nil || len(body.Errors) != 1 {
		t.Fatalf("want one coded error, got %d %s", resp.StatusCode, raw)
	}
	e := body.Errors[0]
	if resp.StatusCode != status || e.Extensions.Code != code || e.Message == "" {
		t.Fatalf("want HTTP %d with code %s and a message, got %d %s", status, code, resp.StatusCode, raw)
	}
	if resp.Header.Get("Content-Type") != "application/json" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("headers %v, want JSON and no-store", resp.Header)
	}
	return e.Message
}

// Bad requests are refused with a coded error and revoke nothing, even when
// they hold an active key's token: over 100 reports, a body over 64 KiB,
// another method or content type, a body that is not an array of report
// objects, a report without a token.
func TestLeakedKeysRefusals(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		key := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey
		one := []leakedReport{leakedOurs(key.Token)}

		many := make([]leakedReport, 101)
		for i := range many {
			many[i] = leakedOurs(key.Token)
		}
		resp, raw := leakedPost(t, env, http.MethodPost, "application/json", "", many)
		if msg := leakedWantRefusal(t, resp, raw, 400, "BAD_USER_INPUT"); !strings.Contains(msg, "100") {
			t.Errorf("101 reports: %q does not give the limit of 100", msg)
		}

		big := leakedOurs(key.Token)
		big.URL = "https://github.com/" + strings.Repeat("a", 64<<10)
		resp, raw = leakedPost(t, env, http.MethodPost, "application/json", "", []leakedReport{big})
		leakedWantRefusal(t, resp, raw, 413, "BAD_USER_INPUT")
		// The same without a Content-Length (chunked): cut off at the limit.
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/api/leaked-keys",
			io.MultiReader(strings.NewReader(string(mustMarshal(t, []leakedReport{big})))))
		req.Header.Set("Content-Type", "application/json")
		chunked, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(chunked.Body)
		chunked.Body.Close()
		if chunked.Request.ContentLength != -1 && chunked.Request.ContentLength != 0 {
			t.Fatalf("the request declared its length %d", chunked.Request.ContentLength)
		}
		leakedWantRefusal(t, chunked, string(body), 413, "BAD_USER_INPUT")

		for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
			resp, raw = leakedPost(t, env, m, "application/json", "", one)
			leakedWantRefusal(t, resp, raw, 405, "BAD_USER_INPUT")
			if a := resp.Header.Get("Allow"); a != "POST" {
				t.Errorf("%s: Allow %q, want POST", m, a)
			}
		}
		for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded", "application/jsonx"} {
			resp, raw = leakedPost(t, env, http.MethodPost, ct, "", one)
			leakedWantRefusal(t, resp, raw, 415, "BAD_USER_INPUT")
		}
		for _, body := range []string{
			"", "null", "{}", `{"token": "` + key.Token + `"}`, `"` + key.Token + `"`, "[1]", "[null]",
			`[{"token": 5, "type": "importops_api_key"}]`, `[{"token": "` + key.Token + `"`,
			`[{"type": "importops_api_key", "url": "https://x.test"}]`,
			`[{"token": "` + key.Token + `", "type": "importops_api_key"}, {"token": "", "type": "importops_api_key"}]`,
		} {
			resp, raw = leakedPost(t, env, http.MethodPost, "application/json; charset=utf-8", "", body)
			if resp.StatusCode != 400 {
				t.Errorf("body %.60q: %d %s, want 400", body, resp.StatusCode, raw)
				continue
			}
			leakedWantRefusal(t, resp, raw, 400, "BAD_USER_INPUT")
		}

		env.Bearer(key.Token).Do(keysVehiclesQuery, nil).Decode(t, &struct{}{})
		if e := leakedAuditLog(t, admin); e[0].Action != "api_key.created" {
			t.Errorf("newest audit entry %+v, want the creation only", e[0])
		}

		labels, _ := leakedReportOK(t, env) // an empty report is no error
		if len(labels) != 0 {
			t.Errorf("labels for no reports: %v", labels)
		}
	})
}

// Each client address may send leaks.RequestsPerMinute requests a minute,
// refusals included; then 429 RATE_LIMITED with Retry-After, while other
// addresses go on. Behind a trusted proxy the address is X-Forwarded-For's.
func TestLeakedKeysRateLimit(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url, testenv.Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
		for i := range leaks.RequestsPerMinute {
			ct := "application/json"
			if i%2 == 1 {
				ct = "text/plain" // refused, and counted all the same
			}
			if resp, raw := leakedPost(t, env, http.MethodPost, ct, "203.0.113.7", "[]"); resp.StatusCode == 429 {
				t.Fatalf("request %d was rate-limited: %s", i+1, raw)
			}
		}
		resp, raw := leakedPost(t, env, http.MethodPost, "application/json", "203.0.113.7", "[]")
		leakedWantRefusal(t, resp, raw, 429, "RATE_LIMITED")
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || s < 1 || s > 60 {
			t.Errorf("Retry-After %q, want 1 to 60 seconds", resp.Header.Get("Retry-After"))
		}
		if resp, raw := leakedPost(t, env, http.MethodPost, "application/json", "203.0.113.8", "[]"); resp.StatusCode != 200 {
			t.Errorf("another address: %d %s, want 200", resp.StatusCode, raw)
		}
		if n := strings.Count(env.Logs(), `"path":"/api/leaked-keys","status":429`); n != 1 {
			t.Errorf("%d request log lines of a 429, want 1", n)
		}
	})
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
