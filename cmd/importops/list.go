package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"importops/ent"
	"importops/ent/apikey"
	"importops/internal/account"
	"importops/internal/keystatus"
	"importops/internal/viewer"
)

// The list commands print aligned columns with a header line, dates in
// UTC, and "-" where there is nothing to show, so they read well and cut
// and awk alike.

func orgList(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs, dbURL := flags("org list")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	orgs, err := account.Orgs(ctx, db.Client)
	if err != nil {
		return err
	}
	active, err := activeKeysByOrg(ctx, db.Client)
	if err != nil {
		return err
	}
	return table(stdout, []string{"SLUG", "NAME", "PLAN", "ACTIVE KEYS", "CREATED"}, len(orgs), func(i int) []string {
		o := orgs[i]
		return []string{o.Slug, o.Name, strings.ToLower(string(o.Plan)), fmt.Sprint(active[o.ID]), day(o.CreatedAt)}
	})
}

func activeKeysByOrg(ctx context.Context, client *ent.Client) (map[int]int, error) {
	var rows []struct {
		OrganizationID int `json:"organization_id"`
		Count          int `json:"count"`
	}
	err := client.APIKey.Query().
		Where(keystatus.Where(keystatus.Active, time.Now())).
		GroupBy(apikey.FieldOrganizationID).
		Aggregate(ent.Count()).
		Scan(viewer.System(ctx), &rows)
	counts := make(map[int]int, len(rows))
	for _, r := range rows {
		counts[r.OrganizationID] = r.Count
	}
	return counts, err
}

func userList(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs, dbURL := flags("user list")
	slug := fs.String("org", "", "organisation slug")
	staff := fs.Bool("staff", false, "list the ImportOps support members instead")
	if err := parse(fs, args); err != nil {
		return err
	}
	if (*slug == "") == !*staff {
		return fmt.Errorf("user list: give either --org SLUG or --staff")
	}
	db, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	var users []*ent.User
	if *staff {
		users, err = account.Staff(ctx, db.Client)
	} else {
		var org *ent.Organization
		if org, err = account.OrgBySlug(ctx, db.Client, *slug); err == nil {
			users, err = account.Members(ctx, db.Client, org)
		}
	}
	if err != nil {
		return err
	}
	return table(stdout, []string{"EMAIL", "NAME", "ROLE", "CREATED"}, len(users), func(i int) []string {
		u := users[i]
		role := "support"
		if u.Role != nil {
			role = strings.ToLower(string(*u.Role))
		}
		return []string{u.Email, u.Name, role, day(u.CreatedAt)}
	})
}

func keyList(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs, dbURL := flags("key list")
	slug := fs.String("org", "", "organisation slug")
	statusFlag := fs.String("status", "", "only keys that are active, expired or revoked")
	if err := parse(fs, args, "org"); err != nil {
		return err
	}
	q := func(*ent.APIKeyQuery) {}
	if *statusFlag != "" {
		status, err := keystatus.Parse(*statusFlag)
		if err != nil {
			return fmt.Errorf("key list: %w", err)
		}
		q = func(k *ent.APIKeyQuery) { k.Where(keystatus.Where(status, time.Now())) }
	}
	db, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = viewer.System(ctx)
	org, err := account.OrgBySlug(ctx, db.Client, *slug)
	if err != nil {
		return err
	}
	query := db.Client.APIKey.Query().Where(apikey.OrganizationID(org.ID)).WithCreatedBy().Order(ent.Desc(apikey.FieldID))
	q(query)
	list, err := query.All(ctx)
	if err != nil {
		return err
	}
	now := time.Now()
	return table(stdout, []string{"PREFIX", "NAME", "STATUS", "SCOPES", "EXPIRES", "LAST USED", "CREATED BY"}, len(list), func(i int) []string {
		k := list[i]
		by := "ImportOps support"
		if k.Edges.CreatedBy != nil {
			by = k.Edges.CreatedBy.Name
		}
		lastUsed := "-"
		if k.LastUsedAt != nil {
			lastUsed = k.LastUsedAt.UTC().Format(time.RFC3339)
		}
		return []string{k.Prefix, k.Name, strings.ToLower(string(keystatus.At(k, now))),
			strings.Join(k.Scopes, ","), k.ExpiresAt.UTC().Format(time.RFC3339), lastUsed, by}
	})
}

// table prints a header and n rows in aligned columns; with no rows it
// says so instead.
func table(w io.Writer, header []string, n int, row func(int) []string) error {
	if n == 0 {
		_, err := fmt.Fprintln(w, "(none)")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for i := range n {
		fmt.Fprintln(tw, strings.Join(row(i), "\t"))
	}
	return tw.Flush()
}

func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }
