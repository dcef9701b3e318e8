// Package frontend holds the settings page, built by Vite into dist/ and
// embedded in the importops binary.
//
// Only dist/.gitkeep is committed: `all:` embeds it, so a fresh clone
// compiles before Node has ever run, and the server can then say how to
// build the page instead of failing (see Built).
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist is the built app, rooted at dist/.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a literal that go:embed has already checked
	}
	return sub
}

// Built reports whether the app has been built (dist holds an index.html).
func Built() bool {
	_, err := fs.Stat(Dist(), "index.html")
	return err == nil
}
