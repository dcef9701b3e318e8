package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"importops/ent/user"
	"importops/internal/account"
	"importops/internal/audit"
)

func orgCreate(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs, dbURL := flags("org create")
	slug := fs.String("slug", "", "short name used in URLs and commands")
	name := fs.String("name", "", "display name")
	planFlag := fs.String("plan", "", "pro or core")
	if err := parse(fs, args, "slug", "name", "plan"); err != nil {
		return err
	}
	plan, err := account.ParsePlan(*planFlag)
	if err != nil {
		return err
	}
	db, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	org, err := account.CreateOrg(ctx, db.Client, *slug, *name, plan)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created organisation %s (%s) on the %s plan\n", org.Slug, org.Name, strings.ToLower(string(org.Plan)))
	return nil
}

// orgSetPlan records the change in the organisation's audit log, naming
// the support member given with --by, or "ImportOps support" without it.
func orgSetPlan(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs, dbURL := flags("org set-plan")
	slug := fs.String("org", "", "organisation slug")
	planFlag := fs.String("plan", "", "pro or core")
	by := fs.String("by", "", "email of the support member making the change, named in the audit log (default: \""+account.SupportName+"\")")
	if err := parse(fs, args, "org", "plan"); err != nil {
		return err
	}
	plan, err := account.ParsePlan(*planFlag)
	if err != nil {
		return err
	}
	db, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	actor := audit.Actor{Name: account.SupportName}
	if *by != "" {
		staff, err := account.StaffByEmail(ctx, db.Client, *by)
		if err != nil {
			return err
		}
		actor = audit.Actor{UserID: staff.ID, Name: staff.Name}
	}
	changed, err := account.SetPlan(ctx, db, *slug, plan, actor)
	if err != nil {
		return err
	}
	if !changed {
		fmt.Fprintf(stdout, "organisation %s is already on the %s plan; nothing changed\n", *slug, strings.ToLower(string(plan)))
		return nil
	}
	fmt.Fprintf(stdout, "organisation %s is now on the %s plan\n", *slug, strings.ToLower(string(plan)))
	return nil
}

func userCreate(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs, dbURL := flags("user create")
	slug := fs.String("org", "", "organisation slug (not with --staff)")
	email := fs.String("email", "", "email address, used to sign in")
	name := fs.String("name", "", "full name, shown in the audit log")
	roleFlag := fs.String("role", "", "admin or member (not with --staff)")
	pwStdin := fs.Bool("password-stdin", false, "read the password from standard input")
	staff := fs.Bool("staff", false, "an ImportOps support member: no organisation, no sign-in")
	if err := parse(fs, args, "email", "name"); err != nil {
		return err
	}
	n := account.NewUser{Email: *email, Name: *name, Staff: *staff}
	if *staff {
		if *slug != "" || *roleFlag != "" || *pwStdin {
			return fmt.Errorf("user create: --staff takes no --org, --role or --password-stdin: support members do not sign in here")
		}
	} else {
		if err := require(fs, "org", "role", "password-stdin"); err != nil {
			return err
		}
		var err error
		if n.Role, err = account.ParseRole(*roleFlag); err != nil {
			return err
		}
		if n.Password, err = readPassword(stdin); err != nil {
			return err
		}
	}
	db, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if !*staff {
		if n.Org, err = account.OrgBySlug(ctx, db.Client, *slug); err != nil {
			return err
		}
	}
	u, err := account.CreateUser(ctx, db.Client, n)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s %s (%s)\n", describe(u.Staff, n.Role), u.Email, u.Name)
	return nil
}

func describe(staff bool, role user.Role) string {
	if staff {
		return "support member"
	}
	return strings.ToLower(string(role))
}

// readPassword reads the whole of stdin, less one trailing line break.
func readPassword(stdin io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(stdin, 4096))
	if err != nil {
		return "", fmt.Errorf("reading the password from standard input: %w", err)
	}
	pw := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	if pw == "" {
		return "", fmt.Errorf("user create: no password on standard input (pipe it in: echo \"$PASSWORD\" | importops user create … --password-stdin)")
	}
	return pw, nil
}
