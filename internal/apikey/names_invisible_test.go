package apikey

import (
	"strings"
	"testing"

	"importops/internal/apierr"
)

// Names that would spoof another in the key list or the audit log are
// refused, naming the character; names with ordinary non-ASCII text pass.
func TestNormalizeNameRefusesInvisibleCharacters(t *testing.T) {
	for _, tc := range []struct{ in, says string }{
		{"Backup\u202Epxe.exe", "U+202E"},  // right-to-left override
		{"\u200B", "U+200B"},               // only a zero-width space
		{"\u200B\u200B  \u200B", "U+200B"}, // several, with spaces
		{"Line\u2028break", "U+2028"},      // line separator
		{"Para\u2029graph", "U+2029"},      // paragraph separator
		{"\uFEFFWebsite sync", "U+FEFF"},   // byte order mark
		{"Sync \uE000", "private-use"},     // private use
		{"Sync \U000F0000", "private-use"}, // supplementary private use
		{"a\u2066b\u2069", "U+2066"},       // isolate
		{"\u3164", "visible"},              // Hangul filler: a letter drawn as nothing
		{"\u0301\u0301", "visible"},        // combining marks alone
	} {
		_, err := NormalizeName(tc.in)
		e := rulesWantErr(t, err, apierr.BadUserInput, "name")
		if !strings.Contains(e.Message, tc.says) || !strings.HasPrefix(e.Message, "Name ") {
			t.Errorf("NormalizeName(%q): message %q should name the field and say %q", tc.in, e.Message, tc.says)
		}
	}
	for _, ok := range []string{"Déjà vu", "日本語の鍵", "Ключ API", "مفتاح", "café\u0301", "Fleet 🚗❤️"} {
		if _, err := NormalizeName(ok); err != nil {
			t.Errorf("NormalizeName(%q) = %v, want accepted", ok, err)
		}
	}
}
