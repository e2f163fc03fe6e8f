package vantage_test

import (
	"bytes"
	"context"
	stderrors "errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/omnivector-solutions/vantage-sdk-go/vantage"
	"github.com/omnivector-solutions/vantage-sdk-go/vantage/errors"
)

// TestUploadResumesFromHeldParts interrupts a multipart upload after its first parts, then
// re-runs it: the re-run sends only the parts the server does not hold, and the stored
// file is byte-identical.
func TestUploadResumesFromHeldParts(t *testing.T) {
	var parts atomic.Int64
	plain := newClient(t, vantage.Config{})
	client := newCountingClient(t, &parts)
	client.Storage.PartSize, client.Storage.MultipartThreshold, client.Storage.Concurrency = 1<<20, 1<<20, 1
	client.Storage.JournalDir = t.TempDir()
	local := filepath.Join(t.TempDir(), "big.bin")
	content := randomBytes(t, 8<<20+5)
	writeFile(t, local, content)

	ctx, cancel := context.WithCancel(testContext(t))
	err := client.Storage.Upload(ctx, local, "/resume/big.bin", &vantage.UploadOptions{
		ProgressCallback: func(done, total int64) {
			if done >= 3<<20 {
				cancel()
			}
		},
	})
	if !stderrors.Is(err, context.Canceled) {
		t.Fatalf("the interrupted upload returned %v", err)
	}
	first := parts.Load()
	parts.Store(0)
	if err := client.Storage.Upload(testContext(t), local, "/resume/big.bin", nil); err != nil {
		t.Fatal(err)
	}
	if resent := parts.Load(); resent+first > 9+1 || resent >= 9 {
		t.Fatalf("the re-run sent %d of 9 parts after %d were sent (want only the missing ones)", resent, first)
	}
	got, err := plain.Storage.DownloadToString(testContext(t), "/resume/big.bin")
	if err != nil || got != string(content) {
		t.Fatalf("the resumed upload stored different bytes (%v)", err)
	}
}

// TestResumeResendsAHeldPartThatDiffers: a re-run compares each part the server holds with
// the local bytes (by CRC32C) and sends again the ones that differ, here a file rewritten in
// place with its modification time put back, so the journal still resumes the session.
func TestResumeResendsAHeldPartThatDiffers(t *testing.T) {
	var mu sync.Mutex
	sent := map[string]bool{}
	client := partWatchingClient(t, func(r *http.Request, _ []byte) {
		mu.Lock()
		defer mu.Unlock()
		sent[path.Base(r.URL.Path)] = true
	})
	client.Storage.PartSize, client.Storage.MultipartThreshold, client.Storage.Concurrency = 1<<20, 1<<20, 1
	client.Storage.JournalDir = t.TempDir()
	local := filepath.Join(t.TempDir(), "rewritten.bin")
	content := randomBytes(t, 4<<20)
	writeFile(t, local, content)
	info, err := os.Stat(local)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(testContext(t))
	err = client.Storage.Upload(ctx, local, "/resume/rewritten.bin", &vantage.UploadOptions{
		ProgressCallback: func(done, total int64) {
			if done >= 2<<20 {
				cancel()
			}
		},
	})
	if !stderrors.Is(err, context.Canceled) {
		t.Fatalf("the interrupted upload returned %v", err)
	}
	content[10] ^= 0xff // in part 1, which the server holds
	writeFile(t, local, content)
	if err := os.Chtimes(local, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	clear(sent)
	if err := client.Storage.Upload(testContext(t), local, "/resume/rewritten.bin", nil); err != nil {
		t.Fatal(err)
	}
	if !sent["1"] || sent["2"] || !sent["4"] {
		t.Fatalf("the re-run sent parts %v; want part 1 (changed) and 4 (missing), not 2 (held)", sent)
	}
	got, err := client.Storage.DownloadToString(testContext(t), "/resume/rewritten.bin")
	if err != nil || got != string(content) {
		t.Fatalf("the resumed upload stored other bytes than the file's (%v)", err)
	}
}

// newCountingClient counts upload-part requests on their way to the validating transport.
func newCountingClient(t *testing.T, parts *atomic.Int64) *vantage.Client {
	validating := validatingHTTPClient(t).Transport
	return vantage.NewClient(vantage.Config{APIKey: emulatorKey, BaseURL: emulatorURL, HTTPClient: &http.Client{
		Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if r.Method == http.MethodPut && strings.Contains(r.URL.Path, "/parts/") {
				parts.Add(1)
			}
			return validating.RoundTrip(r)
		}),
	}})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestUploadReaderAndDownloadTo(t *testing.T) {
	client := newClient(t, vantage.Config{})
	client.Storage.PartSize, client.Storage.MultipartThreshold = 1<<20, 1<<20
	ctx := testContext(t)
	content := randomBytes(t, 3<<20+7)
	// A plain io.Reader (not an io.ReaderAt) is read once, in order.
	if err := client.Storage.UploadReader(ctx, struct{ io.Reader }{bytes.NewReader(content)}, int64(len(content)), "/reader/x.bin", nil); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := client.Storage.DownloadTo(ctx, "/reader/x.bin", &out, nil); err != nil || !bytes.Equal(out.Bytes(), content) {
		t.Fatalf("round trip through io.Reader/io.Writer differs (%v)", err)
	}
}

