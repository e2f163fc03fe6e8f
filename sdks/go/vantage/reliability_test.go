package vantage_test

import (
	"context"
	stderrors "errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/omnivector-solutions/vantage-sdk-go/vantage"
	"github.com/omnivector-solutions/vantage-sdk-go/vantage/errors"
)

func TestErrorsAreTypedWithRequestID(t *testing.T) {
	ctx := testContext(t)
	_, err := newClient(t, vantage.Config{APIKey: "wrong-key"}).Jobs.Get(ctx, "job-000000000000")
	authErr, ok := err.(*errors.AuthenticationError)
	if !ok || authErr.StatusCode != 401 || authErr.RequestID == "" {
		t.Fatalf("want *errors.AuthenticationError with a request id, got %T %v", err, err)
	}
	_, err = newClient(t, vantage.Config{}).Jobs.Get(ctx, "job-000000000000")
	var notFound *errors.ResourceNotFoundError
	var base *errors.VantageAPIError
	if !stderrors.As(err, &notFound) || !stderrors.As(err, &base) || base.StatusCode != 404 || base.RequestID == "" {
		t.Fatalf("want a 404 usable with errors.As, got %T %v", err, err)
	}
	if strings.Contains(fmt.Sprint(err), "wrong-key") || strings.Contains(fmt.Sprint(newClient(t, vantage.Config{APIKey: "secret-key"})), "secret-key") {
		t.Fatal("the API key leaked into a message")
	}
}

func TestBadInputIsRefusedBeforeAnyRequest(t *testing.T) {
	var requests int
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { requests++ }))
	defer server.Close()
	client := vantage.NewClient(vantage.Config{APIKey: "k", BaseURL: server.URL})
	ctx := testContext(t)
	checks := map[string]error{
		"empty job id": func() error { _, err := client.Jobs.Get(ctx, ""); return err }(),
		"unknown include": func() error {
			_, err := client.Jobs.Get(ctx, "job-1", &vantage.JobGetOptions{Include: []string{"bogus"}})
			return err
		}(),
		"limit":         func() error { _, err := client.Jobs.List(ctx, &vantage.JobListOptions{Limit: 5000}); return err }(),
		"no command":    func() error { _, err := client.Jobs.Submit(ctx, &vantage.JobTemplate{Name: "x"}); return err }(),
		"mixed scale":   client.Clusters.Scale(ctx, "c", &vantage.ScaleOptions{Nodes: 2, MaxNodes: 3}),
		"relative path": client.Storage.UploadString(ctx, "x", "datasets/x"),
		"since": func() error {
			_, err := client.Jobs.Logs(ctx, "job-1", &vantage.LogsOptions{Since: "yesterday"})
			return err
		}(),
	}
	for name, err := range checks {
		var v *errors.ValidationError
		if !stderrors.As(err, &v) || v.StatusCode != 0 || len(v.Details) != 1 {
			t.Errorf("%s: want a client-side *errors.ValidationError naming the field, got %T %v", name, err, err)
		}
	}
	for _, base := range []string{"ftp://x", "http://x/api?version=1", "http://x/#top"} {
		if _, err := vantage.NewClient(vantage.Config{APIKey: "k", BaseURL: base}).Jobs.List(ctx, nil); err == nil {
			t.Errorf("the BaseURL %q was accepted", base)
		}
	}
	if requests != 0 {
		t.Fatalf("%d requests were sent for bad input", requests)
	}
}

// TestRetriesThroughFaults runs calls against an emulator that answers a third of requests
// with 503 (Retry-After 0) or drops connections after acting: every call must succeed, and
// a submit retried after a lost response must create one job (its Idempotency-Key is reused).
func TestRetriesThroughFaults(t *testing.T) {
	base := startExtraEmulator(t, "--fault-503-rate", "0.2", "--fault-drop-after-rate", "0.2", "--fault-retry-after", "0", "--fault-seed", "3")
	client := newClient(t, vantage.Config{BaseURL: base, MaxRetries: 8})
	ctx := testContext(t)
	for i := range 10 {
		if _, err := client.Jobs.Submit(ctx, &vantage.JobTemplate{Name: fmt.Sprintf("retry-%d", i), Spec: vantage.JobSpec{Command: []string{"true"}}}); err != nil {
			t.Fatalf("submit %d: %v", i, err)
		}
	}
	count := 0
	for _, err := range client.Jobs.All(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		count++
	}
	if count != 10 {
		t.Fatalf("10 submits through faults made %d jobs (want exactly 10: the retries must reuse the key)", count)
	}
}

