package graph

import (
	"context"

	"importops/ent"
	"importops/graph/model"
	"importops/internal/audit"
	"importops/internal/viewer"
)

// edge returns an eager-loaded edge, or queries it when it was not loaded.
func edge[T any](loaded *T, query func(context.Context) (*T, error), ctx context.Context) (*T, error) {
	if loaded != nil {
		return loaded, nil
	}
	v, err := query(ctx)
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
