package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/internal/testenv"
)

// A data-only answer is written from gqlgen's bytes (rawPOST): one JSON
// document, {"data":…}, strings with <, > and & as they are; answers with
// errors are gqlgen's own, with errors and data.
func TestAnswersAreOneJSONDocument(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		tok, _ := env.IssueKey(org, "vehicles.read", "vehicles.write")
		const vin = "JT1RR000000000001"
		answers := map[string]string{}
		for name, query := range map[string]string{
			"mutation": `mutation { createVehicle(input: { vin: "` + vin + `", make: "Rolls & Royce", model: "<Phantom>", year: 2020 }) { vin make model } }`,
			"query":    `{ vehicles(first: 5) { totalCount edges { node { vin make model } } } }`,
			"refused":  `{ vehicles(first: 0) { totalCount } }`,
		} {
			status, body, err := postVars(env.URL, tok, query, nil)
			if err != nil || status != http.StatusOK {
				t.Fatalf("%s: %d %s %v", name, status, body, err)
			}
			var doc map[string]json.RawMessage
			if err := json.Unmarshal([]byte(body), &doc); err != nil {
				t.Fatalf("%s: the answer is not one JSON document (%v): %s", name, err, body)
			}
			answers[name] = body
		}
		for _, name := range []string{"mutation", "query"} {
			if !strings.HasPrefix(answers[name], `{"data":{`) || !strings.Contains(answers[name], `"make":"Rolls & Royce","model":"<Phantom>"`) {
				t.Errorf("%s: want {\"data\":…} with the make and model as stored, got %s", name, answers[name])
			}
		}
		if !strings.HasPrefix(answers["refused"], `{"errors":[`) || !strings.Contains(answers["refused"], `"BAD_USER_INPUT"`) ||
			!strings.Contains(answers["refused"], `"data":null`) {
			t.Errorf("a refused field: want errors and data, got %s", answers["refused"])
		}
	})
}