func TestRateLimitIsRetriedThenTyped(t *testing.T) {
	base := startExtraEmulator(t, "--rate-limit", "1", "--rate-limit-burst", "1")
	ctx := testContext(t)
	patient := newClient(t, vantage.Config{BaseURL: base, MaxRetries: 3})
	for range 3 {
		if _, err := patient.Clusters.List(ctx, nil); err != nil {
			t.Fatalf("a rate-limited call was not retried after Retry-After: %v", err)
		}
	}
	impatient := newClient(t, vantage.Config{BaseURL: base, MaxRetries: -1})
	var err error
	for range 3 {
		if _, err = impatient.Clusters.List(ctx, nil); err != nil {
			break
		}
	}
	rl, ok := err.(*errors.RateLimitError)
	if !ok || rl.RetryAfter < 1 || rl.RequestID == "" {
		t.Fatalf("want *errors.RateLimitError with RetryAfter, got %T %v", err, err)
	}
}

func TestContextCancelStopsAtOnce(t *testing.T) {
	// The server never answers; only the cancellation can end the call.
	release := make(chan struct{})
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer server.Close()
	defer close(release)
	client := vantage.NewClient(vantage.Config{APIKey: "k", BaseURL: server.URL, Timeout: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := client.Jobs.Get(ctx, "job-1"); done <- err }()
	cancel()
	err := <-done
	var conn *errors.APIConnectionError
	if !stderrors.As(err, &conn) || !stderrors.Is(err, context.Canceled) {
		t.Fatalf("want an *errors.APIConnectionError wrapping context.Canceled, got %T %v", err, err)
	}
}

func TestUnknownEnumsAndFieldsNeverFailARead(t *testing.T) {
	// A newer server: an unknown status and fields this SDK has never seen.
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"job-1","name":"n","status":"hibernating","cluster":"local","priority":0,
			"spec":{"command":["x"],"gpu_kind":"h100"},"labels":{},"created_at":"2024-01-01T00:00:00Z",
			"started_at":null,"finished_at":null,"exit_code":null,"status_reason":null,"carbon_grams":3}`)
	}))
	defer server.Close()
	job, err := vantage.NewClient(vantage.Config{APIKey: "k", BaseURL: server.URL}).Jobs.Get(testContext(t), "job-1")
	if err != nil || job.Status != "hibernating" {
		t.Fatalf("got %v, %v", job, err)
	}
}

// TestLogStreamResumesExactlyOnce follows a job through a proxy that cuts the stream after
// every two events: every line must arrive once, in order.
func TestLogStreamResumesExactlyOnce(t *testing.T) {
	client := newClient(t, vantage.Config{})
	ctx := testContext(t)
	job, err := client.Jobs.Submit(ctx, &vantage.JobTemplate{Name: "count", Spec: vantage.JobSpec{
		Command: []string{"sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10; do echo line-$i; done"}}})
	if err != nil {
		t.Fatal(err)
	}
	waitFinished(t, client, job.ID)
	target, _ := url.Parse(emulatorURL)
	var mu sync.Mutex
	connections := 0
	proxy := cuttingProxy(t, target, func(r *http.Request, w io.Writer, body io.Reader) bool {
		if !strings.HasSuffix(r.URL.Path, "/logs/stream") {
			_, _ = io.Copy(w, body)
			return false
		}
		mu.Lock()
		connections++
		mu.Unlock()
		buf := make([]byte, 1)
		events := 0
		var last byte
		comment, atStart := false, true
		for events < 2 { // pass two log events (keep-alive comments don't count), then hang up mid-stream
			n, err := body.Read(buf)
			if n == 0 {
				if err != nil {
					return false
				}
				continue
			}
			// A Read may return the last byte together with io.EOF: pass it on before stopping.
			_, _ = w.Write(buf)
			if err != nil {
				return false
			}
			if atStart {
				comment, atStart = buf[0] == ':', false
			}
			if buf[0] == '\n' && last == '\n' {
				if !comment {
					events++
				}
				atStart = true
			}
			last = buf[0]
		}
		return true
	})
	stream, err := newClient(t, vantage.Config{BaseURL: proxy.URL, MaxRetries: 3}).Jobs.LogsStream(ctx, job.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	var lines []string
	for line := range stream.Lines() {
		lines = append(lines, line)
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	want := "line-1 line-2 line-3 line-4 line-5 line-6 line-7 line-8 line-9 line-10"
	if strings.Join(lines, " ") != want || connections < 5 {
		t.Fatalf("got %q over %d connections", lines, connections)
	}
	if stream.End() == nil || stream.End().Status != vantage.JobStatusSucceeded {
		t.Fatalf("end event: %+v", stream.End())
	}
}

// cuttingProxy forwards requests to target; cut copies some of each response body and says
// whether to hang up there: a dropped connection, which a real server does not give on demand.
func cuttingProxy(t *testing.T, target *url.URL, cut func(r *http.Request, w io.Writer, body io.Reader) bool) *httptest.Server {
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		resp, err := http.DefaultTransport.RoundTrip(withHost(r, target))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		if cut(r, w, resp.Body) {
			w.(http.Flusher).Flush()
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
		}
	}))
	t.Cleanup(proxy.Close)
	return proxy
}

func withHost(r *http.Request, target *url.URL) *http.Request {
	out := r.Clone(r.Context())
	out.URL.Scheme, out.URL.Host, out.Host, out.RequestURI = target.Scheme, target.Host, target.Host, ""
	return out
}

func TestTimeoutBoundsEachAttempt(t *testing.T) {
	release := make(chan struct{})
	var attempts atomic.Int32
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		<-release
	}))
	defer server.Close()
	defer close(release)
	client := vantage.NewClient(vantage.Config{APIKey: "k", BaseURL: server.URL, Timeout: 50 * time.Millisecond, MaxRetries: 1})
	_, err := client.Clusters.List(testContext(t), nil)
	var timeout *errors.APITimeoutError
	if !stderrors.As(err, &timeout) || timeout.Attempts != 2 || attempts.Load() != 2 {
		t.Fatalf("want an *errors.APITimeoutError after 2 attempts, got %T %v (%d attempts)", err, err, attempts.Load())
	}
}

func TestTimeoutBoundsReadingTheBody(t *testing.T) {
	// The headers and the start of the body arrive at once; the rest never does.
	release := make(chan struct{})
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id": "job-1", `)
		w.(http.Flusher).Flush()
		<-release
	}))
	defer server.Close()
	defer close(release)
	client := vantage.NewClient(vantage.Config{APIKey: "k", BaseURL: server.URL, Timeout: 100 * time.Millisecond, MaxRetries: -1})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // a failure, not a hang, if Timeout does not end it
	defer cancel()
	_, err := client.Jobs.Get(ctx, "job-1")
	var timeout *errors.APITimeoutError
	if !stderrors.As(err, &timeout) || !strings.Contains(err.Error(), "Timeout") {
		t.Fatalf("want the *errors.APITimeoutError of the client's Timeout, got %T %v", err, err)
	}
}

