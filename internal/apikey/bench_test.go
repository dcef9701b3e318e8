package apikey_test

import (
	"context"
	"testing"

	"importops/ent/organization"
	"importops/internal/apikey"
	"importops/internal/testenv"
)

// BenchmarkAuthenticate is the whole verification of a key as every
// authenticated request pays it: parse with checksum, digest, and the
// database lookup of the key and its organisation's plan.
func BenchmarkAuthenticate(b *testing.B) {
	for _, db := range []struct {
		name string
		url  func(testing.TB) string
	}{{"sqlite", testenv.SQLiteURL}, {"postgres", testenv.PostgresURL}} {
		b.Run(db.name, func(b *testing.B) {
			env := testenv.New(b, db.url(b))
			org := env.Org("acme", organization.PlanPRO)
			tok, _ := env.IssueKey(org)
			keys := apikey.NewService(env.DB)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := keys.Authenticate(ctx, tok); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
