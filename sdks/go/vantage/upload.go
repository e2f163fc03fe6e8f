package vantage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	stderrors "errors"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/omnivector-solutions/vantage-sdk-go/internal/api"
	"github.com/omnivector-solutions/vantage-sdk-go/vantage/errors"
)

// Upload stores the local file at remotePath, replacing any file there. Files from
// MultipartThreshold up go through an upload session: parts go with up to Concurrency requests
// in flight (their bodies one after the other, in order), each retried on its own, each
// checked against the CRC32C the server computed, and a re-run after an interruption sends only
// the parts the server does not hold yet. The server checks the whole file's checksum (CRC32C
// unless Verify says sha256).
//
//	err := client.Storage.Upload(ctx, "large-file.tar.gz", "/datasets/large-file.tar.gz", &vantage.UploadOptions{
//	    ProgressCallback: func(done, total int64) { fmt.Printf("%d/%d\n", done, total) },
//	})
func (s *StorageService) Upload(ctx context.Context, localPath, remotePath string, opts *UploadOptions) error {
	if err := checkStoragePath("remotePath", remotePath); err != nil {
		return err
	}
	kind, err := s.verifyKind()
	if err != nil {
		return err
	}
	file, info, err := openRegular(localPath)
	if err != nil {
		return err
	}
	defer file.Close()
	journal := s.journal(localPath, remotePath, info, kind)
	return s.upload(ctx, file, info.Size(), remotePath, journal, kind, newProgress(deref(opts).ProgressCallback, info.Size()))
}

// UploadReader stores size bytes read from r at remotePath. An io.ReaderAt (such as an
// *os.File) is read part by part as Upload reads a file; another reader is read once, in
// order, with up to Concurrency parts buffered in memory.
//
//	err := client.Storage.UploadReader(ctx, strings.NewReader("a,b\n"), 4, "/datasets/t.csv", nil)
func (s *StorageService) UploadReader(ctx context.Context, r io.Reader, size int64, remotePath string, opts *UploadOptions) error {
	if err := checkStoragePath("remotePath", remotePath); err != nil {
		return err
	}
	if size < 0 {
		return fieldError("size", "must be >= 0")
	}
	kind, err := s.verifyKind()
	if err != nil {
		return err
	}
	progress := newProgress(deref(opts).ProgressCallback, size)
	if at, ok := r.(io.ReaderAt); ok {
		return s.upload(ctx, at, size, remotePath, nil, kind, progress)
	}
	return s.uploadSequential(ctx, r, size, remotePath, kind, progress)
}

func (s *StorageService) upload(ctx context.Context, source io.ReaderAt, size int64, remotePath string, journal *uploadJournal, kind string, progress *progress) error {
	if size < s.threshold() {
		body := make([]byte, size)
		if _, err := source.ReadAt(body, 0); err != nil && !(stderrors.Is(err, io.EOF) && size == 0) {
			return &errors.TransferError{Message: "cannot read the file: " + err.Error(), Err: err}
		}
		_, err := s.putWhole(ctx, remotePath, body, progress)
		return err
	}
	session, err := s.openSession(ctx, remotePath, size, s.partSize(size, false), journal)
	if err != nil {
		return err
	}
	sum, err := s.sendParts(ctx, source, session, size, remotePath, kind, progress)
	if err != nil {
		return err // the journal keeps the session, so a re-run resumes it
	}
	if err := s.complete(ctx, session.UploadID, kind, sum); err != nil {
		return err
	}
	journal.remove()
	return nil
}

