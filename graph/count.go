package graph

import (
	"context"
	"fmt"
	"strconv"

	entgo "entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	"importops/ent/organization"
	"importops/ent/vehicle"
	"importops/ent/vehiclecount"
	"importops/graph/model"
	"importops/internal/viewer"
)

// A page asked for with its totalCount reads both in one statement: the
// count is a scalar subquery in the page's select list, which PostgreSQL
// runs once (an InitPlan) and returns on every row. The page itself stays
// an ent query, so the tenant rules filter it as any other; the subquery,
// written here, is limited to the same viewer's organisation. An empty
// page has no row to carry the count, and counts apart (the list's own
// Counter).

// totalColumn is the column the subquery adds to the page's rows.
const totalColumn = "total_count"

// subquery builds a count for the statement's dialect.
type subquery func(dialect string, orgID int) *sql.Selector

// inlineTotal returns the modifier that adds count to a page query, or nil
// when the count is not asked for or the context names no organisation.
func inlineTotal(ctx context.Context, count subquery) func(*sql.Selector) {
	v := viewer.FromContext(ctx)
	if v == nil || v.OrgID == 0 || !hasField(selected(ctx), "totalCount") {
		return nil
	}
	return func(s *sql.Selector) {
		s.AppendSelectExprAs(count(s.Dialect(), v.OrgID), totalColumn)
	}
}

// countRows counts the rows of table in the organisation that where selects.
func countRows[P ~func(*sql.Selector)](table string, where []P) subquery {
	return func(dialect string, orgID int) *sql.Selector {
		b := sql.Dialect(dialect)
		t := b.Table(table).As("counted")
		s := b.Select(sql.Count("*")).From(t).Where(sql.EQ(t.C("organization_id"), orgID))
		for _, p := range where {
			p(s)
		}
		return s
	}
}

// keptAuditCount reads the count the organisation keeps of its audit
// entries (see audit.Record).
func keptAuditCount(dialect string, orgID int) *sql.Selector {
	b := sql.Dialect(dialect)
	t := b.Table(organization.Table)
	return b.Select(t.C(organization.FieldAuditEntryCount)).From(t).Where(sql.EQ(t.C(organization.FieldID), orgID))
}

// keptVehicleCount sums the counts the organisation keeps of its vehicles,
// per status (see vehicles.Count).
func keptVehicleCount(status *vehicle.Status) subquery {
	return func(dialect string, orgID int) *sql.Selector {
		b := sql.Dialect(dialect)
		t := b.Table(vehiclecount.Table)
		s := b.Select(fmt.Sprintf("CAST(COALESCE(SUM(%s), 0) AS BIGINT)", t.C(vehiclecount.FieldCount))).
			From(t).Where(sql.EQ(t.C(vehiclecount.FieldOrganizationID), orgID))
		if status != nil {
			s.Where(sql.EQ(t.C(vehiclecount.FieldStatus), string(*status)))
		}
		return s
	}
}

// valuer is an ent entity, which keeps the columns a modifier added.
type valuer interface {
	Value(name string) (entgo.Value, error)
}

// pageTotal is the count the page's first row carries, or count when the
// page did not read it (not asked for, or no row).
func pageTotal[T valuer](items []T, count model.Counter) (model.Counter, error) {
	if len(items) == 0 {
		return count, nil
	}
	v, err := items[0].Value(totalColumn)
	if err != nil {
		return count, nil // not selected
	}
	n, err := asInt(v)
	if err != nil {
		return nil, err
	}
	return func(context.Context) (int, error) { return n, nil }, nil
}

// asInt reads a count as the drivers return it: an integer, or the text
// of one.
func asInt(v any) (int, error) {
	switch n := v.(type) {
	case int64:
		return int(n), nil
	case []byte:
		return strconv.Atoi(string(n))
	case string:
		return strconv.Atoi(n)
	}
	return 0, fmt.Errorf("a page's total count is %T", v)
}
