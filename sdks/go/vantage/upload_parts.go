package vantage

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	stderrors "errors"
	"fmt"
	"hash/crc32"
	"io"
	"sync"
	"sync/atomic"

	"github.com/omnivector-solutions/vantage-sdk-go/internal/api"
	"github.com/omnivector-solutions/vantage-sdk-go/vantage/errors"
)

// partBody opens one attempt's body for the part at [offset, offset+length).
type partBody func(offset, length int64) *partReader

// partReader is one attempt's request body: a section of the source. It computes the CRC32C of
// the bytes as net/http reads them (in 32 KiB pieces, so each is checksummed while in the CPU's
// cache) and tells closed when net/http is done with it: the body is sent, or the attempt gave up.
type partReader struct {
	section *io.SectionReader
	// crc is read once the server has answered: every byte it got was checksummed by then,
	// though in net/http's writing goroutine.
	crc    atomic.Uint32
	closed func()
}

// sectionBody reads parts through an io.ReaderAt.
func sectionBody(r io.ReaderAt) partBody {
	return func(offset, length int64) *partReader {
		return &partReader{section: io.NewSectionReader(r, offset, length)}
	}
}

func (p *partReader) Read(b []byte) (int, error) {
	n, err := p.section.Read(b)
	if n > 0 {
		p.crc.Store(crc32.Update(p.crc.Load(), castagnoli, b[:n]))
	}
	return n, err
}

func (p *partReader) Close() error {
	if p.closed != nil {
		p.closed()
	}
	return nil
}

// encodeCRC32C renders a CRC32C as the API does: base64 of its 4 big-endian bytes.
func encodeCRC32C(crc uint32) string {
	return base64.StdEncoding.EncodeToString(binary.BigEndian.AppendUint32(nil, crc))
}

// partTurn lets part bodies go one after the other, in order: a part's request starts as soon
// as the previous part's body is sent, without waiting for its response, so up to Concurrency
// requests are in flight while the server receives one part at a time. It then gets the parts
// in order and checksums each as it lands, leaving next to nothing to do when the upload
// completes, and it is never fed several streams at once, which cost it more CPU per byte.
type partTurn struct {
	after <-chan struct{} // closed when the previous part's body is sent
	sent  chan struct{}   // closed when this part's body is sent, or its sending ended
	once  sync.Once
}

func (t *partTurn) done() { t.once.Do(func() { close(t.sent) }) }

// sendParts sends the parts of source the server does not hold, with up to Concurrency requests
// in flight, and returns the whole file's checksum of kind, or the first error (which cancels
// the rest). Each byte is read once: a part's CRC32C is computed as it is sent and compared
// with the CRC32C the server computed on arrival, and the whole file's CRC32C is combined from
// the parts'. A part the server holds (resuming an interrupted upload) is read and checksummed
// here instead, and sent again unless the server holds the same bytes. Verifying by sha256
// reads the file once more, front to back, for the whole file's sha256.
func (s *StorageService) sendParts(ctx context.Context, source io.ReaderAt, session *api.UploadSession, size int64, remotePath, kind string, progress *progress) (string, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	partSize := int64(session.PartSize)
	crcs := make([]uint32, session.PartCount)
	var sha256Sum string
	var background sync.WaitGroup
	if kind == VerifySHA256 {
		background.Add(1)
		go func() {
			defer background.Done()
			digest := newDigest(kind)
			if err := readRange(ctx, source, 0, size, func(b []byte) { digest.Write(b) }); err != nil {
				cancel(readFailed(remotePath, err))
			}
			sha256Sum = encodeDigest(kind, digest)
		}()
	}
	parts := make(chan int, s.concurrency())
	turns := make([]*partTurn, session.PartCount)
	background.Add(1)
	go func() {
		defer background.Done()
		defer close(parts)
		held := heldParts(session, size)
		previous := make(chan struct{})
		close(previous)
		for number := 1; number <= session.PartCount; number++ {
			offset, length := int64(number-1)*partSize, partLength(int64(number), partSize, size)
			if serverCRC, ok := held[number]; ok {
				crc, err := readCRC(ctx, source, offset, length)
				if err != nil {
					cancel(readFailed(remotePath, err))
					return
				}
				if serverCRC == nil || *serverCRC == encodeCRC32C(crc) {
					crcs[number-1] = crc
					progress.add(length)
					continue
				}
			}
			turns[number-1] = &partTurn{after: previous, sent: make(chan struct{})}
			previous = turns[number-1].sent
			select {
			case parts <- number:
			case <-ctx.Done():
				return
			}
		}
	}()
	var senders sync.WaitGroup
	for range s.concurrency() {
		senders.Add(1)
		go func() {
			defer senders.Done()
			for number := range parts {
				crc, err := s.sendInTurn(ctx, source, session, size, number, turns[number-1], progress)
				if err != nil {
					cancel(err)
				}
				crcs[number-1] = crc
			}
		}()
	}
	senders.Wait()
	background.Wait()
	if err := context.Cause(ctx); err != nil {
		return "", err
	}
	if kind == VerifySHA256 {
		return sha256Sum, nil
	}
	var whole uint32
	for number, crc := range crcs {
		whole = crc32cCombine(whole, crc, partLength(int64(number+1), partSize, size))
	}
	return encodeCRC32C(whole), nil
}

