package webhooks

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strings"
)

// SecretPrefix starts every signing secret, as Standard Webhooks does.
const SecretPrefix = "whsec_"

// secretSize is the secret's length in bytes (the specification asks for
// 24 to 64).
const secretSize = 32

// Sealer encrypts signing secrets with a key kept outside the database
// (serve --webhook-key-file), so that a dump of the database alone cannot
// sign a delivery.
type Sealer struct {
	aead cipher.AEAD
}

// NewSealer returns a Sealer for a 32-byte key.
func NewSealer(key []byte) (*Sealer, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("the webhook key must be 32 bytes, not %d", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}

// LoadSealer reads a key file: the base64 of 32 random bytes, as
// `head -c 32 /dev/urandom | base64` writes it.
func LoadSealer(path string) (*Sealer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("%s does not hold base64 (make one with: head -c 32 /dev/urandom | base64 > %s)", path, path)
	}
	return NewSealer(key)
}

// NewSecret returns a fresh secret's bytes and the form shown to the admin.
func NewSecret() (raw []byte, shown string) {
	raw = make([]byte, secretSize)
	rand.Read(raw) // never fails (crypto/rand)
	return raw, SecretPrefix + base64.StdEncoding.EncodeToString(raw)
}

// Seal encrypts a secret for storage: the nonce, then the ciphertext.
func (s *Sealer) Seal(secret []byte) []byte {
	nonce := make([]byte, s.aead.NonceSize())
	rand.Read(nonce)
	return s.aead.Seal(nonce, nonce, secret, nil)
}

// Open decrypts what Seal stored.
func (s *Sealer) Open(sealed []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("sealed webhook secret too short")
	}
	secret, err := s.aead.Open(nil, sealed[:n], sealed[n:], nil)
	if err != nil {
		return nil, errors.New("the webhook secret does not open with this server's key (was --webhook-key-file changed?)")
	}
	return secret, nil
}
