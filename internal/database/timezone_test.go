package database_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"importops/ent/apikey"
	"importops/ent/organization"
	"importops/internal/database"
	"importops/internal/viewer"
)

// SQLite compares stored times as text, so times written in different zones
// must still compare as instants. Write a key's expiry in Tokyo time and
// ask with a time in New York's: 30 minutes apart, in the right order.
func TestSQLiteComparesTimesAcrossZones(t *testing.T) {
	ctx := viewer.System(context.Background())
	db, err := database.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "tz.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	newYork, _ := time.LoadLocation("America/New_York")
	if tokyo == nil || newYork == nil {
		t.Skip("no time zone data on this machine")
	}
	now := time.Now().Truncate(time.Second)
	org := db.Organization.Create().SetSlug("acme").SetName("Acme").SetPlan(organization.PlanPRO).SaveX(ctx)
	db.APIKey.Create().SetOrganizationID(org.ID).SetName("k").SetPrefix("iops_aaaaaaa").SetDigest("d").
		SetScopes([]string{"vehicles.read"}).SetExpiresAt(now.Add(30 * time.Minute).In(tokyo)).ExecX(ctx)

	if n := db.APIKey.Query().Where(apikey.ExpiresAtGT(now.In(newYork))).CountX(ctx); n != 1 {
		t.Errorf("a key expiring in 30 minutes counts as active %d times, want 1", n)
	}
	if n := db.APIKey.Query().Where(apikey.ExpiresAtGT(now.Add(time.Hour).In(newYork))).CountX(ctx); n != 0 {
		t.Errorf("an hour from now it counts as active %d times, want 0", n)
	}
}
