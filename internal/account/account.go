// Package account creates organisations and users, for the command line
// and the demo data. (Team members are managed by the operations team with
// the command line; the API has no user management.)
package account

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"importops/ent"
	"importops/ent/organization"
	"importops/ent/user"
	"importops/internal/audit"
	"importops/internal/database"
	"importops/internal/keycache"
	"importops/internal/password"
	"importops/internal/viewer"
)

// ParsePlan reads "pro" or "core", in any case.
func ParsePlan(s string) (organization.Plan, error) {
	p := organization.Plan(strings.ToUpper(strings.TrimSpace(s)))
	if err := organization.PlanValidator(p); err != nil {
		return "", fmt.Errorf("plan must be pro or core, not %q", s)
	}
	return p, nil
}

// ParseRole reads "admin" or "member", in any case.
func ParseRole(s string) (user.Role, error) {
	r := user.Role(strings.ToUpper(strings.TrimSpace(s)))
	if err := user.RoleValidator(r); err != nil {
		return "", fmt.Errorf("role must be admin or member, not %q", s)
	}
	return r, nil
}

// CreateOrg creates an organisation.
func CreateOrg(ctx context.Context, client *ent.Client, slug, name string, plan organization.Plan) (*ent.Organization, error) {
	org, err := client.Organization.Create().
		SetSlug(strings.TrimSpace(slug)).
		SetName(strings.TrimSpace(name)).
		SetPlan(plan).
		Save(viewer.System(ctx))
	if ent.IsConstraintError(err) {
		return nil, fmt.Errorf("an organisation with slug %q already exists", slug)
	}
	if ent.IsValidationError(err) && strings.Contains(err.Error(), "slug") {
		return nil, fmt.Errorf("slug %q must be 1 to 40 lower-case letters, digits and dashes, starting and ending with a letter or digit", slug)
	}
	return org, validatorMessage(err)
}

// SupportName is the actor an audit entry names when support acts from
// the command line without saying who they are.
const SupportName = audit.SupportName

// SetPlan changes an organisation's plan, with an organization.plan_changed
// entry in its audit log, in one transaction. It binds the very next
// request. Setting the plan it already has changes nothing and records
// nothing: changed reports which it was.
func SetPlan(ctx context.Context, db *database.DB, slug string, plan organization.Plan, actor audit.Actor) (changed bool, err error) {
	ctx = viewer.System(ctx)
	var seq int64
	err = db.InTx(ctx, func(tx *ent.Tx) error {
		// The guard on the old plan makes two concurrent changes to the
		// same plan record one entry between them.
		n, err := tx.Organization.Update().
			Where(organization.Slug(slug), organization.PlanNEQ(plan)).
			SetPlan(plan).
			Save(ctx)
		if err != nil {
			return err
		}
		org, err := tx.Organization.Query().Where(organization.Slug(slug)).Only(ctx)
		if ent.IsNotFound(err) {
			return fmt.Errorf("no organisation with slug %q", slug)
		}
		if err != nil || n == 0 {
			return err
		}
		changed = true
		// Every replica's copies of the organisation's keys hold its plan.
		if seq, err = keycache.Bump(ctx, tx, db.Dialect, org.ID, 0); err != nil {
			return err
		}
		return audit.RecordOrg(ctx, tx, org.ID, audit.PlanChanged, actor)
	})
	if err != nil {
		return false, err
	}
	keycache.Await(ctx, db, seq)
	return changed, nil
}

// OrgBySlug finds an organisation.
func OrgBySlug(ctx context.Context, client *ent.Client, slug string) (*ent.Organization, error) {
	org, err := client.Organization.Query().Where(organization.Slug(slug)).Only(viewer.System(ctx))
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("no organisation with slug %q", slug)
	}
	return org, err
}

// NewUser is a user to create: a team member (Org, Role, Password) or a
// support member (Staff, no organisation and no password).
type NewUser struct {
	Org      *ent.Organization
	Email    string
	Name     string
	Role     user.Role
	Password string
	Staff    bool
}

// CreateUser creates a user.
func CreateUser(ctx context.Context, client *ent.Client, n NewUser) (*ent.User, error) {
	email := NormalizeEmail(n.Email)
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		return nil, fmt.Errorf("%q is not an email address", n.Email)
	}
	c := client.User.Create().SetEmail(email).SetName(strings.TrimSpace(n.Name))
	if n.Staff {
		c.SetStaff(true)
	} else {
		if err := password.Validate(n.Password); err != nil {
			return nil, err
		}
		hash, err := password.Hash(n.Password)
		if err != nil {
			return nil, err
		}
		c.SetOrganization(n.Org).SetRole(n.Role).SetPasswordHash(hash)
	}
	u, err := c.Save(viewer.System(ctx))
	if ent.IsConstraintError(err) {
		return nil, fmt.Errorf("a user with email %s already exists", email)
	}
	return u, validatorMessage(err)
}

// validatorMessage is a schema validator's own message, written for
// people ("Name cannot contain invisible or direction-changing characters
// such as U+202E"), without ent's `validator failed for field` preamble;
// other errors are returned as they are.
func validatorMessage(err error) error {
	var verr *ent.ValidationError
	if !errors.As(err, &verr) {
		return err
	}
	inner := verr.Unwrap()
	if msg := errors.Unwrap(inner); msg != nil {
		return msg
	}
	return inner
}

// StaffByEmail finds a support member.
func StaffByEmail(ctx context.Context, client *ent.Client, email string) (*ent.User, error) {
	u, err := client.User.Query().
		Where(user.Email(NormalizeEmail(email)), user.Staff(true)).
		Only(viewer.System(ctx))
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("no support member with email %s (create one with: importops user create --staff)", email)
	}
	return u, err
}

// NormalizeEmail is how emails are stored and looked up: trimmed and lower
// case, so "Ada@Acme.test" signs in as ada@acme.test.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// Orgs returns every organisation, by slug.
func Orgs(ctx context.Context, client *ent.Client) ([]*ent.Organization, error) {
	return client.Organization.Query().Order(ent.Asc(organization.FieldSlug)).All(viewer.System(ctx))
}

// Members returns an organisation's team members, by email.
func Members(ctx context.Context, client *ent.Client, org *ent.Organization) ([]*ent.User, error) {
	return client.User.Query().
		Where(user.OrganizationID(org.ID)).
		Order(ent.Asc(user.FieldEmail)).
		All(viewer.System(ctx))
}

// Staff returns the support members, by email.
func Staff(ctx context.Context, client *ent.Client) ([]*ent.User, error) {
	return client.User.Query().Where(user.Staff(true)).Order(ent.Asc(user.FieldEmail)).All(viewer.System(ctx))
}
