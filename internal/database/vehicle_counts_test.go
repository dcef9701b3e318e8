package database_test

import (
	"context"
	"testing"

	"importops/ent/organization"
	"importops/ent/vehicle"
	"importops/ent/vehiclecount"
	"importops/internal/testenv"
	"importops/internal/viewer"
)

// A database written by a version that kept no vehicle counts gets them
// on the next start (Open), for each organisation that has vehicles but
// no counts; an organisation that has counts is not counted again (that
// would read every vehicle on every start), so a count kept since stays
// as it is.
func TestOpenFillsInVehicleCounts(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		ctx := viewer.System(context.Background())
		db := testenv.Open(t, url)
		old := db.Organization.Create().SetSlug("old").SetName("Old").SetPlan(organization.PlanPRO).SaveX(ctx)
		kept := db.Organization.Create().SetSlug("kept").SetName("Kept").SetPlan(organization.PlanPRO).SaveX(ctx)
		db.Organization.Create().SetSlug("empty").SetName("Empty").SetPlan(organization.PlanPRO).ExecX(ctx)
		vins := 0
		insert := func(org, n int, status string) {
			for range n {
				vins++
				db.Vehicle.Create().SetOrganizationID(org).SetVin(testenv.VIN(vins)).
					SetMake("Toyota").SetModel("Hilux").SetYear(2020).SetStatus(vehicleStatus(status)).ExecX(ctx)
			}
		}
		// Written as the old version did: vehicles without counts.
		insert(old.ID, 3, "ORDERED")
		insert(old.ID, 2, "DELIVERED")
		insert(kept.ID, 4, "AT_PORT")
		// This one has a count already, deliberately not its vehicles'.
		db.VehicleCount.Create().SetOrganizationID(kept.ID).SetStatus(vehiclecount.StatusAT_PORT).SetCount(7).ExecX(ctx)
		db.Close()

		db = testenv.Open(t, url) // the next start
		counts := map[string]int{}
		for _, c := range db.VehicleCount.Query().AllX(ctx) {
			slug := map[int]string{old.ID: "old", kept.ID: "kept"}[c.OrganizationID]
			counts[slug+" "+string(c.Status)] = c.Count
		}
		want := map[string]int{"old ORDERED": 3, "old DELIVERED": 2, "kept AT_PORT": 7}
		if len(counts) != len(want) {
			t.Errorf("counts after the start: %v, want %v", counts, want)
		}
		for k, n := range want {
			if counts[k] != n {
				t.Errorf("count %s = %d, want %d (all: %v)", k, counts[k], n, counts)
			}
		}
	})
}

func vehicleStatus(s string) vehicle.Status { return vehicle.Status(s) }
