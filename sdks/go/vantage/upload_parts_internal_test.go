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
	for _, tc := range []struct{ size, partSize int }{{5000, 1}, {len(data), 7 << 10}, {len(data), 1 << 20}, {len(data), 3 << 20}, {len(data), len(data)}} {
		want := crc32.Checksum(data[:tc.size], castagnoli)
		var whole uint32
		for offset := 0; offset < tc.size; offset += tc.partSize {
			part := data[offset:min(offset+tc.partSize, tc.size)]
			whole = crc32cCombine(whole, crc32.Checksum(part, castagnoli), int64(len(part)))
		}
		if whole != want {
			t.Fatalf("%d bytes in parts of %d combine to %08x, want %08x", tc.size, tc.partSize, whole, want)
		}
	}
	want := crc32.Checksum(data, castagnoli)
	if got := crc32cCombine(want, 0, 0); got != want {
		t.Fatalf("appending nothing changed the CRC32C: %08x", got)
	}
}
