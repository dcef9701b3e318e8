// Package model holds the GraphQL types that are not ent's own: the Relay
// connections and the generated inputs and enums.
package model

import (
	"context"

	"importops/ent"
)

// PageInfo says whether a list continues after this page.
type PageInfo struct {
	HasNextPage bool
	EndCursor   *string
}

// Counter counts every item of a list. It runs only when a query asks for
// totalCount, so a plain page costs one query.
type Counter func(context.Context) (int, error)

type ApiKeyEdge struct {
	Cursor string
	Node   *ent.APIKey
}

type ApiKeyConnection struct {
	Edges    []*ApiKeyEdge
	PageInfo *PageInfo
	Count    Counter
}

func (c *ApiKeyConnection) TotalCount(ctx context.Context) (int, error) { return c.Count(ctx) }

type AuditEntryEdge struct {
	Cursor string
	Node   *ent.AuditEntry
}

type AuditEntryConnection struct {
	Edges    []*AuditEntryEdge
	PageInfo *PageInfo
	Count    Counter
}

func (c *AuditEntryConnection) TotalCount(ctx context.Context) (int, error) { return c.Count(ctx) }

type VehicleEdge struct {
	Cursor string
	Node   *ent.Vehicle
}

type VehicleConnection struct {
	Edges    []*VehicleEdge
	PageInfo *PageInfo
	Count    Counter
}

func (c *VehicleConnection) TotalCount(ctx context.Context) (int, error) { return c.Count(ctx) }

type WebhookDeliveryEdge struct {
	Cursor string
	Node   *ent.WebhookDelivery
}

type WebhookDeliveryConnection struct {
	Edges    []*WebhookDeliveryEdge
	PageInfo *PageInfo
	Count    Counter
}

func (c *WebhookDeliveryConnection) TotalCount(ctx context.Context) (int, error) { return c.Count(ctx) }
