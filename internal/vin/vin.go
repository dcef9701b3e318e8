// Package vin validates vehicle identification numbers.
package vin

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Length is the number of characters in every modern (post-1981) VIN.
const Length = 17

var (
	errCharacters = errors.New("VIN may contain only letters and digits")
	errIOQ        = errors.New("VIN cannot contain the letters I, O or Q (they look like 1 and 0)")
)

// Normalize trims surrounding white space from s and upper-cases it, then
// validates it, because people paste VINs with stray spaces or in lower case.
// It returns the normalized VIN, or an error whose message can be shown to a
// person as it is.
//
// Only ASCII letters are upper-cased. strings.ToUpper would also map some
// non-ASCII letters onto ASCII ones (for example the dotless 'ı' to 'I' and
// the long 'ſ' to 'S'), silently accepting text that is not a VIN.
//
// A valid VIN is 17 characters, each a digit or a letter other than I, O and
// Q. The check digit (position 9) is not verified: it is only mandatory for
// North American vehicles.
func Normalize(s string) (string, error) {
	s = strings.TrimSpace(s)
	// Count characters, not bytes, so the message matches what the person sees.
	if n := utf8.RuneCountInString(s); n != Length {
		return "", fmt.Errorf("VIN must be %d characters (got %d)", Length, n)
	}
	if len(s) != Length {
		// 17 characters but more bytes: something outside ASCII.
		return "", errCharacters
	}
	var v [Length]byte
	forbidden := false
	for i := range Length {
		c := s[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		switch {
		case c == 'I' || c == 'O' || c == 'Q':
			// Keep scanning: a character that is not a letter or digit
			// at all is the more basic mistake and is reported first.
			forbidden = true
		case 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		default:
			return "", errCharacters
		}
		v[i] = c
	}
	if forbidden {
		return "", errIOQ
	}
	return string(v[:]), nil
}