func TestEveryAttemptCarriesTheClientHeaders(t *testing.T) {
	var mu sync.Mutex
	var seen []http.Header
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Clone())
		first := len(seen) == 1
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if first {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, `{"id": "job-1"}`)
	}))
	defer server.Close()
	client := vantage.NewClient(vantage.Config{APIKey: "k", BaseURL: server.URL, Organization: "org-7"})
	if _, err := client.Jobs.Get(testContext(t), "job-1"); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 {
		t.Fatalf("want 2 attempts, got %d", len(seen))
	}
	for i, header := range seen {
		want := map[string]string{"Authorization": "Bearer k", "User-Agent": "vantage-sdk-go/" + vantage.Version,
			"X-Vantage-Organization": "org-7", "X-Retry-Count": []string{"", "1"}[i]}
		for name, value := range want {
			if got := header.Values(name); (value == "" && len(got) != 0) || (value != "" && (len(got) != 1 || got[0] != value)) {
				t.Errorf("attempt %d: %s = %q, want %q", i+1, name, got, value)
			}
		}
	}
}

func TestAnEchoedKeyIsScrubbedFromErrors(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprintf(w, "<html>proxy error for %s</html>", r.Header.Get("Authorization"))
	}))
	defer server.Close()
	_, err := vantage.NewClient(vantage.Config{APIKey: "very-secret-key", BaseURL: server.URL, MaxRetries: -1}).Jobs.Get(testContext(t), "job-1")
	var serverErr *errors.ServerError
	if !stderrors.As(err, &serverErr) || strings.Contains(err.Error(), "very-secret-key") || !strings.Contains(err.Error(), "proxy error") {
		t.Fatalf("got %T %v", err, err)
	}
}
