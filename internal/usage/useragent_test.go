package usage_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"importops/internal/usage"
)

func TestUserAgent(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"curl/8.5.0", "curl/8.5.0"},
		{"", ""},
		{"  sync\x00 job\r\n\x1b[31m/1 ", "sync job[31m/1"},
		{"bad \xff\xfe utf-8", "bad  utf-8"},
		{strings.Repeat("ü", 300), strings.Repeat("ü", usage.MaxUserAgent)},
	} {
		got := usage.UserAgent(c.in)
		if got != c.want {
			t.Errorf("UserAgent(%q) = %q, want %q", c.in, got, c.want)
		}
		if n := utf8.RuneCountInString(got); n > usage.MaxUserAgent || !utf8.ValidString(got) {
			t.Errorf("UserAgent(%q) = %d characters, valid %v", c.in, n, utf8.ValidString(got))
		}
	}
}
