package main

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"strings"

	"github.com/lib/pq"
	"modernc.org/sqlite"

	"importops/internal/database"
)

// SQLite's primary result codes that opening a file can meet.
const (
	sqliteReadOnly = 8
	sqliteCantOpen = 14
	sqliteNotADB   = 26
)

// explainOpen turns a failure to open the database into a sentence an
// operator can act on, instead of the driver's text ("sqlite: check
// foreign_keys pragma: … (14)"). What it does not recognise it passes on.
func explainOpen(rawURL string, err error) error {
	where := database.Redact(rawURL)
	var sq *sqlite.Error
	var pqErr *pq.Error
	var opErr *net.OpError
	var pathErr *fs.PathError
	switch {
	case strings.HasPrefix(rawURL, "sqlite:") && errors.As(err, &pathErr):
		// Creating the file (owner-only, before SQLite opens it) failed.
		return fmt.Errorf("cannot open the SQLite file %s: check that its folder exists and that this user may write there", strings.TrimPrefix(rawURL, "sqlite:"))
	case errors.As(err, &sq):
		file := strings.TrimPrefix(rawURL, "sqlite:")
		switch sq.Code() & 0xff {
		case sqliteCantOpen:
			return fmt.Errorf("cannot open the SQLite file %s: check that its folder exists and that this user may write there", file)
		case sqliteNotADB:
			return fmt.Errorf("%s is not an SQLite database file: point --db at another path", file)
		case sqliteReadOnly:
			return fmt.Errorf("the SQLite file %s is read-only for this user", file)
		}
	case errors.As(err, &pqErr):
		switch pqErr.Code {
		case "3D000":
			return fmt.Errorf("PostgreSQL has no database %q (%s): create it first, e.g. createdb %s", dbName(rawURL), where, dbName(rawURL))
		case "28000", "28P01":
			return fmt.Errorf("PostgreSQL refused the user in %s: check the user name and password", where)
		}
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return fmt.Errorf("no PostgreSQL answers at %s (%s): is it running, and is the address right?", opErr.Addr, where)
	}
	return err
}

func dbName(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Path, "/")
}
