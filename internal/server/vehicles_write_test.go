package server_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/ent/vehicle"
	"importops/internal/testenv"
)

const vehCreate = `mutation($input: CreateVehicleInput!) { createVehicle(input: $input) { ` + testenv.VehicleFields + ` } }`

const vehUpdate = `mutation($vin: String!, $status: VehicleStatus!) {
  updateVehicleStatus(vin: $vin, status: $status) { ` + testenv.VehicleFields + ` }
}`

type vehCreateData struct{ CreateVehicle testenv.VehicleNode }

type vehUpdateData struct{ UpdateVehicleStatus testenv.VehicleNode }

func vehInput(vin string) map[string]any {
	return map[string]any{"vin": vin, "make": "Nissan", "model": "Skyline GT-R", "year": 1999}
}

func vehParseTime(t *testing.T, what, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("%s = %q is not RFC 3339: %v", what, s, err)
	}
	return at
}

// TestCreateVehicleByTeamMember: any team member may write; the status
// defaults to ORDERED and the timestamps are set.
func TestCreateVehicleByTeamMember(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		env.User(org, "max@acme.test", user.RoleMEMBER)

		before := time.Now().Add(-time.Second)
		for i, email := range []string{"max@acme.test", "ada@acme.test"} {
			c := env.SignIn(email, testenv.Password)
			var d vehCreateData
			c.Do(vehCreate, testenv.Vars{"input": vehInput(testenv.VIN(i + 1))}).Decode(t, &d)
			v := d.CreateVehicle
			if v.VIN != testenv.VIN(i+1) || v.Make != "Nissan" || v.Model != "Skyline GT-R" || v.Year != 1999 || v.ID == "" {
				t.Errorf("%s created %+v", email, v)
			}
			if v.Status != "ORDERED" {
				t.Errorf("status = %s, want the default ORDERED", v.Status)
			}
			created := vehParseTime(t, "createdAt", v.CreatedAt)
			updated := vehParseTime(t, "updatedAt", v.UpdatedAt)
			if created.Before(before) || created.After(time.Now().Add(time.Second)) || updated.Before(created) {
				t.Errorf("createdAt %s, updatedAt %s: want both set to about now", v.CreatedAt, v.UpdatedAt)
			}

			row, err := env.DB.Vehicle.Query().Where(vehicle.Vin(v.VIN)).Only(testenv.System())
			if err != nil {
				t.Fatalf("the vehicle was not stored: %v", err)
			}
			if row.OrganizationID != org.ID || row.Status != vehicle.StatusORDERED {
				t.Errorf("stored %+v, want organisation %d and ORDERED", row, org.ID)
			}
		}

		// An explicit status is kept.
		c := env.SignIn("max@acme.test", testenv.Password)
		in := vehInput(testenv.VIN(9))
		in["status"] = "IN_TRANSIT"
		var d vehCreateData
		c.Do(vehCreate, testenv.Vars{"input": in}).Decode(t, &d)
		if d.CreateVehicle.Status != "IN_TRANSIT" {
			t.Errorf("status = %s, want IN_TRANSIT", d.CreateVehicle.Status)
		}
	})
}

