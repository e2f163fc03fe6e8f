package vantage

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	stderrors "errors"
	"fmt"
	"iter"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/omnivector-solutions/vantage-sdk-go/internal/api"
)

// maxEventLine caps one server-sent event line (a log line is at most a few hundred KiB).
const maxEventLine = 4 << 20

// LogsStreamOptions says where a log stream starts.
type LogsStreamOptions struct {
	// Offset is the first line to send (the number of lines to skip).
	Offset int
}

// LogStreamEnd closes a log stream: the job's final status and exit code.
type LogStreamEnd struct {
	Status     JobStatus `json:"status"`
	ExitCode   *int      `json:"exit_code"`
	NextOffset int       `json:"next_offset"`
}

// LogStream follows a job's log lines live until the job finishes. A dropped connection is
// resumed from the line after the last one received, so every line arrives exactly once.
// Close it when done; it is safe to Close from another goroutine to stop an iteration.
type LogStream struct {
	core  *core
	ctx   context.Context
	jobID string

	mu     sync.Mutex
	resp   *http.Response
	closed bool

	next    int // offset of the next line to yield
	end     *LogStreamEnd
	err     error
	started bool
}

// LogsStream opens a live stream of the job's log lines; an unknown job or another error
// status is returned here, before any line.
//
//	logStream, err := client.Jobs.LogsStream(ctx, "job-12345", nil)
//	if err != nil {
//	    return err
//	}
//	defer logStream.Close()
//	for logLine := range logStream.Lines() {
//	    fmt.Println(logLine)
//	}
//	if err := logStream.Err(); err != nil {
//	    return err
//	}
func (s *JobsService) LogsStream(ctx context.Context, jobID string, opts *LogsStreamOptions) (*LogStream, error) {
	if err := checkID("jobID", jobID); err != nil {
		return nil, err
	}
	o := deref(opts)
	if err := checkRange("Offset", o.Offset, 0, 1<<62); err != nil {
		return nil, err
	}
	stream := &LogStream{core: s.core, ctx: ctx, jobID: jobID, next: o.Offset}
	if err := stream.connect(); err != nil {
		return nil, err
	}
	return stream, nil
}

func (l *LogStream) connect() error {
	params := &api.StreamJobLogsParams{Offset: ptr(l.next)}
	resp, err := l.core.send(l.ctx, api.OpStreamJobLogs, func(ctx context.Context, edit api.RequestEditorFn) (*http.Response, error) {
		return l.core.api.StreamJobLogs(ctx, l.jobID, params, edit)
	})
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		resp.Body.Close()
		return nil
	}
	l.resp = resp
	return nil
}

// Lines yields each log line's text as it is written, until the job finishes, the stream is
// closed, or it fails (then Err says why). A stream can be iterated once.
func (l *LogStream) Lines() iter.Seq[string] {
	return func(yield func(string) bool) {
		for entry := range l.Entries() {
			if !yield(entry.Line) {
				return
			}
		}
	}
}

// Entries is Lines with each line's offset, timestamp and stream (stdout or stderr).
func (l *LogStream) Entries() iter.Seq[LogLine] {
	return func(yield func(LogLine) bool) {
		l.mu.Lock()
		if l.started {
			l.mu.Unlock()
			l.err = stderrors.New("vantage: a LogStream can be iterated once")
			return
		}
		l.started = true
		l.mu.Unlock()
		drops := 0
		for {
			resp := l.current()
			if resp == nil {
				return // closed
			}
			progressed, err := l.read(resp, yield)
			resp.Body.Close()
			if err == errStopped || l.end != nil || l.isClosed() {
				return
			}
			if l.ctx.Err() != nil {
				l.err = connectionError(l.ctx.Err(), drops+1)
				return
			}
			if progressed {
				drops = 0
			}
			if drops >= l.core.maxRetries {
				l.err = connectionError(fmt.Errorf("the log stream kept dropping: %w", err), drops+1)
				return
			}
			l.core.debug("vantage: log stream dropped; resuming", "job", l.jobID, "offset", l.next, "error", err)
			if !sleepCtx(l.ctx, l.core.retry.backoff(drops)) {
				l.err = connectionError(l.ctx.Err(), drops+1)
				return
			}
			drops++
			if err := l.connect(); err != nil {
				l.err = err
				return
			}
		}
	}
}

var errStopped = stderrors.New("stopped by the caller")

// read yields the lines of one connection; it returns whether any new line arrived and why
// the connection ended (nil at the end event).
func (l *LogStream) read(resp *http.Response, yield func(LogLine) bool) (bool, error) {
	reader := bufio.NewReaderSize(resp.Body, 64<<10)
	var event, data, id []byte
	progressed := false
	for {
		line, err := readLine(reader)
		if err != nil {
			return progressed, err
		}
		if len(line) == 0 { // a blank line dispatches the event
			done, fresh, stop, err := l.dispatch(resp, string(event), data, string(id), yield)
			if err != nil || stop || done {
				if stop {
					return progressed || fresh, errStopped
				}
				return progressed || fresh, err
			}
			progressed = progressed || fresh
			event, data, id = event[:0], data[:0], id[:0]
			continue
		}
		if line[0] == ':' {
			continue // a keep-alive comment
		}
		name, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimPrefix(value, []byte(" "))
		switch string(name) {
		case "event":
			event = append(event[:0], value...)
		case "data":
			if len(data) > 0 {
				data = append(data, '\n')
			}
			data = append(data, value...)
		case "id":
			id = append(id[:0], value...)
		}
	}
}

func (l *LogStream) dispatch(resp *http.Response, event string, data []byte, id string, yield func(LogLine) bool) (done, fresh, stop bool, err error) {
	switch event {
	case "log":
		var entry LogLine
		if err := json.Unmarshal(data, &entry); err != nil {
			return false, false, false, unexpected(resp, data, err)
		}
		if id != "" {
			if offset, err := strconv.Atoi(id); err == nil {
				entry.Offset = offset
			}
		}
		if entry.Offset < l.next {
			return false, false, false, nil // already yielded before a reconnect
		}
		l.next = entry.Offset + 1
		return false, true, !yield(entry), nil
	case "end":
		var end LogStreamEnd
		if err := json.Unmarshal(data, &end); err != nil {
			return false, false, false, unexpected(resp, data, err)
		}
		l.end = &end
		return true, false, false, nil
	}
	return false, false, false, nil // an event type this SDK does not know
}

func readLine(r *bufio.Reader) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		long := append([]byte(nil), line...)
		for err == bufio.ErrBufferFull && len(long) <= maxEventLine {
			line, err = r.ReadSlice('\n')
			long = append(long, line...)
		}
		if err == bufio.ErrBufferFull {
			return nil, fmt.Errorf("an event line is longer than %d bytes", maxEventLine)
		}
		line = long
	}
	if err != nil {
		return nil, err
	}
	return bytes.TrimRight(line, "\r\n"), nil
}

func (l *LogStream) current() *http.Response {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	return l.resp
}

func (l *LogStream) isClosed() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.closed
}

// End returns the job's final status once the stream has ended, else nil.
func (l *LogStream) End() *LogStreamEnd { return l.end }

// Err returns what ended the iteration early (nil after the job's last line or Close).
func (l *LogStream) Err() error { return l.err }

// Close stops the stream and releases its connection; an iteration in progress ends.
func (l *LogStream) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.closed && l.resp != nil {
		l.resp.Body.Close()
	}
	l.closed = true
	return nil
}

// sleepCtx waits d or until ctx ends; it reports whether the full wait passed.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}

