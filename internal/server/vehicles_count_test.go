package server_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"importops/ent/organization"
	"importops/ent/vehicle"
	"importops/internal/testenv"
)

var allStatuses = []string{"ORDERED", "IN_TRANSIT", "AT_PORT", "IN_CUSTOMS", "CLEARED", "DELIVERED"}

// wantCounts checks the kept counts the API answers (totalCount, without
// and with each status filter) against a count of the rows themselves.
func wantCounts(t *testing.T, env *testenv.Env, tok string, org int) {
	t.Helper()
	q := "{ all: vehicles(first: 1) { totalCount }"
	for _, s := range allStatuses {
		q += fmt.Sprintf(" %s: vehicles(first: 1, status: %s) { totalCount }", s, s)
	}
	var got map[string]struct{ TotalCount int }
	env.Bearer(tok).Do(q+" }", nil).Decode(t, &got)
	count := func(s string) int {
		q := env.DB.Vehicle.Query().Where(vehicle.OrganizationID(org))
		if s != "all" {
			q.Where(vehicle.StatusEQ(vehicle.Status(s)))
		}
		return q.CountX(testenv.System())
	}
	for _, s := range append([]string{"all"}, allStatuses...) {
		if want := count(s); got[s].TotalCount != want {
			t.Errorf("totalCount (%s) = %d, but the organisation has %d such vehicles", s, got[s].TotalCount, want)
		}
	}
}

// totalCount reads counts kept in the transaction of each change: they
// stay exact through creates, status changes, a change to the same status,
// and a create that fails (a duplicate VIN), in each organisation apart.
func TestVehicleCountsStayExact(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		tok, _ := env.IssueKey(org, "vehicles.read", "vehicles.write")
		other := env.Org("other", organization.PlanPRO)
		otherTok, _ := env.IssueKey(other, "vehicles.read", "vehicles.write")
		c := env.Bearer(tok)
		wantCounts(t, env, tok, org.ID)

		for i := range 5 {
			input := vehInput(testenv.VIN(i))
			if i >= 3 {
				input["status"] = "AT_PORT"
			}
			c.Do(vehCreate, testenv.Vars{"input": input}).Decode(t, &vehCreateData{})
		}
		// The same VINs in another organisation count there only.
		for i := range 2 {
			env.Bearer(otherTok).Do(vehCreate, testenv.Vars{"input": vehInput(testenv.VIN(i))}).Decode(t, &vehCreateData{})
		}
		wantCounts(t, env, tok, org.ID)
		wantCounts(t, env, otherTok, other.ID)

		// A duplicate VIN fails, and counts nothing.
		resp := c.Do(vehCreate, testenv.Vars{"input": vehInput(testenv.VIN(1))})
		if resp.Code() != "BAD_USER_INPUT" {
			t.Fatalf("duplicate VIN: %s", resp.Raw)
		}
		wantCounts(t, env, tok, org.ID)

		for _, u := range []struct{ vin, status string }{
			{testenv.VIN(0), "IN_TRANSIT"},
			{testenv.VIN(0), "IN_TRANSIT"}, // the same again: nothing moves
			{testenv.VIN(1), "DELIVERED"},
			{testenv.VIN(3), "ORDERED"},
			{testenv.VIN(0), "CLEARED"},
		} {
			c.Do(vehUpdate, testenv.Vars{"vin": u.vin, "status": u.status}).Decode(t, &vehUpdateData{})
			wantCounts(t, env, tok, org.ID)
		}
		// An unknown VIN moves nothing.
		if resp := c.Do(vehUpdate, testenv.Vars{"vin": testenv.VIN(99), "status": "CLEARED"}); resp.Code() != "NOT_FOUND" {
			t.Fatalf("unknown VIN: %s", resp.Raw)
		}
		wantCounts(t, env, tok, org.ID)
		wantCounts(t, env, otherTok, other.ID)
	})
}

// Concurrent changes keep the counts exact too: two vehicles moved back
// and forth in opposite directions at once (which would deadlock on the
// count rows if they were locked in the order of the change), the same
// vehicle changed by several requests at once, and creates alongside.
func TestVehicleCountsUnderConcurrentChanges(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		tok, _ := env.IssueKey(org, "vehicles.read", "vehicles.write")
		env.Vehicle(org, testenv.VIN(1), vehicle.StatusORDERED)
		env.Vehicle(org, testenv.VIN(2), vehicle.StatusDELIVERED)

		var wg sync.WaitGroup
		errs := make(chan string, 100)
		send := func(query string, vars map[string]any) {
			status, body, err := postVars(env.URL, tok, query, vars)
			if err != nil || status != http.StatusOK || hasErrors(body) {
				errs <- fmt.Sprintf("%d %.200s %v", status, body, err)
			}
		}
		for i := range 3 { // each client's requests in turn, the clients at once
			wg.Go(func() {
				for j := range 6 {
					a, b := "DELIVERED", "ORDERED"
					if j%2 == 1 {
						a, b = b, a
					}
					if i == 0 {
						send(vehUpdate, map[string]any{"vin": testenv.VIN(1), "status": a})
					} else if i == 1 {
						send(vehUpdate, map[string]any{"vin": testenv.VIN(2), "status": b})
					} else {
						send(vehCreate, map[string]any{"input": vehInput(testenv.VIN(100 + j))})
					}
				}
			})
		}
		for _, s := range allStatuses {
			wg.Go(func() { send(vehUpdate, map[string]any{"vin": testenv.VIN(1), "status": s}) })
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Errorf("a concurrent change failed: %s", e)
		}
		wantCounts(t, env, tok, org.ID)
	})
}
