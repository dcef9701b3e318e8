package server_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"importops/ent"
	"importops/ent/organization"
	"importops/internal/testenv"
)

// The vehicles page runs with a generic plan (database.GenericPlans):
// PostgreSQL's one plan for every organisation must walk the
// organisation's own index for a very large one and a very small one
// alike. A plan that cannot tell them apart would walk the primary key
// through other organisations' rows, or sort them: the test fails on
// either, from the shape of the plan PostgreSQL chooses, not its timing.
func TestPostgresVehiclesPageGenericPlan(t *testing.T) {
	url := testenv.PostgresURL(t)
	env := testenv.New(t, url, testenv.Options{CountStatements: true})
	big := env.Org("big", organization.PlanPRO)
	small := env.Org("small", organization.PlanPRO)
	env.Exec(`INSERT INTO organizations (slug, name, plan, audit_entry_count, created_at)
		SELECT 'filler' || g, 'Filler', 'PRO', 0, now() FROM generate_series(1, 50) g`)
	insert := `INSERT INTO vehicles (organization_id, vin, make, model, year, status, created_at, updated_at)
		SELECT o.id, 'V' || o.id || '-' || g, 'Toyota', 'Hilux', 2020,
		       (ARRAY['ORDERED','DELIVERED'])[1 + g % 2], now(), now()
		FROM organizations o, generate_series(1, ?) g WHERE o.slug LIKE ?`
	env.Exec(insert, 200_000, "big")
	env.Exec(insert, 3, "small")
	env.Exec(insert, 20, "filler%")
	env.Exec("ANALYZE")

	plain, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	for _, org := range []*ent.Organization{big, small} {
		tok, _ := env.IssueKey(org)
		key := env.Bearer(tok)
		for _, query := range []string{
			`{ vehicles(first: 20) { totalCount edges { node { vin } } } }`,
			`{ vehicles(first: 20, status: DELIVERED) { totalCount edges { node { vin } } } }`,
			`{ vehicles(first: 20) { edges { node { vin } } } }`,
		} {
			r := key.Do(query, nil)
			if r.Status != 200 || len(r.Errors) > 0 {
				t.Fatalf("%s: %s", query, r.Raw)
			}
			for _, st := range env.Statements.WithArgs(r) {
				if strings.Contains(st.Query, `FROM "vehicles"`) {
					plansWantIndexWalk(t, plain, org.Slug, st)
				}
			}
		}
	}
}

// plansWantIndexWalk explains st's generic plan and fails unless it reads
// vehicles through one of their organisation indexes, without sorting.
func plansWantIndexWalk(t *testing.T, db *sql.DB, org string, st testenv.Statement) {
	t.Helper()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	defer conn.ExecContext(ctx, "DEALLOCATE page")
	args := strings.Fields(strings.Trim(st.Args, "[]"))
	for i, a := range args {
		if strings.Trim(a, "0123456789") != "" {
			args[i] = "'" + a + "'"
		}
	}
	for _, s := range []string{"SET plan_cache_mode = force_generic_plan", "PREPARE page AS " + st.Query} {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	rows, err := conn.QueryContext(ctx, "EXPLAIN EXECUTE page("+strings.Join(args, ", ")+")")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		rows.Scan(&line)
		plan = append(plan, line)
	}
	text := strings.Join(plan, "\n")
	if !strings.Contains(text, "Index Scan Backward using vehicle_organization_id_") ||
		strings.Contains(text, "Seq Scan on vehicles") || strings.Contains(text, "Sort") ||
		strings.Contains(text, "vehicles_pkey") {
		t.Errorf("%s: the generic plan of\n%s\n%s\nis\n%s", org, st.Query, st.Args, text)
	}
}
