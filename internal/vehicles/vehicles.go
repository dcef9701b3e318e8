// Package vehicles creates and updates an organisation's vehicle records.
// Which organisation is the context's (see viewer): the ent schema scopes
// every query and stamps every new row, so nothing here names it.
package vehicles

import (
	"context"
	"fmt"
	"strings"

	"importops/ent"
	"importops/ent/vehicle"
	"importops/internal/apierr"
	"importops/internal/vin"
)

// New is a vehicle to create.
type New struct {
	VIN, Make, Model string
	Year             int
	Status           *vehicle.Status // nil means ORDERED
}

// Create adds a vehicle. Its VIN must be valid and new to the organisation.
func Create(ctx context.Context, client *ent.Client, n New) (*ent.Vehicle, error) {
	v, err := vin.Normalize(n.VIN)
	if err != nil {
		return nil, apierr.Input("vin", err.Error())
	}
	c := client.Vehicle.Create().
		SetVin(v).
		SetMake(strings.TrimSpace(n.Make)).
		SetModel(strings.TrimSpace(n.Model)).
		SetYear(n.Year).
		SetNillableStatus(n.Status)
	created, err := c.Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, apierr.Input("vin", fmt.Sprintf("A vehicle with VIN %s already exists in this organisation", v))
	}
	return created, err
}

// UpdateStatus sets the status of the vehicle with this VIN.
func UpdateStatus(ctx context.Context, client *ent.Client, vinStr string, status vehicle.Status) (*ent.Vehicle, error) {
	v, err := vin.Normalize(vinStr)
	if err != nil {
		return nil, apierr.Input("vin", err.Error())
	}
	n, err := client.Vehicle.Update().Where(vehicle.Vin(v)).SetStatus(status).Save(ctx)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, apierr.Newf(apierr.NotFound, "No vehicle with VIN %s in this organisation", v)
	}
	return client.Vehicle.Query().Where(vehicle.Vin(v)).Only(ctx)
}

// ByVIN returns the vehicle with this VIN, or nil when there is none (or
// the VIN is not even valid: no vehicle can have it).
func ByVIN(ctx context.Context, client *ent.Client, vinStr string) (*ent.Vehicle, error) {
	v, err := vin.Normalize(vinStr)
	if err != nil {
		return nil, nil
	}
	found, err := client.Vehicle.Query().Where(vehicle.Vin(v)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return found, err
}
