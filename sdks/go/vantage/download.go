package vantage

import (
	"context"
	stderrors "errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"

	"github.com/omnivector-solutions/vantage-sdk-go/internal/api"
	"github.com/omnivector-solutions/vantage-sdk-go/vantage/errors"
)

// Download saves the file at remotePath to localPath. The bytes go to a temporary file
// beside the destination, which replaces it only after its size and checksum (CRC32C, or
// sha256 per Verify or when the server reports no CRC32C) match the server's; a destination that is a symlink, FIFO or device is replaced, never written
// through. A dropped connection resumes where it stopped.
//
//	err := client.Storage.Download(ctx, "/datasets/remote-file.txt", "local-file.txt", nil)
func (s *StorageService) Download(ctx context.Context, remotePath, localPath string, opts *DownloadOptions) error {
	if err := checkStoragePath("remotePath", remotePath); err != nil {
		return err
	}
	dir, name := filepath.Split(localPath)
	if name == "" || name == "." || name == ".." {
		return fieldError("localPath", fmt.Sprintf("must name a file, got %q", localPath))
	}
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &errors.TransferError{Path: dir, Message: "cannot create the folder: " + err.Error(), Err: err}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return &errors.TransferError{Path: dir, Message: "cannot open the folder: " + err.Error(), Err: err}
	}
	defer root.Close()
	return s.downloadInto(ctx, root, name, remotePath, newProgress(deref(opts).ProgressCallback, 0))
}

// DownloadTo writes the file at remotePath to w, in order, and checks its size and checksum
// at the end (w has then received the bytes already: use Download for an all-or-nothing file).
//
//	err := client.Storage.DownloadTo(ctx, "/datasets/remote-file.txt", os.Stdout, nil)
func (s *StorageService) DownloadTo(ctx context.Context, remotePath string, w io.Writer, opts *DownloadOptions) error {
	return s.download(ctx, remotePath, w, newProgress(deref(opts).ProgressCallback, 0))
}

// downloadInto downloads remotePath to name inside root, through a temporary file.
func (s *StorageService) downloadInto(ctx context.Context, root *os.Root, name, remotePath string, progress *progress) error {
	temp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".vantage-download")
	if err := root.Remove(temp); err != nil && !stderrors.Is(err, fs.ErrNotExist) {
		return &errors.TransferError{Path: temp, Message: "cannot remove a stale temporary file: " + err.Error(), Err: err}
	}
	// O_EXCL: the temporary file is new, never a symlink or FIFO someone left in its place.
	file, err := root.OpenFile(temp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return &errors.TransferError{Path: temp, Message: "cannot create the temporary file: " + err.Error(), Err: err}
	}
	keep := false
	defer func() {
		if !keep {
			_ = file.Close()
			_ = root.Remove(temp)
		}
	}()
	if err := s.download(ctx, remotePath, file, progress); err != nil {
		return err
	}
	if err := file.Sync(); err != nil {
		return &errors.TransferError{Path: temp, Message: "cannot write: " + err.Error(), Err: err}
	}
	if err := file.Close(); err != nil {
		return &errors.TransferError{Path: temp, Message: "cannot write: " + err.Error(), Err: err}
	}
	keep = true
	if err := root.Rename(temp, name); err != nil {
		_ = root.Remove(temp)
		return &errors.TransferError{Path: name, Message: "cannot move the download into place: " + err.Error(), Err: err}
	}
	return nil
}

// download streams remotePath into w from offset 0, resuming with a Range request after a
// dropped connection, and checks the size and checksum the server announced. A file whose
// checksum the server does not announce fails: its bytes cannot be verified.
func (s *StorageService) download(ctx context.Context, remotePath string, w io.Writer, progress *progress) error {
	if err := checkStoragePath("remotePath", remotePath); err != nil {
		return err
	}
	kind, err := s.verifyKind()
	if err != nil {
		return err
	}
	var digest hash.Hash
	buf := make([]byte, 256<<10)
	var written, size int64 = 0, -1 // size stays -1 when the server sends no Content-Length
	var want, etag string
	first := true
	for drops := 0; ; drops++ { // drops in a row without a byte
		params := &api.DownloadFileParams{Path: remotePath}
		if written > 0 {
			params.Range = ptr(fmt.Sprintf("bytes=%d-", written))
		}
		resp, err := s.core.send(ctx, api.OpDownloadFile, func(ctx context.Context, edit api.RequestEditorFn) (*http.Response, error) {
			return s.core.api.DownloadFile(ctx, params, edit)
		})
		if err != nil {
			return err
		}
		if first {
			first = false
			want, etag = resp.Header.Get(digestHeader(kind)), resp.Header.Get("ETag")
			if want == "" && kind == VerifyCRC32C { // a server or file without CRC32C: sha256
				kind = VerifySHA256
				want = resp.Header.Get(digestHeader(kind))
			}
			if want == "" {
				resp.Body.Close()
				return &errors.IntegrityError{TransferError: errors.TransferError{Path: remotePath,
					Message: "the server sent no " + kind + " checksum, so the download cannot be verified"}}
			}
			digest = newDigest(kind)
			size = resp.ContentLength
			progress.expect(size)
		} else if resp.Header.Get("ETag") != etag || resp.StatusCode != http.StatusPartialContent {
			resp.Body.Close()
			return &errors.IntegrityError{TransferError: errors.TransferError{Path: remotePath,
				Message: "the file changed on the server while it was being downloaded"}}
		}
		n, copyErr := io.CopyBuffer(io.MultiWriter(localWriter{w}, digest, progressWriter{progress}), resp.Body, buf)
		resp.Body.Close()
		written += n
		if n > 0 {
			drops = 0
		}
		if copyErr == nil {
			break
		}
		var writeErr *localWriteError
		if stderrors.As(copyErr, &writeErr) {
			return &errors.TransferError{Path: remotePath, Message: "cannot write the download: " + writeErr.Error(), Err: writeErr.err}
		}
		if ctx.Err() != nil || drops >= s.core.maxRetries {
			if ctx.Err() != nil {
				return connectionError(ctx.Err(), drops+1)
			}
			return connectionError(copyErr, drops+1)
		}
		s.core.debug("vantage: download dropped; resuming", "path", remotePath, "offset", written, "error", copyErr)
		if !sleepCtx(ctx, s.core.retry.backoff(drops)) {
			return connectionError(ctx.Err(), drops+1)
		}
	}
	got := encodeDigest(kind, digest)
	if size >= 0 && written != size {
		return &errors.IntegrityError{TransferError: errors.TransferError{Path: remotePath,
			Message: "received " + strconv.FormatInt(written, 10) + " bytes, expected " + strconv.FormatInt(size, 10)}}
	}
	if got != want {
		return &errors.IntegrityError{TransferError: errors.TransferError{Path: remotePath,
			Message: kind + " " + got + " does not match the server's " + want}}
	}
	return nil
}

// localWriteError marks a failure writing locally, which a retry would not mend.
type localWriteError struct{ err error }

func (e *localWriteError) Error() string { return e.err.Error() }
func (e *localWriteError) Unwrap() error { return e.err }

// localWriter marks the destination's write errors, to tell them from the network's.
type localWriter struct{ w io.Writer }

func (l localWriter) Write(b []byte) (int, error) {
	n, err := l.w.Write(b)
	if err != nil {
		err = &localWriteError{err}
	}
	return n, err
}

type progressWriter struct{ p *progress }

func (w progressWriter) Write(b []byte) (int, error) {
	w.p.add(int64(len(b)))
	return len(b), nil
}
