package audit

import (
	"context"

	"importops/ent"
)

// SupportName is the actor of changes support makes without naming one of
// its members (org set-plan without --by).
const SupportName = "ImportOps support"

// BySupport reports whether ImportOps support made the change: a staff
// member, or support unnamed. The organisation's own people and secret
// scanners are not support. Lists load the actor with the entries
// (WithActor), so this asks the database only for a lone entry.
func BySupport(ctx context.Context, e *ent.AuditEntry) (bool, error) {
	if e.ActorID == nil {
		return e.ActorName == SupportName, nil
	}
	actor := e.Edges.Actor
	if actor == nil {
		var err error
		if actor, err = e.QueryActor().Only(ctx); ent.IsNotFound(err) {
			return false, nil
		} else if err != nil {
			return false, err
		}
	}
	return actor.Staff, nil
}
