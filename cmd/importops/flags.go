package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
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
	db := fs.String("db", "", "database `URL` (default $DATABASE_URL, or "+database.DefaultURL+")")
	return fs, db
}

// parse parses args and checks that every name in required was given.
func parse(fs *flag.FlagSet, args []string, required ...string) error {
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return &helpRequest{fs}
	} else if err != nil {
		return fmt.Errorf("%s: %s", fs.Name(), flagMessage(fs.Name(), err))
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return require(fs, required...)
}

// badValue matches the flag package's `invalid value "x" for flag -n: …`
// and `invalid boolean value "x" for -b: …`.
var badValue = regexp.MustCompile(`^invalid (?:boolean )?value (".*") for (?:flag )?(-+[\w-]+)`)

// flagMessage rewrites the flag package's errors as sentences that say
// what to do ("flag provided but not defined: -x" is its text).
func flagMessage(command string, err error) string {
	msg := err.Error()
	name := func(s string) string { return "--" + strings.TrimLeft(s, "-") }
	switch {
	case strings.HasPrefix(msg, "flag provided but not defined: "):
		return fmt.Sprintf("there is no flag %s (importops %s --help lists them)",
			name(strings.TrimPrefix(msg, "flag provided but not defined: ")), command)
	case strings.HasPrefix(msg, "flag needs an argument: "):
		return name(strings.TrimPrefix(msg, "flag needs an argument: ")) + " needs a value"
	case badValue.MatchString(msg):
		m := badValue.FindStringSubmatch(msg)
		return fmt.Sprintf("%s %s is not a valid value (importops %s --help says what it takes)", name(m[2]), m[1], command)
	}
	return msg
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

// dbURLOrDefault is the database chosen by --db, DATABASE_URL or the
// default.
func dbURLOrDefault(dbFlag string) string {
	url := dbFlag
	if url == "" {
		url = os.Getenv("DATABASE_URL")
	}
	if url == "" {
		url = database.DefaultURL
	}
	return url
}

// open opens the database chosen by --db, DATABASE_URL or the default, and
// applies the migrations it lacks.
func open(ctx context.Context, dbFlag string) (*database.DB, error) {
	url := dbURLOrDefault(dbFlag)
	db, err := database.Open(ctx, url)
	if err != nil {
		return nil, explainOpen(url, err)
	}
	return db, nil
}
