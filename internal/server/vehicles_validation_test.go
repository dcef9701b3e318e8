package server_test

import (
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/ent/vehicle"
	"importops/internal/testenv"
)

// vehWantInput checks a BAD_USER_INPUT about field with a message meant
// for a person, and returns the message.
func vehWantInput(t *testing.T, resp *testenv.Response, field string) string {
	t.Helper()
	resp.WantError(t, 200, "BAD_USER_INPUT")
	if f := resp.Errors[0].Extensions["field"]; f != field {
		t.Errorf("field = %v, want %q (%s)", f, field, resp.Raw)
	}
	msg := resp.Message()
	for _, internal := range []string{"ent:", "validator", "constraint", "UNIQUE", "duplicate key", "sql", "pq:"} {
		if strings.Contains(msg, internal) {
			t.Errorf("message %q leaks %q", msg, internal)
		}
	}
	if len(msg) < 10 {
		t.Errorf("message %q does not explain the problem", msg)
	}
	return msg
}

// TestCreateVehicleBadVIN: a VIN is 17 letters and digits without I, O or
// Q; anything else is refused about "vin", and nothing is written.
func TestCreateVehicleBadVIN(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "max@acme.test", user.RoleMEMBER)
		c := env.SignIn("max@acme.test", testenv.Password)
		env.Vehicle(org, testenv.VIN(1), vehicle.StatusORDERED)

		for _, tc := range []struct{ name, vin string }{
			{"16 characters", "1HGCM82633A00400"},
			{"18 characters", "1HGCM82633A0040001"},
			{"space inside", "1HGCM826 3A004000"},
			{"dash", "1HGCM-2633A004000"},
			{"letter I", "1HGCM82633I004000"},
			{"letter O", "1HGCM82633O004000"},
			{"letter Q", "1HGCM82633Q004000"},
			{"lower case i", "1hgcm82633i004000"},
			{"empty", ""},
			{"only spaces", "                 "},
			{"non-ASCII letter", "1HGCM82633É004000"},
			{"dotless i", "1HGCM82633ı004000"},
			{"full-width digit", "1HGCM82633A00400０"},
			{"tab inside", "1HGCM826\t3A004000"},
			{"17 bytes, 16 characters", "1HGCM82633AÉ0040"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := env.VehicleCount()
				msg := vehWantInput(t, c.Do(vehCreate, testenv.Vars{"input": vehInput(tc.vin)}), "vin")
				if !strings.Contains(msg, "VIN") {
					t.Errorf("message %q does not say it is about the VIN", msg)
				}
				if n := env.VehicleCount(); n != before {
					t.Errorf("%d vehicles after a refused create, want %d", n, before)
				}
			})
		}

		// The specific rule is in the message.
		for vin, want := range map[string]string{
			"1HGCM82633A00400":  "17",
			"1HGCM82633I004000": "I, O or Q",
		} {
			if msg := c.Do(vehCreate, testenv.Vars{"input": vehInput(vin)}).Message(); !strings.Contains(msg, want) {
				t.Errorf("VIN %q: message %q does not mention %q", vin, msg, want)
			}
		}
	})
}

// TestCreateVehicleLowerCaseVIN: lower case is accepted and stored upper
// case.
func TestCreateVehicleLowerCaseVIN(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "max@acme.test", user.RoleMEMBER)
		c := env.SignIn("max@acme.test", testenv.Password)

		var d vehCreateData
		c.Do(vehCreate, testenv.Vars{"input": vehInput("jtmhv05j604123456")}).Decode(t, &d)
		if d.CreateVehicle.VIN != "JTMHV05J604123456" {
			t.Errorf("vin = %q, want it upper case", d.CreateVehicle.VIN)
		}
		rows := env.DB.Vehicle.Query().AllX(testenv.System())
		if len(rows) != 1 || rows[0].Vin != "JTMHV05J604123456" {
			t.Errorf("stored %v, want one vehicle with VIN JTMHV05J604123456", rows)
		}
	})
}

