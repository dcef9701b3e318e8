package graph

import (
	"context"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"importops/ent"
	entapikey "importops/ent/apikey"
	"importops/ent/predicate"
	"importops/graph/model"
	"importops/internal/apikey"
	"importops/internal/audit"
	"importops/internal/keystatus"
)

// keyFilter is the keys list's filter as predicates at now; none for a
// filter that selects every key.
func keyFilter(f *model.APIKeyFilter, now time.Time) ([]predicate.APIKey, error) {
	if f == nil {
		return nil, nil
	}
	var where []predicate.APIKey
	if f.Search != nil {
		p, err := apikey.WhereSearch(*f.Search)
		if err != nil {
			return nil, err
		}
		if p != nil {
			where = append(where, p)
		}
	}
	if len(f.Status) > 0 {
		statuses := make([]keystatus.Status, len(f.Status))
		for i, s := range f.Status {
			statuses[i] = keystatus.Status(s)
		}
		where = append(where, keystatus.WhereAny(statuses, now))
	}
	return where, nil
}

// auditFilter is the audit log's filter as predicates; none for a filter
// that selects every entry.
func auditFilter(f *model.AuditLogFilter) ([]predicate.AuditEntry, error) {
	if f == nil {
		return nil, nil
	}
	return audit.Where(f.Actions, f.APIKeyID)
}

// findKey is the organisation's key with this ID, or nil: an ID that is
// not a number, unknown, or another organisation's (which the tenant
// rules hide) are all simply no key of this organisation.
func findKey(ctx context.Context, client *ent.Client, rawID string) (*ent.APIKey, error) {
	id, err := strconv.Atoi(rawID)
	if err != nil || id < 1 {
		return nil, nil
	}
	q := client.APIKey.Query().Where(entapikey.ID(id))
	keyEdges(graphql.GetOperationContext(ctx), q, selected(ctx))
	k, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return k, err
}
