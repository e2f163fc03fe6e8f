package vantage

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/omnivector-solutions/vantage-sdk-go/vantage/errors"
)

// UploadDirectory uploads every file below localDir to the same relative paths below
// remoteDir. Anything but regular files and folders (a symlink, FIFO, device) is refused
// before the first upload, naming it.
//
//	err := client.Storage.UploadDirectory(ctx, "./local-dir/", "/datasets/remote-dir/", nil)
func (s *StorageService) UploadDirectory(ctx context.Context, localDir, remoteDir string, opts *UploadOptions) error {
	if err := checkStoragePath("remoteDir", remoteDir); err != nil {
		return err
	}
	type entry struct {
		local, remote string
		size          int64
	}
	var entries []entry
	var total int64
	err := filepath.WalkDir(localDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return &errors.TransferError{Path: p, Message: fmt.Sprintf("not a regular file or folder (%s); refusing to upload the folder", d.Type())}
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(localDir, p)
		if err != nil {
			return err
		}
		entries = append(entries, entry{local: p, remote: path.Join(remoteDir, filepath.ToSlash(rel)), size: info.Size()})
		total += info.Size()
		return nil
	})
	if err != nil {
		if _, ok := err.(*errors.TransferError); ok {
			return err
		}
		return &errors.TransferError{Path: localDir, Message: "cannot read the folder: " + err.Error(), Err: err}
	}
	kind, err := s.verifyKind()
	if err != nil {
		return err
	}
	progress := newProgress(deref(opts).ProgressCallback, total)
	return s.eachFile(ctx, len(entries), func(ctx context.Context, i int) error {
		e := entries[i]
		file, info, err := openRegular(e.local)
		if err != nil {
			return err
		}
		defer file.Close()
		return s.upload(ctx, file, info.Size(), e.remote, s.journal(e.local, e.remote, info, kind), kind, progress)
	})
}

// DownloadDirectory downloads every file below remoteDir to the same relative paths below
// localDir. A remote name that would land outside localDir (through "..", an absolute
// path or a symlink inside localDir) is refused; nothing is written outside localDir.
//
//	err := client.Storage.DownloadDirectory(ctx, "/datasets/remote-dir/", "./local-dir/", nil)
func (s *StorageService) DownloadDirectory(ctx context.Context, remoteDir, localDir string, opts *DownloadOptions) error {
	if err := checkStoragePath("remoteDir", remoteDir); err != nil {
		return err
	}
	files, err := s.List(ctx, remoteDir, &ListOptions{Recursive: true})
	if err != nil {
		return err
	}
	prefix := strings.TrimSuffix(remoteDir, "/") + "/"
	type entry struct{ remote, local string }
	var entries []entry
	var total int64
	for _, f := range files {
		if f.Type != "file" {
			continue
		}
		rel := strings.TrimPrefix(f.Path, prefix)
		local := filepath.FromSlash(rel)
		if rel == f.Path || !filepath.IsLocal(local) || strings.Contains(rel, "\\") {
			return &errors.TransferError{Path: f.Path, Message: fmt.Sprintf("refusing a name that would land outside %s", localDir)}
		}
		entries = append(entries, entry{remote: f.Path, local: local})
		total += int64(f.Size)
	}
	if err := os.MkdirAll(localDir, 0o755); err != nil {
		return &errors.TransferError{Path: localDir, Message: "cannot create the folder: " + err.Error(), Err: err}
	}
	// Every file operation goes through root, which refuses to leave localDir, symlinks included.
	root, err := os.OpenRoot(localDir)
	if err != nil {
		return &errors.TransferError{Path: localDir, Message: "cannot open the folder: " + err.Error(), Err: err}
	}
	defer root.Close()
	progress := newProgress(deref(opts).ProgressCallback, total)
	return s.eachFile(ctx, len(entries), func(ctx context.Context, i int) error {
		e := entries[i]
		if dir := filepath.Dir(e.local); dir != "." {
			if err := root.MkdirAll(dir, 0o755); err != nil {
				return &errors.TransferError{Path: e.local, Message: "cannot create its folder: " + err.Error(), Err: err}
			}
		}
		return s.downloadInto(ctx, root, e.local, e.remote, progress)
	})
}

// eachFile runs do for indexes 0..n-1 (files or parts), Concurrency at a time; the first failure cancels the rest.
func (s *StorageService) eachFile(ctx context.Context, n int, do func(context.Context, int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	indexes := make(chan int)
	var wg sync.WaitGroup
	for range min(s.concurrency(), max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range indexes {
				if err := do(ctx, i); err != nil {
					cancel(err)
				}
			}
		}()
	}
feed:
	for i := range n {
		select {
		case indexes <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(indexes)
	wg.Wait()
	return context.Cause(ctx)
}
