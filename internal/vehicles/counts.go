package vehicles

import (
	"cmp"
	"context"
	"slices"

	"importops/ent"
	"importops/ent/vehicle"
	"importops/ent/vehiclecount"
	"importops/internal/database"
)

// The organisation's vehicle counts, one row per status, are changed in
// the transaction that changes its vehicles, so they are exact whenever a
// transaction commits and never need a count over the vehicles themselves
// (see ent/schema/vehiclecount.go).

// change is how a count moves.
type change struct {
	status vehicle.Status
	delta  int
}

// applyCounts adds each change to orgID's counts through tx. The rows are
// changed in the order of their status, whatever the order of changes: two
// transactions that move vehicles in opposite directions (A to B, B to A)
// would otherwise lock the two rows in opposite orders and deadlock.
func applyCounts(ctx context.Context, tx *ent.Tx, orgID int, changes ...change) error {
	slices.SortFunc(changes, func(a, b change) int { return cmp.Compare(a.status, b.status) })
	for _, c := range changes {
		if c.delta == 0 {
			continue
		}
		err := tx.VehicleCount.Create().
			SetOrganizationID(orgID).
			SetStatus(vehiclecount.Status(c.status)).
			SetCount(c.delta).
			OnConflictColumns(vehiclecount.FieldOrganizationID, vehiclecount.FieldStatus).
			AddCount(c.delta).
			Exec(ctx)
		if err != nil {
			return err
		}
	}
	return nil
}

// Count is how many vehicles the context's organisation has, in status
// when it is not nil: at most six rows read, however many vehicles.
func Count(ctx context.Context, client *ent.Client, status *vehicle.Status) (int, error) {
	q := client.VehicleCount.Query()
	if status != nil {
		q.Where(vehiclecount.StatusEQ(vehiclecount.Status(*status)))
	}
	counts, err := q.Select(vehiclecount.FieldCount).Ints(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	return total, nil
}

// Recount sets orgID's counts from its vehicles, for vehicles written
// without this package (the demo's, inserted in bulk). It counts every
// vehicle of the organisation, so it is not for the request path.
func Recount(ctx context.Context, client *ent.Client, orgID int) error {
	return database.InTx(ctx, client, func(tx *ent.Tx) error {
		var rows []struct {
			Status vehicle.Status `json:"status"`
			Count  int            `json:"count"`
		}
		err := tx.Vehicle.Query().Where(vehicle.OrganizationID(orgID)).
			GroupBy(vehicle.FieldStatus).Aggregate(ent.Count()).Scan(ctx, &rows)
		if err != nil {
			return err
		}
		if _, err := tx.VehicleCount.Delete().Where(vehiclecount.OrganizationID(orgID)).Exec(ctx); err != nil {
			return err
		}
		var changes []change
		for _, r := range rows {
			changes = append(changes, change{r.Status, r.Count})
		}
		return applyCounts(ctx, tx, orgID, changes...)
	})
}
