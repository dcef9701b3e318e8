package graph

import (
	"context"

	"importops/ent"
	"importops/graph/model"
	"importops/internal/audit"
	"importops/internal/viewer"
)

// edge returns an edge its list loaded (see collect.go), nil when the list
// loaded it and found none, or queries it for an object that was not
// loaded with its edges (a mutation's payload).
func edge[T any](loaded func() (*T, error), query func(context.Context) (*T, error), ctx context.Context) (*T, error) {
	v, err := loaded()
	if err == nil || ent.IsNotFound(err) {
		return v, nil
	}
	v, err = query(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return v, err
}

// viewerOf loads what the viewer query shows about v.
func (r *Resolver) viewerOf(ctx context.Context, v *viewer.Viewer) (*model.Viewer, error) {
	org, err := r.DB.Organization.Get(viewer.System(ctx), v.OrgID)
	if err != nil {
		return nil, err
	}
	out := &model.Viewer{Organization: org}
	if v.IsKey() {
		out.APIKey, err = r.DB.APIKey.Get(ctx, v.KeyID)
		return out, err
	}
	out.User, err = r.DB.User.Get(viewer.System(ctx), v.UserID)
	if err != nil {
		return nil, err
	}
	out.Role = out.User.Role
	return out, nil
}

func actor(v *viewer.Viewer) audit.Actor {
	return audit.Actor{UserID: v.UserID, Name: v.UserName}
}
