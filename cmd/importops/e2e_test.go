package main_test

import (
	"strings"
	"testing"

	"importops/internal/testenv"
)

const (
	createKeyMutation = `mutation($name: String!) {
  createApiKey(input: {name: $name, expiry: THREE_MONTHS}) { token apiKey { id prefix } }
}`
	revokeKeyMutation  = `mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { id status } } }`
	keysQuery          = `{ keys(first: 100) { edges { node { id name prefix scopes status lastUsedAt createdBy { name } } } } }`
	auditQuery         = `{ auditLog(first: 100) { edges { node { action actorName apiKey { id } } } } }`
	vehiclesQuery      = `{ vehicles(first: 100) { totalCount edges { node { vin } } } }`
	vehicleQuery       = `query($vin: String!) { vehicle(vin: $vin) { vin } }`
	createVehicleMutat = `mutation($vin: String!) {
  createVehicle(input: {vin: $vin, make: "Toyota", model: "Hilux", year: 2024}) { vin status }
}`
)

type createdKey struct {
	CreateApiKey struct {
		Token  string
		ApiKey struct{ ID, Prefix string }
	}
}

type keyNode struct {
	ID, Name, Prefix, Status string
	Scopes                   []string
	LastUsedAt               *string
	CreatedBy                *struct{ Name string }
}

type keyList struct {
	Keys struct{ Edges []struct{ Node keyNode } }
}

type auditList struct {
	AuditLog struct {
		Edges []struct {
			Node struct {
				Action, ActorName string
				ApiKey            *struct{ ID string }
			}
		}
	}
}

type vehicleList struct {
	Vehicles struct {
		TotalCount int
		Edges      []struct{ Node struct{ VIN string } }
	}
}

const (
	acmeVIN    = "1HGCM82633A004352"
	corpVIN    = "WVWZZZ1JZXW000001"
	supportVIN = "JH4KA7561PC008269"
)