// uploadSequential reads r once; parts are buffered so several can be in flight.
func (s *StorageService) uploadSequential(ctx context.Context, r io.Reader, size int64, remotePath, kind string, progress *progress) error {
	if size < s.threshold() {
		body, err := io.ReadAll(io.LimitReader(r, size+1))
		if err != nil {
			return &errors.TransferError{Message: "cannot read: " + err.Error(), Err: err}
		}
		if int64(len(body)) != size {
			return fieldError("size", fmt.Sprintf("the reader gave %d bytes, not %d", len(body), size))
		}
		_, err = s.putWhole(ctx, remotePath, body, progress)
		return err
	}
	session, err := s.openSession(ctx, remotePath, size, s.partSize(size, true), nil)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	digest := newDigest(kind)
	slots := make(chan struct{}, s.concurrency())
	var wg sync.WaitGroup
	for number := 1; number <= session.PartCount; number++ {
		length := partLength(int64(number), int64(session.PartSize), size)
		buf := make([]byte, length)
		if _, err := io.ReadFull(r, buf); err != nil {
			cancel(&errors.TransferError{Path: remotePath, Message: fmt.Sprintf("the reader ended before %d bytes", size), Err: err})
			break
		}
		digest.Write(buf)
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func(number int, buf []byte) {
			defer wg.Done()
			defer func() { <-slots }()
			// The part is in memory, so its CRC32C costs one cheap pass: the server checks
			// it on arrival and a corrupted part fails at once, not at completion.
			sum := crc32.Checksum(buf, castagnoli)
			partCRC := base64.StdEncoding.EncodeToString(binary.BigEndian.AppendUint32(nil, sum))
			if _, err := s.sendPart(ctx, session.UploadID, number, sectionBody(bytes.NewReader(buf)), 0, int64(len(buf)), &partCRC, progress); err != nil {
				cancel(err)
			}
		}(number, buf)
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return err
	}
	return s.complete(ctx, session.UploadID, kind, encodeDigest(kind, digest))
}

// sendPart uploads one part; each attempt opens the part's body afresh. A non-nil crc is the
// part's CRC32C, sent for the server to check on arrival; a part read as it is sent has none
// (the header would have to precede the bytes), and its caller compares the CRC32C the server
// returns with the bytes it sent.
func (s *StorageService) sendPart(ctx context.Context, uploadID string, number int, body partBody, offset, length int64, crc *string, progress *progress) (*api.UploadPart, error) {
	params := &api.UploadPartParams{XContentCRC32C: crc}
	part, err := callJSON(ctx, s.core, api.OpUploadPart, func(ctx context.Context, edit api.RequestEditorFn) (*http.Response, error) {
		reader := body(offset, length)
		// net/http closes the body once sent; closing it again covers a request never made.
		defer reader.Close()
		return s.core.api.UploadPartWithBody(ctx, uploadID, number, params, "application/octet-stream", reader, edit, contentLength(length))
	}, api.ParseUploadPartResponse, func(r *api.UploadPartResponse) *api.UploadPart { return r.JSON200 })
	if err == nil {
		progress.add(length)
	}
	return part, err
}

// contentLength declares a streamed body's length, which net/http cannot see on a section
// reader; without it the part would go out chunked.
func contentLength(n int64) api.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.ContentLength = n
		return nil
	}
}

// openSession resumes the journal's session when the server still has it open, else opens one
// with parts of partSize.
func (s *StorageService) openSession(ctx context.Context, remotePath string, size, partSize int64, journal *uploadJournal) (*api.UploadSession, error) {
	if id := journal.load(); id != "" {
		session, err := callJSON(ctx, s.core, api.OpGetUpload, func(ctx context.Context, edit api.RequestEditorFn) (*http.Response, error) {
			return s.core.api.GetUpload(ctx, id, edit)
		}, api.ParseGetUploadResponse, func(r *api.GetUploadResponse) *api.UploadSession { return r.JSON200 })
		if err == nil && session.Status == api.Open && int64(session.Size) == size && session.Path == remotePath {
			s.core.debug("vantage: resuming upload", "upload_id", id, "parts_held", len(session.Parts))
			return session, nil
		}
		if err != nil && ctx.Err() != nil {
			return nil, err
		}
	}
	key := newIdempotencyKey()
	params := &api.CreateUploadParams{IdempotencyKey: &key}
	body := api.CreateUploadRequest{Path: remotePath, Size: int(size), PartSize: int(partSize)}
	session, err := callJSON(ctx, s.core, api.OpCreateUpload, func(ctx context.Context, edit api.RequestEditorFn) (*http.Response, error) {
		return s.core.api.CreateUpload(ctx, params, body, edit)
	}, api.ParseCreateUploadResponse, func(r *api.CreateUploadResponse) *api.UploadSession { return r.JSON201 })
	if err != nil {
		return nil, err
	}
	journal.save(session.UploadID)
	journal.pruneStale()
	return session, nil
}

