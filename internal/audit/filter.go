package audit

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"entgo.io/ent/dialect/sql"

	"importops/ent/auditentry"
	"importops/ent/predicate"
	"importops/internal/apierr"
)

// Actions are the actions an entry may have, as the contract names them:
// those recorded today, then those that the rest of the key lifecycle and
// webhooks will record (contract part two). A filter may name any of them
// already, so that a client's filter stays valid when the first such entry
// is written; any other name is a mistake, refused.
var Actions = []string{
	KeyCreated,
	KeyRevoked,
	KeyRotated,
	KeyExposed,
	"api_key.renamed",
	"api_key.allowed_ips_changed",
	PolicyUpdated,
	"webhook.created",
	"webhook.deleted",
	PlanChanged,
}

// Where selects the entries with any of actions (any action when there is
// none) about the key with ID keyID (any key when nil). An ID that is no
// key's selects nothing, as a key of another organisation does.
func Where(actions []string, keyID *string) ([]predicate.AuditEntry, error) {
	var ps []predicate.AuditEntry
	if len(actions) > 0 {
		for _, a := range actions {
			if !slices.Contains(Actions, a) {
				return nil, apierr.Input("actions", fmt.Sprintf("%s is not an audit action; the actions are %s",
					quoted(a), strings.Join(Actions, ", ")))
			}
		}
		ps = append(ps, auditentry.ActionIn(actions...))
	}
	if keyID != nil {
		id, err := strconv.Atoi(*keyID)
		if err != nil || id < 1 {
			ps = append(ps, func(s *sql.Selector) { s.Where(sql.False()) })
		} else {
			ps = append(ps, auditentry.APIKeyID(id))
		}
	}
	return ps, nil
}

// quoted quotes a caller's text for a message, cut short if it is long.
func quoted(s string) string {
	const max = 50
	if r := []rune(s); len(r) > max {
		return strconv.Quote(string(r[:max])) + "…"
	}
	return strconv.Quote(s)
}
