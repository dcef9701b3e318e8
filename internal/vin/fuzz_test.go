package vin

import "testing"

// FuzzNormalize checks that whatever Normalize accepts is 17 characters of
// [A-HJ-NPR-Z0-9] and that normalizing it again changes nothing. The seed
// corpus lives in testdata/fuzz/FuzzNormalize.
func FuzzNormalize(f *testing.F) {
	f.Add("1HGCM82633A004352")
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Normalize(s)
		if err != nil {
			return
		}
		if len(v) != Length {
			t.Fatalf("Normalize(%q) = %q: length %d", s, v, len(v))
		}
		for i := range len(v) {
			c := v[i]
			ok := ('0' <= c && c <= '9') || ('A' <= c && c <= 'Z' && c != 'I' && c != 'O' && c != 'Q')
			if !ok {
				t.Fatalf("Normalize(%q) = %q: bad character %q", s, v, c)
			}
		}
		again, err := Normalize(v)
		if err != nil || again != v {
			t.Fatalf("Normalize(%q) = %q, %v; want it unchanged", v, again, err)
		}
	})
}
