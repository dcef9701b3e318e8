package server

import (
	"context"
	"path/filepath"
	"testing"

	"importops/internal/database"
)

// The fair share follows the database pool unless serve --org-concurrency
// sets it; a caller gets three quarters of its organisation's share.
func TestFairShareSizes(t *testing.T) {
	db, err := database.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "share.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pool := db.SQL.Stats().MaxOpenConnections
	for _, tc := range []struct{ set, perOrg, perCaller int }{
		{0, max(2, pool/8), max(2, pool/8*3/4)},
		{16, 16, 12},
		{1, 1, 1},
	} {
		got := fairShare(db, tc.set)
		if got.PerOrg != tc.perOrg || got.PerCaller != tc.perCaller {
			t.Errorf("--org-concurrency %d: per organisation %d, per caller %d; want %d and %d",
				tc.set, got.PerOrg, got.PerCaller, tc.perOrg, tc.perCaller)
		}
	}
}
