package server

import (
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"importops/frontend"
	"importops/internal/precompressed"
)

// securityHeaders go with every page: scripts only from this origin (no
// inline scripts), no framing, no MIME sniffing, no referrer to others.
func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
}

// spa serves the embedded app: a file when it exists, index.html for any
// other path (the app routes on the client). Vite puts content-hashed
// assets under /assets/, which may be cached for a year; index.html must
// not be cached, so a new release is picked up at once.
func spa() http.Handler {
	dist := frontend.Dist()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w.Header())
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name != "" && name != "index.html" {
			if isFile(dist, name) {
				if strings.HasPrefix(name, "assets/") {
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				serveFile(w, r, dist, name)
				return
			}
			if path.Ext(name) != "" {
				// A missing file, not an app route: index.html in its
				// place would only confuse the browser.
				http.NotFound(w, r)
				return
			}
		}
		index(w, r, dist)
	})
}

func index(w http.ResponseWriter, r *http.Request, dist fs.FS) {
	w.Header().Set("Cache-Control", "no-cache")
	if !isFile(dist, "index.html") {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("The settings page was not built into this binary: run `make build` (or `make run`).\n"))
		return
	}
	serveFile(w, r, dist, "index.html")
}

// serveFile sends name, or the copy compressed at build time (see
// frontend/scripts/compress.mjs) that the client accepts, typed as name.
func serveFile(w http.ResponseWriter, r *http.Request, dist fs.FS, name string) {
	file, coding := precompressed.Pick(dist, name, r.Header.Get("Accept-Encoding"))
	f, ok := openFile(dist, file)
	if !ok {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Add("Vary", "Accept-Encoding")
	h.Set("Content-Type", precompressed.ContentType(name))
	if coding != "" {
		h.Set("Content-Encoding", coding)
	}
	http.ServeContent(w, r, name, time.Time{}, f)
}

// isFile reports whether name is a regular file in dist.
func isFile(dist fs.FS, name string) bool {
	st, err := fs.Stat(dist, name)
	return err == nil && st.Mode().IsRegular()
}

// seekableFile is what embedded files are: served as they are, not copied
// into memory on every request.
type seekableFile interface {
	fs.File
	io.ReadSeeker
}

// openFile opens name in dist when it is a regular file.
func openFile(dist fs.FS, name string) (seekableFile, bool) {
	f, err := dist.Open(name)
	if err != nil {
		return nil, false
	}
	sf, ok := f.(seekableFile)
	if st, err := f.Stat(); err != nil || st.IsDir() || !ok {
		f.Close()
		return nil, false
	}
	return sf, true
}
