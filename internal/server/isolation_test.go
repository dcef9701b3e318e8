package server_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"

	"importops/ent"
	"importops/ent/apikey"
	"importops/ent/auditentry"
	"importops/ent/organization"
	"importops/ent/schema"
	"importops/ent/user"
	"importops/ent/vehicle"
	"importops/internal/testenv"
	"importops/internal/viewer"
)

// isoOrg is one organisation of the isolation tests, with what it holds.
type isoOrg struct {
	org        *ent.Organization
	admin      *testenv.Client
	readToken  string
	writeToken string
	writeKey   *ent.APIKey
	adminKeyID string // a key its admin created through the API
	vins       []string
}

// isoSetup builds two organisations, each with an admin, vehicles, keys
// issued by support and a key created by the admin (so both have audit
// entries).
func isoSetup(t *testing.T, env *testenv.Env) (a, b isoOrg) {
	t.Helper()
	build := func(slug string, vins []int) isoOrg {
		o := isoOrg{org: env.Org(slug, organization.PlanPRO)}
		env.User(o.org, "admin@"+slug+".test", user.RoleADMIN)
		o.admin = env.SignIn("admin@"+slug+".test", testenv.Password)
		o.readToken, _ = env.IssueKey(o.org, "vehicles.read")
		o.writeToken, o.writeKey = env.IssueKey(o.org, "vehicles.read", "vehicles.write")
		for _, n := range vins {
			o.vins = append(o.vins, env.Vehicle(o.org, testenv.VIN(n), vehicle.StatusORDERED).Vin)
		}
		var c created
		o.admin.Do(createKey, testenv.Vars{"input": map[string]any{"name": slug + " sync", "expiry": "ONE_YEAR"}}).Decode(t, &c)
		o.adminKeyID = c.CreateApiKey.ApiKey.ID
		return o
	}
	// VIN(3) belongs to both organisations.
	return build("alpha", []int{1, 2, 3}), build("bravo", []int{3, 4})
}

func isoIDs[T any](items []T, id func(T) int) []string {
	var out []string
	for _, it := range items {
		out = append(out, strconv.Itoa(id(it)))
	}
	slices.Sort(out)
	return out
}