func TestDownloadReplacesASymlinkWithoutWritingThroughIt(t *testing.T) {
	client := newClient(t, vantage.Config{})
	ctx := testContext(t)
	if err := client.Storage.UploadString(ctx, "new content", "/links/file.txt"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim.txt")
	writeFile(t, victim, []byte("keep me"))
	link := filepath.Join(dir, "file.txt")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	if err := client.Storage.Download(ctx, "/links/file.txt", link, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(victim); string(got) != "keep me" {
		t.Fatalf("the download wrote through the symlink: %q", got)
	}
	if info, _ := os.Lstat(link); info.Mode()&os.ModeSymlink != 0 {
		t.Fatal("the symlink was not replaced by the downloaded file")
	}
}

func TestDownloadRefusesABadChecksumAndKeepsTheOldFile(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-SHA256", strings.Repeat("0", 64))
		fmt.Fprint(w, "tampered")
	}))
	defer server.Close()
	client := vantage.NewClient(vantage.Config{APIKey: "k", BaseURL: server.URL})
	dest := filepath.Join(t.TempDir(), "f.txt")
	writeFile(t, dest, []byte("old"))
	err := client.Storage.Download(testContext(t), "/f.txt", dest, nil)
	var integrity *errors.IntegrityError
	if !stderrors.As(err, &integrity) {
		t.Fatalf("want *errors.IntegrityError, got %T %v", err, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if got, _ := os.ReadFile(dest); string(got) != "old" || len(entries) != 1 {
		t.Fatalf("a bad download replaced the file or left a temporary one: %q, %d entries", got, len(entries))
	}
}

func TestDownloadDirectoryRefusesEscapes(t *testing.T) {
	// A listing (from a misbehaving server) naming a file outside the folder.
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"items":[{"path":"/d/../../escape.txt","name":"escape.txt","type":"file","size":1}],"has_next":false,"next_page_token":null}`)
	}))
	defer server.Close()
	client := vantage.NewClient(vantage.Config{APIKey: "k", BaseURL: server.URL})
	parent := t.TempDir()
	err := client.Storage.DownloadDirectory(testContext(t), "/d/", filepath.Join(parent, "target"), nil)
	var transfer *errors.TransferError
	if !stderrors.As(err, &transfer) {
		t.Fatalf("want *errors.TransferError, got %T %v", err, err)
	}
	if _, err := os.Stat(filepath.Join(parent, "escape.txt")); err == nil {
		t.Fatal("a file was written outside the target folder")
	}
}

func TestUploadDirectoryKeepsRelativePathsAndRefusesSpecialFiles(t *testing.T) {
	client := newClient(t, vantage.Config{})
	ctx := testContext(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), []byte("a"))
	writeFile(t, filepath.Join(dir, "sub", "b.txt"), []byte("b"))
	if err := client.Storage.UploadDirectory(ctx, dir, "/tree/", nil); err != nil {
		t.Fatal(err)
	}
	files, err := client.Storage.List(ctx, "/tree/", &vantage.ListOptions{Recursive: true})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range files {
		if f.Type == "file" {
			paths = append(paths, f.Path)
		}
	}
	if strings.Join(paths, " ") != "/tree/a.txt /tree/sub/b.txt" {
		t.Fatalf("uploaded paths: %v", paths)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	var transfer *errors.TransferError
	if err := client.Storage.UploadDirectory(ctx, dir, "/tree2/", nil); !stderrors.As(err, &transfer) {
		t.Fatalf("a symlink in the folder was not refused: %v", err)
	}
}

// TestDownloadResumesAfterADroppedConnection downloads through a proxy that hangs up after
// 1 MiB of every response: the download resumes with Range requests and the file is whole.
func TestDownloadResumesAfterADroppedConnection(t *testing.T) {
	client := newClient(t, vantage.Config{})
	ctx := testContext(t)
	content := randomBytes(t, 3<<20+11)
	if err := client.Storage.UploadReader(ctx, bytes.NewReader(content), int64(len(content)), "/cut/file.bin", nil); err != nil {
		t.Fatal(err)
	}
	target, _ := url.Parse(emulatorURL)
	var ranges []string
	proxy := cuttingProxy(t, target, func(r *http.Request, w io.Writer, body io.Reader) bool {
		ranges = append(ranges, r.Header.Get("Range"))
		_, err := io.CopyN(w, body, 1<<20)
		return err == nil // hang up after 1 MiB, unless the (rest of the) body was shorter
	})
	dest := filepath.Join(t.TempDir(), "file.bin")
	if err := newClient(t, vantage.Config{BaseURL: proxy.URL, MaxRetries: 5}).Storage.Download(ctx, "/cut/file.bin", dest, nil); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(dest)
	if !bytes.Equal(got, content) || len(ranges) != 4 || ranges[1] != "bytes=1048576-" {
		t.Fatalf("resumed download differs (%d bytes) or ranges %q", len(got), ranges)
	}
}

func TestStaleUploadJournalsArePruned(t *testing.T) {
	client := newClient(t, vantage.Config{})
	client.Storage.PartSize, client.Storage.MultipartThreshold = 1<<20, 1<<20
	stale := filepath.Join(client.Storage.JournalDir, "stale.json")
	fresh := filepath.Join(client.Storage.JournalDir, "fresh.json")
	writeFile(t, stale, []byte("{}"))
	writeFile(t, fresh, []byte("{}"))
	old := time.Now().Add(-8 * 24 * time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	local := filepath.Join(t.TempDir(), "two-parts.bin")
	writeFile(t, local, randomBytes(t, 2<<20))
	if err := client.Storage.Upload(testContext(t), local, "/prune/two-parts.bin", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("a journal older than 7 days was kept")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a recent journal was removed")
	}
}
