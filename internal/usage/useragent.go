package usage

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxUserAgent bounds the stored User-Agent, in characters: enough for any
// real client's, while a header of kilobytes costs no more than that.
const MaxUserAgent = 256

// UserAgent is header as stored for a key's last use: invalid UTF-8 and
// control characters (which could forge lines in a terminal or a log)
// dropped, cut to MaxUserAgent characters, trimmed.
func UserAgent(header string) string {
	var b strings.Builder
	n := 0
	for _, r := range strings.ToValidUTF8(header, "") {
		if n == MaxUserAgent {
			break
		}
		if unicode.IsControl(r) || r == utf8.RuneError {
			continue
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}
