package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/lib/pq"
)

// IsUnavailable reports whether err means the database could not be
// reached (as opposed to refusing a query), so that callers can answer 503
// and try again rather than report a bug. Any failure to obtain a
// connection counts: refused, timed out, the database not accepting
// connections, too many connections, authentication failing, the database
// missing. An ordinary query's error does not.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var netErr net.Error
	var pqErr *pq.Error
	var connErr *ConnectError
	switch {
	case errors.As(err, &connErr):
		return true
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, context.DeadlineExceeded):
		return true
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		// lib/pq's answer when the connection ends in the middle of a
		// query (the database restarting, a network cut).
		return true
	case errors.As(err, &netErr):
		return true
	case errors.As(err, &pqErr):
		return unavailableCode(pqErr)
	}
	return false
}

// unavailableCode reports whether a PostgreSQL error is one of a
// connection, not of a query: class 08 is "connection exception"; 57P0x
// are shutdowns and "cannot connect now" during start-up or recovery;
// 53300 is too many connections; 28000 and 28P01 refuse the role or its
// password; 3D000 is a database that does not exist. 55000 ("object not in
// prerequisite state") is also what a query gets for, say, currval before
// nextval, so only its "not currently accepting connections" counts.
func unavailableCode(e *pq.Error) bool {
	switch e.Code {
	case "57P01", "57P02", "57P03", "53300", "28000", "28P01", "3D000":
		return true
	case "55000":
		return strings.Contains(e.Message, "not currently accepting connections")
	}
	return e.Code.Class() == "08"
}

// ConnectError is a failure to open a connection to the database, whatever
// its cause: the pool's connector wraps every such error in it, so that
// IsUnavailable knows it for one without guessing from its text.
type ConnectError struct{ Err error }

func (e *ConnectError) Error() string { return e.Err.Error() }
func (e *ConnectError) Unwrap() error { return e.Err }
