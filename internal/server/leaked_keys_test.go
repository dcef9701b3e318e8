package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"importops/internal/testenv"
	"importops/internal/token"
)

// Tests of POST /api/leaked-keys, where secret scanners report tokens found
// in public. Helpers start with "leaked".

// leakedReport is one entry as GitHub's secret scanning sends it.
type leakedReport struct {
	Token  string `json:"token"`
	Type   string `json:"type"`
	URL    string `json:"url"`
	Source string `json:"source"`
}

// leakedLabel is one entry of the answer.
type leakedLabel struct {
	TokenRaw  string `json:"token_raw"`
	TokenType string `json:"token_type"`
	Label     string `json:"label"`
}

// leakedOurs is a report of our type found on GitHub.
func leakedOurs(tok string) leakedReport {
	return leakedReport{Token: tok, Type: "importops_api_key", URL: "https://github.com/someone/app/blob/abc123/.env", Source: "github"}
}

// leakedPost sends body (a JSON value or raw text) as the scanner would,
// from the address in from when it is not "" (the test's server trusts
// loopback proxies only where it says so).
func leakedPost(t *testing.T, env *testenv.Env, method, contentType, from string, body any) (*http.Response, string) {
	t.Helper()
	raw, ok := body.(string)
	if !ok {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		raw = string(b)
	}
	req, err := http.NewRequest(method, env.URL+"/api/leaked-keys", strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if from != "" {
		req.Header.Set("X-Forwarded-For", from)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// leakedReportOK posts reports and returns the labels, failing on anything
// but a 200 that is not stored by caches and holds exactly the three fields
// per token.
func leakedReportOK(t *testing.T, env *testenv.Env, reports ...leakedReport) ([]leakedLabel, string) {
	t.Helper()
	if reports == nil {
		reports = []leakedReport{} // [], not null
	}
	resp, raw := leakedPost(t, env, http.MethodPost, "application/json", "", reports)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("want 200 with JSON, got %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), raw)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", cc)
	}
	var fields []map[string]any
	if err := json.Unmarshal([]byte(raw), &fields); err != nil {
		t.Fatalf("decoding %s: %v", raw, err)
	}
	for _, f := range fields {
		keys := make([]string, 0, len(f))
		for k := range f {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, []string{"label", "token_raw", "token_type"}) {
			t.Errorf("an answer entry has fields %v, want only label, token_raw, token_type", keys)
		}
	}
	var labels []leakedLabel
	json.Unmarshal([]byte(raw), &labels)
	if len(labels) != len(reports) {
		t.Fatalf("%d labels for %d reports: %s", len(labels), len(reports), raw)
	}
	for i, l := range labels {
		if l.TokenRaw != reports[i].Token || l.TokenType != reports[i].Type {
			t.Errorf("label %d is about %q (%s), want %q (%s), in order", i, l.TokenRaw, l.TokenType, reports[i].Token, reports[i].Type)
		}
	}
	return labels, raw
}

// leakedAudit is the organisation's audit log, newest first.
type leakedAudit struct {
	Action, ActorName string
	Detail            *string
	ApiKey            *struct{ ID string }
}

func leakedAuditLog(t *testing.T, admin *testenv.Client) []leakedAudit {
	t.Helper()
	var d struct {
		AuditLog struct{ Edges []struct{ Node leakedAudit } }
	}
	admin.Do(`{ auditLog(first: 50) { edges { node { action actorName detail apiKey { id } } } } }`, nil).Decode(t, &d)
	var out []leakedAudit
	for _, e := range d.AuditLog.Edges {
		out = append(out, e.Node)
	}
	return out
}

// An active key reported is revoked at once, on this server and on
// another sharing the database: reason EXPOSED, no revokedBy, and an
// api_key.exposed entry naming the source and URL. The answer says
// true_positive and nothing about the organisation.
func TestLeakedKeysRevokesAnActiveKey(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, admin := keysSetup(t, url)
		replica := testenv.New(t, url) // another server process on the same database
		created := keysCreate(t, admin, map[string]any{"name": "ERP sync", "expiry": "ONE_YEAR"}).CreateApiKey
		here, there := env.Bearer(created.Token), replica.Bearer(created.Token)
		var v struct{ Vehicles struct{ TotalCount int } }
		here.Do(keysVehiclesQuery, nil).Decode(t, &v)
		there.Do(keysVehiclesQuery, nil).Decode(t, &v)

		labels, raw := leakedReportOK(t, env, leakedOurs(created.Token))
		if labels[0].Label != "true_positive" {
			t.Fatalf("label = %q, want true_positive", labels[0].Label)
		}
		for _, s := range []string{org.Slug, org.Name, "ERP sync"} {
			if strings.Contains(strings.ReplaceAll(raw, created.Token, ""), s) {
				t.Errorf("the answer names %q: %s", s, raw)
			}
		}

		for name, c := range map[string]*testenv.Client{"same server": here, "other server": there} {
			r := c.Do(keysVehiclesQuery, nil)
			r.WantError(t, 401, "UNAUTHENTICATED")
			if r.Message() != "API key revoked" {
				t.Errorf("%s: message %q, want \"API key revoked\"", name, r.Message())
			}
		}

		var k struct {
			Key revocationNode
		}
		admin.Do(`query($id: ID!) { key(id: $id) { `+revocationFields+` } }`, testenv.Vars{"id": created.ApiKey.ID}).Decode(t, &k)
		if k.Key.Status != "REVOKED" || k.Key.RevocationReason == nil || *k.Key.RevocationReason != "EXPOSED" || k.Key.RevokedBy != nil {
			t.Errorf("reported key = %+v, want REVOKED, reason EXPOSED, no revokedBy", k.Key)
		}

		if strings.Contains(env.Logs(), created.Token) {
			t.Errorf("the server logged the reported token")
		}

		log := leakedAuditLog(t, admin)
		e := log[0]
		if e.Action != "api_key.exposed" || e.ActorName != "Secret scanner: github" ||
			e.Detail == nil || *e.Detail != "Found at https://github.com/someone/app/blob/abc123/.env" ||
			e.ApiKey == nil || e.ApiKey.ID != created.ApiKey.ID {
			t.Errorf("newest audit entry = %+v (detail %v), want api_key.exposed by \"Secret scanner: github\", found at the URL, about key %s",
				e, e.Detail, created.ApiKey.ID)
		}
		if log[1].Action != "api_key.created" || log[1].Detail != nil {
			t.Errorf("the creation's entry = %+v, want api_key.created without detail", log[1])
		}
	})
}

