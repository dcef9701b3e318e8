package schema

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"importops/internal/textcheck"
)

// text returns a validator for a short, single-line, human-entered text
// such as a name. Its messages are shown to people as they are, so they name
// the field. Callers trim input first; surrounding spaces here are a bug.
// The characters' rules (no control, invisible, direction-changing or
// private-use characters; something visible) are textcheck's, shared with
// API key names.
func text(label string, max int) func(string) error {
	return func(s string) error {
		n := utf8.RuneCountInString(s)
		switch {
		case strings.TrimSpace(s) == "":
			return fmt.Errorf("%s cannot be empty", label)
		case n > max:
			return fmt.Errorf("%s must be at most %d characters (got %d)", label, max, n)
		case strings.TrimSpace(s) != s:
			return fmt.Errorf("%s cannot start or end with spaces", label)
		}
		return textcheck.Characters(label, s)
	}
}
