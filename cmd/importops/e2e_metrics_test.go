package main_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"importops/internal/testenv"
)

// TestMetricsListener: serve --metrics-addr serves Prometheus's text
// format on a listener of its own, whose counters follow the requests
// made to the real binary, and the public listener has no /metrics.
func TestMetricsListener(t *testing.T) {
	url := testenv.SQLiteURL(t)
	keyFixtures(t, url)
	tok := issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "ERP sync", "--by", "sam@importops.test"))

	srv := startServer(t, url, "--metrics-addr", "127.0.0.1:0")
	var metricsURL string
	for metricsURL == "" {
		select {
		case line := <-srv.lines:
			if m := regexp.MustCompile(`^Metrics are served on (http://127\.0\.0\.1:\d+/metrics)$`).FindStringSubmatch(line); m != nil {
				metricsURL = m[1]
			}
		case <-time.After(cmdTimeout):
			t.Fatal("serve --metrics-addr did not say where the metrics are")
		}
	}
	for range 4 {
		srv.env(t).Bearer(tok).Do(`{ vehicles { totalCount } }`, nil).Decode(t, &struct{}{})
	}
	body := fetch(t, metricsURL, http.StatusOK)
	if !strings.Contains(body, `importops_key_verifications_total{outcome="ok"} 4`) {
		t.Errorf("want 4 good verifications in:\n%s", grepLines(body, "importops_key"))
	}
	if strings.Contains(body, tok[:12]) || strings.Contains(body, "acme") {
		t.Errorf("the metrics name the key or the organisation")
	}
	// On the public listener /metrics is the page's catch-all.
	if b := fetch(t, srv.URL+"/metrics", http.StatusOK); strings.Contains(b, "importops_") {
		t.Errorf("the public listener serves the metrics")
	}
	srv.stop()
}

func fetch(t *testing.T, url string, status int) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Fatalf("GET %s: %d, want %d", url, resp.StatusCode, status)
	}
	return string(b)
}

func grepLines(s, substr string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
