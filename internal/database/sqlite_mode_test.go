package database_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"importops/ent/organization"
	"importops/internal/database"
	"importops/internal/testenv"
)

// TestSQLiteFilesArePrivate: a new SQLite database and its -wal and -shm
// files are readable and writable by their owner only, whatever the umask
// lets through (0644 by default), after a write.
func TestSQLiteFilesArePrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "importops.db")
	db, err := database.Open(context.Background(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Organization.Create().SetSlug("acme").SetName("Acme").SetPlan(organization.PlanPRO).Save(testenv.System()); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Errorf("after a write: %v", err)
			continue
		}
		if mode := fi.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s has mode %#o, want 0600", filepath.Base(p), mode)
		}
	}
}

// TestSQLiteExistingFileKeepsItsMode: an operator's file is not changed
// behind their back.
func TestSQLiteExistingFileKeepsItsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "importops.db")
	if err := os.WriteFile(path, nil, 0o640); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0o640) // whatever the umask
	db, err := database.Open(context.Background(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("existing file: %v, %v; want its mode 0640 kept", fi.Mode(), err)
	}
}
