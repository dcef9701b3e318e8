package main_test

import (
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"importops/internal/testenv"
)

// TestServeRefused: serve's bad input ends it at once with one line.
func TestServeRefused(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	sqlite := testenv.SQLiteURL(t)

	for _, tc := range []struct {
		name      string
		args      []string
		want      []string
		forbidden string // must not appear in the reason
	}{
		{"bad --cors-origin", []string{"--db", sqlite, "--cors-origin", "app.example.com"}, []string{"app.example.com", "origin"}, ""},
		{"--cors-origin with a path", []string{"--db", sqlite, "--cors-origin", "https://app.example.com/settings"}, []string{"origin"}, ""},
		{"address in use", []string{"--db", sqlite, "--addr", busy.Addr().String()}, []string{busy.Addr().String()}, ""},
		{"unsupported database", []string{"--db", "mysql://root@localhost/importops"}, []string{"not supported"}, ""},
		{"sqlite: without a path", []string{"--db", "sqlite:"}, []string{"sqlite:PATH"}, ""},
		{"unreachable PostgreSQL", []string{"--db", "postgres://importops:s3cret-pw@127.0.0.1:1/importops?sslmode=disable"}, []string{"127.0.0.1:1"}, "s3cret-pw"},
		{"stray argument", []string{"--db", sqlite, "now"}, []string{"now"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runIn(t, t.TempDir(), nil, "", append([]string{"serve"}, tc.args...)...)
			wantFailure(t, r, tc.want...)
			if tc.forbidden != "" && strings.Contains(r.stderr, tc.forbidden) {
				t.Errorf("the reason shows the database password: %s", r)
			}
		})
	}
}

var demoLine = regexp.MustCompile(`^Demo sign-in: (\S+@\S+) / (\S+) `)

// TestServeDemo: --demo fills an empty database and prints a sign-in that
// works; on the next start it adds nothing.
func TestServeDemo(t *testing.T) {
	url := testenv.SQLiteURL(t)
	var email, password string
	var total int
	for start := range 2 {
		srv := startServer(t, url, "--demo")
		var line string
		for line == "" || !strings.HasPrefix(line, "Demo sign-in:") {
			select {
			case l, ok := <-srv.lines:
				if !ok {
					t.Fatalf("serve --demo printed no demo sign-in")
				}
				line = l
			case <-time.After(cmdTimeout):
				t.Fatalf("serve --demo printed no demo sign-in")
			}
		}
		m := demoLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("demo sign-in line %q: want \"Demo sign-in: EMAIL / PASSWORD …\"", line)
		}
		email, password = m[1], m[2]

		admin := srv.env(t).SignIn(email, password)
		var v struct {
			Viewer struct {
				Role         string
				Organization struct{ Plan string }
			}
			Vehicles struct{ TotalCount int }
		}
		admin.Do(`{ viewer { role organization { plan } } vehicles(first: 1) { totalCount } }`, nil).Decode(t, &v)
		if v.Viewer.Role != "ADMIN" || v.Viewer.Organization.Plan != "PRO" || v.Vehicles.TotalCount == 0 {
			t.Errorf("start %d: the demo sign-in gives %+v, want an admin of a Pro organisation with vehicles", start+1, v)
		}
		if start == 0 {
			total = v.Vehicles.TotalCount
		} else if v.Vehicles.TotalCount != total {
			t.Errorf("the second start with --demo changed the vehicles from %d to %d", total, v.Vehicles.TotalCount)
		}
		srv.stop()
	}
	if n, err := testenv.Open(t, url).Organization.Query().Count(testenv.System()); err != nil || n != 1 {
		t.Errorf("after two starts with --demo: %d organisations (%v), want 1", n, err)
	}
}

// TestServeDemoLeavesDataAlone: --demo adds nothing to a database that
// already has an organisation.
func TestServeDemoLeavesDataAlone(t *testing.T) {
	url := testenv.SQLiteURL(t)
	mustRun(t, url, "", "org", "create", "--slug", "acme", "--name", "Acme Imports", "--plan", "pro")
	srv := startServer(t, url, "--demo")
	srv.stop()
	for line := range srv.lines {
		if strings.HasPrefix(line, "Demo sign-in:") {
			t.Errorf("serve --demo printed a demo sign-in for a database without the demo: %q", line)
		}
	}
	db := testenv.Open(t, url)
	orgs, err := db.Organization.Query().All(testenv.System())
	if err != nil || len(orgs) != 1 || orgs[0].Slug != "acme" {
		t.Errorf("after serve --demo, organisations %v (%v), want acme alone", orgs, err)
	}
	if n, err := db.User.Query().Count(testenv.System()); err != nil || n != 0 {
		t.Errorf("serve --demo added %d users to a database in use (%v)", n, err)
	}
}

// --cors-origin may be repeated, and each origin reaches the server: a
// preflight from either is allowed with credentials, one from elsewhere
// is not.
func TestServeCORSOrigins(t *testing.T) {
	srv := startServer(t, testenv.SQLiteURL(t),
		"--cors-origin", "https://app.importops.example", "--cors-origin", "https://admin.importops.example")
	defer srv.stop()
	for origin, allowed := range map[string]bool{
		"https://app.importops.example":   true,
		"https://admin.importops.example": true,
		"https://evil.example":            false,
	} {
		req, _ := http.NewRequest(http.MethodOptions, srv.URL+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type,x-csrf-token")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got := resp.Header.Get("Access-Control-Allow-Origin")
		creds := resp.Header.Get("Access-Control-Allow-Credentials")
		if allowed && (got != origin || creds != "true") {
			t.Errorf("preflight from %s: Allow-Origin %q, Allow-Credentials %q; want the origin, with credentials", origin, got, creds)
		}
		if !allowed && got != "" {
			t.Errorf("preflight from %s: Allow-Origin %q, want none", origin, got)
		}
	}
}
