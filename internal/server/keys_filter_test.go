package server_test

import (
	"hash/crc32"
	"slices"
	"strings"
	"testing"
	"time"

	"importops/ent/organization"
	"importops/internal/testenv"
	"importops/internal/token"
)

const keysFilterQuery = `query($first: Int, $after: String, $filter: ApiKeyFilter) {
  keys(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id name prefix status } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`

// keysFind fetches one page of keys with filter, failing the test on any
// error, and returns the names listed, in order.
func keysFind(t *testing.T, c *testenv.Client, filter map[string]any, first *int, after *string) (keysListData, []string) {
	t.Helper()
	vars := keysPageVars(first, after)
	vars["filter"] = filter
	var d keysListData
	c.Do(keysFilterQuery, vars).Decode(t, &d)
	var names []string
	for _, e := range d.Keys.Edges {
		names = append(names, e.Node.Name)
	}
	return d, names
}

// keysWantFound fails unless filter lists exactly want (names, newest
// first), and totalCount counts them.
func keysWantFound(t *testing.T, c *testenv.Client, filter map[string]any, want ...string) {
	t.Helper()
	d, got := keysFind(t, c, filter, keysPtr(100), nil)
	if !slices.Equal(got, want) {
		t.Errorf("filter %v found %q, want %q", filter, got, want)
	}
	if d.Keys.TotalCount != len(want) {
		t.Errorf("filter %v: totalCount = %d, want %d", filter, d.Keys.TotalCount, len(want))
	}
}

// keysFilterFixture is acme's keys, one per name, newest last:
// two active ones, a revoked one, an expired one; and a key of another
// organisation. It returns acme's tokens by name.
func keysFilterFixture(t *testing.T, url string) (*testenv.Env, *testenv.Client, map[string]string, string) {
	t.Helper()
	env, _, _, admin := keysSetup(t, url)
	tokens := map[string]string{}
	ids := map[string]string{}
	for _, name := range []string{"Website Inventory Sync", "ERP sync 50%", "ERP 500 feed", "a_b feed", "axb feed", "Old ERP", "Trial"} {
		k := keysCreate(t, admin, map[string]any{"name": name, "expiry": "ONE_YEAR"}).CreateApiKey
		tokens[name], ids[name] = k.Token, k.ApiKey.ID
	}
	keysRevoke(t, admin, ids["Old ERP"])
	env.ExpireKey(env.DB.APIKey.GetX(testenv.System(), keysAtoi(t, ids["Trial"])), time.Now().Add(-time.Minute))
	otherTok, _ := env.IssueKey(env.Org("other", organization.PlanPRO))
	return env, admin, tokens, otherTok
}

