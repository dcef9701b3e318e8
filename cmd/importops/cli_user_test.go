package main_test

import (
	"strings"
	"testing"

	"importops/ent"
	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

const goodPassword = "a long enough password"

func TestUserCreate(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		mustRun(t, url, "", "org", "create", "--slug", "acme", "--name", "Acme Imports", "--plan", "pro")
		db := testenv.Open(t, url)
		acme, err := db.Organization.Query().Where(organization.Slug("acme")).Only(testenv.System())
		if err != nil {
			t.Fatal(err)
		}
		find := func(email string) *ent.User {
			t.Helper()
			u, err := db.User.Query().Where(user.Email(email)).Only(testenv.System())
			if err != nil {
				t.Fatalf("user %s: %v", email, err)
			}
			return u
		}

		t.Run("admin", func(t *testing.T) {
			r := mustRun(t, url, goodPassword+"\n", "user", "create", "--org", "acme", "--email", "Ada@Acme.test",
				"--name", "Ada Admin", "--role", "admin", "--password-stdin")
			if strings.Contains(r.stdout+r.stderr, goodPassword) {
				t.Errorf("the command echoed the password: %s", r)
			}
			u := find("ada@acme.test")
			if u.Name != "Ada Admin" || u.Staff || u.Role == nil || *u.Role != user.RoleADMIN ||
				u.OrganizationID == nil || *u.OrganizationID != acme.ID {
				t.Errorf("admin = %+v, want an ADMIN of acme named Ada Admin", u)
			}
			if u.PasswordHash == "" || strings.Contains(u.PasswordHash, goodPassword) {
				t.Errorf("password hash %q: want a hash, not the password", u.PasswordHash)
			}
		})
		t.Run("member", func(t *testing.T) {
			mustRun(t, url, goodPassword, "user", "create", "--org", "acme", "--email", "mo@acme.test",
				"--name", "Mo Member", "--role", "MEMBER", "--password-stdin")
			u := find("mo@acme.test")
			if u.Staff || u.Role == nil || *u.Role != user.RoleMEMBER || u.OrganizationID == nil || *u.OrganizationID != acme.ID {
				t.Errorf("member = %+v, want a MEMBER of acme", u)
			}
		})
		t.Run("staff", func(t *testing.T) {
			mustRun(t, url, "", "user", "create", "--staff", "--email", "sam@importops.test", "--name", "Sam Support")
			u := find("sam@importops.test")
			if !u.Staff || u.OrganizationID != nil || u.Role != nil || u.PasswordHash != "" || u.Name != "Sam Support" {
				t.Errorf("staff = %+v, want a support member with no organisation, role or password", u)
			}
		})

		admin := []string{"user", "create", "--org", "acme", "--name", "Someone", "--role", "admin", "--password-stdin"}
		with := func(base []string, more ...string) []string { return append(append([]string{}, base...), more...) }
		for _, tc := range []struct {
			name  string
			stdin string
			args  []string
			want  []string
		}{
			{"duplicate email", goodPassword, with(admin, "--email", "ada@acme.test"), []string{"ada@acme.test", "already exists"}},
			{"duplicate email in another case", goodPassword, with(admin, "--email", "ADA@acme.TEST"), []string{"already exists"}},
			{"duplicate of a staff email", "", []string{"user", "create", "--staff", "--email", "sam@importops.test", "--name", "Sam Again"}, []string{"already exists"}},
			{"bad email", goodPassword, with(admin, "--email", "not-an-email"), []string{"not-an-email", "email"}},
			{"email with a display name", goodPassword, with(admin, "--email", "Bob <bob@acme.test>"), []string{"email"}},
			{"bad role", goodPassword, []string{"user", "create", "--org", "acme", "--email", "bo@acme.test", "--name", "Bo", "--role", "owner", "--password-stdin"}, []string{"owner", "admin or member"}},
			{"short password", "short\n", with(admin, "--email", "bo@acme.test"), []string{"password", "10"}},
			{"no password on stdin", "", with(admin, "--email", "bo@acme.test"), []string{"password"}},
			{"only a line break on stdin", "\n", with(admin, "--email", "bo@acme.test"), []string{"password"}},
			{"no --password-stdin", goodPassword, []string{"user", "create", "--org", "acme", "--email", "bo@acme.test", "--name", "Bo", "--role", "admin"}, []string{"--password-stdin"}},
			{"staff with a role", "", []string{"user", "create", "--staff", "--email", "sue@importops.test", "--name", "Sue", "--role", "admin"}, []string{"--staff"}},
			{"staff with an org", "", []string{"user", "create", "--staff", "--org", "acme", "--email", "sue@importops.test", "--name", "Sue"}, []string{"--staff"}},
			{"staff with a password", goodPassword, []string{"user", "create", "--staff", "--email", "sue@importops.test", "--name", "Sue", "--password-stdin"}, []string{"--staff"}},
			{"unknown org", goodPassword, []string{"user", "create", "--org", "nope", "--email", "bo@nope.test", "--name", "Bo", "--role", "admin", "--password-stdin"}, []string{"nope"}},
			{"missing email", goodPassword, []string{"user", "create", "--org", "acme", "--name", "Bo", "--role", "admin", "--password-stdin"}, []string{"--email"}},
			{"missing name", goodPassword, []string{"user", "create", "--org", "acme", "--email", "bo@acme.test", "--role", "admin", "--password-stdin"}, []string{"--name"}},
			{"missing org", goodPassword, []string{"user", "create", "--email", "bo@acme.test", "--name", "Bo", "--role", "admin", "--password-stdin"}, []string{"--org"}},
			{"missing role", goodPassword, []string{"user", "create", "--org", "acme", "--email", "bo@acme.test", "--name", "Bo", "--password-stdin"}, []string{"--role"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := countRows(t, db)
				r := run(t, url, tc.stdin, tc.args...)
				wantFailure(t, r, tc.want...)
				if tc.stdin != "" && strings.TrimSpace(tc.stdin) != "" && strings.Contains(r.stderr, strings.TrimSpace(tc.stdin)) {
					t.Errorf("the refusal echoed the password: %s", r)
				}
				wantNothingWritten(t, db, before)
			})
		}
		if u := find("ada@acme.test"); u.Name != "Ada Admin" {
			t.Errorf("after the refusals, ada = %+v; want her unchanged", u)
		}
	})
}
