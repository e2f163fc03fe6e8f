package vantage

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"hash/crc32"
)

// The checksums StorageService.Verify accepts.
const (
	// VerifyCRC32C checks transfers with CRC32C (Castagnoli), as Google Cloud Storage does:
	// hardware-accelerated, so it costs far less CPU than sha256. The default.
	VerifyCRC32C = "crc32c"
	// VerifySHA256 checks transfers with sha256.
	VerifySHA256 = "sha256"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// verifyKind is the checksum transfers use, checked so a typo fails before any byte moves.
func (s *StorageService) verifyKind() (string, error) {
	switch s.Verify {
	case "", VerifyCRC32C:
		return VerifyCRC32C, nil
	case VerifySHA256:
		return VerifySHA256, nil
	}
	return "", fieldError("Verify", "must be \"crc32c\" or \"sha256\", got \""+s.Verify+"\"")
}

func newDigest(kind string) hash.Hash {
	if kind == VerifySHA256 {
		return sha256.New()
	}
	return crc32.New(castagnoli)
}

// encodeDigest renders a digest as the API does: hex for sha256, base64 of the 4 big-endian
// bytes for CRC32C (crc32's Sum appends them big-endian).
func encodeDigest(kind string, h hash.Hash) string {
	if kind == VerifySHA256 {
		return hex.EncodeToString(h.Sum(nil))
	}
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

// digestHeader is the response header carrying a download's checksum of that kind.
func digestHeader(kind string) string {
	if kind == VerifySHA256 {
		return "X-Content-SHA256"
	}
	return "X-Content-CRC32C"
}
