package server_test

import (
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/ent/user"
	"importops/ent/vehicle"
	"importops/internal/testenv"
)

const vehList = `query($first: Int, $after: String, $status: VehicleStatus) {
  vehicles(first: $first, after: $after, status: $status) {
    edges { cursor node { ` + testenv.VehicleFields + ` } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`

type vehListData struct {
	Vehicles struct {
		Edges []struct {
			Cursor string
			Node   testenv.VehicleNode
		}
		PageInfo struct {
			HasNextPage bool
			EndCursor   *string
		}
		TotalCount int
	}
}

func (d vehListData) vins() []string {
	var out []string
	for _, e := range d.Vehicles.Edges {
		out = append(out, e.Node.VIN)
	}
	return out
}

func vehEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestVehiclesReadableByTeamAndReadKey: admins, members and a key with
// vehicles.read list the organisation's vehicles, newest first.
func TestVehiclesReadableByTeamAndReadKey(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "ada@acme.test", user.RoleADMIN)
		env.User(org, "max@acme.test", user.RoleMEMBER)
		readToken, _ := env.IssueKey(org, "vehicles.read")

		var want []string // newest first
		for i := 1; i <= 4; i++ {
			v := env.Vehicle(org, testenv.VIN(i), vehicle.StatusORDERED)
			want = append([]string{v.Vin}, want...)
		}

		callers := map[string]*testenv.Client{
			"admin":         env.SignIn("ada@acme.test", testenv.Password),
			"member":        env.SignIn("max@acme.test", testenv.Password),
			"vehicles.read": env.Bearer(readToken),
		}
		for name, c := range callers {
			t.Run(name, func(t *testing.T) {
				var d vehListData
				c.Do(vehList, nil).Decode(t, &d)
				if got := d.vins(); !vehEqual(got, want) {
					t.Errorf("vehicles = %v, want newest first %v", got, want)
				}
				if d.Vehicles.TotalCount != 4 {
					t.Errorf("totalCount = %d, want 4", d.Vehicles.TotalCount)
				}
				if d.Vehicles.PageInfo.HasNextPage {
					t.Errorf("hasNextPage = true on the only page")
				}
				n := d.Vehicles.Edges[0].Node
				if n.Make != "Toyota" || n.Model != "Land Cruiser" || n.Year != 2020 || n.Status != "ORDERED" ||
					n.ID == "" || n.CreatedAt == "" || n.UpdatedAt == "" {
					t.Errorf("node = %+v, want the stored vehicle", n)
				}
			})
		}

		resp := env.Anonymous().Do(vehList, nil)
		if resp.Code() != "UNAUTHENTICATED" {
			t.Errorf("anonymous vehicles: want UNAUTHENTICATED, got %d %s", resp.Status, resp.Raw)
		}
	})
}

