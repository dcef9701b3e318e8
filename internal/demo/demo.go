// Package demo fills an empty database with an organisation to try the
// service with: `importops serve --demo`, which `make run` uses.
package demo

import (
	"context"
	"fmt"

	"importops/ent"
	"importops/ent/organization"
	"importops/ent/user"
	"importops/ent/vehicle"
	"importops/internal/account"
	"importops/internal/vehicles"
	"importops/internal/viewer"
)

// The demo sign-in. It is printed on every start, so it is fixed; it only
// ever exists in a database that --demo found empty.
const (
	AdminEmail  = "admin@demo.test"
	MemberEmail = "member@demo.test"
	Password    = "importops-demo"
)

// Seed fills db with the demo organisation when it has no organisation at
// all. It reports whether the demo sign-in works: the demo admin is there,
// added now or by an earlier start, and not in a database in other use.
func Seed(ctx context.Context, client *ent.Client) (bool, error) {
	ctx = viewer.System(ctx)
	n, err := client.Organization.Query().Count(ctx)
	if err != nil {
		return false, err
	}
	if n > 0 {
		return client.User.Query().Where(user.Email(AdminEmail)).Exist(ctx)
	}
	org, err := account.CreateOrg(ctx, client, "demo", "Demo Imports", organization.PlanPRO)
	if err != nil {
		return false, err
	}
	for _, u := range []account.NewUser{
		{Org: org, Email: AdminEmail, Name: "Ada Admin", Role: user.RoleADMIN, Password: Password},
		{Org: org, Email: MemberEmail, Name: "Max Member", Role: user.RoleMEMBER, Password: Password},
	} {
		if _, err := account.CreateUser(ctx, client, u); err != nil {
			return false, err
		}
	}
	if err := client.Vehicle.CreateBulk(demoVehicles(org.ID, client)...).Exec(ctx); err != nil {
		return false, err
	}
	// Inserted in bulk, so counted once here (see internal/vehicles).
	return true, vehicles.Recount(ctx, client, org.ID)
}

var models = []struct {
	make, model string
	year        int
}{
	{"Toyota", "Land Cruiser", 2022}, {"Nissan", "Skyline GT-R", 1999}, {"Mazda", "MX-5", 2021},
	{"Honda", "Civic Type R", 2023}, {"Subaru", "Impreza WRX STI", 2004}, {"Mitsubishi", "Lancer Evolution", 2006},
	{"Lexus", "LX 600", 2024}, {"Suzuki", "Jimny", 2023}, {"Porsche", "911 Carrera", 2019},
	{"BMW", "M3", 2020}, {"Mercedes-Benz", "G 63", 2022}, {"Volkswagen", "Golf R", 2022},
	{"Audi", "RS 6 Avant", 2021},
}

var statuses = []vehicle.Status{
	vehicle.StatusORDERED, vehicle.StatusIN_TRANSIT, vehicle.StatusAT_PORT,
	vehicle.StatusIN_CUSTOMS, vehicle.StatusCLEARED, vehicle.StatusDELIVERED,
}

func demoVehicles(orgID int, client *ent.Client) []*ent.VehicleCreate {
	var out []*ent.VehicleCreate
	for i := range 25 {
		m := models[i%len(models)]
		out = append(out, client.Vehicle.Create().
			SetOrganizationID(orgID).
			SetVin(fmt.Sprintf("JTDEMA%011d", 10000000+i*7919)).
			SetMake(m.make).SetModel(m.model).SetYear(m.year).
			SetStatus(statuses[i%len(statuses)]))
	}
	return out
}