// TestIsolationVehicles: a key and an admin see and change only their own
// organisation's vehicles.
func TestIsolationVehicles(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		a, b := isoSetup(t, env)

		for name, c := range map[string]*testenv.Client{
			"A's read key":  env.Bearer(a.readToken),
			"A's write key": env.Bearer(a.writeToken),
			"A's admin":     a.admin,
		} {
			var d vehListData
			c.Do(vehList, nil).Decode(t, &d)
			got := d.vins()
			slices.Sort(got)
			if !vehEqual(got, a.vins) || d.Vehicles.TotalCount != len(a.vins) {
				t.Errorf("%s sees %v (totalCount %d), want only A's %v", name, got, d.Vehicles.TotalCount, a.vins)
			}
			var one vehByVINData
			c.Do(vehByVIN, testenv.Vars{"vin": testenv.VIN(4)}).Decode(t, &one)
			if one.Vehicle != nil {
				t.Errorf("%s reads B's vehicle %+v", name, *one.Vehicle)
			}
			// The VIN both hold: A's own vehicle, not B's.
			c.Do(vehByVIN, testenv.Vars{"vin": testenv.VIN(3)}).Decode(t, &one)
			aID := env.DB.Vehicle.Query().Where(vehicle.Vin(testenv.VIN(3)), vehicle.OrganizationID(a.org.ID)).OnlyIDX(testenv.System())
			if one.Vehicle == nil || one.Vehicle.ID != strconv.Itoa(aID) {
				t.Errorf("%s: vehicle(%s) = %+v, want A's (id %d)", name, testenv.VIN(3), one.Vehicle, aID)
			}
		}

		// A's write key cannot update B's vehicle (NOT_FOUND); with the
		// VIN both hold, it updates A's vehicle only.
		bVehicle := env.DB.Vehicle.Query().Where(vehicle.Vin(testenv.VIN(4))).OnlyX(testenv.System())
		writer := env.Bearer(a.writeToken)
		writer.Do(vehUpdate, testenv.Vars{"vin": testenv.VIN(4), "status": "DELIVERED"}).WantError(t, 200, "NOT_FOUND")
		if got := env.DB.Vehicle.GetX(testenv.System(), bVehicle.ID); got.Status != vehicle.StatusORDERED || !got.UpdatedAt.Equal(bVehicle.UpdatedAt) {
			t.Errorf("B's vehicle changed: %+v", got)
		}
		var u vehUpdateData
		writer.Do(vehUpdate, testenv.Vars{"vin": testenv.VIN(3), "status": "CLEARED"}).Decode(t, &u)
		for _, v := range env.DB.Vehicle.Query().Where(vehicle.Vin(testenv.VIN(3))).AllX(testenv.System()) {
			want := vehicle.StatusORDERED
			if v.OrganizationID == a.org.ID {
				want = vehicle.StatusCLEARED
			}
			if v.Status != want {
				t.Errorf("vehicle %s of organisation %d: status %s, want %s", v.Vin, v.OrganizationID, v.Status, want)
			}
		}

		// What A creates belongs to A.
		var c vehCreateData
		writer.Do(vehCreate, testenv.Vars{"input": vehInput(testenv.VIN(5))}).Decode(t, &c)
		if v := env.DB.Vehicle.Query().Where(vehicle.Vin(testenv.VIN(5))).OnlyX(testenv.System()); v.OrganizationID != a.org.ID {
			t.Errorf("A's key created a vehicle in organisation %d, want %d", v.OrganizationID, a.org.ID)
		}
		var d vehListData
		env.Bearer(b.readToken).Do(vehList, nil).Decode(t, &d)
		got := d.vins()
		slices.Sort(got)
		if !vehEqual(got, b.vins) || d.Vehicles.TotalCount != len(b.vins) {
			t.Errorf("B sees %v (totalCount %d), want only its own %v", got, d.Vehicles.TotalCount, b.vins)
		}
	})
}

const isoKeys = `{ keys(first: 100) { edges { node { id prefix } } totalCount } }`

type isoKeysData struct {
	Keys struct {
		Edges []struct {
			Node struct{ ID, Prefix string }
		}
		TotalCount int
	}
}

const isoAudit = `{ auditLog(first: 100) { edges { node { id action actorName apiKey { id } } } totalCount } }`

type isoAuditData struct {
	AuditLog struct {
		Edges []struct {
			Node struct {
				ID, Action, ActorName string
				APIKey                *struct{ ID string }
			}
		}
		TotalCount int
	}
}

