package password

import (
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/argon2"
)

const testPassword = "correct horse battery staple"

// sharedHash is computed once: each default-cost hash takes tens of
// milliseconds, and several times that under -race.
var sharedHash = sync.OnceValues(func() (string, error) { return Hash(testPassword) })

func hashForTest(t *testing.T) string {
	t.Helper()
	h, err := sharedHash()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHashFormat(t *testing.T) {
	h := hashForTest(t)
	const prefix = "$argon2id$v=19$m=19456,t=2,p=1$"
	if !strings.HasPrefix(h, prefix) {
		t.Fatalf("Hash = %q, want prefix %q", h, prefix)
	}
	p, salt, key, err := decode(h)
	if err != nil {
		t.Fatalf("decode(Hash) = %v", err)
	}
	if p != defaultParams || len(salt) != 16 || len(key) != 32 {
		t.Errorf("decode(Hash) = %+v, %d-byte salt, %d-byte key; want %+v, 16, 32", p, len(salt), len(key), defaultParams)
	}
	if f := strings.Split(h, "$"); len(f) != 6 || strings.Contains(f[4]+f[5], "=") {
		t.Errorf("Hash = %q: want five fields and unpadded base64", h)
	}
}

func TestVerify(t *testing.T) {
	h := hashForTest(t)
	tests := []struct {
		name     string
		password string
		want     bool
	}{
		{"right password", testPassword, true},
		{"wrong password", "correct horse battery stapler", false},
		{"different case", strings.ToUpper(testPassword), false},
		{"empty password", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Verify(h, tt.password); got != tt.want {
				t.Errorf("Verify(hash, %q) = %v, want %v", tt.password, got, tt.want)
			}
		})
	}
}

// TestVerifyTampered changes one character of the salt or of the key. The
// replacement keeps the string valid base64, so the mismatch must come from
// the hash comparison, not from parsing.
func TestVerifyTampered(t *testing.T) {
	h := hashForTest(t)
	i := strings.LastIndex(h, "$")
	j := strings.LastIndex(h[:i], "$")
	for name, pos := range map[string]int{"salt": j + 1, "key": i + 1} {
		t.Run(name, func(t *testing.T) {
			b := []byte(h)
			if b[pos] == 'A' {
				b[pos] = 'B'
			} else {
				b[pos] = 'A'
			}
			if _, _, _, err := decode(string(b)); err != nil {
				t.Fatalf("tampered string does not parse: %v", err)
			}
			if Verify(string(b), testPassword) {
				t.Errorf("Verify accepted a tampered %s: %q", name, b)
			}
		})
	}
}

