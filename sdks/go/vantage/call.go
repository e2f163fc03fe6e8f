package vantage

import (
	"context"
	"crypto/rand"
	"encoding/json"
	stderrors "errors"
	"fmt"
	"io"
	"math"
	mathrand "math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/omnivector-solutions/vantage-sdk-go/internal/api"
	"github.com/omnivector-solutions/vantage-sdk-go/vantage/errors"
)

const (
	retryCountHeader = "X-Retry-Count"
	// maxJSONBody caps a JSON response; a larger one is an UnexpectedResponseError.
	maxJSONBody = 64 << 20
	// maxErrorBody caps how much of an error response is read for its problem details.
	maxErrorBody = 64 << 10
)

// retryPolicy is how long to wait between attempts.
type retryPolicy struct {
	initialBackoff time.Duration // ceiling of the first jittered wait; doubles per retry
	maxBackoff     time.Duration
	maxRetryAfter  time.Duration // a longer Retry-After is returned at once, not slept through
}

func defaultRetryPolicy() retryPolicy {
	return retryPolicy{initialBackoff: 500 * time.Millisecond, maxBackoff: 8 * time.Second, maxRetryAfter: 60 * time.Second}
}

func (p retryPolicy) backoff(retry int) time.Duration {
	ceiling := math.Min(float64(p.maxBackoff), float64(p.initialBackoff)*math.Pow(2, float64(retry)))
	return time.Duration(mathrand.Float64() * ceiling)
}

// sender performs one attempt of a generated operation with the attempt's request editor.
type sender func(ctx context.Context, edit api.RequestEditorFn) (*http.Response, error)

// send runs one SDK call under the retry policy and returns its 2xx response with the body
// unread; closing the body ends the attempt. Error statuses become typed errors.
func (c *core) send(ctx context.Context, op api.Operation, attempt sender) (*http.Response, error) {
	if c.configErr != nil {
		return nil, c.configErr
	}
	for retry := 0; ; retry++ {
		resp, err := c.attempt(ctx, op, attempt, retry)
		if err == nil {
			return resp, nil
		}
		wait, retryable := c.retryDecision(ctx, op, err, retry)
		if !retryable {
			return nil, err
		}
		c.debug("vantage: retrying", "operation", op.ID, "retry", retry+1, "of", c.maxRetries, "wait", wait, "error", err)
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, connectionError(ctx.Err(), retry+1)
		case <-timer.C:
		}
	}
}

// errAttemptTimeout ends an attempt that outlasted Config.Timeout.
var errAttemptTimeout = fmt.Errorf("the attempt outlasted the client's Timeout: %w", context.DeadlineExceeded)

func (c *core) attempt(ctx context.Context, op api.Operation, attempt sender, retry int) (*http.Response, error) {
	// One allocation holds the attempt's state, its body wrapper and its size cap.
	body := &attemptBody{}
	body.ctx, body.cancel = context.WithCancelCause(ctx)
	body.timer = time.AfterFunc(c.timeout, func() { body.cancel(errAttemptTimeout) })
	edit := c.firstAttemptHeaders // built once: the first attempt's editor allocates nothing
	if retry > 0 {
		edit = func(_ context.Context, req *http.Request) error { return c.setHeaders(req, retry) }
	}
	var started time.Time
	if c.logger != nil {
		started = time.Now()
	}
	resp, err := attempt(body.ctx, edit)
	if err != nil {
		if cause := context.Cause(body.ctx); cause != nil {
			err = cause // the caller's cancellation or the attempt timeout, not the transport's wording
		}
		body.end()
		return nil, connectionError(err, retry+1)
	}
	if c.logger != nil { // checked here: building the arguments allocates even when nothing is logged
		c.debug("vantage: request", "operation", op.ID, "method", op.Method, "path", op.Path,
			"status", resp.StatusCode, "attempt", retry+1, "elapsed", time.Since(started),
			"request_id", resp.Header.Get("X-Request-ID"))
	}
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		apiErr := errorFromResponse(resp, retry+1)
		body.end()
		return nil, apiErr
	}
	if op.Stream != "" {
		// A streamed body may last longer than Timeout; from here only the caller's context bounds it.
		body.timer.Stop()
	}
	body.raw, body.reader = resp.Body, resp.Body
	resp.Body = body
	return resp, nil
}

// setHeaders adds what every request carries. The values share one backing array (one
// allocation, as http.Header.Clone does) and the bearer value is built once per client.
func (c *core) setHeaders(req *http.Request, retry int) error {
	values := make([]string, 0, 4)
	values = append(values, c.authorization, userAgent)
	req.Header["Authorization"], req.Header["User-Agent"] = values[0:1:1], values[1:2:2]
	if c.organization != "" {
		values = append(values, c.organization)
		req.Header["X-Vantage-Organization"] = values[len(values)-1 : len(values) : len(values)]
	}
	if retry > 0 {
		values = append(values, strconv.Itoa(retry))
		req.Header[retryCountHeader] = values[len(values)-1 : len(values) : len(values)]
	}
	return nil
}

