// Package password hashes and verifies account passwords with argon2id.
//
// Hashes are stored in the PHC string format,
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>
//
// with unpadded standard base64, a 16-byte random salt and a 32-byte key.
// The parameters travel with each hash so they can be raised later.
package password

import (
	"crypto/rand"
	"crypto/subtle"

	"golang.org/x/crypto/argon2"
)

// Hash returns the encoded argon2id hash of password with a fresh random
// salt. It fails only if crypto/rand fails. Callers should Validate a new
// password first; Hash accepts anything.
func Hash(password string) (string, error) {
	salt := make([]byte, saltLength)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	p := defaultParams
	key := argon2.IDKey([]byte(password), salt, p.time, p.memory, p.threads, keyLength)
	return encode(p, salt, key), nil
}

// Verify reports whether password matches encoded, using the parameters
// recorded in encoded. The final comparison takes constant time. A
// malformed encoded string, or one with parameters beyond sane limits,
// never matches.
func Verify(encoded, password string) bool {
	p, salt, key, err := decode(encoded)
	if err != nil {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, p.time, p.memory, p.threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// dummyHash is a well-formed hash with the default parameters. It is built
// from them rather than written out so that it follows any future change.
var dummyHash = encode(defaultParams, make([]byte, saltLength), make([]byte, keyLength))

// Dummy does the work of one Verify with the default parameters and discards
// the result. Call it when signing in with an unknown email address, so that
// the response takes as long as for a known address with a wrong password
// and the timing does not reveal which addresses have accounts.
func Dummy(password string) {
	Verify(dummyHash, password)
}