// TestVehiclesStatusFilter: status filters the list and its totalCount.
func TestVehiclesStatusFilter(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		token, _ := env.IssueKey(org)
		c := env.Bearer(token)

		statuses := []vehicle.Status{
			vehicle.StatusORDERED, vehicle.StatusAT_PORT, vehicle.StatusORDERED,
			vehicle.StatusDELIVERED, vehicle.StatusAT_PORT, vehicle.StatusAT_PORT,
		}
		wantByStatus := map[string][]string{}
		for i, s := range statuses {
			v := env.Vehicle(org, testenv.VIN(i+1), s)
			wantByStatus[string(s)] = append([]string{v.Vin}, wantByStatus[string(s)]...)
		}

		var all vehListData
		c.Do(vehList, nil).Decode(t, &all)
		if all.Vehicles.TotalCount != len(statuses) || len(all.Vehicles.Edges) != len(statuses) {
			t.Errorf("unfiltered: totalCount %d, %d edges, want %d", all.Vehicles.TotalCount, len(all.Vehicles.Edges), len(statuses))
		}

		for _, s := range []string{"ORDERED", "AT_PORT", "DELIVERED", "IN_CUSTOMS"} {
			t.Run(s, func(t *testing.T) {
				var d vehListData
				c.Do(vehList, testenv.Vars{"status": s}).Decode(t, &d)
				want := wantByStatus[s]
				if got := d.vins(); !vehEqual(got, want) {
					t.Errorf("vehicles(status: %s) = %v, want %v", s, got, want)
				}
				for _, e := range d.Vehicles.Edges {
					if e.Node.Status != s {
						t.Errorf("vehicle %s has status %s in a list filtered by %s", e.Node.VIN, e.Node.Status, s)
					}
				}
				if d.Vehicles.TotalCount != len(want) {
					t.Errorf("totalCount = %d, want %d (only %s)", d.Vehicles.TotalCount, len(want), s)
				}
			})
		}

		// Filter and pages together: totalCount stays the filtered count.
		var d vehListData
		c.Do(vehList, testenv.Vars{"status": "AT_PORT", "first": 2}).Decode(t, &d)
		if len(d.Vehicles.Edges) != 2 || !d.Vehicles.PageInfo.HasNextPage || d.Vehicles.TotalCount != 3 {
			t.Errorf("AT_PORT first 2: %d edges, hasNextPage %v, totalCount %d; want 2, true, 3",
				len(d.Vehicles.Edges), d.Vehicles.PageInfo.HasNextPage, d.Vehicles.TotalCount)
		}
		var rest vehListData
		c.Do(vehList, testenv.Vars{"status": "AT_PORT", "first": 2, "after": d.Vehicles.PageInfo.EndCursor}).Decode(t, &rest)
		if got := rest.vins(); !vehEqual(got, wantByStatus["AT_PORT"][2:]) || rest.Vehicles.PageInfo.HasNextPage {
			t.Errorf("AT_PORT second page = %v (hasNextPage %v), want %v", got, rest.Vehicles.PageInfo.HasNextPage, wantByStatus["AT_PORT"][2:])
		}
	})
}

// TestVehiclesFirstBounds: first is 1 to 100; anything else is
// BAD_USER_INPUT about "first".
func TestVehiclesFirstBounds(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		token, _ := env.IssueKey(org)
		c := env.Bearer(token)
		for i := 1; i <= 3; i++ {
			env.Vehicle(org, testenv.VIN(i), vehicle.StatusORDERED)
		}

		for _, first := range []int{1, 2, 100} {
			var d vehListData
			c.Do(vehList, testenv.Vars{"first": first}).Decode(t, &d)
			if want := min(first, 3); len(d.Vehicles.Edges) != want {
				t.Errorf("first %d: %d edges, want %d", first, len(d.Vehicles.Edges), want)
			}
			if d.Vehicles.PageInfo.HasNextPage != (first < 3) {
				t.Errorf("first %d: hasNextPage = %v", first, d.Vehicles.PageInfo.HasNextPage)
			}
		}

		for _, first := range []int{0, -1, 101, 1000, -2147483648} {
			resp := c.Do(vehList, testenv.Vars{"first": first})
			resp.WantError(t, 200, "BAD_USER_INPUT")
			if f := resp.Errors[0].Extensions["field"]; f != "first" {
				t.Errorf("first %d: field = %v, want \"first\"", first, f)
			}
			if resp.Message() == "" || len(resp.Data) > 0 && string(resp.Data) != "null" {
				t.Errorf("first %d: message %q, data %s", first, resp.Message(), resp.Data)
			}
		}
	})
}

