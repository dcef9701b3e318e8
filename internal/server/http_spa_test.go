package server_test

import (
	"net"
	"net/http"
	"strings"
	"testing"

	"importops/internal/testenv"
)

// authCheckPageHeaders checks the security headers every page carries.
func authCheckPageHeaders(t *testing.T, path string, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	directives := map[string]string{}
	for _, d := range strings.Split(csp, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		directives[name] = value
	}
	script, ok := directives["script-src"]
	if !ok {
		script, ok = directives["default-src"]
	}
	if !ok || strings.Contains(script, "'unsafe-inline'") || strings.Contains(script, "'unsafe-eval'") || strings.Contains(script, "*") {
		t.Errorf("%s: CSP %q allows inline or foreign scripts", path, csp)
	}
	if directives["frame-ancestors"] != "'none'" {
		t.Errorf("%s: CSP %q lacks frame-ancestors 'none'", path, csp)
	}
	if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options = %q", path, got)
	}
	if got := h.Get("Referrer-Policy"); got == "" || strings.Contains(got, "unsafe-url") {
		t.Errorf("%s: Referrer-Policy = %q", path, got)
	}
}

func TestSPAIndex(t *testing.T) {
	env := testenv.New(t, testenv.SQLiteURL(t))
	for _, path := range []string{"/", "/settings/api-keys", "/settings/api-keys/", "/index.html"} {
		req, _ := http.NewRequest(http.MethodGet, env.URL+path, nil)
		resp, body := authRaw(t, req)
		if resp.StatusCode == http.StatusMovedPermanently && path == "/index.html" {
			continue // http.ServeContent-style redirect to "/"
		}
		switch resp.StatusCode {
		case http.StatusOK:
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(strings.ToLower(body), "<html") {
				t.Errorf("%s: %q %.100q, want the HTML page", path, resp.Header.Get("Content-Type"), body)
			}
			if strings.Contains(body, "<script>") {
				t.Errorf("%s: the page has an inline script, which its own CSP blocks", path)
			}
			// The page's hashed script is served, cacheable for long.
			if _, rest, ok := strings.Cut(body, `src="/assets/`); ok {
				asset, _, _ := strings.Cut(rest, `"`)
				req, _ := http.NewRequest(http.MethodGet, env.URL+"/assets/"+asset, nil)
				aresp, _ := authRaw(t, req)
				if aresp.StatusCode != http.StatusOK || !strings.Contains(aresp.Header.Get("Content-Type"), "javascript") {
					t.Errorf("/assets/%s: %d %q", asset, aresp.StatusCode, aresp.Header.Get("Content-Type"))
				}
				if !strings.Contains(aresp.Header.Get("Cache-Control"), "immutable") {
					t.Errorf("/assets/%s: Cache-Control = %q, want long-lived", asset, aresp.Header.Get("Cache-Control"))
				}
				authCheckPageHeaders(t, "/assets/"+asset, aresp.Header)
			}
		case http.StatusServiceUnavailable:
			if !strings.Contains(body, "not built") {
				t.Errorf("%s: 503 %q, want it to say the page was not built", path, body)
			}
		default:
			t.Errorf("%s: status %d, want the page (200) or \"not built\" (503)", path, resp.StatusCode)
		}
		authCheckPageHeaders(t, path, resp.Header)
		if cc := resp.Header.Get("Cache-Control"); cc != "no-cache" && cc != "no-store" {
			t.Errorf("%s: Cache-Control = %q, want no-cache for index.html", path, cc)
		}
	}
}

func TestSPAMissingAndForeignFiles(t *testing.T) {
	env := testenv.New(t, testenv.SQLiteURL(t))
	for _, path := range []string{"/assets/x.js", "/assets/missing.css", "/favicon-missing.ico", "/embed.go", "/go.mod"} {
		req, _ := http.NewRequest(http.MethodGet, env.URL+path, nil)
		resp, body := authRaw(t, req)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d %.100q, want 404", path, resp.StatusCode, body)
		}
		authCheckPageHeaders(t, path, resp.Header)
	}
	// Other methods than GET are not pages.
	req, _ := http.NewRequest(http.MethodPost, env.URL+"/settings/api-keys", strings.NewReader("x"))
	if resp, _ := authRaw(t, req); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST to a page: %d, want 405", resp.StatusCode)
	}
}

// authRawGET sends "GET target" exactly as written, with no client
// cleaning the path, and returns the whole answer.
func authRawGET(t *testing.T, base, target string) string {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	buf := make([]byte, 64<<10)
	for {
		n, err := conn.Read(buf)
		sb.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return sb.String()
}

func TestSPAPathTraversal(t *testing.T) {
	env := testenv.New(t, testenv.SQLiteURL(t))
	targets := []string{
		"/../../etc/passwd",
		"/%2e%2e/go.mod",
		"/%2e%2e/%2e%2e/go.mod",
		"/..%2f..%2fgo.mod",
		"/assets/../../go.mod",
		"/assets/..%2f..%2fembed.go",
		"/%2e%2e%2fembed.go",
		"/..\\..\\go.mod",
		"/....//....//etc/passwd",
	}
	// Markers of files outside frontend/dist.
	outside := []string{"root:", "module importops", "package frontend", "go:embed"}
	for _, target := range targets {
		answer := authRawGET(t, env.URL, target)
		status, _, _ := strings.Cut(answer, "\r\n")
		for _, m := range outside {
			if strings.Contains(answer, m) {
				t.Errorf("GET %s served a file outside dist (%q found): %s", target, m, status)
			}
		}
		// Through a normal client too, following redirects.
		resp, err := http.Get(env.URL + target)
		if err != nil {
			continue // a client may refuse such a URL: nothing was served
		}
		var sb strings.Builder
		buf := make([]byte, 64<<10)
		for {
			n, err := resp.Body.Read(buf)
			sb.Write(buf[:n])
			if err != nil {
				break
			}
		}
		resp.Body.Close()
		for _, m := range outside {
			if strings.Contains(sb.String(), m) {
				t.Errorf("GET %s (client) served a file outside dist (%q found)", target, m)
			}
		}
	}
}
