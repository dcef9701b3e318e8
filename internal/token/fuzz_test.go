package token

import (
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics and that anything it accepts has
// the token shape and a checksum that an independent implementation agrees
// with. The seed corpus lives in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add("iops_0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZdL")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		if err := Parse(s); err != nil {
			return
		}
		if len(s) != Length {
			t.Fatalf("Parse accepted %q of length %d", s, len(s))
		}
		if !strings.HasPrefix(s, Marker) {
			t.Fatalf("Parse accepted %q without the marker", s)
		}
		body := s[len(Marker):checksumStart]
		if got, want := s[checksumStart:], refChecksum(body); got != want {
			t.Fatalf("Parse accepted %q: checksum %q, reference %q", s, got, want)
		}
	})
}
