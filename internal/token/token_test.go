package token

import (
	"errors"
	"hash/crc32"
	"math/big"
	"strings"
	"testing"
)

// refChecksum is a deliberately different implementation of the checksum
// field: the standard library CRC over a byte slice, and math/big for the
// base62 conversion. big.Int.Text(62) orders its digits 0-9a-zA-Z, so the
// case is swapped to get the token alphabet's 0-9A-Za-z order.
func refChecksum(body string) string {
	crc := crc32.ChecksumIEEE([]byte(body))
	digits := new(big.Int).SetUint64(uint64(crc)).Text(62)
	swapped := strings.Map(func(r rune) rune {
		switch {
		case 'a' <= r && r <= 'z':
			return r - 'a' + 'A'
		case 'A' <= r && r <= 'Z':
			return r - 'A' + 'a'
		}
		return r
	}, digits)
	return strings.Repeat("0", checksumLength-len(swapped)) + swapped
}

// refToken builds a token from a fixed 32-character body.
func refToken(body string) string {
	return Marker + body + refChecksum(body)
}

func TestKnownAnswers(t *testing.T) {
	// The literals were computed outside Go (Python's zlib.crc32) and pin the
	// public format; refToken cross-checks them with a second implementation.
	tests := []struct{ body, want string }{
		{"0123456789ABCDEFGHIJKLMNOPQRSTUV", "iops_0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZdL"},
		{"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "iops_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz4W8LJS"},
		{"00000000000000000000000000000000", "iops_000000000000000000000000000000002wjyrI"},
		// CRC 0x518a9c needs only four digits, so this exercises the padding.
		{"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE2", "iops_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE200MQBw"},
	}
	for _, tt := range tests {
		if got := refToken(tt.body); got != tt.want {
			t.Errorf("refToken(%q) = %q, want %q", tt.body, got, tt.want)
		}
		var enc [checksumLength]byte
		encodeChecksum(enc[:], checksum(tt.body))
		if got := Marker + tt.body + string(enc[:]); got != tt.want {
			t.Errorf("package encoding of %q = %q, want %q", tt.body, got, tt.want)
		}
		if err := Parse(tt.want); err != nil {
			t.Errorf("Parse(%q) = %v, want nil", tt.want, err)
		}
	}
}

func TestParse(t *testing.T) {
	valid := "iops_0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZdL"
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"valid", valid, nil},
		{"valid all zeros", "iops_000000000000000000000000000000002wjyrI", nil},
		{"empty", "", ErrMalformed},
		{"marker only", Marker, ErrMalformed},
		{"one short", valid[:Length-1], ErrMalformed},
		{"one long", valid + "0", ErrMalformed},
		{"surrounding space", " " + valid[:Length-1], ErrMalformed},
		{"trailing newline", valid + "\n", ErrMalformed},
		{"upper-case marker", "IOPS_" + valid[5:], ErrMalformed},
		{"other marker", "xops_" + valid[5:], ErrMalformed},
		{"dash instead of underscore", "iops-" + valid[5:], ErrMalformed},
		{"hyphen in body", valid[:10] + "-" + valid[11:], ErrMalformed},
		{"underscore in body", valid[:10] + "_" + valid[11:], ErrMalformed},
		{"space in checksum", valid[:40] + " " + valid[41:], ErrMalformed},
		{"NUL byte", valid[:20] + "\x00" + valid[21:], ErrMalformed},
		{"high byte", valid[:20] + "\xff" + valid[21:], ErrMalformed},
		{"base64 plus", valid[:20] + "+" + valid[21:], ErrMalformed},
		{"swapped body characters", "iops_1023456789ABCDEFGHIJKLMNOPQRSTUV1ggZdL", ErrChecksum},
		{"wrong checksum", "iops_0123456789ABCDEFGHIJKLMNOPQRSTUV000000", ErrChecksum},
		// Six base62 digits can hold more than 32 bits; such a value never
		// matches a CRC-32.
		{"checksum above 32 bits", "iops_0123456789ABCDEFGHIJKLMNOPQRSTUVzzzzzz", ErrChecksum},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Parse(tt.in); got != tt.want {
				t.Errorf("Parse(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// TestParseSingleTypos replaces every character after the marker with every
// other alphabet character. CRC-32 detects every single-character change in
// the body, and any change to the checksum digits changes its value, so each
// typo must be reported as a checksum mismatch.
func TestParseSingleTypos(t *testing.T) {
	tok, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	b := []byte(tok)
	for i := len(Marker); i < Length; i++ {
		orig := b[i]
		for j := range len(alphabet) {
			if alphabet[j] == orig {
				continue
			}
			b[i] = alphabet[j]
			if err := Parse(string(b)); !errors.Is(err, ErrChecksum) {
				t.Fatalf("Parse(%q) (position %d changed) = %v, want ErrChecksum", b, i, err)
			}
		}
		b[i] = orig
	}
}

func TestGenerateRoundTrip(t *testing.T) {
	seen := make(map[string]bool)
	for range 1000 {
		tok, err := Generate()
		if err != nil {
			t.Fatal(err)
		}
		if len(tok) != Length || !strings.HasPrefix(tok, Marker) {
			t.Fatalf("Generate() = %q: wrong length or marker", tok)
		}
		if err := Parse(tok); err != nil {
			t.Fatalf("Parse(Generate()) = %v for %q", err, tok)
		}
		body := tok[len(Marker):checksumStart]
		if want := refToken(body); tok != want {
			t.Fatalf("Generate() = %q, reference gives %q", tok, want)
		}
		if seen[tok] {
			t.Fatalf("Generate() repeated %q", tok)
		}
		seen[tok] = true
	}
}

// TestGenerateDistribution checks that every alphabet character turns up in
// the random part and that the counts are plausibly uniform. The chi-square
// bound (61 degrees of freedom) has a false-alarm rate near 1e-7, yet the
// modulo bias of a plain byte%62 would score around 480 with this sample.
func TestGenerateDistribution(t *testing.T) {
	const tokens = 2000
	var counts [256]int
	for range tokens {
		tok, err := Generate()
		if err != nil {
			t.Fatal(err)
		}
		for i := len(Marker); i < checksumStart; i++ {
			counts[tok[i]]++
		}
	}
	expected := float64(tokens*bodyLength) / float64(len(alphabet))
	var chi2 float64
	for i := range len(alphabet) {
		c := counts[alphabet[i]]
		if c == 0 {
			t.Errorf("character %q never appeared in %d tokens", alphabet[i], tokens)
		}
		d := float64(c) - expected
		chi2 += d * d / expected
	}
	if chi2 > 140 {
		t.Errorf("chi-square = %.1f over %d tokens, want <= 140 (non-uniform characters?)", chi2, tokens)
	}
}

func TestParseDoesNotAllocate(t *testing.T) {
	tok, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { _ = Parse(tok) }); n != 0 {
		t.Errorf("Parse allocates %v times per call, want 0", n)
	}
}

func TestPrefix(t *testing.T) {
	tok := "iops_0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZdL"
	if got, want := Prefix(tok), "iops_0123456"; got != want {
		t.Errorf("Prefix(%q) = %q, want %q", tok, got, want)
	}
	if got := Prefix("iops_"); got != "iops_" {
		t.Errorf("Prefix of a short string = %q, want it unchanged", got)
	}
}

func TestDigest(t *testing.T) {
	// Known answer: sha256 of the token, computed with `printf %s TOKEN | sha256sum`.
	tok := "iops_0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZdL"
	want := "39ce65e8a03eaeff80d75bbf2ecaaf2b3bfd4b7ab6209a377523b5359955a932"
	if got := Digest(tok); got != want {
		t.Errorf("Digest(%q) = %q, want %q", tok, got, want)
	}
}
