package schema

import "time"

// now is the default for timestamps: UTC, to the microsecond, which both
// SQLite and PostgreSQL store exactly, so a value read back equals the one
// written.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
