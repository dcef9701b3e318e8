package apikey

import (
	"slices"
	"strings"
	"testing"
	"time"

	"importops/internal/apierr"
)

func rulesDate(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// rulesWantErr fails unless err is an *apierr.Error with code and field.
func rulesWantErr(t *testing.T, err error, code apierr.Code, field string) *apierr.Error {
	t.Helper()
	e, ok := apierr.As(err)
	if !ok {
		t.Fatalf("error %v (%T), want an API error %s on %q", err, err, code, field)
	}
	if e.Code != code || e.Field != field || e.Message == "" {
		t.Fatalf("error = %+v, want %s on %q with a message", e, code, field)
	}
	return e
}

func TestAddMonths(t *testing.T) {
	cases := []struct {
		from   string
		months int
		want   string
	}{
		{"2026-01-15T10:00:00Z", 1, "2026-02-15T10:00:00Z"},
		{"2026-01-31T10:00:00Z", 1, "2026-02-28T10:00:00Z"}, // not 3 March
		{"2024-01-31T10:00:00Z", 1, "2024-02-29T10:00:00Z"}, // leap year
		{"2024-02-29T08:30:00Z", 12, "2025-02-28T08:30:00Z"},
		{"2024-02-29T08:30:00Z", 48, "2028-02-29T08:30:00Z"},
		{"2023-12-31T23:59:59Z", 2, "2024-02-29T23:59:59Z"},
		{"2000-01-31T00:00:00Z", 1, "2000-02-29T00:00:00Z"}, // divisible by 400: leap
		{"2100-01-31T00:00:00Z", 1, "2100-02-28T00:00:00Z"}, // divisible by 100: not
		{"2026-03-31T12:00:00Z", 3, "2026-06-30T12:00:00Z"},
		{"2026-08-31T12:00:00Z", 6, "2027-02-28T12:00:00Z"},
		{"2026-10-31T12:00:00Z", 4, "2027-02-28T12:00:00Z"},
		{"2026-05-31T12:00:00Z", 1, "2026-06-30T12:00:00Z"},
		{"2026-11-26T04:05:06Z", 3, "2027-02-26T04:05:06Z"},
		{"2026-12-31T00:00:00Z", 12, "2027-12-31T00:00:00Z"},
		{"2026-07-15T00:00:00Z", 24, "2028-07-15T00:00:00Z"},
		// Other zones are converted to UTC first: this is 1 February 04:30 UTC.
		{"2026-01-31T23:30:00-05:00", 1, "2026-03-01T04:30:00Z"},
		// Sub-microsecond precision is dropped, as the databases would.
		{"2026-01-15T10:00:00.123456789Z", 1, "2026-02-15T10:00:00.123456Z"},
	}
	for _, tc := range cases {
		got := addMonths(rulesDate(tc.from), tc.months)
		if want := rulesDate(tc.want); !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("addMonths(%s, %d) = %s, want %s (UTC)", tc.from, tc.months, got.Format(time.RFC3339Nano), tc.want)
		}
	}
}

func TestExpiresAt(t *testing.T) {
	now := rulesDate("2026-08-31T09:00:00Z")
	for _, tc := range []struct {
		expiry Expiry
		want   string
	}{
		{ThreeMonths, "2026-11-30T09:00:00Z"},
		{SixMonths, "2027-02-28T09:00:00Z"},
		{OneYear, "2027-08-31T09:00:00Z"},
	} {
		got, err := ExpiresAt(tc.expiry, nil, now)
		if err != nil || !got.Equal(rulesDate(tc.want)) {
			t.Errorf("ExpiresAt(%s) = %s, %v; want %s", tc.expiry, got, err, tc.want)
		}
		at := now.AddDate(0, 1, 0)
		_, err = ExpiresAt(tc.expiry, &at, now)
		rulesWantErr(t, err, apierr.BadUserInput, "expiresAt")
	}

	ptr := func(t time.Time) *time.Time { return &t }
	for _, at := range []time.Time{
		now.Add(time.Second),
		now.AddDate(0, 1, 0),
		addMonths(now, 24), // exactly two years: the last allowed moment
		now.Add(36 * time.Hour).In(time.FixedZone("NZ", 13*3600)),
	} {
		got, err := ExpiresAt(Custom, ptr(at), now)
		if err != nil || !got.Equal(at) || got.Location() != time.UTC {
			t.Errorf("ExpiresAt(CUSTOM, %s) = %s, %v; want the same instant in UTC", at, got, err)
		}
	}

	for name, tc := range map[string]struct {
		at   *time.Time
		says string
	}{
		"missing":            {nil, "required"},
		"now":                {ptr(now), "future"},
		"past":               {ptr(now.Add(-time.Hour)), "future"},
		"long ago":           {ptr(rulesDate("1970-01-01T00:00:00Z")), "future"},
		"beyond two years":   {ptr(addMonths(now, 24).Add(time.Second)), "two years"},
		"twenty years ahead": {ptr(now.AddDate(20, 0, 0)), "two years"},
	} {
		_, err := ExpiresAt(Custom, tc.at, now)
		e := rulesWantErr(t, err, apierr.BadUserInput, "expiresAt")
		if !strings.Contains(e.Message, tc.says) {
			t.Errorf("%s: message %q does not say %q", name, e.Message, tc.says)
		}
	}

	_, err := ExpiresAt("FOREVER", nil, now)
	rulesWantErr(t, err, apierr.BadUserInput, "expiry")
}