// complete joins the session's parts; the server checks the whole file's checksum of that kind.
func (s *StorageService) complete(ctx context.Context, uploadID, kind, digest string) error {
	key := newIdempotencyKey()
	params := &api.CompleteUploadParams{IdempotencyKey: &key}
	body := api.CompleteUploadRequest{Sha256: &digest}
	if kind == VerifyCRC32C {
		body = api.CompleteUploadRequest{Crc32C: &digest}
	}
	_, err := callJSON(ctx, s.core, api.OpCompleteUpload, func(ctx context.Context, edit api.RequestEditorFn) (*http.Response, error) {
		return s.core.api.CompleteUpload(ctx, uploadID, params, body, edit)
	}, api.ParseCompleteUploadResponse, func(r *api.CompleteUploadResponse) *api.FileInfo { return r.JSON201 })
	return err
}

func partLength(number, partSize, size int64) int64 {
	return min(partSize, size-(number-1)*partSize)
}

// openRegular opens a local file for reading, refusing FIFOs, devices and directories.
func openRegular(path string) (*os.File, os.FileInfo, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, &errors.TransferError{Path: path, Message: "cannot read: " + err.Error(), Err: err}
	}
	if !info.Mode().IsRegular() {
		return nil, nil, &errors.TransferError{Path: path, Message: fmt.Sprintf("not a regular file (%s)", info.Mode().Type())}
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, nil, &errors.TransferError{Path: path, Message: "cannot open: " + err.Error(), Err: err}
	}
	return file, info, nil
}

// uploadJournal remembers an upload session's id, so a re-run of the same upload of the
// same unchanged file resumes it. A nil journal remembers nothing.
type uploadJournal struct {
	path     string
	identity string
	verify   string // the checksum kind the session completes with
}

func (s *StorageService) journal(localPath, remotePath string, info os.FileInfo, kind string) *uploadJournal {
	dir := s.JournalDir
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(cache, "vantage-sdk-go", "uploads")
	}
	abs, err := filepath.Abs(localPath)
	if err != nil {
		return nil
	}
	identity, _ := json.Marshal([]any{abs, remotePath, info.Size(), info.ModTime().UnixNano()})
	sum := sha256.Sum256(identity)
	return &uploadJournal{path: filepath.Join(dir, hex.EncodeToString(sum[:20])+".json"), identity: string(identity), verify: kind}
}

type journalRecord struct {
	Identity string `json:"identity"`
	UploadID string `json:"upload_id"`
	// Verify is the checksum kind of the run that opened the session; a run with another
	// kind opens a fresh session rather than mixing them.
	Verify string `json:"verify"`
}

func (j *uploadJournal) load() string {
	if j == nil {
		return ""
	}
	raw, err := os.ReadFile(j.path)
	var record journalRecord
	if err != nil || json.Unmarshal(raw, &record) != nil || record.Identity != j.identity || record.Verify != j.verify {
		return ""
	}
	return record.UploadID
}

// save writes atomically; a journal that cannot be written only loses the resumption.
func (j *uploadJournal) save(uploadID string) {
	if j == nil {
		return
	}
	raw, _ := json.Marshal(journalRecord{Identity: j.identity, UploadID: uploadID, Verify: j.verify})
	if os.MkdirAll(filepath.Dir(j.path), 0o700) != nil {
		return
	}
	scratch := j.path + ".tmp"
	if os.WriteFile(scratch, raw, 0o600) == nil {
		_ = os.Rename(scratch, j.path)
	}
}

// journalMaxAge is when an abandoned upload's journal goes: the server has expired its session.
const journalMaxAge = 7 * 24 * time.Hour

// pruneStale deletes journals of uploads not re-run for journalMaxAge, looking at no more than
// 1000 entries so its cost stays bounded however many pile up.
func (j *uploadJournal) pruneStale() {
	if j == nil {
		return
	}
	dir, err := os.Open(filepath.Dir(j.path))
	if err != nil {
		return
	}
	defer dir.Close()
	entries, _ := dir.ReadDir(1000)
	for _, entry := range entries {
		info, err := entry.Info()
		if err == nil && info.Mode().IsRegular() && strings.HasSuffix(entry.Name(), ".json") && time.Since(info.ModTime()) > journalMaxAge {
			_ = os.Remove(filepath.Join(dir.Name(), entry.Name()))
		}
	}
}

func (j *uploadJournal) remove() {
	if j != nil {
		_ = os.Remove(j.path)
	}
}