// TestCreateVehicleDuplicateVIN: a VIN is unique within an organisation
// (whatever its case), not across organisations.
func TestCreateVehicleDuplicateVIN(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		acme := env.Org("acme", organization.PlanPRO)
		other := env.Org("other", organization.PlanCORE)
		env.User(acme, "max@acme.test", user.RoleMEMBER)
		env.User(other, "oli@other.test", user.RoleMEMBER)
		c := env.SignIn("max@acme.test", testenv.Password)

		const vin = "JTMHV05J604123456"
		c.Do(vehCreate, testenv.Vars{"input": vehInput(vin)}).Decode(t, &vehCreateData{})

		for _, dup := range []string{vin, "jtmhv05j604123456", "JtMhV05j604123456"} {
			before := env.VehicleCount()
			in := vehInput(dup)
			in["make"], in["status"] = "Toyota", "DELIVERED"
			msg := vehWantInput(t, c.Do(vehCreate, testenv.Vars{"input": in}), "vin")
			if !strings.Contains(msg, vin) && !strings.Contains(strings.ToLower(msg), "already") {
				t.Errorf("message %q does not say the VIN is taken", msg)
			}
			if n := env.VehicleCount(); n != before {
				t.Errorf("duplicate %q: %d vehicles, want %d", dup, n, before)
			}
		}
		row := env.DB.Vehicle.Query().OnlyX(testenv.System())
		if row.Make != "Nissan" || row.Status != vehicle.StatusORDERED {
			t.Errorf("the first vehicle changed: %+v", row)
		}

		// Another organisation may hold the same VIN.
		var d vehCreateData
		env.SignIn("oli@other.test", testenv.Password).
			Do(vehCreate, testenv.Vars{"input": vehInput(strings.ToLower(vin))}).Decode(t, &d)
		if d.CreateVehicle.VIN != vin {
			t.Errorf("other organisation created %+v", d.CreateVehicle)
		}
		if n := env.VehicleCount(); n != 2 {
			t.Errorf("%d vehicles, want 2 (one per organisation)", n)
		}
	})
}

// TestCreateVehicleBadFields: year out of range and empty make or model are
// refused about their field, and nothing is written.
func TestCreateVehicleBadFields(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		token, _ := env.IssueKey(org, "vehicles.read", "vehicles.write")
		c := env.Bearer(token)

		for _, tc := range []struct {
			name, field string
			set         any
			mention     string
		}{
			{"year 1800", "year", 1800, "Year"},
			{"year 3000", "year", 3000, "Year"},
			{"year 0", "year", 0, "Year"},
			{"year negative", "year", -2020, "Year"},
			{"empty make", "make", "", "Make"},
			{"blank make", "make", "   ", "Make"},
			{"empty model", "model", "", "Model"},
			{"blank model", "model", " \t ", "Model"},
			{"long make", "make", strings.Repeat("x", 101), "Make"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := env.VehicleCount()
				in := vehInput(testenv.VIN(1))
				in[tc.field] = tc.set
				msg := vehWantInput(t, c.Do(vehCreate, testenv.Vars{"input": in}), tc.field)
				if !strings.Contains(msg, tc.mention) {
					t.Errorf("message %q does not name %s", msg, tc.mention)
				}
				if n := env.VehicleCount(); n != before {
					t.Errorf("%d vehicles after a refused create, want %d", n, before)
				}
			})
		}

		// The VIN was never taken by the refused attempts.
		var d vehCreateData
		c.Do(vehCreate, testenv.Vars{"input": vehInput(testenv.VIN(1))}).Decode(t, &d)
		if d.CreateVehicle.VIN != testenv.VIN(1) {
			t.Errorf("created %+v", d.CreateVehicle)
		}
	})
}

// TestUpdateVehicleStatusNotFound: a VIN the organisation does not have is
// NOT_FOUND, even when another organisation has it, which stays unchanged.
func TestUpdateVehicleStatusNotFound(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		acme := env.Org("acme", organization.PlanPRO)
		other := env.Org("other", organization.PlanPRO)
		env.User(acme, "max@acme.test", user.RoleMEMBER)
		writeToken, _ := env.IssueKey(acme, "vehicles.read", "vehicles.write")
		theirs := env.Vehicle(other, "WVWZZZ1KZAW000001", vehicle.StatusORDERED)
		env.Vehicle(acme, testenv.VIN(1), vehicle.StatusORDERED)

		for name, c := range map[string]*testenv.Client{
			"member":    env.SignIn("max@acme.test", testenv.Password),
			"write key": env.Bearer(writeToken),
		} {
			for _, vin := range []string{testenv.VIN(2), theirs.Vin, strings.ToLower(theirs.Vin)} {
				resp := c.Do(vehUpdate, testenv.Vars{"vin": vin, "status": "DELIVERED"})
				resp.WantError(t, 200, "NOT_FOUND")
				if resp.Message() == "" || strings.Contains(resp.Message(), "ent:") {
					t.Errorf("%s, %s: message %q", name, vin, resp.Message())
				}
			}
		}
		got := env.DB.Vehicle.GetX(testenv.System(), theirs.ID)
		if got.Status != vehicle.StatusORDERED || !got.UpdatedAt.Equal(theirs.UpdatedAt) {
			t.Errorf("the other organisation's vehicle changed: %+v", got)
		}
		if n := env.VehicleCount(); n != 2 {
			t.Errorf("%d vehicles, want 2", n)
		}
	})
}