// heldParts maps the parts the server holds with the right size to the CRC32C it reports for
// each (nil if none).
func heldParts(session *api.UploadSession, size int64) map[int]*string {
	held := map[int]*string{}
	for _, part := range session.Parts {
		if int64(part.Size) == partLength(int64(part.PartNumber), int64(session.PartSize), size) {
			held[part.PartNumber] = part.Crc32C
		}
	}
	return held
}

// sendInTurn sends one part once the previous part's body is sent, lets the next one go when
// its own body is, and returns the CRC32C of the bytes sent, which the server agreed on.
func (s *StorageService) sendInTurn(ctx context.Context, source io.ReaderAt, session *api.UploadSession, size int64, number int, turn *partTurn, progress *progress) (uint32, error) {
	defer turn.done()
	select {
	case <-turn.after:
	case <-ctx.Done():
		return 0, context.Cause(ctx)
	}
	var last *partReader
	open := sectionBody(source)
	body := func(offset, length int64) *partReader {
		last = open(offset, length)
		last.closed = turn.done
		return last
	}
	offset, length := int64(number-1)*int64(session.PartSize), partLength(int64(number), int64(session.PartSize), size)
	stored, err := s.sendPart(ctx, session.UploadID, number, body, offset, length, nil, progress)
	if err != nil {
		return 0, err
	}
	crc := last.crc.Load()
	if sent := encodeCRC32C(crc); stored.Crc32C != nil && *stored.Crc32C != sent {
		return 0, &errors.IntegrityError{TransferError: errors.TransferError{Path: session.Path, Message: fmt.Sprintf(
			"part %d arrived with CRC32C %s, but the bytes sent have %s; upload it again", number, *stored.Crc32C, sent)}}
	}
	return crc, nil
}

// readRange passes the bytes of r in [offset, offset+length) to use, 1 MiB at a time.
func readRange(ctx context.Context, r io.ReaderAt, offset, length int64, use func([]byte)) error {
	buf := make([]byte, min(length, mib))
	for done := int64(0); done < length; {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := r.ReadAt(buf[:min(int64(len(buf)), length-done)], offset+done)
		use(buf[:n])
		done += int64(n)
		if err != nil && !(stderrors.Is(err, io.EOF) && done == length) {
			return err
		}
		if n == 0 && err == nil {
			return io.ErrNoProgress
		}
	}
	return nil
}

// readCRC returns the CRC32C of the bytes of r in [offset, offset+length).
func readCRC(ctx context.Context, r io.ReaderAt, offset, length int64) (uint32, error) {
	var crc uint32
	err := readRange(ctx, r, offset, length, func(b []byte) { crc = crc32.Update(crc, castagnoli, b) })
	return crc, err
}

func readFailed(remotePath string, err error) error {
	return &errors.TransferError{Path: remotePath, Message: "cannot read the file: " + err.Error(), Err: err}
}

// crc32cCombine returns the CRC32C of A followed by B from CRC32C(A), CRC32C(B) and B's length
// (zlib's crc32_combine): each part's CRC32C, computed as it is sent, makes the whole file's
// without reading it again.
func crc32cCombine(a, b uint32, lengthB int64) uint32 {
	return multModP(xPow8n(lengthB), a) ^ b
}

// castagnoliReflected is the Castagnoli polynomial, bit-reflected (x^0 at the top bit).
const castagnoliReflected = 0x82f63b78

// multModP returns a(x) * b(x) modulo the polynomial, both reflected.
func multModP(a, b uint32) uint32 {
	var product uint32
	for bit := uint32(1) << 31; a != 0; bit >>= 1 {
		if a&bit != 0 {
			product ^= b
			a ^= bit
		}
		if b&1 != 0 {
			b = b>>1 ^ castagnoliReflected
		} else {
			b >>= 1
		}
	}
	return product
}

// xPow2k holds x^(2^k) modulo the polynomial, reflected, for k = 0..63.
var xPow2k = func() (table [64]uint32) {
	table[0] = 1 << 30 // x^1
	for k := 1; k < len(table); k++ {
		table[k] = multModP(table[k-1], table[k-1])
	}
	return table
}()

// xPow8n returns x^(8n) modulo the polynomial: appending n zero bytes.
func xPow8n(n int64) uint32 {
	power := uint32(1) << 31 // x^0
	for k := 3; n != 0; k, n = k+1, n>>1 {
		if n&1 != 0 {
			power = multModP(xPow2k[k], power)
		}
	}
	return power
}