// TestEndToEnd sets up organisations and people with the real binary,
// serves them with `importops serve`, and drives the API over HTTP as the
// web app and an integration would.
func TestEndToEnd(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		// Everything that must never reach the server's log.
		secrets := map[string]string{} // what it is → its value
		keep := func(what, s string) string {
			if s == "" {
				t.Fatalf("%s, to look for in the log, is empty", what)
			}
			secrets[what] = s
			return s
		}
		adaPw := keep("Ada's password", "Ada's password, long enough")
		moPw := keep("Mo's password", "Mo's password, long enough")
		cyPw := keep("Cy's password", "Cy's password, long enough")

		c := cli{t, url}
		c.run("", "org", "create", "--slug", "acme", "--name", "Acme Imports", "--plan", "pro")
		c.run("", "org", "create", "--slug", "corp", "--name", "Corp Cars", "--plan", "core")
		c.run(adaPw+"\n", "user", "create", "--org", "acme", "--email", "ada@acme.test", "--name", "Ada Admin", "--role", "admin", "--password-stdin")
		c.run(moPw+"\n", "user", "create", "--org", "acme", "--email", "mo@acme.test", "--name", "Mo Member", "--role", "member", "--password-stdin")
		c.run(cyPw+"\n", "user", "create", "--org", "corp", "--email", "cy@corp.test", "--name", "Cy Corp", "--role", "admin", "--password-stdin")
		c.run("", "user", "create", "--staff", "--email", "sam@importops.test", "--name", "Sam Support")

		srv := startServer(t, url)
		env := srv.env(t)

		// The admin signs in (the password without the line break that
		// stdin carried) and creates a key.
		ada := env.SignIn("ada@acme.test", adaPw)
		keep("Ada's session cookie", ada.Cookie("importops_session"))
		keep("Ada's CSRF cookie", ada.Cookie("importops_csrf"))
		var ck createdKey
		ada.Do(createKeyMutation, testenv.Vars{"name": "Website inventory sync"}).Decode(t, &ck)
		readTok := keep("the admin's token", ck.CreateApiKey.Token)
		readID := ck.CreateApiKey.ApiKey.ID
		if len(readTok) != 43 || !tokenShape.MatchString(readTok) || ck.CreateApiKey.ApiKey.Prefix != readTok[:12] {
			t.Fatalf("created token %q with prefix %q", readTok, ck.CreateApiKey.ApiKey.Prefix)
		}
		ada.Do(createVehicleMutat, testenv.Vars{"vin": acmeVIN}).Decode(t, &struct{}{})

		// The key reads the organisation's vehicles.
		integration := env.Bearer(readTok)
		var vl vehicleList
		integration.Do(vehiclesQuery, nil).Decode(t, &vl)
		if vl.Vehicles.TotalCount != 1 || len(vl.Vehicles.Edges) != 1 || vl.Vehicles.Edges[0].Node.VIN != acmeVIN {
			t.Errorf("the key sees %+v, want acme's one vehicle", vl.Vehicles)
		}
		// A read key cannot write.
		r := integration.Do(createVehicleMutat, testenv.Vars{"vin": supportVIN})
		if r.Code() != "FORBIDDEN" || !strings.Contains(r.Message(), "vehicles.write") {
			t.Errorf("a read-only key creating a vehicle: want FORBIDDEN naming vehicles.write, got %d %s", r.Status, r.Raw)
		}

		// A member cannot create keys.
		mo := env.SignIn("mo@acme.test", moPw)
		keep("Mo's session cookie", mo.Cookie("importops_session"))
		r = mo.Do(createKeyMutation, testenv.Vars{"name": "Member's key"})
		if r.Code() != "FORBIDDEN" || !strings.Contains(r.Message(), "Only admins") {
			t.Errorf("a member creating a key: want FORBIDDEN (\"Only admins …\"), got %d %s", r.Status, r.Raw)
		}

		// Corp's plan has no API access; corp has data of its own.
		cy := env.SignIn("cy@corp.test", cyPw)
		keep("Cy's session cookie", cy.Cookie("importops_session"))
		r = cy.Do(createKeyMutation, testenv.Vars{"name": "Corp key"})
		if r.Code() != "PLAN_REQUIRED" {
			t.Errorf("the Core admin creating a key: want PLAN_REQUIRED, got %d %s", r.Status, r.Raw)
		}
		cy.Do(createVehicleMutat, testenv.Vars{"vin": corpVIN}).Decode(t, &struct{}{})

		// Acme's key cannot see corp's vehicle.
		integration.Do(vehiclesQuery, nil).Decode(t, &vl)
		for _, e := range vl.Vehicles.Edges {
			if e.Node.VIN == corpVIN {
				t.Errorf("acme's key lists corp's vehicle")
			}
		}
		var one struct{ Vehicle *struct{ VIN string } }
		integration.Do(vehicleQuery, testenv.Vars{"vin": corpVIN}).Decode(t, &one)
		if one.Vehicle != nil || vl.Vehicles.TotalCount != 1 {
			t.Errorf("acme's key sees corp's vehicle: %+v, total %d", one.Vehicle, vl.Vehicles.TotalCount)
		}

		// Support members do not sign in here, whatever the password.
		for _, pw := range []string{"", "anything at all, long"} {
			r := env.Anonymous().Do(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { user { id } } }`,
				testenv.Vars{"e": "sam@importops.test", "p": pw})
			if r.Code() != "UNAUTHENTICATED" {
				t.Errorf("the support member signing in with %q: want UNAUTHENTICATED, got %d %s", pw, r.Status, r.Raw)
			}
		}

		// Support issues a write key while the server runs; it writes.
		issued := run(t, url, "", "key", "issue", "--org", "acme", "--name", "ERP sync",
			"--scope", "vehicles.read", "--scope", "vehicles.write", "--by", "sam@importops.test")
		writeTok := keep("support's token", issuedToken(t, issued))
		writer := env.Bearer(writeTok)
		var cv struct{ CreateVehicle struct{ VIN, Status string } }
		writer.Do(createVehicleMutat, testenv.Vars{"vin": supportVIN}).Decode(t, &cv)
		if cv.CreateVehicle.VIN != supportVIN || cv.CreateVehicle.Status != "ORDERED" {
			t.Errorf("created %+v", cv.CreateVehicle)
		}
		integration.Do(vehiclesQuery, nil).Decode(t, &vl)
		if vl.Vehicles.TotalCount != 2 {
			t.Errorf("after the write key's vehicle, the read key sees %d vehicles, want 2", vl.Vehicles.TotalCount)
		}

		// A plan change binds the very next request of the running server.
		c.run("", "org", "set-plan", "--org", "acme", "--plan", "core")
		integration.Do(vehiclesQuery, nil).WantError(t, 403, "PLAN_REQUIRED")
		writer.Do(createVehicleMutat, testenv.Vars{"vin": "1FTFW1ET5DFC10312"}).WantError(t, 403, "PLAN_REQUIRED")
		c.run("", "org", "set-plan", "--org", "acme", "--plan", "pro")
		integration.Do(vehiclesQuery, nil).Decode(t, &vl)
		if vl.Vehicles.TotalCount != 2 {
			t.Errorf("back on Pro, the key sees %d vehicles, want 2", vl.Vehicles.TotalCount)
		}

		// The admin revokes the read key: its next request is refused.
		var rk struct {
			RevokeApiKey struct{ ApiKey struct{ ID, Status string } }
		}
		ada.Do(revokeKeyMutation, testenv.Vars{"id": readID}).Decode(t, &rk)
		if rk.RevokeApiKey.ApiKey.Status != "REVOKED" {
			t.Errorf("revoked key status %q", rk.RevokeApiKey.ApiKey.Status)
		}
		r = integration.Do(vehiclesQuery, nil)
		r.WantError(t, 401, "UNAUTHENTICATED")
		if !strings.Contains(r.Message(), "revoked") {
			t.Errorf("revoked key refused with %q, want it to say revoked", r.Message())
		}
		writer.Do(vehiclesQuery, nil).Decode(t, &vl) // the other key still works

		// The keys list: the revoked key stays, the support key has no creator.
		var kl keyList
		ada.Do(keysQuery, nil).Decode(t, &kl)
		byPrefix := map[string]keyNode{}
		for _, e := range kl.Keys.Edges {
			byPrefix[e.Node.Prefix] = e.Node
		}
		if k, ok := byPrefix[readTok[:12]]; !ok || k.Status != "REVOKED" || k.CreatedBy == nil || k.CreatedBy.Name != "Ada Admin" {
			t.Errorf("the admin's key in the list: %+v (listed %v), want REVOKED, created by Ada Admin", k, ok)
		}
		if k, ok := byPrefix[writeTok[:12]]; !ok || k.Status != "ACTIVE" || k.CreatedBy != nil || k.Name != "ERP sync" || len(k.Scopes) != 2 {
			t.Errorf("the support key in the list: %+v (listed %v), want ACTIVE with two scopes and no creator", k, ok)
		}

		// The audit log, newest first, names the admin and the support member.
		var al auditList
		ada.Do(auditQuery, nil).Decode(t, &al)
		type entry struct{ action, actor, key string }
		var got []entry
		for _, e := range al.AuditLog.Edges {
			var key string
			if e.Node.ApiKey != nil {
				key = e.Node.ApiKey.ID
			}
			got = append(got, entry{e.Node.Action, e.Node.ActorName, key})
		}
		writeID := byPrefix[writeTok[:12]].ID
		want := []entry{
			{"api_key.revoked", "Ada Admin", readID},
			// Support's plan changes, by the command line without --by.
			{"organization.plan_changed", "ImportOps support", ""},
			{"organization.plan_changed", "ImportOps support", ""},
			{"api_key.created", "Sam Support", writeID},
			{"api_key.created", "Ada Admin", readID},
		}
		if len(got) != len(want) {
			t.Fatalf("audit log = %+v, want %+v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("audit log = %+v, want %+v", got, want)
				break
			}
		}

		// Corp's admin sees none of it.
		var corpAudit auditList
		cy.Do(auditQuery, nil).Decode(t, &corpAudit)
		if n := len(corpAudit.AuditLog.Edges); n != 0 {
			t.Errorf("corp's audit log has %d entries of acme's", n)
		}

		ada.Do(`mutation { signOut }`, nil).Decode(t, &struct{}{})
		srv.stop()

		// Nothing secret reached the log, which did record the requests.
		logs := srv.logs.String()
		if !strings.Contains(logs, `"path":"/graphql"`) || !strings.Contains(logs, readTok[:12]) {
			t.Fatalf("want the log to record the requests and the key prefix, got:\n%s", logs)
		}
		for what, s := range secrets {
			if strings.Contains(logs, s) {
				t.Errorf("the server log contains %s", what)
			}
		}
		for _, tok := range []string{readTok, writeTok} {
			if strings.Contains(logs, tok[12:]) {
				t.Errorf("the server log contains the secret part of token %s…", tok[:12])
			}
		}
	})
}