// TestIsolationKeysAndAudit: an admin lists and revokes only the
// organisation's own keys and sees only its audit entries.
func TestIsolationKeysAndAudit(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		a, b := isoSetup(t, env)
		sys := testenv.System()

		for _, o := range []isoOrg{a, b} {
			var k isoKeysData
			o.admin.Do(isoKeys, nil).Decode(t, &k)
			var got []string
			for _, e := range k.Keys.Edges {
				got = append(got, e.Node.ID)
			}
			slices.Sort(got)
			want := isoIDs(env.DB.APIKey.Query().Where(apikey.OrganizationID(o.org.ID)).AllX(sys), func(k *ent.APIKey) int { return k.ID })
			if !vehEqual(got, want) || k.Keys.TotalCount != len(want) || len(want) != 3 {
				t.Errorf("%s's admin lists keys %v (totalCount %d), want its own %v", o.org.Slug, got, k.Keys.TotalCount, want)
			}

			var l isoAuditData
			o.admin.Do(isoAudit, nil).Decode(t, &l)
			got = nil
			for _, e := range l.AuditLog.Edges {
				got = append(got, e.Node.ID)
				if e.Node.APIKey != nil && !slices.Contains(want, e.Node.APIKey.ID) {
					t.Errorf("%s's audit log names key %s of another organisation", o.org.Slug, e.Node.APIKey.ID)
				}
			}
			slices.Sort(got)
			wantEntries := isoIDs(env.DB.AuditEntry.Query().Where(auditentry.OrganizationID(o.org.ID)).AllX(sys), func(e *ent.AuditEntry) int { return e.ID })
			if !vehEqual(got, wantEntries) || l.AuditLog.TotalCount != len(wantEntries) || len(wantEntries) == 0 {
				t.Errorf("%s's admin sees audit entries %v (totalCount %d), want its own %v", o.org.Slug, got, l.AuditLog.TotalCount, wantEntries)
			}
		}

		// A's admin cannot revoke B's keys: NOT_FOUND, and they keep working.
		entriesBefore := env.DB.AuditEntry.Query().CountX(sys)
		bKeys := env.DB.APIKey.Query().Where(apikey.OrganizationID(b.org.ID)).AllX(sys)
		for _, k := range bKeys {
			resp := a.admin.Do(`mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { id status } } }`,
				testenv.Vars{"id": strconv.Itoa(k.ID)})
			resp.WantError(t, 200, "NOT_FOUND")
		}
		for _, k := range env.DB.APIKey.Query().Where(apikey.OrganizationID(b.org.ID)).AllX(sys) {
			if k.RevokedAt != nil {
				t.Errorf("B's key %d was revoked by A's admin", k.ID)
			}
		}
		if n := env.DB.AuditEntry.Query().CountX(sys); n != entriesBefore {
			t.Errorf("refused revocations wrote audit entries: %d, want %d", n, entriesBefore)
		}
		var d vehListData
		env.Bearer(b.readToken).Do(vehList, nil).Decode(t, &d)
		if d.Vehicles.TotalCount != len(b.vins) {
			t.Errorf("B's key after A's attempt: totalCount %d", d.Vehicles.TotalCount)
		}
	})
}

// TestIsolationViewerOfKey: a key's viewer is its own organisation and key.
func TestIsolationViewerOfKey(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		a, b := isoSetup(t, env)
		for _, o := range []isoOrg{a, b} {
			var v struct {
				Viewer struct {
					User         *struct{ ID string }
					Role         *string
					Organization struct{ ID, Slug string }
					APIKey       *struct{ ID, Prefix string }
				}
			}
			env.Bearer(o.writeToken).Do(`{ viewer { user { id } role organization { id slug } apiKey { id prefix } } }`, nil).Decode(t, &v)
			if v.Viewer.Organization.Slug != o.org.Slug || v.Viewer.Organization.ID != strconv.Itoa(o.org.ID) {
				t.Errorf("viewer of %s's key: organization %+v", o.org.Slug, v.Viewer.Organization)
			}
			if v.Viewer.APIKey == nil || v.Viewer.APIKey.Prefix != o.writeToken[:12] || v.Viewer.APIKey.ID != strconv.Itoa(o.writeKey.ID) {
				t.Errorf("viewer of %s's key: apiKey %+v, want prefix %s", o.org.Slug, v.Viewer.APIKey, o.writeToken[:12])
			}
			if v.Viewer.User != nil || v.Viewer.Role != nil {
				t.Errorf("viewer of a key has user %+v, role %v", v.Viewer.User, v.Viewer.Role)
			}
		}
	})
}

