package server_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"slices"
	"strings"
	"testing"
	"time"

	"importops/internal/testenv"
)

// The list shows every key of the organisation, newest first, revoked and
// expired ones included, with the fields the settings page shows.
func TestKeysListContents(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, adminUser, admin := keysSetup(t, url)
		before := time.Now().Add(-time.Second)

		a := keysCreate(t, admin, map[string]any{"name": "Website inventory sync", "expiry": "THREE_MONTHS"}).CreateApiKey
		_, b := env.IssueKey(org, "vehicles.read", "vehicles.write")
		c := keysCreate(t, admin, map[string]any{"name": "Old ERP", "expiry": "ONE_YEAR"}).CreateApiKey
		crev := keysRevoke(t, admin, c.ApiKey.ID)
		d := keysCreate(t, admin, map[string]any{"name": "Trial", "expiry": "SIX_MONTHS"}).CreateApiKey
		env.ExpireKey(env.DB.APIKey.GetX(testenv.System(), keysAtoi(t, d.ApiKey.ID)), time.Now().Add(-time.Minute))
		after := time.Now().Add(time.Second)

		list := keysList(t, admin, nil, nil).Keys
		if list.TotalCount != 4 || len(list.Edges) != 4 || list.PageInfo.HasNextPage {
			t.Fatalf("list = %+v, want 4 keys on one page", list)
		}
		var ids, statuses []string
		for _, e := range list.Edges {
			ids = append(ids, e.Node.ID)
			statuses = append(statuses, e.Node.Status)
		}
		if want := []string{d.ApiKey.ID, c.ApiKey.ID, keysID(b.ID), a.ApiKey.ID}; !slices.Equal(ids, want) {
			t.Errorf("ids = %v, want newest first %v", ids, want)
		}
		if want := []string{"EXPIRED", "REVOKED", "ACTIVE", "ACTIVE"}; !slices.Equal(statuses, want) {
			t.Errorf("statuses = %v, want %v", statuses, want)
		}

		nodes := list.Edges
		for i, tok := range []string{d.Token, c.Token, "", a.Token} {
			n := nodes[i].Node
			if tok != "" && n.Prefix != tok[:12] {
				t.Errorf("%s: prefix %q, want the token's first 12 characters %q", n.Name, n.Prefix, tok[:12])
			}
			if len(n.Prefix) != 12 || !strings.HasPrefix(n.Prefix, "iops_") {
				t.Errorf("%s: prefix %q", n.Name, n.Prefix)
			}
			if n.LastUsedAt != nil {
				t.Errorf("%s: lastUsedAt = %v before any use", n.Name, n.LastUsedAt)
			}
			if n.CreatedAt.Before(before) || n.CreatedAt.After(after) {
				t.Errorf("%s: createdAt %s not between %s and %s", n.Name, n.CreatedAt, before, after)
			}
		}

		na, nb, nc := nodes[3].Node, nodes[2].Node, nodes[1].Node
		if na.Name != "Website inventory sync" || !slices.Equal(na.Scopes, []string{"vehicles.read"}) ||
			!na.ExpiresAt.Equal(a.ApiKey.ExpiresAt) || na.RevokedAt != nil {
			t.Errorf("admin-created key listed as %+v, created as %+v", na, a.ApiKey)
		}
		if na.CreatedBy == nil || na.CreatedBy.Name != keysAdminName || na.CreatedBy.ID != keysID(adminUser.ID) {
			t.Errorf("createdBy = %+v, want the admin", na.CreatedBy)
		}
		if nb.CreatedBy != nil {
			t.Errorf("support-issued key: createdBy = %+v, want null", nb.CreatedBy)
		}
		if !slices.Equal(nb.Scopes, []string{"vehicles.read", "vehicles.write"}) || !nb.ExpiresAt.Equal(b.ExpiresAt) {
			t.Errorf("support-issued key listed as %+v", nb)
		}
		if nc.RevokedAt == nil || !nc.RevokedAt.Equal(*crev.RevokedAt) {
			t.Errorf("revoked key listed with revokedAt %v, revokeApiKey said %v", nc.RevokedAt, crev.RevokedAt)
		}
		if !na.CreatedAt.Equal(a.ApiKey.CreatedAt) {
			t.Errorf("createdAt listed as %s, createApiKey said %s", na.CreatedAt, a.ApiKey.CreatedAt)
		}

		// Once used (and the last-used times flushed), lastUsedAt is set.
		var v struct{ Vehicles struct{ TotalCount int } }
		env.Bearer(a.Token).Do(`{ vehicles { totalCount } }`, nil).Decode(t, &v)
		env.FlushLastUsed()
		list = keysList(t, admin, nil, nil).Keys
		if lu := list.Edges[3].Node.LastUsedAt; lu == nil || lu.Before(before) {
			t.Errorf("after use, lastUsedAt = %v", lu)
		}
		if lu := list.Edges[2].Node.LastUsedAt; lu != nil {
			t.Errorf("an unused key has lastUsedAt %v", lu)
		}
	})
}

