package database_test

import (
	"context"
	"fmt"
	"testing"

	entsql "entgo.io/ent/dialect/sql"

	"importops/ent"
	"importops/ent/organization"
	"importops/ent/vehicle"
	"importops/internal/testenv"
	"importops/internal/vehicles"
	"importops/internal/viewer"
)

// A page with a column a modifier added (as graph/count.go adds
// total_count) reads its rows and that column right on every row, through
// the client and in a transaction, with the column types kept per result
// set; and the transaction still offers ExecContext and QueryContext.
func TestPageWithCountColumn(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		db := testenv.Open(t, url)
		ctx := testenv.System()
		orgs := map[string]*ent.Organization{}
		for slug, n := range map[string]int{"acme": 30, "beta": 5} {
			org, err := db.Organization.Create().SetSlug(slug).SetName(slug).SetPlan(organization.PlanPRO).Save(ctx)
			if err != nil {
				t.Fatal(err)
			}
			orgs[slug] = org
			in := viewer.NewContext(context.Background(), &viewer.Viewer{OrgID: org.ID})
			for i := range n {
				if _, err := vehicles.Create(in, db.Client, vehicles.New{VIN: testenv.VIN(i), Make: "Toyota", Model: slug, Year: 2020}); err != nil {
					t.Fatal(err)
				}
			}
		}
		acme := orgs["acme"].ID
		page := func(c *ent.VehicleClient) []*ent.Vehicle {
			t.Helper()
			q := c.Query().Where(vehicle.OrganizationID(acme)).Order(ent.Asc(vehicle.FieldVin)).Limit(20)
			q.Modify(func(s *entsql.Selector) {
				b := entsql.Dialect(s.Dialect())
				counted := b.Table(vehicle.Table).As("counted")
				s.AppendSelectExprAs(b.Select(entsql.Count("*")).From(counted).Where(entsql.EQ(counted.C(vehicle.FieldOrganizationID), acme)), "total_count")
			})
			vs, err := q.All(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return vs
		}
		check := func(how string, vs []*ent.Vehicle) {
			t.Helper()
			if len(vs) != 20 {
				t.Fatalf("%s: %d vehicles, want 20", how, len(vs))
			}
			for i, v := range vs {
				total, err := v.Value("total_count")
				if v.Vin != testenv.VIN(i) || v.Model != "acme" || err != nil || fmt.Sprint(total) != "30" {
					t.Errorf("%s: row %d is %s of %s with total_count %v (%v), want %s of acme with 30", how, i, v.Vin, v.Model, total, err, testenv.VIN(i))
				}
			}
		}
		check("client", page(db.Vehicle))

		tx, err := db.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		check("transaction", page(tx.Vehicle))
		if _, err := tx.ExecContext(ctx, "SELECT 1"); err != nil {
			t.Errorf("ExecContext in a transaction: %v", err)
		}
		rows, err := tx.QueryContext(ctx, "SELECT 1")
		if err != nil {
			t.Fatalf("QueryContext in a transaction: %v", err)
		}
		rows.Close()
		if _, err := db.ExecContext(ctx, "SELECT 1"); err != nil {
			t.Errorf("ExecContext on the client: %v", err)
		}
	})
}