// A name is found by any part of it, in any case; % and _ are plain
// characters; blank searches and surrounding spaces are ignored.
func TestKeysFilterSearchByName(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		_, admin, _, _ := keysFilterFixture(t, url)
		all := []string{"Trial", "Old ERP", "axb feed", "a_b feed", "ERP 500 feed", "ERP sync 50%", "Website Inventory Sync"}

		keysWantFound(t, admin, map[string]any{"search": "inventory SYNC"}, "Website Inventory Sync")
		keysWantFound(t, admin, map[string]any{"search": "  erp "}, "Old ERP", "ERP 500 feed", "ERP sync 50%")
		keysWantFound(t, admin, map[string]any{"search": "50%"}, "ERP sync 50%")
		keysWantFound(t, admin, map[string]any{"search": "a_b"}, "a_b feed")
		keysWantFound(t, admin, map[string]any{"search": "%"}, "ERP sync 50%")
		keysWantFound(t, admin, map[string]any{"search": `\`})
		keysWantFound(t, admin, map[string]any{"search": "no such key"})
		keysWantFound(t, admin, map[string]any{"search": "   "}, all...)
		keysWantFound(t, admin, map[string]any{"search": nil}, all...)
		keysWantFound(t, admin, map[string]any{}, all...)
	})
}

// A prefix seen in a log, or its start, finds the keys whose prefix
// starts so, case-sensitively; another organisation's key is never found.
func TestKeysFilterSearchByPrefix(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		_, admin, tokens, otherTok := keysFilterFixture(t, url)
		// The names starting with start, newest first, as the list shows them.
		startingWith := func(start string) []string {
			var names []string
			for _, name := range []string{"Trial", "Old ERP", "axb feed", "a_b feed", "ERP 500 feed", "ERP sync 50%", "Website Inventory Sync"} {
				if strings.HasPrefix(tokens[name], start) {
					names = append(names, name)
				}
			}
			return names
		}
		tok := tokens["ERP sync 50%"]
		keysWantFound(t, admin, map[string]any{"search": tok[:12]}, "ERP sync 50%")
		keysWantFound(t, admin, map[string]any{"search": tok[:12] + "…"}, "ERP sync 50%")
		keysWantFound(t, admin, map[string]any{"search": " " + tok[:12] + `"`}, "ERP sync 50%")
		keysWantFound(t, admin, map[string]any{"search": tok[:8]}, startingWith(tok[:8])...)
		keysWantFound(t, admin, map[string]any{"search": "iops_"}, startingWith("iops_")...)
		// Revoked and expired keys are found too: they are what a log shows.
		keysWantFound(t, admin, map[string]any{"search": tokens["Old ERP"][:12]}, "Old ERP")
		keysWantFound(t, admin, map[string]any{"search": tokens["Trial"][:10]}, startingWith(tokens["Trial"][:10])...)

		// Tokens are case-sensitive (SQLite's LIKE is not).
		if swapped := "iops_" + keysSwapCase(tok[5:12]); swapped != tok[:12] {
			keysWantFound(t, admin, map[string]any{"search": swapped}, startingWith(swapped)...)
		}
		keysWantFound(t, admin, map[string]any{"search": otherTok[:12]}, startingWith(otherTok[:12])...)
	})
}

// A whole token finds its own key and no other, even one sharing its
// prefix; a mistyped token is read as a prefix; the text is not logged.
func TestKeysFilterSearchByToken(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, admin, tokens, otherTok := keysFilterFixture(t, url)
		tok := tokens["Website Inventory Sync"]
		keysWantFound(t, admin, map[string]any{"search": tok}, "Website Inventory Sync")
		keysWantFound(t, admin, map[string]any{"search": "\t" + tok + "\n"}, "Website Inventory Sync")
		keysWantFound(t, admin, map[string]any{"search": tokens["Old ERP"]}, "Old ERP")
		keysWantFound(t, admin, map[string]any{"search": otherTok})

		// Well formed, with the key's prefix, but not its token.
		twin := keysTokenWithPrefix(t, tok[:12])
		keysWantFound(t, admin, map[string]any{"search": twin})
		// A token with a wrong checksum is a fragment of a log: its prefix.
		mistyped := tok[:len(tok)-1] + keysOtherChar(tok[len(tok)-1])
		keysWantFound(t, admin, map[string]any{"search": mistyped}, "Website Inventory Sync")

		for _, secret := range []string{tok, twin, otherTok} {
			if strings.Contains(env.Logs(), secret) {
				t.Errorf("the logs hold a searched token")
			}
		}
	})
}

// Status filters select any of the listed statuses, alone or with a
// search.
func TestKeysFilterStatus(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		_, admin, tokens, _ := keysFilterFixture(t, url)
		active := []string{"axb feed", "a_b feed", "ERP 500 feed", "ERP sync 50%", "Website Inventory Sync"}
		keysWantFound(t, admin, map[string]any{"status": []string{"ACTIVE"}}, active...)
		keysWantFound(t, admin, map[string]any{"status": []string{"REVOKED", "EXPIRED"}}, "Trial", "Old ERP")
		keysWantFound(t, admin, map[string]any{"status": []string{"EXPIRED"}}, "Trial")
		keysWantFound(t, admin, map[string]any{"status": []string{"REVOKED", "REVOKED"}}, "Old ERP")
		keysWantFound(t, admin, map[string]any{"status": []string{}}, append([]string{"Trial", "Old ERP"}, active...)...)
		keysWantFound(t, admin, map[string]any{"status": []string{"ACTIVE"}, "search": "erp"}, "ERP 500 feed", "ERP sync 50%")
		keysWantFound(t, admin, map[string]any{"status": []string{"REVOKED", "EXPIRED"}, "search": "erp"}, "Old ERP")
		keysWantFound(t, admin, map[string]any{"status": []string{"ACTIVE"}, "search": tokens["Old ERP"]})
		keysWantFound(t, admin, map[string]any{"status": []string{"REVOKED"}, "search": tokens["Old ERP"][:12]}, "Old ERP")

		r := admin.Do(keysFilterQuery, testenv.Vars{"filter": map[string]any{"status": []string{"GONE"}}})
		if len(r.Errors) == 0 {
			t.Errorf("an unknown status was accepted: %s", r.Raw)
		}
	})
}