// TestVehiclesGarbageCursor: an after that is not one of the list's
// cursors is BAD_USER_INPUT about "after".
func TestVehiclesGarbageCursor(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		token, _ := env.IssueKey(org)
		c := env.Bearer(token)
		env.Vehicle(org, testenv.VIN(1), vehicle.StatusORDERED)

		for _, after := range []string{
			"garbage!", "!!!", "", "YWJj" /* "abc" */, "MA" /* "0" */, "LTE" /* "-1" */, "MS4y", /* "1.2" */
			"' OR 1=1 --",
		} {
			resp := c.Do(vehList, testenv.Vars{"after": after})
			resp.WantError(t, 200, "BAD_USER_INPUT")
			if f := resp.Errors[0].Extensions["field"]; f != "after" {
				t.Errorf("after %q: field = %v, want \"after\"", after, f)
			}
		}
	})
}

// TestVehiclesWalkPages: following endCursor visits every vehicle once,
// newest first, with the same totalCount on every page.
func TestVehiclesWalkPages(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.User(org, "max@acme.test", user.RoleMEMBER)
		c := env.SignIn("max@acme.test", testenv.Password)

		const total = 11
		var want []string
		for i := 1; i <= total; i++ {
			v := env.Vehicle(org, testenv.VIN(i), vehicle.StatusIN_TRANSIT)
			want = append([]string{v.Vin}, want...)
		}

		for _, size := range []int{1, 3, 11, 20} {
			var got []string
			seen := map[string]bool{}
			var after any
			pages := 0
			for {
				pages++
				if pages > total+2 {
					t.Fatalf("first %d: the walk does not end", size)
				}
				var d vehListData
				c.Do(vehList, testenv.Vars{"first": size, "after": after}).Decode(t, &d)
				if d.Vehicles.TotalCount != total {
					t.Errorf("first %d page %d: totalCount %d, want %d", size, pages, d.Vehicles.TotalCount, total)
				}
				if len(d.Vehicles.Edges) > size {
					t.Fatalf("first %d: a page of %d", size, len(d.Vehicles.Edges))
				}
				for _, e := range d.Vehicles.Edges {
					if seen[e.Node.VIN] {
						t.Errorf("first %d: %s visited twice", size, e.Node.VIN)
					}
					seen[e.Node.VIN] = true
					got = append(got, e.Node.VIN)
				}
				if n := len(d.Vehicles.Edges); n > 0 && (d.Vehicles.PageInfo.EndCursor == nil ||
					*d.Vehicles.PageInfo.EndCursor != d.Vehicles.Edges[n-1].Cursor) {
					t.Errorf("first %d: endCursor %v is not the last edge's cursor", size, d.Vehicles.PageInfo.EndCursor)
				}
				if !d.Vehicles.PageInfo.HasNextPage {
					break
				}
				after = *d.Vehicles.PageInfo.EndCursor
			}
			if !vehEqual(got, want) {
				t.Errorf("first %d: walked %v, want %v", size, got, want)
			}
			if wantPages := (total + size - 1) / size; pages != wantPages {
				t.Errorf("first %d: %d pages, want %d", size, pages, wantPages)
			}
		}
	})
}

const vehByVIN = `query($vin: String!) { vehicle(vin: $vin) { ` + testenv.VehicleFields + ` } }`

type vehByVINData struct{ Vehicle *testenv.VehicleNode }

