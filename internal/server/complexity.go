package server

import (
	"importops/ent/vehicle"
	"importops/graph/generated"
	"importops/internal/page"
)

// setComplexity makes each list field cost its page size times what each
// item asks for, so the limit bounds rows and fields actually produced.
func setComplexity(c *generated.ComplexityRoot) {
	list := func(child int, first *int) int {
		n := page.DefaultSize
		if first != nil && *first > 0 {
			// A larger first is refused by the resolver (BAD_USER_INPUT,
			// as the contract says), so it never costs more than MaxSize.
			n = min(*first, page.MaxSize)
		}
		return 1 + n*child
	}
	c.Query.Keys = func(child int, first *int, _ *string) int { return list(child, first) }
	c.Query.AuditLog = func(child int, first *int, _ *string) int { return list(child, first) }
	c.Query.Vehicles = func(child int, first *int, _ *string, _ *vehicle.Status) int { return list(child, first) }
}