// Pages of a filtered list hold only the keys selected, newest first,
// each once, with the filtered totalCount on every page.
func TestKeysFilterPages(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env, org, _, admin := keysSetup(t, url)
		var want []string
		for i := range 9 {
			k := keysCreate(t, admin, map[string]any{"name": "Feed " + string(rune('A'+i)), "expiry": "ONE_YEAR"}).CreateApiKey.ApiKey
			if i%3 == 0 {
				keysRevoke(t, admin, k.ID)
			} else {
				want = append([]string{k.ID}, want...)
			}
			env.IssueKey(org) // "Fixture key", selected by neither filter
		}
		filter := map[string]any{"search": "FEED", "status": []string{"ACTIVE"}}
		for _, size := range []int{1, 2, 6, 100} {
			var got []string
			var after *string
			for pages := 1; ; pages++ {
				if pages > len(want) {
					t.Fatalf("first=%d: more pages than keys", size)
				}
				d, _ := keysFind(t, admin, filter, &size, after)
				p := d.Keys
				if p.TotalCount != len(want) {
					t.Errorf("first=%d page %d: totalCount = %d, want %d", size, pages, p.TotalCount, len(want))
				}
				for _, e := range p.Edges {
					got = append(got, e.Node.ID)
				}
				if !p.PageInfo.HasNextPage {
					break
				}
				after = p.PageInfo.EndCursor
			}
			if !slices.Equal(got, want) {
				t.Errorf("first=%d: visited %v, want %v", size, got, want)
			}
		}
	})
}

// A search longer than 200 characters is refused, naming the field;
// spaces around it do not count.
func TestKeysFilterSearchTooLong(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		_, admin, _, _ := keysFilterFixture(t, url)
		for _, s := range []string{strings.Repeat("e", 201), strings.Repeat("é", 201), "iops_" + strings.Repeat("A", 196)} {
			r := admin.Do(keysFilterQuery, testenv.Vars{"filter": map[string]any{"search": s}})
			if msg := keysWantInputError(t, r, "search"); !strings.Contains(msg, "200") {
				t.Errorf("message %q does not give the limit", msg)
			}
		}
		keysWantFound(t, admin, map[string]any{"search": strings.Repeat("é", 200)})
		keysWantFound(t, admin, map[string]any{"search": "  " + strings.Repeat("e", 200) + "  "})
	})
}

// Characters no name may hold are refused (PostgreSQL would fail on a NUL).
func TestKeysFilterSearchCharacters(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		_, admin, _, _ := keysFilterFixture(t, url)
		for _, s := range []string{"ERP\x00", "ERP\tsync", "ERP\u200bsync", "\u200b"} {
			keysWantInputError(t, admin.Do(keysFilterQuery, testenv.Vars{"filter": map[string]any{"search": s}}), "search")
		}
	})
}

func keysSwapCase(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case 'a' <= r && r <= 'z':
			return r - 'a' + 'A'
		case 'A' <= r && r <= 'Z':
			return r - 'A' + 'a'
		}
		return r
	}, s)
}

func keysOtherChar(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}

// keysTokenWithPrefix is a well-formed token starting with prefix (the
// format's checksum written as token does), that no key was issued with.
func keysTokenWithPrefix(t *testing.T, prefix string) string {
	t.Helper()
	const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	body := prefix[len(token.Marker):] + strings.Repeat("Z", 32-(len(prefix)-len(token.Marker)))
	sum := uint64(crc32.ChecksumIEEE([]byte(body)))
	check := make([]byte, 6)
	for i := 5; i >= 0; i-- {
		check[i] = digits[sum%62]
		sum /= 62
	}
	tok := token.Marker + body + string(check)
	if err := token.Parse(tok); err != nil {
		t.Fatalf("forging a token: %v", err)
	}
	return tok
}
