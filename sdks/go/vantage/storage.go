package vantage

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/omnivector-solutions/vantage-sdk-go/internal/api"
)

// StorageService lists, uploads, downloads and deletes files in the organization's storage.
// Use it as client.Storage. Its exported fields tune transfers; set them before use.
type StorageService struct {
	core *core

	// PartSize is the part size of multipart uploads. By default a file (an io.ReaderAt) is cut
	// into about 32 parts of 16 to 64 MiB, since each request costs the server as much as a few
	// MiB of data, and a plain io.Reader into parts of 16 MiB, since those are buffered in memory.
	PartSize int64
	// MultipartThreshold is the size from which a file is uploaded in parts (default 16 MiB).
	MultipartThreshold int64
	// Concurrency is how many parts (or files, for directories) move at once (default 4).
	Concurrency int
	// JournalDir keeps the state that lets an interrupted upload resume (default
	// <user cache dir>/vantage-sdk-go/uploads).
	JournalDir string
	// Verify is the checksum that guards every transfer: VerifyCRC32C (default) or
	// VerifySHA256. A download falls back to sha256 when the server reports no CRC32C.
	Verify string
}

const (
	mib                = 1 << 20
	defaultPartSize    = 16 * mib
	maxDefaultPartSize = 64 * mib
	targetParts        = 32
	minPartSize        = 1024
	maxPartSize        = 512 * mib
	maxParts           = 100000
	defaultConcurrency = 4
	// maxStringDownload caps DownloadToString; larger files belong in Download.
	maxStringDownload = 256 * mib
)

// ProgressFunc receives the bytes moved so far and the total; calls are serialized.
type ProgressFunc func(bytesTransferred, totalBytes int64)

// ListOptions shapes Storage.List.
type ListOptions struct {
	// Recursive lists every file below the folder instead of its direct children.
	Recursive bool
	// IncludeSize gives folders their total size too (files always have one).
	IncludeSize bool
	// IncludeMetadata adds each file's sha256, CRC32C, content type and user metadata.
	IncludeMetadata bool
}

// UploadOptions shapes Upload, UploadReader and UploadDirectory.
type UploadOptions struct {
	// ProgressCallback is called as bytes are sent (for a directory: over all its files).
	ProgressCallback ProgressFunc
}

// DownloadOptions shapes Download, DownloadTo and DownloadDirectory.
type DownloadOptions struct {
	// ProgressCallback is called as bytes arrive (for a directory: over all its files).
	ProgressCallback ProgressFunc
}

// DeleteOptions shapes Delete.
type DeleteOptions struct {
	// Recursive deletes every file below a folder path.
	Recursive bool
}

// List returns the files and folders under a folder path, fetching every page.
//
//	files, err := client.Storage.List(ctx, "/datasets/", &vantage.ListOptions{Recursive: true})
func (s *StorageService) List(ctx context.Context, path string, opts *ListOptions) ([]FileInfo, error) {
	if err := checkStoragePath("path", path); err != nil {
		return nil, err
	}
	o := deref(opts)
	params := &api.ListFilesParams{Path: path, Recursive: nonZero(o.Recursive), IncludeSize: nonZero(o.IncludeSize),
		IncludeMetadata: nonZero(o.IncludeMetadata), Limit: ptr(1000)}
	var files []FileInfo
	for {
		page, err := callJSON(ctx, s.core, api.OpListFiles, func(ctx context.Context, edit api.RequestEditorFn) (*http.Response, error) {
			return s.core.api.ListFiles(ctx, params, edit)
		}, api.ParseListFilesResponse, func(r *api.ListFilesResponse) *api.FilePage { return r.JSON200 })
		if err != nil {
			return files, err
		}
		files = append(files, page.Items...)
		if !page.HasNext || deref(page.NextPageToken) == "" {
			return files, nil
		}
		params.PageToken = page.NextPageToken
	}
}

// Delete deletes a file, or with Recursive every file below a folder path.
//
//	err := client.Storage.Delete(ctx, "/datasets/old.csv", nil)
func (s *StorageService) Delete(ctx context.Context, path string, opts *DeleteOptions) error {
	if err := checkStoragePath("path", path); err != nil {
		return err
	}
	params := &api.DeleteFileParams{Path: path, Recursive: nonZero(deref(opts).Recursive)}
	resp, err := s.core.send(ctx, api.OpDeleteFile, func(ctx context.Context, edit api.RequestEditorFn) (*http.Response, error) {
		return s.core.api.DeleteFile(ctx, params, edit)
	})
	if err != nil {
		return err
	}
	drain(resp.Body)
	return nil
}

