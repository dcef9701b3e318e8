package schema

import (
	"context"
	"errors"
	"fmt"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"importops/ent/intercept"
	"importops/internal/viewer"
)

// ErrNoTenant is returned when organisation data is read or written with
// neither a viewer nor a system context: failing closed beats leaking.
var ErrNoTenant = errors.New("no organisation in context")

// TenantMixin marks a type as owned by one organisation. It is the one place
// where isolation is enforced: every query is filtered by the viewer's
// organisation, every create is stamped with it, and every update or delete
// is limited to it. Resolvers therefore cannot forget the filter.
type TenantMixin struct {
	mixin.Schema
}

func (TenantMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Int("organization_id").Immutable(),
	}
}

func (TenantMixin) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("organization", Organization.Type).
			Field("organization_id").Unique().Required().Immutable(),
	}
}

// wherer is what generated queries and mutations have in common.
type wherer interface {
	WhereP(...func(*sql.Selector))
}

func (TenantMixin) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{
		ent.TraverseFunc(func(ctx context.Context, q ent.Query) error {
			generic, err := intercept.NewQuery(q)
			if err != nil {
				return err
			}
			return scope(ctx, generic)
		}),
	}
}

func (TenantMixin) Hooks() []ent.Hook {
	return []ent.Hook{
		func(next ent.Mutator) ent.Mutator {
			return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
				if err := scopeMutation(ctx, m); err != nil {
					return nil, err
				}
				return next.Mutate(ctx, m)
			})
		},
	}
}

func scope(ctx context.Context, q any) error {
	if viewer.IsSystem(ctx) {
		return nil
	}
	v := viewer.FromContext(ctx)
	if v == nil || v.OrgID == 0 {
		return ErrNoTenant
	}
	w, ok := q.(wherer)
	if !ok {
		return fmt.Errorf("tenant: %T cannot be filtered", q)
	}
	w.WhereP(sql.FieldEQ("organization_id", v.OrgID))
	return nil
}

func scopeMutation(ctx context.Context, m ent.Mutation) error {
	if !m.Op().Is(ent.OpCreate) {
		return scope(ctx, m)
	}
	if viewer.IsSystem(ctx) {
		return nil // the caller names the organisation explicitly
	}
	v := viewer.FromContext(ctx)
	if v == nil || v.OrgID == 0 {
		return ErrNoTenant
	}
	if id, ok := m.Field("organization_id"); ok && id != v.OrgID {
		return fmt.Errorf("tenant: create in organisation %v by a viewer of %d", id, v.OrgID)
	}
	return m.SetField("organization_id", v.OrgID)
}
