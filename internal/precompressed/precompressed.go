// Package precompressed picks, for a static file, the copy compressed at
// build time (name.br, name.gz) that the client accepts, so the bytes sent
// are the small ones without compressing on every request.
package precompressed

import (
	"io/fs"
	"mime"
	"path"
	"strconv"
	"strings"
)

// encodings in order of preference (brotli is smaller), with their suffix.
var encodings = []struct{ coding, suffix string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// Pick returns the file to send for name and its Content-Encoding: a
// compressed sibling when the client accepts that coding and it exists,
// otherwise name itself and "".
func Pick(fsys fs.FS, name, acceptEncoding string) (file, coding string) {
	for _, e := range encodings {
		if !Accepts(acceptEncoding, e.coding) {
			continue
		}
		if st, err := fs.Stat(fsys, name+e.suffix); err == nil && st.Mode().IsRegular() {
			return name + e.suffix, e.coding
		}
	}
	return name, ""
}

// Accepts reports whether an Accept-Encoding header allows coding: listed
// (or "*") with a q-value above zero.
func Accepts(header, coding string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != coding && name != "*" {
			continue
		}
		ok := qualityAboveZero(params)
		if name == coding {
			return ok // an explicit entry wins over "*"
		}
		star = ok
	}
	return star
}

func qualityAboveZero(params string) bool {
	for _, p := range strings.Split(params, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(strings.TrimSpace(k), "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return err == nil && q > 0
		}
	}
	return true
}

// ContentType is the type of the original file, not of its .br or .gz
// copy (which http.ServeContent would guess from the suffix).
func ContentType(name string) string {
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}
