package server_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"importops/ent/organization"
	"importops/ent/vehicle"
	"importops/internal/testenv"
)

// holdVehicleCounts holds org's vehicle counts locked, as a long
// transaction would, until the returned function is called: on PostgreSQL
// the rows (createVehicle waits for them), on SQLite the database's one
// write lock (every write waits).
func holdVehicleCounts(t *testing.T, env *testenv.Env, orgID int) func() {
	t.Helper()
	ctx := context.Background()
	tx, err := env.DB.SQL.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	q := "UPDATE vehicle_counts SET count = count WHERE organization_id = ?"
	if env.DB.Dialect == dialect.Postgres {
		q = "SELECT count FROM vehicle_counts WHERE organization_id = $1 FOR UPDATE"
	}
	if _, err := tx.ExecContext(ctx, q, orgID); err != nil {
		tx.Rollback()
		t.Fatal(err)
	}
	var once sync.Once
	release := func() { once.Do(func() { tx.Rollback() }) }
	t.Cleanup(release)
	return release
}

const createVehicleMutation = `mutation($vin: String!) {
	createVehicle(input: { vin: $vin, make: "Toyota", model: "Hilux", year: 2020 }) { vin }
}`

// A request that waits longer than the limit (here shortened to half a
// second) is stopped, its database work cancelled, and answered TIMEOUT
// with HTTP 503 and Retry-After, not INTERNAL or UNAVAILABLE.
func TestRequestDeadlineAnswersTimeout(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url, testenv.Options{RequestTimeout: 500 * time.Millisecond})
		org := env.Org("acme", organization.PlanPRO)
		env.Vehicle(org, testenv.VIN(1), vehicle.StatusORDERED)
		tok, _ := env.IssueKey(org, "vehicles.read", "vehicles.write")
		release := holdVehicleCounts(t, env, org.ID)
		// Without a limit the request would wait for the lock for ever:
		// let go of it after a while, so that the test fails instead.
		time.AfterFunc(8*time.Second, release)

		start := time.Now()
		resp := env.Bearer(tok).Do(createVehicleMutation, testenv.Vars{"vin": testenv.VIN(2)})
		took := time.Since(start)
		release()

		resp.WantError(t, http.StatusServiceUnavailable, "TIMEOUT")
		if !strings.Contains(resp.Message(), "took longer than 0.5 seconds and was stopped") {
			t.Errorf("message: %q", resp.Message())
		}
		if resp.Header.Get("Retry-After") == "" {
			t.Error("503 TIMEOUT without Retry-After")
		}
		if took > 5*time.Second {
			t.Errorf("the request was answered after %s, want about the 0.5 s limit", took)
		}
		if strings.Contains(env.Logs(), `"level":"ERROR"`) {
			t.Errorf("a timeout was logged as an error:\n%s", env.Logs())
		}
		// The vehicle was not created, and the count did not move.
		var got struct{ Vehicles struct{ TotalCount int } }
		env.Bearer(tok).Do(`{ vehicles { totalCount } }`, nil).Decode(t, &got)
		if got.Vehicles.TotalCount != 1 || env.VehicleCount() != 1 {
			t.Errorf("after the stopped create: totalCount %d, %d vehicles; want 1 and 1", got.Vehicles.TotalCount, env.VehicleCount())
		}
	})
}
