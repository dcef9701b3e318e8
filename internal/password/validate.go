package password

import (
	"fmt"
	"unicode/utf8"
)

const (
	minCharacters = 10
	// maxBytes bounds the passwords that can be set. It counts bytes, not
	// characters, because that is what costs to hash. (Signing in hashes
	// whatever is sent, bounded by the 1 MiB request body.)
	maxBytes = 256
)

// The messages are sentences for people, hence the capital letters.
var (
	errTooShort = fmt.Errorf("Password must be at least %d characters", minCharacters)
	errTooLong  = fmt.Errorf("Password must be at most %d bytes long (accented letters and emoji count as several)", maxBytes)
)

// Validate checks a new password against the length rules and returns an
// error whose message can be shown to a person as it is. The minimum counts
// characters as people see them, so "é" counts once.
func Validate(password string) error {
	if len(password) > maxBytes {
		return errTooLong
	}
	if utf8.RuneCountInString(password) < minCharacters {
		return errTooShort
	}
	return nil
}
