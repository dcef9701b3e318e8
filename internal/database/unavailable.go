package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/lib/pq"
)

// IsUnavailable reports whether err means the database could not be
// reached (as opposed to refusing a query), so that callers can answer 503
// and try again rather than report a bug.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var netErr net.Error
	var pqErr *pq.Error
	switch {
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
		// Class 08 is "connection exception"; 57P0x are shutdowns and
		// "cannot connect now" during start-up or recovery.
		return pqErr.Code.Class() == "08" || pqErr.Code == "57P01" ||
			pqErr.Code == "57P02" || pqErr.Code == "57P03"
	}
	return false
}
