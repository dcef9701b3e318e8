package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"importops/internal/account"
	"importops/internal/apikey"
	"importops/internal/audit"
	"importops/internal/viewer"
)

// keyIssue is support's tool for scoped keys. The token goes alone to
// standard output (for a pipe); the rest of what it says goes to stderr.
func keyIssue(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs, dbURL := flags("key issue")
	slug := fs.String("org", "", "organisation slug")
	name := fs.String("name", "", "where the key is used")
	var scopes multi
	fs.Var(&scopes, "scope", "a scope to grant (repeat for several; default vehicles.read)")
	expires := fs.String("expires", "", "last day the key works, YYYY-MM-DD (UTC), or an RFC 3339 time (default: one year)")
	by := fs.String("by", "", "email of the support member issuing it")
	if err := parse(fs, args, "org", "name", "by"); err != nil {
		return err
	}
	req := apikey.Request{Name: *name, Expiry: apikey.OneYear, ByStaff: true}
	if len(scopes) > 0 {
		req.Scopes = scopes
	}
	if *expires != "" {
		at, err := parseExpires(*expires)
		if err != nil {
			return err
		}
		req.Expiry, req.ExpiresAt = apikey.Custom, &at
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
	staff, err := account.StaffByEmail(ctx, db.Client, *by)
	if err != nil {
		return err
	}
	req.OrgID = org.ID
	req.Actor = audit.Actor{UserID: staff.ID, Name: staff.Name}
	issued, err := apikey.NewService(db).Issue(ctx, req)
	if err != nil {
		return err
	}
	k := issued.Key
	fmt.Fprintf(os.Stderr, "Issued %q (%s) for %s with %s, expiring %s.\nThe token follows. It is shown this once: store it now.\n",
		k.Name, k.Prefix, org.Slug, strings.Join(k.Scopes, ", "), describeExpiry(k.ExpiresAt))
	fmt.Fprintln(stdout, issued.Token)
	return nil
}

// parseExpires reads a date or an exact RFC 3339 time. A date means the
// key works through that day, UTC: it expires at its last second,
// 23:59:59Z, so the stored time still falls on the day support chose
// (midnight after it would be the next day's date in every zone east of
// UTC). The page shows such an expiry as that date wherever it is read.
func parseExpires(s string) (time.Time, error) {
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return d.Add(24*time.Hour - time.Second), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("key issue: --expires %q is not a date like 2027-06-30", s)
}

// describeExpiry says a date-only expiry the way it was given.
func describeExpiry(t time.Time) string {
	t = t.UTC()
	if t.Hour() == 23 && t.Minute() == 59 && t.Second() == 59 {
		return "at the end of " + t.Format(time.DateOnly) + " (UTC)"
	}
	return t.Format(time.RFC3339)
}