const userAgent = "vantage-sdk-go/" + Version

// attemptBody is a 2xx response's body: closing it ends its attempt, a read failure reports why
// the attempt's context ended, and capAt makes reading past a size fail.
type attemptBody struct {
	raw    io.ReadCloser // the transport's body
	reader io.Reader     // raw, or limit when capped
	limit  capReader
	ctx    context.Context
	cancel context.CancelCauseFunc
	timer  *time.Timer
}

func (b *attemptBody) Read(p []byte) (int, error) {
	n, err := b.reader.Read(p)
	if err != nil && err != io.EOF && !b.limit.exceeded {
		if cause := context.Cause(b.ctx); cause != nil {
			err = cause
		}
	}
	return n, err
}

// Close ends the attempt; it may be called more than once, from any goroutine.
func (b *attemptBody) Close() error {
	err := b.raw.Close()
	b.end()
	return err
}

func (b *attemptBody) end() {
	b.timer.Stop()
	b.cancel(nil)
}

// capAt makes reads past max bytes fail; the returned reader says whether that happened.
func (b *attemptBody) capAt(max int64) *capReader {
	b.limit = capReader{r: b.raw, left: max}
	b.reader = &b.limit
	return &b.limit
}

// retryDecision says whether err may be retried and after how long.
func (c *core) retryDecision(ctx context.Context, op api.Operation, err error, retry int) (time.Duration, bool) {
	if retry >= c.maxRetries || ctx.Err() != nil {
		return 0, false
	}
	var retryAfter int
	switch e := err.(type) {
	case *errors.RateLimitError:
		retryAfter = e.RetryAfter // 429: the server did nothing, so even an unsafe call may repeat
	case *errors.ServerError:
		if !op.RetrySafe {
			return 0, false
		}
		retryAfter = e.RetryAfter
	case *errors.VantageAPIError:
		if e.StatusCode != http.StatusRequestTimeout || !op.RetrySafe {
			return 0, false
		}
	case *errors.APIConnectionError, *errors.APITimeoutError:
		if !op.RetrySafe && !neverSent(err) {
			return 0, false
		}
	default:
		return 0, false
	}
	if retryAfter > 0 {
		wait := time.Duration(retryAfter) * time.Second
		return wait, wait <= c.retry.maxRetryAfter
	}
	return c.retry.backoff(retry), true
}

// neverSent reports a failure to connect: the request cannot have reached the server.
func neverSent(err error) bool {
	var opErr *net.OpError
	return stderrors.As(err, &opErr) && opErr.Op == "dial"
}

func connectionError(err error, attempts int) error {
	if stderrors.Is(err, context.DeadlineExceeded) || isTimeout(err) {
		return &errors.APITimeoutError{APIConnectionError: errors.APIConnectionError{
			Message: "the request timed out: " + err.Error(), Attempts: attempts, Err: err}}
	}
	if stderrors.Is(err, context.Canceled) {
		return &errors.APIConnectionError{Message: "the call was cancelled", Attempts: attempts, Err: err}
	}
	return &errors.APIConnectionError{Message: "connection failed: " + err.Error(), Attempts: attempts, Err: err}
}

func isTimeout(err error) bool {
	var netErr net.Error
	return stderrors.As(err, &netErr) && netErr.Timeout()
}

// errorFromResponse turns an error status into its typed error; the one place that maps them.
func errorFromResponse(resp *http.Response, attempts int) error {
	defer drain(resp.Body)
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	var problem api.Problem
	base := errors.VantageAPIError{StatusCode: resp.StatusCode, RequestID: resp.Header.Get("X-Request-ID"), Attempts: attempts}
	if json.Unmarshal(raw, &problem) == nil && (problem.Title != "" || problem.Detail != "") {
		base.Message = firstNonEmpty(problem.Detail, problem.Title)
		base.Code = problem.Code
		base.RequestID = firstNonEmpty(base.RequestID, problem.RequestID)
		for _, f := range problem.Errors {
			base.Details = append(base.Details, errors.FieldError{Field: f.Field, Message: f.Message})
		}
	} else {
		base.Message = firstNonEmpty(http.StatusText(resp.StatusCode), "error") + bodyQuote(raw)
	}
	base.Message = scrubKey(resp, base.Message)
	retryAfter := parseRetryAfter(resp.Header.Get("Retry-After"))
	switch status := resp.StatusCode; {
	case status == 400 || status == 422:
		return &errors.ValidationError{VantageAPIError: base}
	case status == 401:
		return &errors.AuthenticationError{VantageAPIError: base}
	case status == 403:
		return &errors.AuthorizationError{VantageAPIError: base}
	case status == 404:
		return &errors.ResourceNotFoundError{VantageAPIError: base}
	case status == 409:
		return &errors.ConflictError{VantageAPIError: base}
	case status == 413:
		return &errors.PayloadTooLargeError{VantageAPIError: base}
	case status == 429:
		return &errors.RateLimitError{VantageAPIError: base, RetryAfter: retryAfter}
	case status >= 500:
		return &errors.ServerError{VantageAPIError: base, RetryAfter: retryAfter}
	default:
		return &base
	}
}

