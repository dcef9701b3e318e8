package precompressed_test

import (
	"testing"
	"testing/fstest"

	"importops/internal/precompressed"
)

func TestPick(t *testing.T) {
	fsys := fstest.MapFS{
		"assets/app.js":    {Data: []byte("js")},
		"assets/app.js.br": {Data: []byte("br")},
		"assets/app.js.gz": {Data: []byte("gz")},
		"assets/app.css":   {Data: []byte("css")},
		"index.html.gz":    {Data: []byte("gz")},
		"index.html":       {Data: []byte("html")},
	}
	cases := []struct {
		name, accept, wantFile, wantCoding string
	}{
		{"assets/app.js", "gzip, deflate, br, zstd", "assets/app.js.br", "br"},
		{"assets/app.js", "gzip", "assets/app.js.gz", "gzip"},
		{"assets/app.js", "br;q=0, gzip;q=0.5", "assets/app.js.gz", "gzip"},
		{"assets/app.js", "BR", "assets/app.js.br", "br"},
		{"assets/app.js", "", "assets/app.js", ""},
		{"assets/app.js", "identity", "assets/app.js", ""},
		{"assets/app.js", "*", "assets/app.js.br", "br"},
		{"assets/app.js", "*, br;q=0", "assets/app.js.gz", "gzip"},
		{"assets/app.js", "gzip;q=0, br;q=0", "assets/app.js", ""},
		{"assets/app.css", "br, gzip", "assets/app.css", ""}, // no compressed copy
		{"index.html", "br, gzip", "index.html.gz", "gzip"},  // only the gzip copy
	}
	for _, c := range cases {
		file, coding := precompressed.Pick(fsys, c.name, c.accept)
		if file != c.wantFile || coding != c.wantCoding {
			t.Errorf("Pick(%q, %q) = %q, %q; want %q, %q", c.name, c.accept, file, coding, c.wantFile, c.wantCoding)
		}
	}
}

func TestContentType(t *testing.T) {
	for name, want := range map[string]string{
		"assets/app.js":  "text/javascript; charset=utf-8",
		"assets/app.css": "text/css; charset=utf-8",
		"index.html":     "text/html; charset=utf-8",
	} {
		if got := precompressed.ContentType(name); got != want {
			t.Errorf("ContentType(%q) = %q, want %q", name, got, want)
		}
	}
}
