// Package migrations holds the versioned SQL migrations, one directory per
// dialect, written by generate.go (make generate) from the ent schema and
// applied by internal/database on start or by `importops migrate`.
package migrations

import "embed"

//go:generate go run -mod=mod generate.go

// FS holds sqlite/ and postgres/, each with its .sql files and atlas.sum.
//
//go:embed sqlite postgres
var FS embed.FS