func TestNormalizeName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Website inventory sync", "Website inventory sync"},
		{"  ERP sync \t\n", "ERP sync"},
		{"a", "a"},
		{strings.Repeat("a", 100), strings.Repeat("a", 100)},
		{strings.Repeat("é", 100), strings.Repeat("é", 100)},
		{" " + strings.Repeat("日", 100) + " ", strings.Repeat("日", 100)},
		{"Déjà vu — 2026 🚗", "Déjà vu — 2026 🚗"},
		{"inner  spaces  kept", "inner  spaces  kept"},
	} {
		got, err := NormalizeName(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("NormalizeName(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, says string }{
		{"", "required"},
		{"   ", "required"},
		{"\t\n", "required"},
		{strings.Repeat("a", 101), "100"},
		{strings.Repeat("é", 101), "100"},
		{"a\tb", "control"},
		{"a\nb", "control"},
		{"a\rb", "control"},
		{"a\x00b", "control"},
		{"a\x1bb", "control"},
		{"a\x7fb", "control"},
		{"a\u0085b", "control"},
		{"a\xffb", "UTF-8"},
	} {
		_, err := NormalizeName(tc.in)
		e := rulesWantErr(t, err, apierr.BadUserInput, "name")
		if !strings.Contains(e.Message, tc.says) {
			t.Errorf("NormalizeName(%q): message %q does not say %q", tc.in, e.Message, tc.says)
		}
	}
}

func TestScopes(t *testing.T) {
	for _, tc := range []struct {
		asked   []string
		byStaff bool
		want    []string
	}{
		{nil, false, []string{ScopeRead}},
		{nil, true, []string{ScopeRead}},
		{[]string{ScopeRead}, false, []string{ScopeRead}},
		{[]string{ScopeRead, ScopeRead}, false, []string{ScopeRead}},
		{[]string{ScopeWrite}, true, []string{ScopeWrite}},
		{[]string{ScopeWrite, ScopeRead, ScopeWrite}, true, []string{ScopeRead, ScopeWrite}},
	} {
		got, err := Scopes(tc.asked, tc.byStaff)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("Scopes(%q, staff=%v) = %q, %v; want %q", tc.asked, tc.byStaff, got, err, tc.want)
		}
	}
	for _, tc := range []struct {
		asked   []string
		byStaff bool
		code    apierr.Code
		says    string
	}{
		{[]string{}, false, apierr.BadUserInput, "scope"},
		{[]string{}, true, apierr.BadUserInput, "scope"},
		{[]string{"vehicles.delete"}, false, apierr.BadUserInput, "vehicles.delete"},
		{[]string{"vehicles.delete"}, true, apierr.BadUserInput, "vehicles.delete"},
		{[]string{"Vehicles.Read"}, false, apierr.BadUserInput, "Vehicles.Read"},
		{[]string{""}, false, apierr.BadUserInput, "Unknown scope"},
		{[]string{ScopeWrite, "bogus"}, false, apierr.BadUserInput, "bogus"},
		{[]string{ScopeWrite}, false, apierr.Forbidden, "support"},
		{[]string{ScopeRead, ScopeWrite}, false, apierr.Forbidden, "support"},
	} {
		got, err := Scopes(tc.asked, tc.byStaff)
		e := rulesWantErr(t, err, tc.code, "scopes")
		if got != nil || !strings.Contains(e.Message, tc.says) {
			t.Errorf("Scopes(%q, staff=%v) = %q, %q; want no scopes and a message saying %q", tc.asked, tc.byStaff, got, e.Message, tc.says)
		}
	}
}