// TestVehicleByVIN: vehicle(vin) returns the organisation's vehicle, null
// when it has none with that VIN (even if another organisation has), and
// reads VINs case-insensitively.
func TestVehicleByVIN(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		acme := env.Org("acme", organization.PlanPRO)
		other := env.Org("other", organization.PlanPRO)
		env.User(acme, "max@acme.test", user.RoleMEMBER)
		token, _ := env.IssueKey(acme)

		mine := env.Vehicle(acme, "JTMHV05J604123456", vehicle.StatusAT_PORT)
		theirs := env.Vehicle(other, "WVWZZZ1KZAW000001", vehicle.StatusORDERED)

		for name, c := range map[string]*testenv.Client{
			"member": env.SignIn("max@acme.test", testenv.Password),
			"key":    env.Bearer(token),
		} {
			t.Run(name, func(t *testing.T) {
				for _, in := range []string{mine.Vin, "jtmhv05j604123456", "JtMhV05j604123456"} {
					var d vehByVINData
					c.Do(vehByVIN, testenv.Vars{"vin": in}).Decode(t, &d)
					if d.Vehicle == nil {
						t.Fatalf("vehicle(%q) = null, want %s", in, mine.Vin)
					}
					if d.Vehicle.VIN != mine.Vin || d.Vehicle.Status != "AT_PORT" || d.Vehicle.Make != mine.Make || d.Vehicle.Year != mine.Year {
						t.Errorf("vehicle(%q) = %+v, want %s", in, *d.Vehicle, mine.Vin)
					}
				}
				for _, in := range []string{"JTMHV05J604999999", theirs.Vin, "wvwzzz1kzaw000001"} {
					var d vehByVINData
					c.Do(vehByVIN, testenv.Vars{"vin": in}).Decode(t, &d)
					if d.Vehicle != nil {
						t.Errorf("vehicle(%q) = %+v, want null", in, *d.Vehicle)
					}
				}
			})
		}
	})
}

// A key issued without vehicles.read (support can issue write-only keys)
// cannot read, and the refusal names the scope it lacks.
func TestVehiclesReadNeedsScope(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url)
		org := env.Org("acme", organization.PlanPRO)
		env.Vehicle(org, testenv.VIN(1), "ORDERED")
		tok, _ := env.IssueKey(org, "vehicles.write")
		for _, q := range []string{`{ vehicles { totalCount } }`, `{ vehicle(vin: "` + testenv.VIN(1) + `") { vin } }`} {
			resp := env.Bearer(tok).Do(q, nil)
			if resp.Code() != "FORBIDDEN" || !strings.Contains(resp.Message(), "vehicles.read") {
				t.Errorf("%s with a write-only key: %s", q, resp.Raw)
			}
			if strings.Contains(resp.Raw, testenv.VIN(1)+`"}`) || strings.Contains(resp.Raw, "totalCount") {
				t.Errorf("%s with a write-only key returned data: %s", q, resp.Raw)
			}
		}
	})
}

// A page reads the columns of the fields the request selects, through
// fragments and aliases too, and no others (vehicleColumns).
func TestVehiclesReadSelectedColumns(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		env := testenv.New(t, url, testenv.Options{CountStatements: true})
		org := env.Org("acme", organization.PlanPRO)
		tok, _ := env.IssueKey(org, "vehicles.read")
		env.Vehicle(org, testenv.VIN(1), vehicle.StatusAT_PORT)
		r := env.Bearer(tok).Do(`{ vehicles(first: 5) { totalCount edges { node { ...V built: year } } } }
			fragment V on Vehicle { vin ... on Vehicle { createdAt } }`, nil)
		var d struct {
			Vehicles struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						VIN       string
						Built     int
						CreatedAt string
					}
				}
			}
		}
		r.Decode(t, &d)
		if len(d.Vehicles.Edges) != 1 || d.Vehicles.TotalCount != 1 {
			t.Fatalf("vehicles = %s", r.Raw)
		}
		if n := d.Vehicles.Edges[0].Node; n.VIN != testenv.VIN(1) || n.Built != 2020 || n.CreatedAt == "" {
			t.Errorf("node = %+v, want the stored vehicle's vin, year and createdAt", n)
		}
		var page string
		for _, st := range env.Statements.WithArgs(r) {
			if q := strings.ReplaceAll(st.Query, "`", `"`); strings.Contains(q, `FROM "vehicles"`) {
				page = q // SQLite quotes with backticks
			}
		}
		for _, col := range []string{`"vin"`, `"year"`, `"created_at"`} {
			if !strings.Contains(page, col) {
				t.Errorf("the page does not read %s: %s", col, page)
			}
		}
		for _, col := range []string{`"make"`, `"model"`, `"updated_at"`} {
			if strings.Contains(page, col) {
				t.Errorf("the page reads %s, which nobody selected: %s", col, page)
			}
		}
	})
}
