package server_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/testenv"
)

const authCreateVehicle = `mutation { createVehicle(input: {vin: "1HGCM82633A004352", make: "Honda", model: "Accord", year: 2003}) { id } }`

func TestGraphQLOverGET(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, dbURL string) {
		env := testenv.New(t, dbURL)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		tok, _ := env.IssueKey(org, "vehicles.read", "vehicles.write")
		get := func(c *testenv.Client, query string) *testenv.Response {
			t.Helper()
			req, _ := http.NewRequest(http.MethodGet, env.URL+"/graphql?"+url.Values{"query": {query}}.Encode(), nil)
			return c.Send(req)
		}

		var v struct {
			Viewer struct{ Organization struct{ Slug string } }
		}
		get(env.Bearer(tok), `{viewer{organization{slug}}}`).Decode(t, &v)
		if v.Viewer.Organization.Slug != "acme" {
			t.Errorf("GET query = %+v", v)
		}

		// A mutation over GET is refused, and not executed, for keys and
		// sessions alike.
		admin := env.SignIn("ada@acme.test", testenv.Password)
		for name, c := range map[string]*testenv.Client{"key": env.Bearer(tok), "session": admin} {
			for _, m := range []string{authCreateVehicle, authCreateKeyMutation, "mutation { signOut }"} {
				resp := get(c, m)
				if resp.Status != http.StatusMethodNotAllowed || resp.Code() != "BAD_USER_INPUT" {
					t.Errorf("%s: mutation over GET answered %d %s", name, resp.Status, resp.Raw)
				}
			}
		}
		if n := env.DB.Vehicle.Query().CountX(testenv.System()); n != 0 {
			t.Errorf("%d vehicles created by GET", n)
		}
		if n := env.DB.APIKey.Query().CountX(testenv.System()); n != 1 {
			t.Errorf("%d keys, want only the fixture's", n)
		}
		if n := env.DB.Session.Query().CountX(testenv.System()); n != 1 {
			t.Errorf("%d sessions after signOut over GET, want the session left alone", n)
		}
	})
}

func TestGraphQLRefusesFormAndMultipart(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, dbURL string) {
		env := testenv.New(t, dbURL)
		org := env.Org("acme", organization.PlanPRO)
		tok, _ := env.IssueKey(org, "vehicles.read", "vehicles.write")

		form := func() *http.Request {
			body := url.Values{"query": {authCreateVehicle}}.Encode()
			req, _ := http.NewRequest(http.MethodPost, env.URL+"/graphql", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return req
		}
		mpart := func() *http.Request {
			var buf bytes.Buffer
			w := multipart.NewWriter(&buf)
			w.WriteField("operations", `{"query":"`+strings.ReplaceAll(authCreateVehicle, `"`, `\"`)+`","variables":{}}`)
			w.WriteField("map", `{}`)
			w.Close()
			req, _ := http.NewRequest(http.MethodPost, env.URL+"/graphql", &buf)
			req.Header.Set("Content-Type", w.FormDataContentType())
			return req
		}
		plain := func() *http.Request {
			req, _ := http.NewRequest(http.MethodPost, env.URL+"/graphql",
				strings.NewReader(`{"query":"`+strings.ReplaceAll(authCreateVehicle, `"`, `\"`)+`"}`))
			req.Header.Set("Content-Type", "text/plain")
			return req
		}
		for name, mk := range map[string]func() *http.Request{"form": form, "multipart": mpart, "text/plain": plain} {
			resp := env.Bearer(tok).Send(mk())
			if resp.Status < 400 {
				t.Errorf("%s POST answered %d %s, want refused", name, resp.Status, resp.Raw)
			}
		}
		if n := env.DB.Vehicle.Query().CountX(testenv.System()); n != 0 {
			t.Errorf("%d vehicles created by a non-JSON POST", n)
		}
		// The same mutation as JSON works, so the refusals were about the
		// encoding.
		env.Bearer(tok).Do(authCreateVehicle, nil).Decode(t, new(struct{ CreateVehicle struct{ ID string } }))
		if n := env.DB.Vehicle.Query().CountX(testenv.System()); n != 1 {
			t.Errorf("%d vehicles after the JSON POST, want 1", n)
		}
	})
}

func TestRequestBodyLimit(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, dbURL string) {
		env := testenv.New(t, dbURL)
		org := env.Org("acme", organization.PlanPRO)
		tok, _ := env.IssueKey(org, "vehicles.read", "vehicles.write")

		// A mutation padded past 1 MiB with a long comment.
		big := authCreateVehicle + " #" + strings.Repeat("x", 1<<20)
		body := `{"query":"` + strings.ReplaceAll(big, `"`, `\"`) + `"}`

		// With a Content-Length.
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, raw := authRaw(t, req)
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("body of %d bytes: %d %.200s, want 413", len(body), resp.StatusCode, raw)
		}

		// Streamed without a Content-Length (chunked).
		req, _ = http.NewRequest(http.MethodPost, env.URL+"/graphql", struct{ *strings.Reader }{strings.NewReader(body)})
		req.ContentLength = -1
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, raw = authRaw(t, req)
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("chunked body of %d bytes: %d %.200s, want 413", len(body), resp.StatusCode, raw)
		}
		if n := env.DB.Vehicle.Query().CountX(testenv.System()); n != 0 {
			t.Errorf("%d vehicles created by an oversized request", n)
		}

		// Just under the limit is served.
		small := authCreateVehicle + " #" + strings.Repeat("x", 1<<20-200)
		body = `{"query":"` + strings.ReplaceAll(small, `"`, `\"`) + `"}`
		if len(body) > 1<<20 {
			t.Fatalf("test body of %d bytes is over the limit", len(body))
		}
		req, _ = http.NewRequest(http.MethodPost, env.URL+"/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		if resp, raw := authRaw(t, req); resp.StatusCode != http.StatusOK || strings.Contains(raw, `"errors"`) {
			t.Errorf("body of %d bytes (under 1 MiB): %d %.300s", len(body), resp.StatusCode, raw)
		}
	})
}
