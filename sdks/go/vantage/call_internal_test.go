package vantage

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/omnivector-solutions/vantage-sdk-go/internal/api"
	"github.com/omnivector-solutions/vantage-sdk-go/vantage/errors"
)

func TestParseRetryAfter(t *testing.T) {
	for value, want := range map[string]int{"": 0, "2": 2, "0.2": 1, "junk": 0, "-3": 0} {
		if got := parseRetryAfter(value); got != want {
			t.Errorf("parseRetryAfter(%q) = %d, want %d", value, got, want)
		}
	}
	if got := parseRetryAfter(time.Now().Add(5 * time.Second).UTC().Format(http.TimeFormat)); got < 4 || got > 6 {
		t.Errorf("an HTTP date 5s ahead gave %d", got)
	}
}

func TestRetryDecision(t *testing.T) {
	c := &core{maxRetries: 2, retry: defaultRetryPolicy()}
	ctx := context.Background()
	unsafe := api.Operation{ID: "x", Method: "POST"}
	safe := api.Operation{ID: "y", Method: "GET", RetrySafe: true}
	rateLimited := &errors.RateLimitError{RetryAfter: 3}
	cases := []struct {
		name  string
		op    api.Operation
		err   error
		retry int
		want  bool
		wait  time.Duration
	}{
		{"429 even unsafe, after Retry-After", unsafe, rateLimited, 0, true, 3 * time.Second},
		{"no retries left", safe, rateLimited, 2, false, 0},
		{"5xx on a safe call", safe, &errors.ServerError{}, 0, true, -1},
		{"5xx on an unsafe call", unsafe, &errors.ServerError{}, 0, false, 0},
		{"404 never", safe, &errors.ResourceNotFoundError{}, 0, false, 0},
		{"Retry-After too long", safe, &errors.ServerError{RetryAfter: 3600}, 0, false, 0},
	}
	for _, tc := range cases {
		wait, ok := c.retryDecision(ctx, tc.op, tc.err, tc.retry)
		if ok != tc.want || (tc.wait >= 0 && ok && wait != tc.wait) || (tc.wait < 0 && (wait < 0 || wait > 500*time.Millisecond)) {
			t.Errorf("%s: got (%v, %v)", tc.name, wait, ok)
		}
	}
}

func TestIdempotencyKeysAreUUIDs(t *testing.T) {
	a, b := newIdempotencyKey(), newIdempotencyKey()
	if a == b || len(a) != 36 || strings.Count(a, "-") != 4 || a[14] != '4' {
		t.Fatalf("keys %q %q", a, b)
	}
}

func TestCapReaderFailsOnlyPastItsLimit(t *testing.T) {
	for size, exceeded := range map[int]bool{9: false, 10: false, 11: true, 4096: true} {
		limited := &capReader{r: strings.NewReader(strings.Repeat("x", size)), left: 10}
		got, err := io.ReadAll(limited)
		if limited.exceeded != exceeded || (err != nil) != exceeded || (!exceeded && len(got) != size) {
			t.Errorf("a %d-byte body under a 10-byte cap: exceeded %v, err %v, %d bytes read", size, limited.exceeded, err, len(got))
		}
	}
}