func TestHashUsesFreshSalt(t *testing.T) {
	h1 := hashForTest(t)
	h2, err := Hash(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	_, salt1, key1, _ := decode(h1)
	_, salt2, key2, _ := decode(h2)
	if string(salt1) == string(salt2) || string(key1) == string(key2) {
		t.Errorf("two hashes of one password share a salt or key:\n%s\n%s", h1, h2)
	}
	if !Verify(h2, testPassword) {
		t.Errorf("Verify rejected the second hash")
	}
}

// lowCost builds a hash with the given parameters directly through argon2,
// independently of encode.
func lowCost(password string, m, t uint32, p uint8, keyLen uint32) string {
	salt := []byte("0123456789abcdef")
	key := argon2.IDKey([]byte(password), salt, t, m, p, keyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", m, t, p, enc.EncodeToString(salt), enc.EncodeToString(key))
}

// TestVerifyReadsParameters checks that Verify takes the cost parameters and
// key length from the string, so stored hashes keep working when the
// defaults are raised.
func TestVerifyReadsParameters(t *testing.T) {
	tests := []struct {
		m, t   uint32
		p      uint8
		keyLen uint32
	}{
		{64, 1, 1, 32},
		{256, 3, 2, 32},
		{1024, 1, 4, 16},
		{128, 2, 1, 64},
	}
	for _, tt := range tests {
		h := lowCost(testPassword, tt.m, tt.t, tt.p, tt.keyLen)
		t.Run(h, func(t *testing.T) {
			p, _, key, err := decode(h)
			if err != nil {
				t.Fatalf("decode = %v", err)
			}
			if want := (params{memory: tt.m, time: tt.t, threads: tt.p}); p != want || len(key) != int(tt.keyLen) {
				t.Errorf("decode = %+v with %d-byte key, want %+v with %d", p, len(key), want, tt.keyLen)
			}
			if !Verify(h, testPassword) {
				t.Errorf("Verify rejected the right password")
			}
			if Verify(h, testPassword+"!") {
				t.Errorf("Verify accepted a wrong password")
			}
		})
	}
}

func TestVerifyMalformed(t *testing.T) {
	good := lowCost(testPassword, 64, 1, 1, 32)
	fields := strings.Split(good, "$")
	salt, key := fields[4], fields[5]
	with := func(params string) string {
		return "$argon2id$v=19$" + params + "$" + salt + "$" + key
	}
	tests := map[string]string{
		"empty":                 "",
		"plain text":            testPassword,
		"missing key":           "$argon2id$v=19$m=64,t=1,p=1$" + salt,
		"extra field":           good + "$",
		"no leading dollar":     good[1:],
		"argon2i":               strings.Replace(good, "argon2id", "argon2i", 1),
		"argon2d":               strings.Replace(good, "argon2id", "argon2d", 1),
		"bcrypt":                "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"version 16":            strings.Replace(good, "v=19", "v=16", 1),
		"missing version":       "$argon2id$m=64,t=1,p=1$" + salt + "$" + key,
		"memory over 1 GiB":     with("m=1048577,t=1,p=1"),
		"memory 4 GiB":          with("m=4194304,t=1,p=1"),
		"memory overflows":      with("m=4294967296,t=1,p=1"),
		"memory zero":           with("m=0,t=1,p=1"),
		"memory below 8p":       with("m=31,t=1,p=4"),
		"time zero":             with("m=64,t=0,p=1"),
		"time absurd":           with("m=64,t=1000000,p=1"),
		"threads zero":          with("m=64,t=1,p=0"),
		"threads 255":           with("m=4096,t=1,p=255"),
		"threads overflow byte": with("m=4096,t=1,p=257"),
		"negative":              with("m=-64,t=1,p=1"),
		"plus sign":             with("m=+64,t=1,p=1"),
		"space":                 with("m=64, t=1,p=1"),
		"hex":                   with("m=0x40,t=1,p=1"),
		"reordered":             with("t=1,m=64,p=1"),
		"missing parameter":     with("m=64,t=1"),
		"extra parameter":       with("m=64,t=1,p=1,k=2"),
		"padded salt":           "$argon2id$v=19$m=64,t=1,p=1$" + salt + "==$" + key,
		"padded key":            good + "=",
		"URL alphabet":          "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + strings.Repeat("_", len(key)),
		"non-canonical key":     good[:len(good)-1] + "B",
		"salt too short":        "$argon2id$v=19$m=64,t=1,p=1$AAAAAAAA$" + key,
		"salt too long":         "$argon2id$v=19$m=64,t=1,p=1$" + strings.Repeat("A", 1000) + "$" + key,
		"key too short":         "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key[:20],
		"key too long":          good + key,
	}
	for name, s := range tests {
		t.Run(name, func(t *testing.T) {
			if _, _, _, err := decode(s); err == nil {
				t.Errorf("decode(%q) = nil error, want one", s)
			}
			if Verify(s, testPassword) {
				t.Errorf("Verify(%q) = true", s)
			}
		})
	}
}

func TestDummy(t *testing.T) {
	if _, _, _, err := decode(dummyHash); err != nil {
		t.Fatalf("dummyHash %q does not parse: %v", dummyHash, err)
	}
	if !strings.HasPrefix(dummyHash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("dummyHash %q does not use the default parameters", dummyHash)
	}
	Dummy(testPassword) // must not panic
}
