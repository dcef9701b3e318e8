package testenv

import (
	"context"
	"fmt"

	"importops/ent"
	"importops/ent/vehicle"
	"importops/internal/vehicles"
	"importops/internal/viewer"
)

// VIN returns a valid VIN (17 characters, no I, O or Q) numbered n.
func VIN(n int) string { return fmt.Sprintf("1HGCM82633A%06d", n) }

// Vehicle creates a vehicle of org, as a fixture, the way createVehicle
// does (so the organisation's vehicle counts follow).
func (e *Env) Vehicle(org *ent.Organization, vin string, status vehicle.Status) *ent.Vehicle {
	e.T.Helper()
	ctx := viewer.NewContext(context.Background(), &viewer.Viewer{OrgID: org.ID})
	v, err := vehicles.Create(ctx, e.DB.Client, vehicles.New{
		VIN: vin, Make: "Toyota", Model: "Land Cruiser", Year: 2020, Status: &status,
	})
	if err != nil {
		e.T.Fatalf("creating vehicle %s: %v", vin, err)
	}
	return v
}

// VehicleCount is the number of vehicles in every organisation.
func (e *Env) VehicleCount() int {
	e.T.Helper()
	n, err := e.DB.Vehicle.Query().Count(System())
	if err != nil {
		e.T.Fatalf("counting vehicles: %v", err)
	}
	return n
}

// VehicleNode is a Vehicle as the API returns it.
type VehicleNode struct {
	ID, VIN, Make, Model, Status string
	Year                         int
	CreatedAt, UpdatedAt         string
}

// VehicleFields selects every field of VehicleNode.
const VehicleFields = `id vin make model year status createdAt updatedAt`
