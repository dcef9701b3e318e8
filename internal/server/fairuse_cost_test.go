package server_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/ent/vehicle"
	"importops/internal/page"
	"importops/internal/testenv"
)

func wantComplexityRefusal(t *testing.T, what string, resp *testenv.Response) {
	t.Helper()
	if resp.Code() != "BAD_USER_INPUT" || !strings.Contains(resp.Message(), "complexity") {
		t.Fatalf("%s: want BAD_USER_INPUT about complexity, got %d %.300s", what, resp.Status, resp.Raw)
	}
	if string(resp.Data) != "" && string(resp.Data) != "null" {
		t.Errorf("%s: the refused query still returned data: %.200s", what, resp.Data)
	}
}

// The complexity limit counted totalCount as almost free, so 300 aliased
// `vehicles(first: 1) { totalCount }` passed and ran 300 counts (and 300
// pages). Each field that runs a query now costs 25: refused before any
// resolver runs. So is any other way of asking for many queries.
func TestComplexityCountsEveryQuery(t *testing.T) {
	env := testenv.New(t, testenv.SQLiteURL(t))
	org := env.Org("acme", organization.PlanPRO)
	tok, _ := env.IssueKey(org)
	c := env.Bearer(tok)

	wantComplexityRefusal(t, "300 aliased totalCount", c.Do(aliasedTotalCounts(300), nil))
	wantComplexityRefusal(t, "101 aliased totalCount", c.Do(aliasedTotalCounts(101), nil))
	var many strings.Builder
	many.WriteString("{")
	for i := range 250 {
		fmt.Fprintf(&many, ` v%d: vehicle(vin: "%s") { vin }`, i, testenv.VIN(i))
	}
	wantComplexityRefusal(t, "250 aliased vehicle lookups", c.Do(many.String()+" }", nil))

	// A fragment spread twice in each of 40 fragments would expand to 2^40
	// fields: refused at once, not after walking them.
	var bomb strings.Builder
	bomb.WriteString("{ ...f0 }\n")
	for i := range 40 {
		fmt.Fprintf(&bomb, "fragment f%d on Query { ...f%d ...f%d }\n", i, i+1, i+1)
	}
	bomb.WriteString("fragment f40 on Query { vehicles(first: 1) { totalCount } }\n")
	start := time.Now()
	resp := c.Do(bomb.String(), nil)
	if resp.Code() != "BAD_USER_INPUT" {
		t.Fatalf("fragment bomb: %d %.300s", resp.Status, resp.Raw)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("refusing a fragment bomb took %s", took)
	}
}

// The limit's arithmetic (graphql.go): four full pages of 100 vehicles
// with their counts fit, five do not, however they are written.
func TestComplexityAllowsFourFullPages(t *testing.T) {
	env := testenv.New(t, testenv.SQLiteURL(t))
	org := env.Org("acme", organization.PlanPRO)
	tok, _ := env.IssueKey(org)
	env.Vehicle(org, testenv.VIN(1), vehicle.StatusORDERED)
	c := env.Bearer(tok)

	var four map[string]struct{ TotalCount int }
	c.Do(heaviestAllowed, nil).Decode(t, &four)
	if len(four) != 4 || four["a"].TotalCount != 1 {
		t.Errorf("four full pages: %+v", four)
	}
	five := strings.Replace(heaviestAllowed, "}\nfragment", "\te: vehicles(first: 100, status: DELIVERED) { ...page }\n}\nfragment", 1)
	wantComplexityRefusal(t, "five full pages", c.Do(five, nil))
	// The same through variables.
	byVars := `query($n: Int!) { a: vehicles(first: $n) { ...page } b: vehicles(first: $n) { ...page }
		c: vehicles(first: $n) { ...page } d: vehicles(first: $n) { ...page } e: vehicles(first: $n) { ...page } }
		fragment page on VehicleConnection { totalCount pageInfo { hasNextPage endCursor }
		edges { cursor node { id vin make model year status createdAt updatedAt } } }`
	wantComplexityRefusal(t, "five full pages through a variable", c.Do(byVars, testenv.Vars{"n": 100}))
	var small map[string]struct{ TotalCount int }
	c.Do(byVars, testenv.Vars{"n": 20}).Decode(t, &small)
	if len(small) != 5 {
		t.Errorf("five pages of 20: %+v", small)
	}
}

