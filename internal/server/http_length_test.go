package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/ent/vehicle"
	"importops/internal/testenv"
)

// lengthVehiclesQuery is the page integrations ask for most.
const lengthVehiclesQuery = `{ vehicles(first: 20) { totalCount edges { node { vin make model year status } } } }`

// lengthWant checks that resp came whole, with its length, not chunked:
// Content-Length matches the body and no Transfer-Encoding was used.
func lengthWant(t *testing.T, resp *http.Response, body string, status int) {
	t.Helper()
	if resp.StatusCode != status {
		t.Errorf("status %d, want %d: %s", resp.StatusCode, status, body)
	}
	if len(resp.TransferEncoding) > 0 {
		t.Errorf("sent with Transfer-Encoding %v, want a Content-Length", resp.TransferEncoding)
	}
	if got := resp.Header.Get("Content-Length"); got != strconv.Itoa(len(body)) {
		t.Errorf("Content-Length %q for a body of %d bytes", got, len(body))
	}
	if resp.ContentLength != int64(len(body)) {
		t.Errorf("response length %d for a body of %d bytes", resp.ContentLength, len(body))
	}
}

// lengthPost posts query to env's /graphql with the key tok (none if "").
func lengthPost(t *testing.T, env *testenv.Env, tok, query string) (*http.Response, string) {
	t.Helper()
	req := authJSONRequest(t, env, query, nil)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	return authRaw(t, req)
}

// GraphQL answers go out with a Content-Length, in one piece, whatever
// their status: clients need not parse chunks, and the server writes once.
func TestGraphQLAnswersHaveContentLength(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, dbURL string) {
		env := testenv.New(t, dbURL)
		org := env.Org("acme", organization.PlanPRO)
		for i := range 30 {
			env.Vehicle(org, testenv.VIN(i), vehicle.StatusORDERED)
		}
		tok, _ := env.IssueKey(org, "vehicles.read", "vehicles.write")

		resp, body := lengthPost(t, env, tok, lengthVehiclesQuery)
		lengthWant(t, resp, body, http.StatusOK)
		if !strings.Contains(body, `"totalCount":30`) || strings.Count(body, `"vin"`) != 20 {
			t.Errorf("the page is not the 20 of 30 vehicles: %s", body)
		}

		// gqlgen's own refusal of a query that does not parse.
		resp, body = lengthPost(t, env, tok, `{ vehicles(first: 20) {`)
		lengthWant(t, resp, body, http.StatusUnprocessableEntity)
		if !strings.Contains(body, `"BAD_USER_INPUT"`) {
			t.Errorf("a broken query answered %s", body)
		}

		// A status the request log's entry sets while GraphQL runs (405
		// for a mutation over GET), with the Allow header set then too.
		req, _ := http.NewRequest(http.MethodGet, env.URL+"/graphql?"+url.Values{"query": {authCreateVehicle}}.Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, body = authRaw(t, req)
		lengthWant(t, resp, body, http.StatusMethodNotAllowed)
		if resp.Header.Get("Allow") == "" {
			t.Errorf("the 405 has no Allow header")
		}

		// A refusal before GraphQL runs: an unknown key.
		resp, body = lengthPost(t, env, "iops_unknown", lengthVehiclesQuery)
		lengthWant(t, resp, body, http.StatusUnauthorized)
		if !strings.Contains(body, `"UNAUTHENTICATED"`) {
			t.Errorf("an unknown key answered %s", body)
		}
	})
}

// A page larger than the server's write buffers comes whole too.
func TestLargeGraphQLAnswerHasContentLength(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, dbURL string) {
		env := testenv.New(t, dbURL)
		org := env.Org("acme", organization.PlanPRO)
		for i := range 100 {
			env.Vehicle(org, testenv.VIN(i), vehicle.StatusORDERED)
		}
		tok, _ := env.IssueKey(org, "vehicles.read")

		resp, body := lengthPost(t, env, tok, strings.Replace(lengthVehiclesQuery, "first: 20", "first: 100", 1))
		lengthWant(t, resp, body, http.StatusOK)
		if strings.Count(body, `"vin"`) != 100 || len(body) < 8<<10 {
			t.Errorf("want 100 vehicles in more than 8 KiB, got %d bytes: %.200s", len(body), body)
		}
	})
}
