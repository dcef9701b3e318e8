package schema

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// text returns a validator for a short, single-line, human-entered text
// such as a name. Its messages are shown to people as they are, so they name
// the field. Callers trim input first; surrounding spaces here are a bug.
func text(label string, max int) func(string) error {
	return func(s string) error {
		n := utf8.RuneCountInString(s)
		switch {
		case strings.TrimSpace(s) == "":
			return fmt.Errorf("%s cannot be empty", label)
		case n > max:
			return fmt.Errorf("%s must be at most %d characters (got %d)", label, max, n)
		case !utf8.ValidString(s):
			return fmt.Errorf("%s must be valid UTF-8 text", label)
		case strings.IndexFunc(s, unicode.IsControl) >= 0:
			return fmt.Errorf("%s cannot contain control characters such as tabs or line breaks", label)
		case strings.TrimSpace(s) != s:
			return fmt.Errorf("%s cannot start or end with spaces", label)
		}
		return nil
	}
}