// TestVehicleWriteNeedsScope: a key without vehicles.write is FORBIDDEN,
// with a message naming the scope, and writes nothing; a key with it may
// create and update.
func TestVehicleWriteNeedsScope(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		readToken, _ := env.IssueKey(org, "vehicles.read")
		writeToken, _ := env.IssueKey(org, "vehicles.read", "vehicles.write")
		existing := env.Vehicle(org, testenv.VIN(1), vehicle.StatusORDERED)

		reader := env.Bearer(readToken)
		before := env.VehicleCount()
		resp := reader.Do(vehCreate, testenv.Vars{"input": vehInput(testenv.VIN(2))})
		resp.WantError(t, 200, "FORBIDDEN")
		if !strings.Contains(resp.Message(), "vehicles.write") {
			t.Errorf("message %q does not name vehicles.write", resp.Message())
		}
		if n := env.VehicleCount(); n != before {
			t.Errorf("a refused createVehicle wrote: %d vehicles, want %d", n, before)
		}

		resp = reader.Do(vehUpdate, testenv.Vars{"vin": existing.Vin, "status": "DELIVERED"})
		resp.WantError(t, 200, "FORBIDDEN")
		if !strings.Contains(resp.Message(), "vehicles.write") {
			t.Errorf("message %q does not name vehicles.write", resp.Message())
		}
		if got := env.DB.Vehicle.GetX(testenv.System(), existing.ID); got.Status != vehicle.StatusORDERED || !got.UpdatedAt.Equal(existing.UpdatedAt) {
			t.Errorf("a refused updateVehicleStatus changed the vehicle: %+v", got)
		}

		writer := env.Bearer(writeToken)
		var c vehCreateData
		writer.Do(vehCreate, testenv.Vars{"input": vehInput(testenv.VIN(2))}).Decode(t, &c)
		if c.CreateVehicle.VIN != testenv.VIN(2) || c.CreateVehicle.Status != "ORDERED" {
			t.Errorf("write key created %+v", c.CreateVehicle)
		}
		var u vehUpdateData
		writer.Do(vehUpdate, testenv.Vars{"vin": testenv.VIN(2), "status": "AT_PORT"}).Decode(t, &u)
		if u.UpdateVehicleStatus.Status != "AT_PORT" {
			t.Errorf("write key updated to %+v", u.UpdateVehicleStatus)
		}
		row := env.DB.Vehicle.Query().Where(vehicle.Vin(testenv.VIN(2))).OnlyX(testenv.System())
		if row.OrganizationID != org.ID || row.Status != vehicle.StatusAT_PORT {
			t.Errorf("stored %+v", row)
		}

		// The read key can still read what the write key wrote.
		var l vehListData
		reader.Do(vehList, nil).Decode(t, &l)
		if l.Vehicles.TotalCount != 2 {
			t.Errorf("totalCount = %d, want 2", l.Vehicles.TotalCount)
		}

		// Without credentials nothing is written either.
		resp = env.Anonymous().Do(vehCreate, testenv.Vars{"input": vehInput(testenv.VIN(3))})
		if resp.Code() != "UNAUTHENTICATED" {
			t.Errorf("anonymous createVehicle: %d %s", resp.Status, resp.Raw)
		}
		if n := env.VehicleCount(); n != 2 {
			t.Errorf("%d vehicles, want 2", n)
		}
	})
}

// TestUpdateVehicleStatus: the status changes, updatedAt moves forward and
// createdAt does not.
func TestUpdateVehicleStatus(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "max@acme.test", user.RoleMEMBER)
		c := env.SignIn("max@acme.test", testenv.Password)

		var d vehCreateData
		c.Do(vehCreate, testenv.Vars{"input": vehInput(testenv.VIN(1))}).Decode(t, &d)
		created := d.CreateVehicle

		// Move the timestamps a day back, so that "later" needs no waiting.
		dayAgo := time.Now().Add(-24 * time.Hour).UTC().Truncate(time.Microsecond)
		env.Exec("UPDATE vehicles SET created_at = ?, updated_at = ? WHERE vin = ?", dayAgo, dayAgo, created.VIN)

		previous := dayAgo
		for _, status := range []string{"IN_TRANSIT", "AT_PORT", "IN_CUSTOMS", "CLEARED", "DELIVERED", "ORDERED"} {
			var u vehUpdateData
			// Lower case VIN: the same vehicle.
			c.Do(vehUpdate, testenv.Vars{"vin": strings.ToLower(created.VIN), "status": status}).Decode(t, &u)
			v := u.UpdateVehicleStatus
			if v.Status != status || v.VIN != created.VIN || v.ID != created.ID {
				t.Errorf("updated to %+v, want %s with status %s", v, created.VIN, status)
			}
			updated := vehParseTime(t, "updatedAt", v.UpdatedAt)
			if updated.Before(previous) || !updated.After(dayAgo) {
				t.Errorf("updatedAt %s, previous %s: want it to move forward", updated, previous)
			}
			previous = updated
			if !vehParseTime(t, "createdAt", v.CreatedAt).Equal(dayAgo) {
				t.Errorf("createdAt = %s, want it unchanged (%s)", v.CreatedAt, dayAgo)
			}

			row := env.DB.Vehicle.GetX(testenv.System(), vehAtoi(t, created.ID))
			if string(row.Status) != status || !row.UpdatedAt.Equal(updated) {
				t.Errorf("stored status %s, updated_at %s; want %s, %s", row.Status, row.UpdatedAt, status, updated)
			}
		}
		if n := env.VehicleCount(); n != 1 {
			t.Errorf("%d vehicles after updates, want 1", n)
		}
	})
}

func vehAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("id %q is not a number: %v", s, err)
	}
	return n
}