// The token is shown once, at creation: neither the list nor the audit log
// returns it, nor its stored digest.
func TestKeysTokenNeverListed(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, admin := keysSetup(t, url)
		var tokens []string
		for _, name := range []string{"one", "two"} {
			tokens = append(tokens, keysCreate(t, admin, map[string]any{"name": name, "expiry": "ONE_YEAR"}).CreateApiKey.Token)
		}
		tok, _ := env.IssueKey(org, "vehicles.read", "vehicles.write")
		tokens = append(tokens, tok)
		revoked := keysList(t, admin, nil, nil).Keys.Edges[1].Node.ID
		keysRevoke(t, admin, revoked)

		full := `{
  keys { edges { cursor node { ` + keysFields + ` } } pageInfo { endCursor } }
  auditLog { edges { cursor node { id action actorName createdAt apiKey { ` + keysFields + ` } } } pageInfo { endCursor } }
}`
		r := admin.Do(full, nil)
		if r.Status != 200 || len(r.Errors) > 0 {
			t.Fatalf("%d %s", r.Status, r.Raw)
		}
		for _, tok := range tokens {
			sum := sha256.Sum256([]byte(tok))
			for what, s := range map[string]string{
				"token":                 tok,
				"token's secret part":   tok[12:],
				"digest (hex)":          hex.EncodeToString(sum[:]),
				"digest (HEX)":          strings.ToUpper(hex.EncodeToString(sum[:])),
				"digest (base64)":       base64.StdEncoding.EncodeToString(sum[:]),
				"digest (base64url)":    base64.RawURLEncoding.EncodeToString(sum[:]),
				"token in a cursor too": base64.RawURLEncoding.EncodeToString([]byte(tok)),
			} {
				if strings.Contains(r.Raw, s) {
					t.Errorf("the keys/auditLog response contains the %s", what)
				}
			}
		}
	})
}

// first is 1 to 100; anything else, or a cursor this list did not give, is
// BAD_USER_INPUT.
func TestKeysListArguments(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, admin := keysSetup(t, url)
		env.IssueKeys(org, 3)
		for _, q := range []struct {
			name, query string
		}{{"keys", keysListQuery}, {"auditLog", auditListQuery}} {
			t.Run(q.name, func(t *testing.T) {
				for _, first := range []int{0, -1, 101, 1000} {
					r := admin.Do(q.query, testenv.Vars{"first": first})
					msg := keysWantInputError(t, r, "first")
					if !strings.Contains(msg, "100") {
						t.Errorf("first=%d: message %q does not give the range", first, msg)
					}
				}
				for _, after := range []string{"abc", "!!!", "", "-1", base64.RawURLEncoding.EncodeToString([]byte("x")),
					base64.RawURLEncoding.EncodeToString([]byte("0")), base64.RawURLEncoding.EncodeToString([]byte("-5"))} {
					keysWantInputError(t, admin.Do(q.query, testenv.Vars{"after": after}), "after")
				}
				for _, first := range []int{1, 100} {
					r := admin.Do(q.query, testenv.Vars{"first": first})
					if r.Status != 200 || len(r.Errors) > 0 {
						t.Errorf("first=%d refused: %s", first, r.Raw)
					}
				}
			})
		}
		keysWantNothingWritten(t, env, 3, 3)
	})
}

// Walking the pages with endCursor visits every key once, newest first.
func TestKeysListWalk(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, admin := keysSetup(t, url)
		issued := env.IssueKeys(org, 21)
		env.ExpireKey(issued[4], time.Now().Add(-time.Hour))
		keysRevoke(t, admin, keysID(issued[9].ID))
		var want []string
		for i := len(issued) - 1; i >= 0; i-- {
			want = append(want, keysID(issued[i].ID))
		}

		for _, size := range []int{1, 5, 7, 20, 21, 100} {
			var got []string
			var after *string
			pages := 0
			for {
				pages++
				if pages > 30 {
					t.Fatalf("first=%d: more than 30 pages", size)
				}
				p := keysList(t, admin, &size, after).Keys
				if p.TotalCount != 21 {
					t.Errorf("first=%d page %d: totalCount = %d, want 21", size, pages, p.TotalCount)
				}
				if len(p.Edges) > size || len(p.Edges) == 0 {
					t.Fatalf("first=%d page %d: %d edges", size, pages, len(p.Edges))
				}
				for _, e := range p.Edges {
					got = append(got, e.Node.ID)
				}
				last := p.Edges[len(p.Edges)-1].Cursor
				if p.PageInfo.EndCursor == nil || *p.PageInfo.EndCursor != last {
					t.Errorf("first=%d page %d: endCursor %v, want the last edge's cursor %q", size, pages, p.PageInfo.EndCursor, last)
				}
				if !p.PageInfo.HasNextPage {
					break
				}
				after = p.PageInfo.EndCursor
			}
			if !slices.Equal(got, want) {
				t.Errorf("first=%d: visited %v, want %v", size, got, want)
			}
			if wantPages := (21 + size - 1) / size; pages != wantPages {
				t.Errorf("first=%d: %d pages, want %d", size, pages, wantPages)
			}
		}

		// The default page is 20.
		if p := keysList(t, admin, nil, nil).Keys; len(p.Edges) != 20 || !p.PageInfo.HasNextPage {
			t.Errorf("default page: %d edges, hasNextPage %v", len(p.Edges), p.PageInfo.HasNextPage)
		}
	})
}
