package webhooks

import (
	"bytes"
	"encoding/base64"
	"net/netip"
	"strings"
	"testing"
)

// The Standard Webhooks specification's reference vector: any receiver
// library verifies our signatures.
func TestSignStandardWebhooksVector(t *testing.T) {
	secret, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", SecretPrefix))
	got := Sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, []byte(`{"test": 2432232314}`))
	if want := "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="; got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
}

// A sealed secret opens with its key only, and does not contain it.
func TestSealer(t *testing.T) {
	s, _ := NewSealer(bytes.Repeat([]byte{7}, 32))
	other, _ := NewSealer(bytes.Repeat([]byte{8}, 32))
	raw, shown := NewSecret()
	if !strings.HasPrefix(shown, SecretPrefix) || len(raw) != secretSize {
		t.Fatalf("NewSecret = %d bytes, %q", len(raw), shown)
	}
	sealed := s.Seal(raw)
	if bytes.Contains(sealed, raw) {
		t.Error("the sealed secret contains the secret")
	}
	if got, err := s.Open(sealed); err != nil || !bytes.Equal(got, raw) {
		t.Errorf("Open = %x, %v", got, err)
	}
	if _, err := other.Open(sealed); err == nil {
		t.Error("another key opened the secret")
	}
	if _, err := NewSealer(make([]byte, 16)); err == nil {
		t.Error("a 16-byte key was accepted")
	}
}

func TestRefusedAddresses(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1": "a loopback address", "::1": "a loopback address", "::ffff:127.0.0.1": "a loopback address",
		"10.0.0.1": "a private address", "172.16.5.4": "a private address", "fc00::1": "a private address",
		"169.254.169.254": "a link-local address", "fe80::1": "a link-local address",
		"0.0.0.0": "not a unicast address", "239.1.2.3": "not a unicast address",
		"100.64.1.1": "a reserved address", "64:ff9b::a00:1": "a reserved address",
		"93.184.215.14": "", "2606:2800:21f:cb07:6820:80da:af6b:8b2c": "",
	} {
		if got := refused(netip.MustParseAddr(addr)); got != want {
			t.Errorf("refused(%s) = %q, want %q", addr, got, want)
		}
	}
}