func bodyQuote(raw []byte) string {
	text := strings.Join(strings.Fields(string(raw)), " ")
	if text == "" {
		return ""
	}
	if len(text) > 200 {
		text = text[:200] + "..."
	}
	return ": " + strconv.Quote(text)
}

// scrubKey removes the request's API key from text quoted from a response (a proxy's error
// page may echo the request's headers).
func scrubKey(resp *http.Response, text string) string {
	if resp.Request == nil {
		return text
	}
	key := strings.TrimPrefix(resp.Request.Header.Get("Authorization"), "Bearer ")
	if len(key) < 4 {
		return text
	}
	return strings.ReplaceAll(text, key, "***")
}

// parseRetryAfter reads delay-seconds or an HTTP date, rounded up to whole seconds (0 if absent).
func parseRetryAfter(value string) int {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0
	}
	if seconds, err := strconv.ParseFloat(value, 64); err == nil && seconds >= 0 {
		return int(math.Ceil(seconds))
	}
	if when, err := http.ParseTime(value); err == nil {
		return max(0, int(math.Ceil(time.Until(when).Seconds())))
	}
	return 0
}

// unexpected builds the error for a 2xx response whose body is not what the API describes.
func unexpected(resp *http.Response, raw []byte, cause error) error {
	return &errors.UnexpectedResponseError{VantageAPIError: errors.VantageAPIError{
		StatusCode: resp.StatusCode,
		Message:    scrubKey(resp, fmt.Sprintf("the response (Content-Type %q) is not what the API describes%s", resp.Header.Get("Content-Type"), bodyQuote(raw))),
		RequestID:  resp.Header.Get("X-Request-ID"),
		Attempts:   1,
		Err:        cause,
	}}
}

// callJSON sends a call and decodes its 2xx JSON body with the generated parser; pick
// returns the parsed success value, or nil when the body was not the documented JSON.
func callJSON[P any, T any](ctx context.Context, c *core, op api.Operation, attempt sender,
	parse func(*http.Response) (*P, error), pick func(*P) *T) (*T, error) {
	resp, err := c.send(ctx, op, attempt)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	limited := capBody(resp, maxJSONBody)
	parsed, err := parse(resp) // closes the body, which ends the attempt
	if err != nil {
		if ctx.Err() != nil {
			return nil, connectionError(ctx.Err(), 1)
		}
		if limited.exceeded {
			return nil, unexpected(resp, nil, fmt.Errorf("body larger than %d bytes", maxJSONBody))
		}
		var syntax *json.SyntaxError
		var typeErr *json.UnmarshalTypeError
		if stderrors.As(err, &syntax) || stderrors.As(err, &typeErr) {
			return nil, unexpected(resp, nil, err)
		}
		return nil, connectionError(err, 1)
	}
	value := pick(parsed)
	if value == nil {
		return nil, unexpected(resp, nil, nil)
	}
	return value, nil
}

// capBody makes reading more than max bytes of a body that send returned fail.
func capBody(resp *http.Response, max int64) *capReader {
	return resp.Body.(*attemptBody).capAt(max)
}

// capReader fails a read past its limit instead of truncating silently.
type capReader struct {
	r        io.Reader
	left     int64
	exceeded bool
}

func (c *capReader) Read(p []byte) (int, error) {
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1] // one byte more than allowed tells a body that ends here from a larger one
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		c.exceeded = true
		return n, fmt.Errorf("response body larger than %d bytes", maxJSONBody)
	}
	return n, err
}

// newIdempotencyKey returns a random UUIDv4 for one call; its retries repeat it.
func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// fieldError is bad input refused before any request.
func fieldError(field, problem string) error {
	return &errors.ValidationError{VantageAPIError: errors.VantageAPIError{
		Message: field + ": " + problem,
		Details: errors.FieldErrors{{Field: field, Message: problem}},
	}}
}
