package server_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"testing"

	"importops/frontend"
	"importops/internal/testenv"
)

// The page's files go out compressed at build time, in the coding the
// browser asks for, typed as the original and marked Vary: Accept-Encoding
// so caches keep one copy per coding.
func TestSPASendsPrecompressedFiles(t *testing.T) {
	if !frontend.Built() {
		t.Skip("the page is not built into this binary (make build)")
	}
	env := testenv.New(t, testenv.SQLiteURL(t))
	script := firstAsset(t, ".js")
	original, err := fs.ReadFile(frontend.Dist(), script)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ accept, wantCoding string }{
		{"gzip, deflate, br, zstd", "br"}, // what Chromium sends
		{"gzip", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"identity", ""},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(http.MethodGet, env.URL+"/"+script, nil)
		req.Header.Set("Accept-Encoding", c.accept) // set by hand: Go's client then leaves the body as sent
		resp, body := authRaw(t, req)
		h := resp.Header
		if resp.StatusCode != http.StatusOK || h.Get("Content-Encoding") != c.wantCoding {
			t.Errorf("Accept-Encoding %q: %d, Content-Encoding %q, want 200 and %q", c.accept, resp.StatusCode, h.Get("Content-Encoding"), c.wantCoding)
		}
		if !strings.HasPrefix(h.Get("Content-Type"), "text/javascript") || h.Get("Vary") != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: Content-Type %q, Vary %q; want text/javascript and Accept-Encoding", c.accept, h.Get("Content-Type"), h.Get("Vary"))
		}
		switch c.wantCoding {
		case "":
			if body != string(original) {
				t.Errorf("identity: the body is not the script as built")
			}
		case "gzip":
			if got := gunzip(t, body); !bytes.Equal(got, original) {
				t.Errorf("gzip: the body does not decompress to the script as built")
			}
		}
		if c.wantCoding != "" && len(body)*2 > len(original) {
			t.Errorf("%s: %d bytes sent for a %d-byte script, want it compressed", c.wantCoding, len(body), len(original))
		}
	}

	req, _ := http.NewRequest(http.MethodGet, env.URL+"/settings/webhooks", nil)
	req.Header.Set("Accept-Encoding", "br")
	resp, _ := authRaw(t, req)
	if resp.Header.Get("Content-Encoding") != "br" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("an app route: Content-Encoding %q, Content-Type %q; want index.html in brotli", resp.Header.Get("Content-Encoding"), resp.Header.Get("Content-Type"))
	}
}

// firstAsset names a built file under assets/ ending in ext.
func firstAsset(t *testing.T, ext string) string {
	t.Helper()
	entries, err := fs.ReadDir(frontend.Dist(), "assets")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ext) {
			return "assets/" + e.Name()
		}
	}
	t.Fatalf("no assets/*%s in the built page", ext)
	return ""
}

func gunzip(t *testing.T, body string) []byte {
	t.Helper()
	r, err := gzip.NewReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
