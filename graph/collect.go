package graph

import (
	"context"
	"encoding/json"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"importops/ent"
	"importops/ent/apikeyusage"
	"importops/internal/usage"
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
	if first, ok := usageFrom(oc, fields, time.Now()); ok {
		q.WithUsage(func(q *ent.APIKeyUsageQuery) { q.Where(apikeyusage.DayGTE(first)) })
	}
}

// usageFrom is the first day the selected usage fields show: the earliest
// of their windows, so that one read serves every alias. A days argument
// out of range is left to the field's resolver to refuse.
func usageFrom(oc *graphql.OperationContext, fields []graphql.CollectedField, now time.Time) (string, bool) {
	first, ok := "", false
	for _, f := range fields {
		if f.Name != "usage" {
			continue
		}
		days, known := intArg(f.ArgumentMap(oc.Variables)["days"])
		if !known {
			all := usage.Days
			days = &all
		}
		if _, from, err := usage.Window(days, now); err == nil && (!ok || from < first) {
			first, ok = from, true
		}
	}
	return first, ok
}

// intArg reads an Int argument as gqlgen gives it: absent (nil, known),
// or a number of one of the types literals and variables decode to.
func intArg(v any) (*int, bool) {
	var n int
	switch x := v.(type) {
	case nil:
		return nil, true
	case int:
		n = x
	case int64:
		n = int(x)
	case float64:
		n = int(x)
	case json.Number:
		i, err := x.Int64()
		if err != nil {
			return nil, false
		}
		n = int(i)
	default:
		return nil, false
	}
	return &n, true
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
