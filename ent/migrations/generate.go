//go:build ignore

// generate.go writes a versioned migration for each dialect when the ent
// schema has changed since the last one: it replays the directory on an
// empty development database, compares the result with ent/schema, and
// writes the difference as a new SQL file (and updates atlas.sum). With
// no change it writes nothing, so `make generate` on a clean checkout
// leaves no diff. Run by `go generate ./ent/migrations`; name the change
// with MIGRATION=add_webhooks (default "schema_change").
//
// PostgreSQL's development database is created and dropped on the server
// of IMPORTOPS_TEST_POSTGRES (default postgres@127.0.0.1:5432).
package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"log"
	"os"
	"strings"

	atlas "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	_ "github.com/lib/pq"
	_ "modernc.org/sqlite"

	"importops/ent"
)

func main() {
	name := os.Getenv("MIGRATION")
	if name == "" {
		name = "schema_change"
	}
	ctx := context.Background()
	if err := diff(ctx, dialect.SQLite, "sqlite", "sqlite", "file:dev?mode=memory&_pragma=foreign_keys(1)", name); err != nil {
		log.Fatalf("sqlite: %v", err)
	}
	pgURL, drop, err := devPostgres()
	if err != nil {
		log.Fatalf("postgres: a development database is needed to write PostgreSQL's migrations: %v", err)
	}
	defer drop()
	if err := diff(ctx, dialect.Postgres, "postgres", "postgres", pgURL, name); err != nil {
		drop()
		log.Fatalf("postgres: %v", err)
	}
}

// diff writes dirName's next migration, if the schema has changed.
func diff(ctx context.Context, dial, dirName, driver, dsn, name string) error {
	dir, err := atlas.NewLocalDir(dirName)
	if err != nil {
		return err
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	client := ent.NewClient(ent.Driver(entsql.OpenDB(dial, db)))
	// A generated file may be completed by hand with the statements that
	// move data (see the fair_use migration's vehicle counts), as Atlas's
	// "migrate hash" allows: the sum is rewritten from the files as they
	// are, which changes nothing when nobody edited one.
	files, err := dir.Files()
	if err != nil {
		return err
	}
	sum, err := atlas.NewHashFile(files)
	if err != nil {
		return err
	}
	if err := atlas.WriteSumFile(dir, sum); err != nil {
		return err
	}
	return client.Schema.NamedDiff(ctx, name,
		schema.WithDir(dir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(dial),
		schema.WithFormatter(atlas.DefaultFormatter),
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
	)
}

func devPostgres() (string, func(), error) {
	admin := os.Getenv("IMPORTOPS_TEST_POSTGRES")
	if admin == "" {
		admin = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	db, err := sql.Open("postgres", admin)
	if err == nil {
		err = db.Ping()
	}
	if err != nil {
		return "", nil, err
	}
	name := "importops_migrations_" + strings.ToLower(rand.Text()[:10])
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		return "", nil, err
	}
	drop := func() {
		if _, err := db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			fmt.Fprintf(os.Stderr, "dropping %s: %v\n", name, err)
		}
		db.Close()
	}
	return strings.Replace(admin, "/postgres?", "/"+name+"?", 1), drop, nil
}
