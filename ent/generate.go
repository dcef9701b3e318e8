// Package ent holds the generated database client; the schema is in ./schema.
package ent

//go:generate go run -mod=mod entc.go
