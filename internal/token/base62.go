package token

// alphabet lists the base62 digits in ascending value order: digits, then
// upper case, then lower case. The order is part of the public token format
// (it fixes how the checksum is written), so it must never change.
const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// digitValue maps every byte to its base62 value, or -1 if the byte is not in
// the alphabet. A 256-entry table turns Parse's per-character check into a
// single load with no branches on character ranges.
var digitValue = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := range len(alphabet) {
		t[alphabet[i]] = int8(i)
	}
	return t
}()

// encodeChecksum writes c into dst as len(dst) base62 digits, most
// significant first and left-padded with '0'. Six digits always suffice:
// 62^6 > 2^32.
func encodeChecksum(dst []byte, c uint32) {
	v := uint64(c)
	for i := len(dst) - 1; i >= 0; i-- {
		dst[i] = alphabet[v%62]
		v /= 62
	}
}