// UploadString stores content at remotePath, replacing any file there.
//
//	err := client.Storage.UploadString(ctx, "Hello World!", "/datasets/hello.txt")
func (s *StorageService) UploadString(ctx context.Context, content, remotePath string) error {
	if err := checkStoragePath("remotePath", remotePath); err != nil {
		return err
	}
	_, err := s.putWhole(ctx, remotePath, []byte(content), nil)
	return err
}

// DownloadToString returns a file's content (up to 256 MiB; use Download for larger files).
//
//	content, err := client.Storage.DownloadToString(ctx, "/datasets/small-file.txt")
func (s *StorageService) DownloadToString(ctx context.Context, remotePath string) (string, error) {
	var buf bytes.Buffer
	if err := s.download(ctx, remotePath, &limitedWriter{w: &buf, left: maxStringDownload}, nil); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// putWhole uploads body in one request with its checksum, which the server checks.
func (s *StorageService) putWhole(ctx context.Context, remotePath string, body []byte, progress *progress) (*FileInfo, error) {
	kind, err := s.verifyKind()
	if err != nil {
		return nil, err
	}
	h := newDigest(kind)
	h.Write(body)
	digest := encodeDigest(kind, h)
	params := &api.UploadFileParams{Path: remotePath}
	if kind == VerifySHA256 {
		params.XContentSHA256 = &digest
	} else {
		params.XContentCRC32C = &digest
	}
	info, err := callJSON(ctx, s.core, api.OpUploadFile, func(ctx context.Context, edit api.RequestEditorFn) (*http.Response, error) {
		return s.core.api.UploadFileWithBody(ctx, params, "application/octet-stream", bytes.NewReader(body), edit)
	}, api.ParseUploadFileResponse, func(r *api.UploadFileResponse) *api.FileInfo { return r.JSON201 })
	if err == nil {
		progress.add(int64(len(body)))
	}
	return info, err
}

// partSize is the part size of a multipart upload of size bytes; buffered says its parts are
// held in memory. It never needs more than maxParts parts.
func (s *StorageService) partSize(size int64, buffered bool) int64 {
	partSize := int64(defaultPartSize)
	switch {
	case s.PartSize > 0:
		partSize = min(max(s.PartSize, minPartSize), maxPartSize)
	case !buffered:
		partSize = min(max(roundUpToMiB(size/targetParts), defaultPartSize), maxDefaultPartSize)
	}
	return max(partSize, roundUpToMiB((size+maxParts-1)/maxParts))
}

func roundUpToMiB(n int64) int64 {
	return (n + mib - 1) / mib * mib
}

func (s *StorageService) threshold() int64 {
	if s.MultipartThreshold > 0 {
		return s.MultipartThreshold
	}
	return defaultPartSize
}

func (s *StorageService) concurrency() int {
	if s.Concurrency > 0 {
		return s.Concurrency
	}
	return defaultConcurrency
}

func checkStoragePath(field, path string) error {
	switch {
	case !strings.HasPrefix(path, "/"):
		return fieldError(field, fmt.Sprintf("must be an absolute storage path such as /datasets/file.csv, got %q", path))
	case len(path) > 1024:
		return fieldError(field, "must be at most 1024 characters")
	case strings.ContainsRune(path, 0):
		return fieldError(field, "must not contain NUL")
	}
	for _, segment := range strings.Split(path, "/") {
		if segment == ".." || segment == "." {
			return fieldError(field, fmt.Sprintf("must not contain '.' or '..' segments, got %q", path))
		}
	}
	return nil
}

// progress adds up bytes and reports them to a ProgressFunc, one call at a time.
type progress struct {
	mu    sync.Mutex
	fn    ProgressFunc
	done  int64
	total int64
}

func newProgress(fn ProgressFunc, total int64) *progress {
	if fn == nil {
		return nil
	}
	return &progress{fn: fn, total: total}
}

func (p *progress) add(n int64) {
	if p == nil || n == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	p.fn(p.done, p.total)
}

// expect sets the total when it was not known up front (a single download's size).
func (p *progress) expect(total int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.total == 0 {
		p.total = total
	}
}

// limitedWriter refuses to grow past its limit.
type limitedWriter struct {
	w    *bytes.Buffer
	left int64
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > l.left {
		return 0, fmt.Errorf("the file is larger than %d bytes; use Download", maxStringDownload)
	}
	l.left -= int64(len(p))
	return l.w.Write(p)
}
