package password

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// params are the argon2id cost parameters recorded in every encoded hash.
type params struct {
	memory  uint32 // KiB
	time    uint32 // passes over memory
	threads uint8
}

// defaultParams are OWASP's minimum recommendation for argon2id (19 MiB,
// two passes, one lane). New hashes use them; Verify uses whatever the stored
// string says, so they can be raised later without invalidating old hashes.
var defaultParams = params{memory: 19 * 1024, time: 2, threads: 1}

const (
	saltLength = 16
	keyLength  = 32

	// Limits on what Verify will accept from a stored string. They are far
	// above anything we would choose, and exist so that a corrupted or
	// hostile record cannot make Verify allocate gigabytes or spin for
	// minutes (argon2 allocates memory KiB up front).
	maxMemory  = 1 << 20 // KiB, i.e. 1 GiB
	maxTime    = 16
	maxThreads = 16
	minSalt    = 8 // RFC 9106's minimum
	maxSalt    = 64
	minKey     = 16
	maxKey     = 64
)

// b64 is the PHC string format's base64: standard alphabet, no padding.
// Strict rejects non-zero trailing bits, so every hash has one spelling.
var b64 = base64.RawStdEncoding.Strict()

// encode formats a hash in the PHC string format, for example
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>.
func encode(p params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decode parses a string produced by encode (with any parameters) and checks
// that its parameters are within the limits above. It accepts only argon2id
// version 19 with the parameters in the order m, t, p, which is the only
// form encode has ever written.
func decode(s string) (params, []byte, []byte, error) {
	var p params
	fields := strings.Split(s, "$")
	if len(fields) != 6 || fields[0] != "" {
		return p, nil, nil, errors.New("not a PHC string with five fields")
	}
	if fields[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("algorithm %q is not argon2id", fields[1])
	}
	if fields[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, fmt.Errorf("unsupported version %q", fields[2])
	}

	kv := strings.Split(fields[3], ",")
	if len(kv) != 3 {
		return p, nil, nil, fmt.Errorf("malformed parameters %q", fields[3])
	}
	var err error
	if p.memory, err = paramValue(kv[0], "m", 1, maxMemory); err != nil {
		return p, nil, nil, err
	}
	if p.time, err = paramValue(kv[1], "t", 1, maxTime); err != nil {
		return p, nil, nil, err
	}
	threads, err := paramValue(kv[2], "p", 1, maxThreads)
	if err != nil {
		return p, nil, nil, err
	}
	p.threads = uint8(threads)
	// Argon2 needs at least 8 KiB per lane; a smaller value was never written
	// by encode, so treat it as corruption rather than let argon2 adjust it.
	if p.memory < 8*threads {
		return p, nil, nil, fmt.Errorf("memory %d KiB is too small for %d threads", p.memory, threads)
	}

	salt, err := decodeBase64(fields[4], minSalt, maxSalt)
	if err != nil {
		return p, nil, nil, fmt.Errorf("salt: %w", err)
	}
	key, err := decodeBase64(fields[5], minKey, maxKey)
	if err != nil {
		return p, nil, nil, fmt.Errorf("key: %w", err)
	}
	return p, salt, key, nil
}

// paramValue parses one "name=value" parameter and checks lo <= value <= hi.
func paramValue(field, name string, lo, hi uint32) (uint32, error) {
	v, ok := strings.CutPrefix(field, name+"=")
	if !ok {
		return 0, fmt.Errorf("expected parameter %s, got %q", name, field)
	}
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil || n < uint64(lo) || n > uint64(hi) {
		return 0, fmt.Errorf("parameter %s=%s is not a number from %d to %d", name, v, lo, hi)
	}
	return uint32(n), nil
}

// decodeBase64 decodes s and checks that it holds lo to hi bytes. The length
// is checked before decoding so an oversized field allocates nothing.
func decodeBase64(s string, lo, hi int) ([]byte, error) {
	if b64.DecodedLen(len(s)) > hi {
		return nil, fmt.Errorf("longer than %d bytes", hi)
	}
	b, err := b64.DecodeString(s)
	if err != nil {
		return nil, err
	}
	if len(b) < lo {
		return nil, fmt.Errorf("shorter than %d bytes", lo)
	}
	return b, nil
}
