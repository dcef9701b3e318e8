package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"importops/internal/database"
)

// migrateCmd shows (--dry-run) or applies the migrations the database
// lacks. Every other command applies them too; this one is for seeing an
// upgrade before it runs, and for --init.
func migrateCmd(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs, dbURL := flags("migrate")
	dryRun := fs.Bool("dry-run", false, "show the SQL that would run, and change nothing")
	initDB := fs.Bool("init", false, "create ImportOps' tables even in a database that holds other tables")
	if err := parse(fs, args); err != nil {
		return err
	}
	url := dbURLOrDefault(*dbURL)
	db, err := database.Connect(url)
	if err != nil {
		return err
	}
	defer db.Close()
	done, err := db.Migrate(ctx, database.MigrateOptions{Init: *initDB, DryRun: *dryRun})
	if err != nil {
		return explainOpen(url, err)
	}
	if len(done) == 0 {
		fmt.Fprintf(stdout, "%s is up to date.\n", database.Redact(url))
		return nil
	}
	verb := "Applied"
	if *dryRun {
		verb = "Would apply"
	}
	fmt.Fprintf(stdout, "%s %d migration(s) to %s:\n", verb, len(done), database.Redact(url))
	for _, m := range done {
		if m.RecordOnly {
			fmt.Fprintf(stdout, "  %s (recorded only: an earlier importops created these tables)\n", m.Name)
			continue
		}
		fmt.Fprintf(stdout, "  %s\n", m.Name)
		if *dryRun {
			fmt.Fprintf(stdout, "\n%s\n\n", strings.Join(m.SQL, "\n"))
		}
	}
	return nil
}
