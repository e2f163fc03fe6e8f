package vantage

import (
	"context"
	stderrors "errors"
	"hash"
	"io"
)

// feeder reads a file once, front to back: it hashes every byte (completing a session needs
// the whole file's checksum) and streams the bytes of each part into that part's first request,
// so the file is read once instead of twice. A retried part reads its bytes from the file again.
type feeder struct {
	file     io.ReaderAt
	size     int64
	partSize int64
	// pipes[n-1] receives the writer of part n's first request body when a worker starts it.
	pipes  []chan *io.PipeWriter
	digest hash.Hash
	kind   string
}

func newFeeder(file io.ReaderAt, size, partSize int64, parts int, kind string) *feeder {
	f := &feeder{file: file, size: size, partSize: partSize, pipes: make([]chan *io.PipeWriter, parts), digest: newDigest(kind), kind: kind}
	for i := range f.pipes {
		f.pipes[i] = make(chan *io.PipeWriter, 1)
	}
	return f
}

// firstBody returns the body of part number's first attempt, fed by run.
func (f *feeder) firstBody(number int) io.Reader {
	reader, writer := io.Pipe()
	f.pipes[number-1] <- writer
	return reader
}

// run feeds every part in order (held parts are only hashed) and returns the file's checksum.
func (f *feeder) run(ctx context.Context, held map[int]bool) (string, error) {
	buf := make([]byte, mib)
	for number := 1; number <= len(f.pipes); number++ {
		var pipe *io.PipeWriter
		if !held[number] {
			select {
			case pipe = <-f.pipes[number-1]:
			case <-ctx.Done():
				return "", ctx.Err()
			}
		}
		offset := int64(number-1) * f.partSize
		length := partLength(int64(number), f.partSize, f.size)
		for done := int64(0); done < length; {
			n, err := f.file.ReadAt(buf[:min(int64(len(buf)), length-done)], offset+done)
			f.digest.Write(buf[:n])
			if pipe != nil {
				if _, writeErr := pipe.Write(buf[:n]); writeErr != nil {
					pipe = nil // that attempt ended; the part's retry reads the file itself
				}
			}
			done += int64(n)
			if err != nil && !(stderrors.Is(err, io.EOF) && done == length) {
				if pipe != nil {
					pipe.CloseWithError(err)
				}
				return "", err
			}
			if n == 0 && err == nil {
				return "", io.ErrNoProgress
			}
		}
		if pipe != nil {
			pipe.Close()
		}
	}
	return encodeDigest(f.kind, f.digest), nil
}
