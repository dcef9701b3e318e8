//go:build ignore

// entc.go generates the ent client from ./schema. It is run by
// `go generate ./ent` (see generate.go), which `make generate` calls.
//
// The GraphQL schema is hand-written (schema.graphql: the contract fixes
// it), so entgql's generators are not used; gqlgen binds ent's types and
// enums directly (gqlgen.yml).
package main

import (
	"log"

	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
)

func main() {
	cfg := &gen.Config{
		// SELECT … FOR UPDATE on PostgreSQL, to count active keys safely.
		Features: []gen.Feature{
			gen.FeatureLock,
			// Generic queries, for the tenant filter (schema/tenant.go).
			gen.FeatureIntercept,
			// Diff and NamedDiff, which write the versioned migration files
			// (ent/migrations, make generate).
			gen.FeatureVersionedMigration,
			// INSERT … ON CONFLICT DO UPDATE, to keep the vehicle counts
			// (schema/vehiclecount.go) without a race on their first row.
			gen.FeatureUpsert,
			// ExecContext on a transaction, to bump the key invalidation
			// sequence and NOTIFY the replicas in the change's own
			// transaction (internal/keycache).
			gen.FeatureExecQuery,
			// Modify, to read a page and its totalCount in one statement
			// (graph/count.go): a scalar subquery beside the page's columns.
			gen.FeatureModifier,
		},
	}
	if err := entc.Generate("./schema", cfg); err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}
