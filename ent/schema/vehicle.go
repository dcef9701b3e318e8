package schema

import (
	"errors"
	"fmt"
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"importops/internal/vin"
)

// Vehicle is one vehicle an organisation is importing.
type Vehicle struct {
	ent.Schema
}

func (Vehicle) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}}
}

func (Vehicle) Fields() []ent.Field {
	return []ent.Field{
		field.String("vin").Immutable().Validate(validVIN),
		field.String("make").Validate(text("Make", 100)),
		field.String("model").Validate(text("Model", 100)),
		field.Int("year").Validate(validYear),
		field.Enum("status").Values(vehicleStatuses...).Default("ORDERED"),
		field.Time("created_at").Default(now).Immutable(),
		field.Time("updated_at").Default(now).UpdateDefault(now),
	}
}

// vehicleStatuses are a vehicle's statuses, in the order of its journey.
// VehicleCount keeps one count per status.
var vehicleStatuses = []string{"ORDERED", "IN_TRANSIT", "AT_PORT", "IN_CUSTOMS", "CLEARED", "DELIVERED"}

// validVIN refuses anything that is not already a normalised VIN; callers
// normalise first (vin.Normalize) so that the message they show is specific.
func validVIN(s string) error {
	n, err := vin.Normalize(s)
	if err == nil && n != s {
		return errors.New("VIN must be stored upper case without spaces")
	}
	return err
}

// validYear allows the first car (1886) up to next year's models.
func validYear(y int) error {
	if last := time.Now().Year() + 1; y < 1886 || y > last {
		return fmt.Errorf("Year must be between 1886 and %d", last)
	}
	return nil
}

func (Vehicle) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("organization_id", "vin").Unique(),
		// The list, newest first, is a range scan of this index.
		index.Fields("organization_id", "id"),
		index.Fields("organization_id", "status", "id"),
	}
}