// Every report gets its label, in order, and only active keys of ours are
// revoked: a key already revoked or expired is true_positive and stays as
// it was; an unknown, mistyped or made-up token, or a report of another
// type (even holding our token), is false_positive and changes nothing.
// The same token twice in a batch is revoked once.
func TestLeakedKeysLabels(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		active := keysCreate(t, admin, map[string]any{"name": "Active", "expiry": "ONE_YEAR"}).CreateApiKey
		revoked := keysCreate(t, admin, map[string]any{"name": "Revoked", "expiry": "ONE_YEAR"}).CreateApiKey
		keysRevoke(t, admin, revoked.ApiKey.ID)
		expired := keysCreate(t, admin, map[string]any{"name": "Expired", "expiry": "ONE_YEAR"}).CreateApiKey
		env.Exec("UPDATE api_keys SET expires_at = ? WHERE id = ?", time.Now().Add(-time.Hour).UTC(), expired.ApiKey.ID)
		otherType := keysCreate(t, admin, map[string]any{"name": "Other type", "expiry": "ONE_YEAR"}).CreateApiKey
		unknown, err := token.Generate()
		if err != nil {
			t.Fatal(err)
		}
		// Another last checksum digit: the checksum no longer matches.
		last := "A"
		if strings.HasSuffix(active.Token, "A") {
			last = "B"
		}
		mistyped := active.Token[:len(active.Token)-1] + last
		if token.Parse(mistyped) == nil {
			t.Fatalf("%q should fail the checksum", mistyped)
		}
		entriesBefore := len(leakedAuditLog(t, admin))

		reports := []leakedReport{
			leakedOurs(active.Token), leakedOurs(revoked.Token), leakedOurs(expired.Token),
			leakedOurs(unknown), leakedOurs(mistyped), leakedOurs("iops_not-a-token"),
			{Token: otherType.Token, Type: "github_personal_access_token", URL: "https://github.com/x/y", Source: "github"},
			leakedOurs(active.Token),
		}
		labels, _ := leakedReportOK(t, env, reports...)
		want := []string{"true_positive", "true_positive", "true_positive", "false_positive", "false_positive", "false_positive", "false_positive", "true_positive"}
		for i, l := range labels {
			if l.Label != want[i] {
				t.Errorf("report %d (%s): %s, want %s", i, reports[i].Token, l.Label, want[i])
			}
		}

		status := map[string]string{}
		var d struct {
			Keys struct {
				Edges []struct{ Node revocationNode }
			}
		}
		admin.Do(`{ keys(first: 10) { edges { node { `+revocationFields+` } } } }`, nil).Decode(t, &d)
		for _, e := range d.Keys.Edges {
			reason := "-"
			if e.Node.RevocationReason != nil {
				reason = *e.Node.RevocationReason
			}
			status[e.Node.ID] = e.Node.Status + " " + reason
		}
		for id, w := range map[string]string{
			active.ApiKey.ID: "REVOKED EXPOSED", revoked.ApiKey.ID: "REVOKED REVOKED",
			expired.ApiKey.ID: "EXPIRED -", otherType.ApiKey.ID: "ACTIVE -",
		} {
			if status[id] != w {
				t.Errorf("key %s: %s, want %s", id, status[id], w)
			}
		}
		log := leakedAuditLog(t, admin)
		if len(log) != entriesBefore+1 || log[0].Action != "api_key.exposed" || log[0].ApiKey.ID != active.ApiKey.ID {
			t.Errorf("audit log grew by %d entries (newest %+v), want one api_key.exposed about the active key", len(log)-entriesBefore, log[0])
		}
	})
}