// Every query the settings page sends (frontend/src/operations.ts and
// operations/*.ts), at the page sizes it asks for and at the largest page,
// and the README's example stay within the limit.
func TestComplexityAllowsTheRealQueries(t *testing.T) {
	// The sizes the page asks for, read from its source, and IDs of
	// nothing (a missing key answers null after the cost check).
	pageVars := testenv.Vars{
		"first":      pageConstant(t, "useConnection.ts", "PAGE_SIZE"),
		"deliveries": pageConstant(t, "webhookEvents.ts", "DELIVERIES_SHOWN"),
		"id":         "999999", "apiKeyId": "999999",
	}
	ops, fragments := pageOperations(t)
	env := testenv.New(t, testenv.SQLiteURL(t))
	org := env.Org("acme", organization.PlanPRO)
	env.User(org, "ada@acme.test", user.RoleADMIN)
	admin := env.SignIn("ada@acme.test", testenv.Password)
	queries := 0
	for _, q := range ops {
		if !strings.HasPrefix(q, "query") {
			continue
		}
		queries++
		name := strings.FieldsFunc(q, func(r rune) bool { return r == ' ' || r == '(' || r == '{' })[1]
		t.Run(name, func(t *testing.T) {
			var out map[string]any
			admin.Do(withFragments(q, fragments), pageVars).Decode(t, &out)
			// An integration may ask for the largest page with the same
			// fields: the edges a page loads at once are priced once.
			largest := testenv.Vars{"first": page.MaxSize, "deliveries": page.MaxSize, "id": "999999", "apiKeyId": "999999"}
			admin.Do(withFragments(q, fragments), largest).Decode(t, &out)
		})
	}
	if queries < 4 {
		t.Fatalf("found %d queries in the page's operations, want Viewer, Keys, AuditLog and Webhooks", queries)
	}
	tok, _ := env.IssueKey(org)
	var out map[string]any
	env.Bearer(tok).Do(`{ vehicles(first: 20) { totalCount edges { node { vin make model year status } } } }`, nil).Decode(t, &out)
	env.Bearer(tok).Do(`{ viewer { organization { slug } } vehicles(first: 100) { totalCount pageInfo { hasNextPage endCursor }
		edges { cursor node { id vin make model year status createdAt updatedAt } } } }`, nil).Decode(t, &out)
}

// pageConstant reads `export const NAME = <int>;` from frontend/src/lib/file.
func pageConstant(t *testing.T, file, name string) int {
	t.Helper()
	src, err := os.ReadFile("../../frontend/src/lib/" + file)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`export const ` + name + ` = (\d+);`).FindSubmatch(src)
	if m == nil {
		t.Fatalf("no %s in %s", name, file)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// pageOperations reads the page's GraphQL documents: operations, and
// fragments by name.
func pageOperations(t *testing.T) (ops []string, fragments map[string]string) {
	t.Helper()
	files, _ := filepath.Glob("../../frontend/src/operations/*.ts")
	files = append(files, "../../frontend/src/operations.ts")
	fragments = map[string]string{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile("(?s)graphql\\(`(.*?)`\\)").FindAllStringSubmatch(string(src), -1) {
			doc := strings.TrimSpace(m[1])
			if name, ok := strings.CutPrefix(doc, "fragment "); ok {
				fragments[strings.Fields(name)[0]] = doc
			} else {
				ops = append(ops, doc)
			}
		}
	}
	return ops, fragments
}

// withFragments appends the fragments doc spreads, and theirs.
func withFragments(doc string, fragments map[string]string) string {
	seen := map[string]bool{}
	var walk func(string) string
	walk = func(d string) string {
		out := ""
		for _, m := range regexp.MustCompile(`\.\.\.([_A-Za-z]\w*)`).FindAllStringSubmatch(d, -1) {
			if f, ok := fragments[m[1]]; ok && !seen[m[1]] {
				seen[m[1]] = true
				out += "\n" + f + walk(f)
			}
		}
		return out
	}
	return doc + walk(doc)
}