// TestTenantMixinFailsClosed: organisation data read or written with
// neither a viewer nor the system context is an error, not every row; a
// viewer's context reaches only its organisation.
func TestTenantMixinFailsClosed(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		a, b := isoSetup(t, env)
		db := env.DB
		bg := context.Background()

		wantNoTenant := func(what string, err error) {
			t.Helper()
			if !errors.Is(err, schema.ErrNoTenant) {
				t.Errorf("%s without a viewer: err = %v, want ErrNoTenant", what, err)
			}
		}
		for _, ctx := range map[string]context.Context{
			"background":         bg,
			"viewer without org": viewer.NewContext(bg, &viewer.Viewer{UserID: 1}),
		} {
			keys, err := db.APIKey.Query().All(ctx)
			wantNoTenant("APIKey.All", err)
			if len(keys) > 0 {
				t.Errorf("APIKey.All returned %d rows", len(keys))
			}
			vehicles, err := db.Vehicle.Query().All(ctx)
			wantNoTenant("Vehicle.All", err)
			if len(vehicles) > 0 {
				t.Errorf("Vehicle.All returned %d rows", len(vehicles))
			}
			entries, err := db.AuditEntry.Query().All(ctx)
			wantNoTenant("AuditEntry.All", err)
			if len(entries) > 0 {
				t.Errorf("AuditEntry.All returned %d rows", len(entries))
			}
			_, err = db.APIKey.Query().Count(ctx)
			wantNoTenant("APIKey.Count", err)
			_, err = db.Vehicle.Query().Where(vehicle.Vin(testenv.VIN(4))).Only(ctx)
			wantNoTenant("Vehicle.Only", err)
			_, err = db.APIKey.Get(ctx, a.writeKey.ID)
			wantNoTenant("APIKey.Get", err)
			_, err = db.AuditEntry.Query().Exist(ctx)
			wantNoTenant("AuditEntry.Exist", err)

			_, err = db.Vehicle.Update().SetStatus(vehicle.StatusDELIVERED).Save(ctx)
			wantNoTenant("Vehicle.Update", err)
			_, err = db.APIKey.UpdateOneID(a.writeKey.ID).SetName("stolen").Save(ctx)
			wantNoTenant("APIKey.UpdateOne", err)
			_, err = db.Vehicle.Delete().Exec(ctx)
			wantNoTenant("Vehicle.Delete", err)
			_, err = db.Vehicle.Create().SetOrganizationID(b.org.ID).SetVin(testenv.VIN(9)).
				SetMake("X").SetModel("Y").SetYear(2020).Save(ctx)
			wantNoTenant("Vehicle.Create", err)
		}
		if n := env.VehicleCount(); n != len(a.vins)+len(b.vins) {
			t.Errorf("%d vehicles, want %d: something was written or deleted", n, len(a.vins)+len(b.vins))
		}
		for _, v := range db.Vehicle.Query().AllX(testenv.System()) {
			if v.Status != vehicle.StatusORDERED {
				t.Errorf("vehicle %d was updated without a viewer", v.ID)
			}
		}
		if k := db.APIKey.GetX(testenv.System(), a.writeKey.ID); k.Name != a.writeKey.Name {
			t.Errorf("key renamed to %q without a viewer", k.Name)
		}

		// A viewer of A reaches A's rows only.
		asA := viewer.NewContext(bg, &viewer.Viewer{OrgID: a.org.ID, UserID: 1})
		vs := db.Vehicle.Query().AllX(asA)
		for _, v := range vs {
			if v.OrganizationID != a.org.ID {
				t.Errorf("A's viewer read vehicle %d of organisation %d", v.ID, v.OrganizationID)
			}
		}
		if len(vs) != len(a.vins) {
			t.Errorf("A's viewer read %d vehicles, want %d", len(vs), len(a.vins))
		}
		if n := db.Vehicle.Update().Where(vehicle.Vin(testenv.VIN(4))).SetStatus(vehicle.StatusDELIVERED).SaveX(asA); n != 0 {
			t.Errorf("A's viewer updated %d of B's vehicles", n)
		}
		if _, err := db.APIKey.Get(asA, db.APIKey.Query().Where(apikey.OrganizationID(b.org.ID)).FirstIDX(testenv.System())); !ent.IsNotFound(err) {
			t.Errorf("A's viewer getting B's key: err = %v, want not found", err)
		}
		_, err := db.Vehicle.Create().SetOrganizationID(b.org.ID).SetVin(testenv.VIN(9)).
			SetMake("X").SetModel("Y").SetYear(2020).Save(asA)
		if err == nil {
			t.Errorf("A's viewer created a vehicle in B")
		}
		v := db.Vehicle.Create().SetVin(testenv.VIN(9)).SetMake("X").SetModel("Y").SetYear(2020).SaveX(asA)
		if v.OrganizationID != a.org.ID {
			t.Errorf("A's viewer's vehicle was stamped with organisation %d", v.OrganizationID)
		}
	})
}
