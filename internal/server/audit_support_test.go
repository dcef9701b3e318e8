package server_test

import (
	"context"
	"testing"

	"importops/ent/organization"
	"importops/internal/account"
	"importops/internal/apikey"
	"importops/internal/audit"
	"importops/internal/testenv"
	"importops/internal/viewer"
)

// The page shows changes made by ImportOps support as "ImportOps support",
// not as a name the organisation does not know: bySupport says which
// entries those are, for a named support member, support unnamed, and
// neither for the organisation's own admins.
func TestAuditEntryBySupport(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, admin := keysSetup(t, url)
		sam := env.Staff("sam@importops.test", "Sam Support")
		_, err := apikey.NewService(env.DB).Issue(viewer.System(context.Background()), apikey.Request{
			OrgID: org.ID, Name: "ERP sync", Expiry: apikey.OneYear, ByStaff: true,
			Actor: audit.Actor{UserID: sam.ID, Name: sam.Name},
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, plan := range []organization.Plan{organization.PlanCORE, organization.PlanPRO} {
			if _, err := account.SetPlan(context.Background(), env.DB, org.Slug, plan, audit.Actor{Name: audit.SupportName}); err != nil {
				t.Fatal(err)
			}
		}
		keysCreate(t, admin, map[string]any{"name": "Website", "expiry": "ONE_YEAR"})

		var d struct {
			AuditLog struct {
				Edges []struct {
					Node struct {
						Action, ActorName string
						BySupport         bool
					}
				}
			}
		}
		admin.Do(`{ auditLog(first: 10) { edges { node { action actorName bySupport } } } }`, nil).Decode(t, &d)
		got := map[string]bool{}
		for _, e := range d.AuditLog.Edges {
			got[e.Node.ActorName] = e.Node.BySupport
		}
		want := map[string]bool{"Sam Support": true, audit.SupportName: true, keysAdminName: false}
		for name, w := range want {
			if b, ok := got[name]; !ok || b != w {
				t.Errorf("entry by %q: bySupport = %v (listed: %v), want %v; log %+v", name, b, ok, w, d.AuditLog.Edges)
			}
		}
	})
}
