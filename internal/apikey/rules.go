package apikey

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"importops/internal/apierr"
	"importops/internal/textcheck"
)

// Scopes a key can hold.
const (
	ScopeRead  = "vehicles.read"
	ScopeWrite = "vehicles.write"
)

var knownScopes = []string{ScopeRead, ScopeWrite}

// MaxActive is how many active (neither revoked nor expired) keys an
// organisation may hold.
const MaxActive = 100

// MaxNameLength is the longest key name, in characters.
const MaxNameLength = 100

// Expiry is how long a new key lives, as the admin chose it.
type Expiry string

const (
	ThreeMonths Expiry = "THREE_MONTHS"
	SixMonths   Expiry = "SIX_MONTHS"
	OneYear     Expiry = "ONE_YEAR"
	Custom      Expiry = "CUSTOM"
)

// NormalizeName trims name and checks it: 1 to 100 characters, no control,
// invisible, direction-changing or private-use characters, and at least
// one visible one (textcheck). Names may repeat: a replacement key often keeps the old name.
func NormalizeName(name string) (string, error) {
	name = strings.TrimSpace(name)
	n := utf8.RuneCountInString(name)
	switch {
	case n == 0:
		return "", apierr.Input("name", "Name is required: describe where the key is used, such as \"Website inventory sync\"")
	case n > MaxNameLength:
		return "", apierr.Input("name", fmt.Sprintf("Name must be at most %d characters (got %d)", MaxNameLength, n))
	}
	if err := textcheck.Characters("Name", name); err != nil {
		return "", apierr.Input("name", err.Error())
	}
	return name, nil
}

// ExpiresAt returns when a key created at now with this expiry stops
// working. The fixed choices are calendar months and years; custom is at,
// which must be in the future and at most two years ahead.
func ExpiresAt(expiry Expiry, at *time.Time, now time.Time) (time.Time, error) {
	if expiry != Custom && at != nil {
		return time.Time{}, apierr.Input("expiresAt", "Expiry date can only be given with a custom expiry")
	}
	switch expiry {
	case ThreeMonths:
		return addMonths(now, 3), nil
	case SixMonths:
		return addMonths(now, 6), nil
	case OneYear:
		return addMonths(now, 12), nil
	case Custom:
		return customExpiry(at, now)
	}
	return time.Time{}, apierr.Input("expiry", fmt.Sprintf("Unknown expiry %q: choose THREE_MONTHS, SIX_MONTHS, ONE_YEAR or CUSTOM", expiry))
}

func customExpiry(at *time.Time, now time.Time) (time.Time, error) {
	switch {
	case at == nil:
		return time.Time{}, apierr.Input("expiresAt", "Expiry date is required for a custom expiry")
	case !at.After(now):
		return time.Time{}, apierr.Input("expiresAt", "Expiry date must be in the future")
	case at.After(addMonths(now, 24)):
		return time.Time{}, apierr.Input("expiresAt", "Expiry date can be at most two years ahead")
	}
	return at.UTC().Truncate(time.Microsecond), nil
}

// addMonths adds calendar months, keeping the day of the month where it
// exists and otherwise taking the month's last day (31 January + 1 month is
// 28 or 29 February, not 2 or 3 March as time.AddDate would give).
func addMonths(t time.Time, months int) time.Time {
	t = t.UTC()
	first := time.Date(t.Year(), t.Month()+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
	lastDay := first.AddDate(0, 1, -1).Day()
	day := min(t.Day(), lastDay)
	return time.Date(first.Year(), first.Month(), day,
		t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC).Truncate(time.Microsecond)
}

// Scopes checks the scopes asked for. Omitted means read-only. Admins may
// ask only for read-only; support (byStaff) may issue any known scope.
func Scopes(asked []string, byStaff bool) ([]string, error) {
	if asked == nil {
		return []string{ScopeRead}, nil
	}
	if len(asked) == 0 {
		return nil, apierr.Input("scopes", "A key needs at least one scope: omit scopes for vehicles.read")
	}
	var scopes []string
	for _, s := range asked {
		if !slices.Contains(knownScopes, s) {
			return nil, apierr.Input("scopes", fmt.Sprintf("Unknown scope %q: the scopes are %s", s, strings.Join(knownScopes, " and ")))
		}
		if !slices.Contains(scopes, s) {
			scopes = append(scopes, s)
		}
	}
	if !byStaff {
		for _, s := range scopes {
			if s != ScopeRead {
				return nil, &apierr.Error{Code: apierr.Forbidden, Field: "scopes",
					Message: fmt.Sprintf("Keys with the %s scope are issued by ImportOps support: contact support to get one", s)}
			}
		}
	}
	slices.Sort(scopes)
	return scopes, nil
}
