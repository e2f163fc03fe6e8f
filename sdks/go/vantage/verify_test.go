package vantage_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	stderrors "errors"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/omnivector-solutions/vantage-sdk-go/vantage"
	"github.com/omnivector-solutions/vantage-sdk-go/vantage/errors"
)

// checksumServer serves "payload" for every request with the given response headers.
func checksumServer(t *testing.T, headers map[string]string) *vantage.Client {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range headers {
			w.Header().Set(k, v)
		}
		fmt.Fprint(w, "payload")
	}))
	t.Cleanup(server.Close)
	return vantage.NewClient(vantage.Config{APIKey: "k", BaseURL: server.URL})
}

func payloadSHA256() string {
	sum := sha256.Sum256([]byte("payload"))
	return hex.EncodeToString(sum[:])
}

// TestDownloadChecksums: the checksum of the chosen kind decides; a mismatch or a missing
// checksum is an integrity error naming the file, and the destination keeps its old bytes.
func TestDownloadChecksums(t *testing.T) {
	cases := []struct {
		name    string
		verify  string
		headers map[string]string
		wantErr string // "" for success
	}{
		{"crc32c mismatch", "", map[string]string{"X-Content-CRC32C": "AAAAAA==", "X-Content-SHA256": payloadSHA256()}, "crc32c"},
		{"crc32c preferred over a wrong sha256", "", map[string]string{"X-Content-CRC32C": payloadCRC32C(), "X-Content-SHA256": strings.Repeat("0", 64)}, ""},
		{"sha256 option checks sha256", vantage.VerifySHA256, map[string]string{"X-Content-CRC32C": payloadCRC32C(), "X-Content-SHA256": strings.Repeat("0", 64)}, "sha256"},
		{"sha256 option accepts a good sha256", vantage.VerifySHA256, map[string]string{"X-Content-SHA256": payloadSHA256()}, ""},
		{"falls back to sha256 without crc32c", "", map[string]string{"X-Content-SHA256": payloadSHA256()}, ""},
		{"sha256 fallback mismatch", "", map[string]string{"X-Content-SHA256": strings.Repeat("0", 64)}, "sha256"},
		{"no checksum never lands", "", map[string]string{}, "no sha256 checksum"},
		{"sha256 option without sha256", vantage.VerifySHA256, map[string]string{"X-Content-CRC32C": payloadCRC32C()}, "no sha256 checksum"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			client := checksumServer(t, tc.headers)
			client.Storage.Verify = tc.verify
			dest := filepath.Join(t.TempDir(), "f.txt")
			writeFile(t, dest, []byte("old"))
			err := client.Storage.Download(testContext(t), "/d/f.txt", dest, nil)
			got, _ := os.ReadFile(dest)
			if tc.wantErr == "" {
				if err != nil || string(got) != "payload" {
					t.Fatalf("download failed: %v (%q)", err, got)
				}
				return
			}
			var integrity *errors.IntegrityError
			if !stderrors.As(err, &integrity) || integrity.Path != "/d/f.txt" || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("want an integrity error on /d/f.txt mentioning %q, got %T %v", tc.wantErr, err, err)
			}
			entries, _ := os.ReadDir(filepath.Dir(dest))
			if string(got) != "old" || len(entries) != 1 {
				t.Fatalf("a bad download replaced the file or left a temporary one: %q, %d entries", got, len(entries))
			}
		})
	}
}

func TestVerifyRejectsAnUnknownKind(t *testing.T) {
	client := checksumServer(t, nil)
	client.Storage.Verify = "md5"
	err := client.Storage.UploadString(testContext(t), "x", "/d/x.txt")
	if err == nil || !strings.Contains(err.Error(), "Verify") {
		t.Fatalf("want an error naming Verify, got %v", err)
	}
}

// TestTransfersWithEachChecksum round-trips whole and multipart files with both kinds.
func TestTransfersWithEachChecksum(t *testing.T) {
	for _, verify := range []string{vantage.VerifyCRC32C, vantage.VerifySHA256} {
		t.Run(verify, func(t *testing.T) {
			client := newClient(t, vantage.Config{})
			client.Storage.Verify = verify
			client.Storage.PartSize, client.Storage.MultipartThreshold = 1<<20, 1<<20
			client.Storage.JournalDir = t.TempDir()
			for _, size := range []int{100, 3<<20 + 7} {
				content := randomBytes(t, size)
				local := filepath.Join(t.TempDir(), "f.bin")
				writeFile(t, local, content)
				remote := fmt.Sprintf("/verify/%s-%d.bin", verify, size)
				if err := client.Storage.Upload(testContext(t), local, remote, nil); err != nil {
					t.Fatal(err)
				}
				if err := client.Storage.UploadReader(testContext(t), struct{ io.Reader }{bytes.NewReader(content)}, int64(size), remote+".seq", nil); err != nil {
					t.Fatal(err)
				}
				for _, r := range []string{remote, remote + ".seq"} {
					dest := filepath.Join(t.TempDir(), "back.bin")
					if err := client.Storage.Download(testContext(t), r, dest, nil); err != nil {
						t.Fatal(err)
					}
					if got, _ := os.ReadFile(dest); string(got) != string(content) {
						t.Fatalf("%s came back different", r)
					}
				}
			}
		})
	}
}

