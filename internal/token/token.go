// Package token creates and checks API key tokens.
//
// A token is Marker, then 32 random base62 characters, then 6 base62
// characters holding the CRC-32 (IEEE) of those 32 characters:
//
//	iops_<32 random><6 checksum>
//
// The format is a public contract that customers depend on. The marker lets
// secret scanners recognise leaked keys, and the checksum lets the server
// reject mistyped or made-up keys without touching the database. Only a
// SHA-256 digest of a token is ever stored; its first PrefixLength characters
// may be shown to people to tell keys apart.
package token

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash/crc32"
)

const (
	// Marker starts every token.
	Marker = "iops_"
	// Length is the length of every token in bytes.
	Length = len(Marker) + bodyLength + checksumLength
	// PrefixLength is how many leading characters identify a key to people.
	PrefixLength = len(Marker) + 7

	bodyLength     = 32
	checksumLength = 6
	checksumStart  = len(Marker) + bodyLength
)

var (
	// ErrMalformed means the token has the wrong length, marker or alphabet.
	ErrMalformed = errors.New("API key is malformed")
	// ErrChecksum means the token is well formed but was mistyped or made up.
	ErrChecksum = errors.New("API key checksum does not match")
)

// Generate returns a new random token. It fails only if crypto/rand fails.
func Generate() (string, error) {
	var tok [Length]byte
	copy(tok[:], Marker)
	body := tok[len(Marker):checksumStart]
	if err := fillRandom(body); err != nil {
		return "", err
	}
	encodeChecksum(tok[checksumStart:], checksum(body))
	return string(tok[:]), nil
}

// fillRandom fills dst with uniformly distributed alphabet characters.
func fillRandom(dst []byte) error {
	// 248 is the largest multiple of 62 that fits in a byte. Discarding bytes
	// at or above it (about 3% of them) makes b%62 exactly uniform, where a
	// plain b%62 would favour the first eight characters.
	const limit = byte(256 - 256%len(alphabet))
	var buf [2 * bodyLength]byte
	n := 0
	for n < len(dst) {
		if _, err := rand.Read(buf[:]); err != nil {
			return err
		}
		for _, b := range buf {
			if b >= limit {
				continue
			}
			dst[n] = alphabet[int(b)%len(alphabet)]
			if n++; n == len(dst) {
				break
			}
		}
	}
	return nil
}

// Parse checks a token's shape and checksum without any database lookup.
// It returns nil, ErrMalformed or ErrChecksum. It runs on every
// authenticated request, so it does not allocate.
func Parse(s string) error {
	if len(s) != Length || s[:len(Marker)] != Marker {
		return ErrMalformed
	}
	var want uint64
	for i := len(Marker); i < Length; i++ {
		d := digitValue[s[i]]
		if d < 0 {
			return ErrMalformed
		}
		if i >= checksumStart {
			want = want*62 + uint64(d)
		}
	}
	// want may exceed 32 bits (six base62 digits hold more); such a
	// token simply fails the comparison.
	if want != uint64(checksum(s[len(Marker):checksumStart])) {
		return ErrChecksum
	}
	return nil
}

// checksum returns the CRC-32 (IEEE) of body. It walks the standard table
// itself because crc32.ChecksumIEEE takes a []byte, and converting Parse's
// string would copy it to the heap on every request.
func checksum[T string | []byte](body T) uint32 {
	crc := ^uint32(0)
	for i := range len(body) {
		crc = crc32.IEEETable[byte(crc)^body[i]] ^ crc>>8
	}
	return ^crc
}

// Prefix returns the first PrefixLength characters of a token that the caller
// has already Parse'd. A shorter string is returned whole rather than
// panicking.
func Prefix(tok string) string {
	return tok[:min(len(tok), PrefixLength)]
}

// Digest returns the hex-encoded (lowercase) SHA-256 digest of the whole
// token, which is what gets stored and looked up. A fast unsalted hash is
// enough because tokens carry 190 bits of randomness: there is nothing to
// brute-force.
func Digest(tok string) string {
	// Encoding into a stack buffer leaves the returned string as the only
	// allocation; digests are computed on every authenticated request.
	sum := sha256.Sum256([]byte(tok))
	var buf [2 * sha256.Size]byte
	hex.Encode(buf[:], sum[:])
	return string(buf[:])
}
