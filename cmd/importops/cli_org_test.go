package main_test

import (
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/internal/testenv"
)

func TestOrgCreate(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		r := mustRun(t, url, "", "org", "create", "--slug", "acme", "--name", "Acme Imports", "--plan", "pro")
		if !strings.Contains(r.stdout, "acme") || !strings.Contains(r.stdout, "pro") {
			t.Errorf("want a confirmation naming the slug and plan, got %s", r)
		}
		mustRun(t, url, "", "org", "create", "--slug", "corp-2", "--name", "Corp Cars", "--plan", "CORE")

		db := testenv.Open(t, url)
		for slug, want := range map[string]struct {
			name string
			plan organization.Plan
		}{"acme": {"Acme Imports", organization.PlanPRO}, "corp-2": {"Corp Cars", organization.PlanCORE}} {
			org, err := db.Organization.Query().Where(organization.Slug(slug)).Only(testenv.System())
			if err != nil {
				t.Fatalf("organisation %s: %v", slug, err)
			}
			if org.Name != want.name || org.Plan != want.plan {
				t.Errorf("organisation %s = %q on %s, want %q on %s", slug, org.Name, org.Plan, want.name, want.plan)
			}
		}

		for _, tc := range []struct {
			name string
			args []string
			want []string // words the one-line reason must contain
		}{
			{"duplicate slug", []string{"--slug", "acme", "--name", "Another Acme", "--plan", "pro"}, []string{"acme", "already exists"}},
			{"bad slug", []string{"--slug", "Acme!", "--name", "Acme", "--plan", "pro"}, []string{"Acme!", "slug"}},
			{"slug with a space", []string{"--slug", "ac me", "--name", "Acme", "--plan", "pro"}, []string{"slug"}},
			{"empty slug", []string{"--slug", "", "--name", "Acme", "--plan", "pro"}, []string{"slug"}},
			{"bad plan", []string{"--slug", "gold-co", "--name", "Gold", "--plan", "gold"}, []string{"gold", "pro or core"}},
			{"missing name", []string{"--slug", "nameless", "--plan", "pro"}, []string{"--name"}},
			{"missing plan", []string{"--slug", "planless", "--name", "Planless"}, []string{"--plan"}},
			{"unknown flag", []string{"--slug", "x", "--name", "X", "--plan", "pro", "--colour", "red"}, []string{"colour"}},
			{"stray argument", []string{"--slug", "x", "--name", "X", "--plan", "pro", "extra"}, []string{"extra"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := countRows(t, db)
				r := run(t, url, "", append([]string{"org", "create"}, tc.args...)...)
				wantFailure(t, r, tc.want...)
				wantNothingWritten(t, db, before)
			})
		}
		org, err := db.Organization.Query().Where(organization.Slug("acme")).Only(testenv.System())
		if err != nil || org.Name != "Acme Imports" {
			t.Errorf("after the refusals, acme = %v, %v; want it unchanged", org, err)
		}
	})
}

func TestOrgSetPlan(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		mustRun(t, url, "", "org", "create", "--slug", "acme", "--name", "Acme Imports", "--plan", "pro")
		mustRun(t, url, "", "org", "create", "--slug", "corp", "--name", "Corp Cars", "--plan", "pro")
		db := testenv.Open(t, url)
		plan := func(slug string) organization.Plan {
			t.Helper()
			org, err := db.Organization.Query().Where(organization.Slug(slug)).Only(testenv.System())
			if err != nil {
				t.Fatalf("organisation %s: %v", slug, err)
			}
			return org.Plan
		}

		r := mustRun(t, url, "", "org", "set-plan", "--org", "acme", "--plan", "core")
		if !strings.Contains(r.stdout, "core") {
			t.Errorf("want a confirmation naming the plan, got %s", r)
		}
		if plan("acme") != organization.PlanCORE || plan("corp") != organization.PlanPRO {
			t.Errorf("after set-plan acme core: acme %s, corp %s; want CORE and PRO (only acme changed)", plan("acme"), plan("corp"))
		}
		mustRun(t, url, "", "org", "set-plan", "--org", "acme", "--plan", "pro")
		if plan("acme") != organization.PlanPRO {
			t.Errorf("after set-plan acme pro: acme %s", plan("acme"))
		}

		for _, tc := range []struct {
			name string
			args []string
			want []string
		}{
			{"unknown org", []string{"--org", "nope", "--plan", "core"}, []string{"nope"}},
			{"bad plan", []string{"--org", "acme", "--plan", "gold"}, []string{"gold"}},
			{"missing org", []string{"--plan", "core"}, []string{"--org"}},
			{"missing plan", []string{"--org", "acme"}, []string{"--plan"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := run(t, url, "", append([]string{"org", "set-plan"}, tc.args...)...)
				wantFailure(t, r, tc.want...)
				if plan("acme") != organization.PlanPRO || plan("corp") != organization.PlanPRO {
					t.Errorf("a refused set-plan changed a plan: acme %s, corp %s", plan("acme"), plan("corp"))
				}
			})
		}
	})
}
