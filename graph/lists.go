package graph

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"importops/ent"
	entapikey "importops/ent/apikey"
	"importops/ent/auditentry"
	"importops/ent/predicate"
	"importops/ent/vehicle"
	"importops/ent/webhookdelivery"
	"importops/graph/model"
	"importops/internal/audit"
	"importops/internal/database"
	"importops/internal/page"
	"importops/internal/vehicles"
	"importops/internal/viewer"
)

// The lists are newest first: ordered by id descending, a page being the
// next Size+1 rows below the cursor (the extra row only says whether
// another page follows). totalCount, when asked for, comes with the page
// (count.go): a count of the organisation's keys, or a read of the count
// the organisation keeps of its audit entries or vehicles. A filter
// (where) narrows the page and the count alike.

func listKeys(ctx context.Context, client *ent.Client, w page.Window, where []predicate.APIKey) (*model.ApiKeyConnection, error) {
	q := client.APIKey.Query().Where(where...)
	pageQ := q.Clone().Where(w.Where()).Order(ent.Desc(entapikey.FieldID)).Limit(w.Size + 1)
	keyEdges(graphql.GetOperationContext(ctx), pageQ, selected(ctx, "edges", "node"))
	if m := inlineTotal(ctx, countRows(entapikey.Table, where)); m != nil {
		pageQ.Modify(m)
	}
	items, err := pageQ.All(ctx)
	if err != nil {
		return nil, err
	}
	count, err := pageTotal(items, q.Count)
	if err != nil {
		return nil, err
	}
	items, info := pageOf(w, items, func(k *ent.APIKey) int { return k.ID })
	c := &model.ApiKeyConnection{PageInfo: info, Count: count}
	for _, k := range items {
		c.Edges = append(c.Edges, &model.ApiKeyEdge{Cursor: page.Cursor(k.ID), Node: k})
	}
	return c, nil
}

func listAudit(ctx context.Context, client *ent.Client, w page.Window, where []predicate.AuditEntry) (*model.AuditEntryConnection, error) {
	q := client.AuditEntry.Query().Where(where...)
	pageQ := q.Clone().Where(w.Where()).Order(ent.Desc(auditentry.FieldID)).Limit(w.Size + 1)
	auditEdges(graphql.GetOperationContext(ctx), pageQ, selected(ctx, "edges", "node"))
	// The organisation keeps its count (see audit.Record): counting a large
	// log entry by entry would take longer than the page itself. A filtered
	// count is counted, within the indexes on (organization_id, action, id)
	// and (organization_id, api_key_id, id).
	count, inline := q.Count, countRows(auditentry.Table, where)
	if len(where) == 0 {
		count = func(ctx context.Context) (int, error) {
			return audit.Count(ctx, client, viewer.FromContext(ctx).OrgID)
		}
		inline = keptAuditCount
	}
	if m := inlineTotal(ctx, inline); m != nil {
		pageQ.Modify(m)
	}
	items, err := pageQ.All(ctx)
	if err != nil {
		return nil, err
	}
	if count, err = pageTotal(items, count); err != nil {
		return nil, err
	}
	items, info := pageOf(w, items, func(e *ent.AuditEntry) int { return e.ID })
	c := &model.AuditEntryConnection{PageInfo: info, Count: count}
	for _, e := range items {
		c.Edges = append(c.Edges, &model.AuditEntryEdge{Cursor: page.Cursor(e.ID), Node: e})
	}
	return c, nil
}

func listVehicles(ctx context.Context, client *ent.Client, w page.Window, status *vehicle.Status) (*model.VehicleConnection, error) {
	q := client.Vehicle.Query()
	if status != nil {
		q.Where(vehicle.StatusEQ(*status))
	}
	pageQ := q.Where(w.Where()).Order(ent.Desc(vehicle.FieldID)).Limit(w.Size + 1).
		Select(vehicleColumns(selected(ctx, "edges", "node"))...)
	// The organisation keeps its counts, per status (see vehicles.Count):
	// counting 200,000 vehicles row by row takes a good part of a second.
	if m := inlineTotal(ctx, keptVehicleCount(status)); m != nil {
		pageQ.Modify(m)
	}
	// The one page whose plan PostgreSQL may reuse: a test shows it safe
	// (database.GenericPlans).
	items, err := pageQ.All(database.GenericPlans(ctx))
	if err != nil {
		return nil, err
	}
	count, err := pageTotal(items, func(ctx context.Context) (int, error) { return vehicles.Count(ctx, client, status) })
	if err != nil {
		return nil, err
	}
	items, info := pageOf(w, items, func(v *ent.Vehicle) int { return v.ID })
	c := &model.VehicleConnection{PageInfo: info, Count: count}
	for _, v := range items {
		c.Edges = append(c.Edges, &model.VehicleEdge{Cursor: page.Cursor(v.ID), Node: v})
	}
	return c, nil
}

// vehicleGraphQLColumns maps the fields of the GraphQL type Vehicle to
// their columns (TestVehicleColumnsCoverTheSchema keeps it complete).
var vehicleGraphQLColumns = map[string]string{
	"id":        vehicle.FieldID,
	"vin":       vehicle.FieldVin,
	"make":      vehicle.FieldMake,
	"model":     vehicle.FieldModel,
	"year":      vehicle.FieldYear,
	"status":    vehicle.FieldStatus,
	"createdAt": vehicle.FieldCreatedAt,
	"updatedAt": vehicle.FieldUpdatedAt,
}

// vehicleColumns is the columns a vehicles page reads: id (the order and
// the cursors) and those of the fields the request selects. Every field
// of Vehicle is a column read as it is (no resolver needs another), and
// the load run's request asks for five of nine: reading and decoding the
// others was a tenth of the page's allocations.
func vehicleColumns(fields []graphql.CollectedField) []string {
	cols := []string{vehicle.FieldID}
	for _, f := range fields {
		if c, ok := vehicleGraphQLColumns[f.Name]; ok && !slices.Contains(cols, c) {
			cols = append(cols, c)
		}
	}
	return cols
}

func pageOf[T any](w page.Window, items []T, id func(T) int) ([]T, *model.PageInfo) {
	items, next, end := page.Info(w, items, id)
	return items, &model.PageInfo{HasNextPage: next, EndCursor: end}
}

// listDeliveries is a webhook's deliveries, newest first; its totalCount
// counts them within the (webhook_id, id) index.
func listDeliveries(ctx context.Context, client *ent.Client, w page.Window, webhookID int) (*model.WebhookDeliveryConnection, error) {
	q := client.WebhookDelivery.Query().Where(webhookdelivery.WebhookID(webhookID))
	items, err := q.Clone().Where(w.Where()).Order(ent.Desc(webhookdelivery.FieldID)).
		Limit(w.Size + 1).All(ctx)
	if err != nil {
		return nil, err
	}
	items, info := pageOf(w, items, func(d *ent.WebhookDelivery) int { return d.ID })
	c := &model.WebhookDeliveryConnection{PageInfo: info, Count: q.Count}
	for _, d := range items {
		c.Edges = append(c.Edges, &model.WebhookDeliveryEdge{Cursor: page.Cursor(d.ID), Node: d})
	}
	return c, nil
}
