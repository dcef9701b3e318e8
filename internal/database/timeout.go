package database

import (
	"errors"

	"github.com/lib/pq"
)

// IsTimeout reports whether PostgreSQL stopped the statement (SQLSTATE
// 57014, query_canceled): it ran into statement_timeout (see
// StatementTimeout), or lib/pq cancelled it because the request's deadline
// passed. Callers check it before IsUnavailable.
//
// A context deadline alone is not a timeout here: it is also how a
// connection attempt to a database that does not answer ends, which is
// the database being unavailable. The server tells its own request
// deadline apart by the context's cause (internal/server/timeout.go).
func IsTimeout(err error) bool {
	var pqErr *pq.Error
	return errors.As(err, &pqErr) && pqErr.Code == "57014"
}
