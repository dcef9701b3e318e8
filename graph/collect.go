package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"importops/ent"
)

// A list loads the edges of its items that the request selects, and only
// those, with the page: ent then reads each edge for the whole page in one
// query (WHERE id IN (…)) instead of one query per item when the edge's
// resolver runs, and reads nothing for an edge nobody asked for.

// selected is the fields the request selects under the current field,
// following path (e.g. "edges", "node"), across aliases and fragments.
func selected(ctx context.Context, path ...string) []graphql.CollectedField {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return nil
	}
	oc := graphql.GetOperationContext(ctx)
	fields := graphql.CollectFields(oc, fc.Field.Selections, nil)
	for _, name := range path {
		fields = children(oc, fields, name)
	}
	return fields
}

// children is the fields selected under every field named name.
func children(oc *graphql.OperationContext, fields []graphql.CollectedField, name string) []graphql.CollectedField {
	var out []graphql.CollectedField
	for _, f := range fields {
		if f.Name == name {
			out = append(out, graphql.CollectFields(oc, f.Selections, nil)...)
		}
	}
	return out
}

// keyEdges makes q load the edges of keys that fields select, and theirs
// in turn (a rotated key's replacement and its creator).
func keyEdges(oc *graphql.OperationContext, q *ent.APIKeyQuery, fields []graphql.CollectedField) {
	nested := func(name string) func(*ent.APIKeyQuery) {
		return func(q *ent.APIKeyQuery) { keyEdges(oc, q, children(oc, fields, name)) }
	}
	for _, f := range fields {
		switch f.Name {
		case "createdBy":
			q.WithCreatedBy()
		case "revokedBy":
			q.WithRevokedBy()
		case "replacedBy":
			q.WithReplacedBy(nested("replacedBy"))
		case "replaces":
			q.WithReplaces(nested("replaces"))
		}
	}
}

// auditEdges makes q load the audit entries' keys when fields select
// them, with the keys' own selected edges, and their actors for bySupport.
func auditEdges(oc *graphql.OperationContext, q *ent.AuditEntryQuery, fields []graphql.CollectedField) {
	if apiKey := children(oc, fields, "apiKey"); hasField(fields, "apiKey") {
		q.WithAPIKey(func(q *ent.APIKeyQuery) { keyEdges(oc, q, apiKey) })
	}
	if hasField(fields, "bySupport") {
		q.WithActor()
	}
}

func hasField(fields []graphql.CollectedField, name string) bool {
	for _, f := range fields {
		if f.Name == name {
			return true
		}
	}
	return false
}
