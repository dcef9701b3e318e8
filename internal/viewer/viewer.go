// Package viewer carries the caller of a request through its context: a
// team member signed in with a session, or an API key. Every database query
// of organisation data is filtered by the viewer's organisation (see
// ent/schema/tenant.go), so a request without a viewer reads nothing.
//
// It imports nothing of the project, so the ent schema can depend on it.
package viewer

import (
	"context"
	"slices"
)

// Viewer is who is making a request.
type Viewer struct {
	OrgID int

	// A team member signed in with a session.
	UserID    int
	UserName  string
	Admin     bool
	SessionID int

	// An API key.
	KeyID     int
	KeyPrefix string
	Scopes    []string
}

// IsKey reports whether the request is authenticated by an API key.
func (v *Viewer) IsKey() bool { return v.KeyID != 0 }

// HasScope reports whether the viewer may do what scope allows. Team members
// hold every vehicle scope (any member may read and write vehicles); a key
// holds only what it was issued with.
func (v *Viewer) HasScope(scope string) bool {
	if !v.IsKey() {
		return v.UserID != 0
	}
	return slices.Contains(v.Scopes, scope)
}

type viewerKey struct{}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// FromContext returns the viewer of ctx, or nil.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(viewerKey{}).(*Viewer)
	return v
}

type systemKey struct{}

// System returns a context that may read and write every organisation's
// rows. It is for the few places that act before there is a viewer or on
// behalf of no organisation: authenticating a request, signing in, the
// command line, and flushing last-used times. Resolvers use it only to
// read the viewer's own user and organisation, and never pass it on.
func System(ctx context.Context) context.Context {
	return context.WithValue(ctx, systemKey{}, true)
}

// IsSystem reports whether ctx came from System.
func IsSystem(ctx context.Context) bool {
	b, _ := ctx.Value(systemKey{}).(bool)
	return b
}
