// Package textcheck holds the character rules of names people give things
// (API keys, organisations, users, vehicles' make and model): names are
// shown to other people, in lists and in the audit log, so they must show
// what they hold. Invisible and direction-changing characters would let a
// name pose as another ("Backup" followed by U+202E reads backwards), and a
// name of nothing visible cannot be told apart from an empty one.
package textcheck

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Characters checks the characters of s, a name already trimmed, and
// returns a message naming label and the problem, or nil. It refuses
// invalid UTF-8, control characters (Cc), format characters (Cf: zero-width
// spaces, byte order marks, direction overrides), line and paragraph
// separators (Zl, Zp), private-use characters (Co) and surrogates (Cs), and
// requires at least one visible character.
func Characters(label, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s must be valid UTF-8 text", label)
	}
	visible := false
	for _, r := range s {
		switch {
		case unicode.IsControl(r):
			return fmt.Errorf("%s cannot contain control characters such as tabs or line breaks", label)
		case unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Cs):
			return fmt.Errorf("%s cannot contain invisible or direction-changing characters such as %U", label, r)
		case unicode.Is(unicode.Co, r):
			return fmt.Errorf("%s cannot contain private-use characters such as %U, which each device shows differently", label, r)
		}
		visible = visible || Visible(r)
	}
	if !visible {
		return fmt.Errorf("%s must contain at least one visible character", label)
	}
	return nil
}

// Visible reports whether r shows as something on its own: a letter,
// digit, punctuation mark or symbol, and not one of the letters Unicode
// itself says to draw as nothing (the Hangul fillers).
func Visible(r rune) bool {
	return unicode.In(r, unicode.L, unicode.N, unicode.P, unicode.S) &&
		!unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r)
}
