package vantage

import (
	"crypto/rand"
	"hash/crc32"
	"testing"
)

// TestCRC32CCombine checks the whole file's CRC32C combined from its parts' against the
// CRC32C of the bytes read in one go, for parts of many lengths (empty ones too).
func TestCRC32CCombine(t *testing.T) {
	data := make([]byte, 3<<20+17)
	if _, err := rand.Read(data); err != nil {
		t.Fatal(err)
	}
	want := crc32.Checksum(data, castagnoli)
	for _, partSize := range []int{1, 7, 4096, 1 << 20, 3 << 20, len(data)} {
		var whole uint32
		for offset := 0; offset < len(data); offset += partSize {
			part := data[offset:min(offset+partSize, len(data))]
			if partSize == 1 && offset > 5000 {
				part = data[offset:] // one-byte parts for the first few KiB only
				offset = len(data)
			}
			whole = crc32cCombine(whole, crc32.Checksum(part, castagnoli), int64(len(part)))
		}
		if whole != want {
			t.Fatalf("parts of %d bytes combine to %08x, want %08x", partSize, whole, want)
		}
	}
	if got := crc32cCombine(want, 0, 0); got != want {
		t.Fatalf("appending nothing changed the CRC32C: %08x", got)
	}
}