func payloadCRC32C() string {
	sum := crc32.Checksum([]byte("payload"), crc32.MakeTable(crc32.Castagnoli))
	return base64.StdEncoding.EncodeToString(binary.BigEndian.AppendUint32(nil, sum))
}

// TestSequentialPartsCarryTheirCRC32C: a buffered part goes out with X-Content-CRC32C equal
// to its body's CRC32C, so the server checks each part on arrival.
func TestSequentialPartsCarryTheirCRC32C(t *testing.T) {
	var checked atomic.Int64
	client := partWatchingClient(t, func(r *http.Request, body []byte) {
		sum := crc32.Checksum(body, crc32.MakeTable(crc32.Castagnoli))
		if want := base64.StdEncoding.EncodeToString(binary.BigEndian.AppendUint32(nil, sum)); r.Header.Get("X-Content-CRC32C") != want {
			t.Errorf("part %s sent X-Content-CRC32C %q, its body's is %q", r.URL.Path, r.Header.Get("X-Content-CRC32C"), want)
		}
		checked.Add(1)
	})
	client.Storage.PartSize, client.Storage.MultipartThreshold = 1<<20, 1<<20
	content := randomBytes(t, 2<<20+3)
	if err := client.Storage.UploadReader(testContext(t), struct{ io.Reader }{bytes.NewReader(content)}, int64(len(content)), "/verify/seq-parts.bin", nil); err != nil {
		t.Fatal(err)
	}
	if checked.Load() != 3 {
		t.Fatalf("saw %d part requests, want 3", checked.Load())
	}
}

// TestResumeKeepsTheChecksumKind: the journal remembers the kind a session was opened with;
// a re-run with another kind opens a fresh session instead of completing the old one.
func TestResumeKeepsTheChecksumKind(t *testing.T) {
	var parts atomic.Int64
	client := newCountingClient(t, &parts)
	client.Storage.PartSize, client.Storage.MultipartThreshold, client.Storage.Concurrency = 1<<20, 1<<20, 1
	client.Storage.JournalDir = t.TempDir()
	local := filepath.Join(t.TempDir(), "big.bin")
	content := randomBytes(t, 4<<20)
	writeFile(t, local, content)
	ctx, cancel := context.WithCancel(testContext(t))
	err := client.Storage.Upload(ctx, local, "/verify/resume.bin", &vantage.UploadOptions{
		ProgressCallback: func(done, total int64) {
			if done >= 2<<20 {
				cancel()
			}
		},
	})
	if !stderrors.Is(err, context.Canceled) {
		t.Fatalf("the interrupted upload returned %v", err)
	}
	parts.Store(0)
	client.Storage.Verify = vantage.VerifySHA256
	if err := client.Storage.Upload(testContext(t), local, "/verify/resume.bin", nil); err != nil {
		t.Fatal(err)
	}
	if sent := parts.Load(); sent != 4 {
		t.Fatalf("the sha256 re-run sent %d of 4 parts; want a fresh session with all 4", sent)
	}
	got, err := client.Storage.DownloadToString(testContext(t), "/verify/resume.bin")
	if err != nil || got != string(content) {
		t.Fatalf("the upload stored different bytes (%v)", err)
	}
}

// TestAPartChangedOnTheWayIsRefused: a file's parts carry no checksum header (their bytes are
// checksummed as they go out), so a part that reaches the server with other bytes is caught by
// comparing the CRC32C the server computed with the one sent: an integrity error, and the
// upload never completes.
func TestAPartChangedOnTheWayIsRefused(t *testing.T) {
	client := partWatchingClient(t, func(r *http.Request, body []byte) {
		if strings.HasSuffix(r.URL.Path, "/parts/2") {
			body[len(body)/2] ^= 0xff
		}
	})
	client.Storage.PartSize, client.Storage.MultipartThreshold = 1<<20, 1<<20
	client.Storage.JournalDir = t.TempDir()
	local := filepath.Join(t.TempDir(), "three-parts.bin")
	writeFile(t, local, randomBytes(t, 3<<20))
	err := client.Storage.Upload(testContext(t), local, "/verify/changed-part.bin", nil)
	var integrity *errors.IntegrityError
	if !stderrors.As(err, &integrity) || !strings.Contains(err.Error(), "part 2") {
		t.Fatalf("want an *errors.IntegrityError naming part 2, got %T %v", err, err)
	}
	var notFound *errors.ResourceNotFoundError
	if _, err := client.Storage.DownloadToString(testContext(t), "/verify/changed-part.bin"); !stderrors.As(err, &notFound) {
		t.Fatalf("the upload completed with a changed part (download: %v)", err)
	}
}

// partWatchingClient hands each upload part's request and body to watch (which may change the
// body) on their way to the validating transport.
func partWatchingClient(t *testing.T, watch func(r *http.Request, body []byte)) *vantage.Client {
	validating := validatingHTTPClient(t).Transport
	return vantage.NewClient(vantage.Config{APIKey: emulatorKey, BaseURL: emulatorURL, HTTPClient: &http.Client{
		Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if r.Method == http.MethodPut && strings.Contains(r.URL.Path, "/parts/") {
				body, err := io.ReadAll(r.Body)
				if err != nil {
					return nil, err
				}
				watch(r, body)
				r.Body = io.NopCloser(bytes.NewReader(body))
			}
			return validating.RoundTrip(r)
		}),
	}})
}
