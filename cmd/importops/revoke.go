package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"importops/ent"
	"importops/internal/account"
	"importops/internal/apikey"
	"importops/internal/audit"
	"importops/internal/viewer"
)

// keyRevoke is support's way to end a key: by the prefix an organisation
// reads out, or by a whole token found in public (on standard input, so
// it never sits in the shell's history; it is never printed or logged).
// The support member is named in the audit entry; the key's revokedBy
// stays null, as it does for every revocation not made by an admin.
//
// Revoking a key that is already revoked says so and exits 0, changing
// nothing: after a leak, running the command again must be safe.
func keyRevoke(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs, dbURL := flags("key revoke")
	slug := fs.String("org", "", "organisation slug (with --prefix)")
	prefix := fs.String("prefix", "", "the key's prefix, the token's first 12 characters, e.g. iops_AbC1234")
	tokenStdin := fs.Bool("token-stdin", false, "read the key's whole token from standard input instead of --org and --prefix")
	by := fs.String("by", "", "email of the support member revoking it")
	reasonFlag := fs.String("reason", "revoked", "revoked, or exposed for a token found in public")
	if err := parse(fs, args, "by"); err != nil {
		return err
	}
	if *tokenStdin == (*prefix != "") {
		return fmt.Errorf("key revoke: give either --org and --prefix, or --token-stdin")
	}
	if *tokenStdin && *slug != "" {
		return fmt.Errorf("key revoke: --token-stdin takes no --org: the token names its organisation")
	}
	if !*tokenStdin {
		if err := require(fs, "org"); err != nil {
			return err
		}
		if err := apikey.CheckPrefix(*prefix); err != nil {
			return fmt.Errorf("key revoke: %w", err)
		}
	}
	reason, err := apikey.ParseReason(*reasonFlag)
	if err != nil {
		return fmt.Errorf("key revoke: %w", err)
	}
	var tok string
	if *tokenStdin {
		b, err := io.ReadAll(io.LimitReader(stdin, 4096))
		if err != nil {
			return fmt.Errorf("reading the token from standard input: %w", err)
		}
		tok = strings.TrimSpace(string(b))
		if tok == "" {
			return fmt.Errorf("key revoke: no token on standard input (pipe it in: importops key revoke --token-stdin … < leaked-token.txt)")
		}
	}
	db, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = viewer.System(ctx)
	staff, err := account.StaffByEmail(ctx, db.Client, *by)
	if err != nil {
		return err
	}
	keys := apikey.NewService(db)
	var key *ent.APIKey
	if *tokenStdin {
		key, err = keys.ByToken(ctx, tok)
	} else {
		var org *ent.Organization
		if org, err = account.OrgBySlug(ctx, db.Client, *slug); err == nil {
			key, err = keys.ByPrefix(ctx, org.ID, org.Slug, *prefix)
		}
	}
	if err != nil {
		return err
	}
	res, err := keys.Revoke(ctx, strconv.Itoa(key.ID), apikey.Revocation{
		Reason:    reason,
		Actor:     audit.Actor{UserID: staff.ID, Name: staff.Name},
		BySupport: true,
	})
	if err != nil {
		return err
	}
	k := res.Key
	org, err := db.Organization.Get(ctx, k.OrganizationID)
	if err != nil {
		return err
	}
	if res.Already {
		fmt.Fprintf(stdout, "Key %q (%s) of %s was already revoked on %s; nothing changed.\n",
			k.Name, k.Prefix, org.Slug, k.RevokedAt.UTC().Format(time.RFC3339))
		return nil
	}
	fmt.Fprintf(stdout, "Revoked key %q (%s) of %s, reason %s; it is refused from now on.\n",
		k.Name, k.Prefix, org.Slug, strings.ToLower(string(reason)))
	return nil
}
