// Package graph holds the GraphQL resolvers. They are thin: authorisation
// is declared in schema.graphql and enforced by internal/authz, isolation by
// the ent schema's tenant rules, and the key lifecycle by internal/apikey.
package graph

//go:generate go tool gqlgen generate
//go:generate go run importops/internal/gqlpostgen generated

import (
	"importops/internal/apikey"
	"importops/internal/auth"
	"importops/internal/database"
	"importops/internal/webhooks"
)

// Resolver is the one place where the resolvers' dependencies are injected.
type Resolver struct {
	DB   *database.DB
	Keys *apikey.Service
	Auth *auth.Authenticator
	// Hooks manages the organisation's webhooks (a field named Webhooks
	// would be hidden by the webhooks query's resolver method).
	Hooks *webhooks.Service
}