// What a report says of its source and URL is anyone's words: it reaches
// the audit log cleaned of invisible characters and cut short, and a
// report without them still revokes.
func TestLeakedKeysSourceAndURLCleaned(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, _, _, admin := keysSetup(t, url)
		a := keysCreate(t, admin, map[string]any{"name": "A", "expiry": "ONE_YEAR"}).CreateApiKey
		b := keysCreate(t, admin, map[string]any{"name": "B", "expiry": "ONE_YEAR"}).CreateApiKey
		leakedReportOK(t, env,
			leakedReport{Token: a.Token, Type: "importops_api_key", Source: "git\u202ehub\n" + strings.Repeat("s", 100), URL: "https://x.test/" + strings.Repeat("p", 1000)},
			leakedReport{Token: b.Token, Type: "importops_api_key"})
		log := leakedAuditLog(t, admin)
		byKey := map[string]leakedAudit{}
		for _, e := range log {
			if e.Action == "api_key.exposed" {
				byKey[e.ApiKey.ID] = e
			}
		}
		ea := byKey[a.ApiKey.ID]
		if want := "Secret scanner: github" + strings.Repeat("s", 54) + "…"; ea.ActorName != want {
			t.Errorf("actor name %q, want %q", ea.ActorName, want)
		}
		if ea.Detail == nil || len([]rune(*ea.Detail)) != len("Found at ")+301 || !strings.HasSuffix(*ea.Detail, "p…") {
			t.Errorf("detail %v, want the URL cut to 300 characters and an ellipsis", ea.Detail)
		}
		if eb := byKey[b.ApiKey.ID]; eb.ActorName != "Secret scanner" || eb.Detail != nil {
			t.Errorf("a report without source or URL: %+v (detail %v), want \"Secret scanner\" and no detail", eb, eb.Detail)
		}
	})
}
