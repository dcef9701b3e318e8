package apikey

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"importops/internal/apierr"
	"importops/internal/textcheck"
)

// invisible is what names must not hold besides control characters:
// Unicode's format characters, line and paragraph separators, private-use
// characters and surrogates.
func invisible(r rune) bool {
	return unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Co, unicode.Cs)
}

// FuzzNormalizeName: whatever a name is, NormalizeName either refuses it
// with BAD_USER_INPUT on "name", or returns a name that obeys every rule
// and normalises to itself.
func FuzzNormalizeName(f *testing.F) {
	for _, s := range []string{"Website inventory sync", "  ERP  ", "", "\t", "a\x00b", strings.Repeat("é", 101), "日本語", "\u200b", "evil\u202Etxt.exe", "\ufeffBOM", "\ue000", "a\u2029b", "\u3164"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		name, err := NormalizeName(in)
		if err != nil {
			if e, ok := apierr.As(err); !ok || e.Code != apierr.BadUserInput || e.Field != "name" || e.Message == "" {
				t.Fatalf("NormalizeName(%q) = %v, want BAD_USER_INPUT on name", in, err)
			}
			return
		}
		n := utf8.RuneCountInString(name)
		switch {
		case n < 1 || n > MaxNameLength:
			t.Fatalf("accepted %q of %d characters", name, n)
		case !utf8.ValidString(name), strings.IndexFunc(name, unicode.IsControl) >= 0:
			t.Fatalf("accepted %q with invalid or control characters", name)
		case strings.TrimSpace(name) != name:
			t.Fatalf("accepted %q untrimmed", name)
		case strings.IndexFunc(name, invisible) >= 0:
			t.Fatalf("accepted %q with an invisible, direction-changing or private-use character", name)
		case strings.IndexFunc(name, textcheck.Visible) < 0:
			t.Fatalf("accepted %q with no visible character", name)
		}
		if again, err := NormalizeName(name); err != nil || again != name {
			t.Fatalf("not idempotent: %q -> %q, %v", name, again, err)
		}
	})
}

// FuzzExpiresAt: any expiry choice and custom time either is refused with
// BAD_USER_INPUT, or expires after now and within two years and a day.
func FuzzExpiresAt(f *testing.F) {
	f.Add("THREE_MONTHS", int64(0), false)
	f.Add("CUSTOM", int64(86400), true)
	f.Add("CUSTOM", int64(-1), true)
	f.Add("ONE_YEAR", int64(5), true)
	f.Add("WEEKLY", int64(0), false)
	now := time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, expiry string, offset int64, withAt bool) {
		var at *time.Time
		if withAt {
			v := now.Add(time.Duration(offset) * time.Second)
			at = &v
		}
		got, err := ExpiresAt(Expiry(expiry), at, now)
		if err != nil {
			if e, ok := apierr.As(err); !ok || e.Code != apierr.BadUserInput || e.Field == "" {
				t.Fatalf("ExpiresAt(%q, %v) = %v, want BAD_USER_INPUT on a field", expiry, at, err)
			}
			return
		}
		if !got.After(now) || got.After(now.AddDate(2, 0, 1)) {
			t.Fatalf("ExpiresAt(%q, %v) = %v: not in (now, now+2y]", expiry, at, got)
		}
	})
}
