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
	"importops/internal/database"
	"importops/internal/vin"
)

// New is a vehicle to create.
type New struct {
	VIN, Make, Model string
	Year             int
	Status           *vehicle.Status // nil means ORDERED
}

// Create adds a vehicle. Its VIN must be valid and new to the organisation.
// The vehicle and its organisation's count are written in one transaction.
func Create(ctx context.Context, client *ent.Client, n New) (*ent.Vehicle, error) {
	v, err := vin.Normalize(n.VIN)
	if err != nil {
		return nil, apierr.Input("vin", err.Error())
	}
	var created *ent.Vehicle
	err = database.InTx(ctx, client, func(tx *ent.Tx) error {
		created, err = tx.Vehicle.Create().
			SetVin(v).
			SetMake(strings.TrimSpace(n.Make)).
			SetModel(strings.TrimSpace(n.Model)).
			SetYear(n.Year).
			SetNillableStatus(n.Status).
			Save(ctx)
		if err != nil {
			return err
		}
		return applyCounts(ctx, tx, created.OrganizationID, change{created.Status, +1})
	})
	if ent.IsConstraintError(err) {
		return nil, apierr.Input("vin", fmt.Sprintf("A vehicle with VIN %s already exists in this organisation", v))
	}
	if err != nil {
		return nil, err
	}
	return created.Unwrap(), nil
}

// maxStatusAttempts bounds UpdateStatus's retries when other requests keep
// changing the same vehicle's status in between.
const maxStatusAttempts = 5

// UpdateStatus sets the status of the vehicle with this VIN, moving it
// from one count to the other in the same transaction.
func UpdateStatus(ctx context.Context, client *ent.Client, vinStr string, status vehicle.Status) (*ent.Vehicle, error) {
	v, err := vin.Normalize(vinStr)
	if err != nil {
		return nil, apierr.Input("vin", err.Error())
	}
	var updated *ent.Vehicle
	err = database.InTx(ctx, client, func(tx *ent.Tx) error {
		updated, err = setStatus(ctx, tx, v, status)
		return err
	})
	if err != nil {
		return nil, err
	}
	return updated.Unwrap(), nil
}

// setStatus changes the status only if it is still the one read, so that
// two requests changing the same vehicle at once cannot both take it out
// of the same count: on PostgreSQL the second waits for the first's row
// lock, then finds the status changed and reads it again.
func setStatus(ctx context.Context, tx *ent.Tx, v string, status vehicle.Status) (*ent.Vehicle, error) {
	for range maxStatusAttempts {
		cur, err := tx.Vehicle.Query().Where(vehicle.Vin(v)).Only(ctx)
		if ent.IsNotFound(err) {
			return nil, apierr.Newf(apierr.NotFound, "No vehicle with VIN %s in this organisation", v)
		}
		if err != nil {
			return nil, err
		}
		n, err := tx.Vehicle.Update().
			Where(vehicle.ID(cur.ID), vehicle.StatusEQ(cur.Status)).
			SetStatus(status).
			Save(ctx)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			continue // changed in between: read it again
		}
		if cur.Status != status {
			err = applyCounts(ctx, tx, cur.OrganizationID, change{cur.Status, -1}, change{status, +1})
			if err != nil {
				return nil, err
			}
		}
		return tx.Vehicle.Get(ctx, cur.ID)
	}
	return nil, apierr.Newf(apierr.Unavailable,
		"The vehicle with VIN %s is being changed by other requests right now: please try again in a moment", v)
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
