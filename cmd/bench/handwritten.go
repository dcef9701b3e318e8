package main

// NOT PART OF THE PRODUCT. A minimal hand-written server that answers the
// load run's one request, for `make bench` to measure importops against in
// the same run (issue 12): what the request costs without a framework.
// It checks the key as importops does (format, digest lookup, revoked,
// expired, plan, scope) and reads today's SQL (the key, the page, the
// kept count: three statements), each a prepared statement with
// PostgreSQL's default plan caching. It serves nothing else, logs nothing,
// records no last use, and has none of importops' limits.
//
// The bench runs it as `bench handwritten DATABASE_URL`, a process of its
// own, so that its CPU time can be read like the server's.

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	_ "github.com/lib/pq"

	"importops/internal/token"
)

// handwrittenArg is the first argument that makes the bench binary this
// server (see main).
const handwrittenArg = "handwritten"

type handwritten struct {
	key, page, count *sql.Stmt
}

// serveHandwritten listens on a free loopback port, prints where, and
// serves until killed.
func serveHandwritten(dbURL string) error {
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(32)
	h := &handwritten{}
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&h.key, `SELECT k.organization_id, k.scopes, k.expires_at, k.revoked_at,
			(SELECT o.plan FROM organizations AS o WHERE o.id = k.organization_id)
			FROM api_keys AS k WHERE k.digest = $1`},
		{&h.page, `SELECT id, vin, make, model, year, status FROM vehicles
			WHERE organization_id = $1 ORDER BY id DESC LIMIT 21`},
		{&h.count, `SELECT coalesce(sum(count), 0) FROM vehicle_counts WHERE organization_id = $1`},
	} {
		if *p.stmt, err = db.Prepare(p.sql); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Printf("handwritten is listening on http://%s\n", ln.Addr())
	return http.Serve(ln, h)
}

type hwVehicle struct {
	VIN    string `json:"vin"`
	Make   string `json:"make"`
	Model  string `json:"model"`
	Year   int    `json:"year"`
	Status string `json:"status"`
}

type hwEdge struct {
	Node hwVehicle `json:"node"`
}

type hwAnswer struct {
	Data struct {
		Vehicles struct {
			TotalCount int      `json:"totalCount"`
			Edges      []hwEdge `json:"edges"`
		} `json:"vehicles"`
	} `json:"data"`
}

func (h *handwritten) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req struct{ Query string }
	if r.URL.Path != "/graphql" || json.NewDecoder(r.Body).Decode(&req) != nil || !strings.Contains(req.Query, "vehicles(first: 20)") {
		http.Error(w, "only the load run's request is served", http.StatusBadRequest)
		return
	}
	org, status := h.authenticate(r)
	if status != http.StatusOK {
		http.Error(w, `{"errors":[{"message":"refused"}]}`, status)
		return
	}
	var out hwAnswer
	rows, err := h.page.QueryContext(r.Context(), org)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	n := 0
	for rows.Next() && n < 20 {
		var id int
		var v hwVehicle
		if err := rows.Scan(&id, &v.VIN, &v.Make, &v.Model, &v.Year, &v.Status); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		out.Data.Vehicles.Edges = append(out.Data.Vehicles.Edges, hwEdge{v})
		n++
	}
	rows.Close()
	if err := h.count.QueryRowContext(r.Context(), org).Scan(&out.Data.Vehicles.TotalCount); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(&out)
}

// authenticate checks the bearer key as importops does, and returns its
// organisation.
func (h *handwritten) authenticate(r *http.Request) (int, int) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token.Parse(tok) != nil {
		return 0, http.StatusUnauthorized
	}
	var org int
	var scopes []byte
	var expires time.Time
	var revoked sql.NullTime
	var plan string
	err := h.key.QueryRowContext(r.Context(), token.Digest(tok)).Scan(&org, &scopes, &expires, &revoked, &plan)
	if err != nil {
		return 0, http.StatusUnauthorized
	}
	now := time.Now()
	var granted []string
	json.Unmarshal(scopes, &granted)
	switch {
	case revoked.Valid && !revoked.Time.After(now), !expires.After(now):
		return 0, http.StatusUnauthorized
	case plan != "PRO":
		return 0, http.StatusForbidden
	case !slices.Contains(granted, "vehicles.read"):
		return 0, http.StatusForbidden
	}
	return org, http.StatusOK
}

// runHandwritten is main for `bench handwritten DATABASE_URL`.
func runHandwritten(args []string) {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: bench handwritten DATABASE_URL")
		os.Exit(2)
	}
	if err := serveHandwritten(args[0]); err != nil {
		fmt.Fprintf(os.Stderr, "handwritten: %v\n", err)
		os.Exit(1)
	}
}
