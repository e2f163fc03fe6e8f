package vantage_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/omnivector-solutions/vantage-sdk-go/vantage"
)

// Every response the SDK receives in these tests goes through specCheckingTransport, which
// validates its status, headers and (unless streamed) body against openapi/vantage.yaml.

const routeHost = "http://vantage.test"

var (
	specOnce   sync.Once
	specRouter routers.Router
	specErr    error
)

func loadSpecRouter() (routers.Router, error) {
	specOnce.Do(func() {
		openapi3filter.RegisterBodyDecoder("application/problem+json", openapi3filter.JSONBodyDecoder)
		path := os.Getenv("VANTAGE_SPEC")
		if path == "" {
			path = filepath.Join(repoRoot, "openapi", "vantage.yaml")
		}
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromFile(path)
		if err != nil {
			specErr = err
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			specErr = err
			return
		}
		doc.Servers = openapi3.Servers{{URL: routeHost}} // route by path, whatever port the emulator has
		specRouter, specErr = legacy.NewRouter(doc)
	})
	return specRouter, specErr
}

// reporter is the part of testing.T the transport needs (a fake one sees a violation).
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
}

type specCheckingTransport struct {
	next   http.RoundTripper
	report reporter
}

func validatingHTTPClient(t reporter) *http.Client {
	return &http.Client{Transport: &specCheckingTransport{next: http.DefaultTransport, report: t}}
}

func (s *specCheckingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := s.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	if problem := checkResponse(req, resp); problem != "" {
		s.report.Helper()
		s.report.Errorf("response violates the spec: %s %s -> %d: %s", req.Method, req.URL.Path, resp.StatusCode, problem)
	}
	return resp, nil
}

// checkResponse validates resp, replacing its body with the bytes read; "" means valid.
func checkResponse(req *http.Request, resp *http.Response) string {
	router, err := loadSpecRouter()
	if err != nil {
		return "cannot load the spec: " + err.Error()
	}
	routed := req.Clone(req.Context())
	routed.URL.Scheme, routed.URL.Host = "http", "vantage.test"
	routed.Host = "vantage.test"
	route, pathParams, err := router.FindRoute(routed)
	if err != nil {
		return "no such operation in the spec: " + err.Error()
	}
	mediaType := strings.TrimSpace(strings.Split(resp.Header.Get("Content-Type"), ";")[0])
	streamed := mediaType == "text/event-stream" || mediaType == "application/octet-stream"
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: routed, PathParams: pathParams, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status: resp.StatusCode,
		Header: resp.Header,
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			ExcludeResponseBody:   streamed,
			MultiError:            true,
		},
	}
	if !streamed {
		raw, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(raw))
		if err != nil {
			return "" // a broken connection is the SDK's to report, not a contract violation
		}
		input.SetBodyBytes(raw)
	}
	if err := openapi3filter.ValidateResponse(req.Context(), input); err != nil {
		return err.Error()
	}
	return ""
}

// fakeReporter records violations instead of failing a test.
type fakeReporter struct {
	mu     sync.Mutex
	errors []string
}

func (f *fakeReporter) Helper() {}
func (f *fakeReporter) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

// TestSpecValidationCatchesAViolation serves a job without its required fields: the
// validating transport must report it (while the SDK itself still reads what it can).
func TestSpecValidationCatchesAViolation(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-ID", "req-1")
		fmt.Fprint(w, `{"id": "job-1", "status": "running"}`)
	}))
	defer server.Close()
	fake := &fakeReporter{}
	client := vantage.NewClient(vantage.Config{APIKey: "k", BaseURL: server.URL, HTTPClient: validatingHTTPClient(fake)})
	if _, err := client.Jobs.Get(testContext(t), "job-1"); err != nil {
		t.Fatalf("Get: %v", err)
	}
	if len(fake.errors) != 1 || !strings.Contains(fake.errors[0], "required") {
		t.Fatalf("the violation was not reported: %q", fake.errors)
	}
}

// TestSpecValidationPassesAConformingResponse guards against a validator that reports everything.
func TestSpecValidationPassesAConformingResponse(t *testing.T) {
	fake := &fakeReporter{}
	client := vantage.NewClient(vantage.Config{APIKey: emulatorKey, BaseURL: emulatorURL, HTTPClient: validatingHTTPClient(fake)})
	if _, err := client.Clusters.List(testContext(t), nil); err != nil {
		t.Fatal(err)
	}
	if len(fake.errors) != 0 {
		t.Fatalf("a conforming response was reported: %q", fake.errors)
	}
}
