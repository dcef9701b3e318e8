package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"importops/internal/database"
)

// multi is a flag that may be repeated (--scope, --cors-origin).
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

// flags returns a flag set for a command, with --db, that reports
// errors instead of exiting so run can print them on one line.
func flags(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	db := fs.String("db", "", "database URL (default $DATABASE_URL, or "+database.DefaultURL+")")
	return fs, db
}

// parse parses args and checks that every name in required was given.
func parse(fs *flag.FlagSet, args []string, required ...string) error {
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%s: %v", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return require(fs, required...)
}

// require checks that every name in required was given on the command line.
func require(fs *flag.FlagSet, required ...string) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for _, name := range required {
		if !set[name] {
			return fmt.Errorf("%s: --%s is required", fs.Name(), name)
		}
	}
	return nil
}

// open opens the database chosen by --db, DATABASE_URL or the default.
func open(ctx context.Context, dbFlag string) (*database.DB, error) {
	url := dbFlag
	if url == "" {
		url = os.Getenv("DATABASE_URL")
	}
	if url == "" {
		url = database.DefaultURL
	}
	return database.Open(ctx, url)
}
