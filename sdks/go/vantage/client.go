// Package vantage is the Go SDK for the Vantage job platform API: submit and follow jobs,
// manage clusters and move files in and out of storage.
//
//	client := vantage.NewClient(vantage.Config{APIKey: "your-api-key"})
//	job, err := client.Jobs.Get(ctx, "job-12345")
//
// Every method takes a context first; cancelling it stops the call at once. Calls are
// retried with exponential backoff (or the server's Retry-After) after a connection error,
// a 408, 429 or 5xx; every POST carries an Idempotency-Key that its retries repeat, so the
// server acts once. Failures are the pointer types of the [errors] sub-package.
//
// The low-level operations are generated from the API's OpenAPI contract into an internal
// package; this package is the hand-written layer over them.
package vantage

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/omnivector-solutions/vantage-sdk-go/internal/api"
)

// Version is this SDK's version, sent in the User-Agent header.
const Version = "0.1.0"

// DefaultBaseURL is the production API.
const DefaultBaseURL = "https://api.vantage.omnivector.solutions"

const (
	defaultTimeout    = 60 * time.Second
	defaultMaxRetries = 2
)

// Config configures a Client. Empty fields fall back to the environment variables
// VANTAGE_API_KEY, VANTAGE_BASE_URL and VANTAGE_ORGANIZATION, then to the defaults.
type Config struct {
	// APIKey is the organization's API key (sent as a bearer token; never logged).
	APIKey string
	// BaseURL is the API's address; default DefaultBaseURL.
	BaseURL string
	// Organization selects one of several organizations the key belongs to.
	Organization string
	// Timeout bounds each attempt of a call (for streamed bodies: until the response
	// headers arrive); default 60s. The context bounds the whole call.
	Timeout time.Duration
	// MaxRetries is how many times a failed attempt is repeated; 0 means the default (2),
	// a negative number means never.
	MaxRetries int
	// Debug logs each request's method, path, status, attempt and duration to stderr
	// (or to Logger). The API key is never logged.
	Debug bool
	// Logger receives the Debug log; default a text handler on stderr.
	Logger *slog.Logger
	// HTTPClient sends the requests; default a client with its own connection pool.
	// Its Timeout, if any, applies in addition to Timeout.
	HTTPClient *http.Client
}

// Client is a Vantage API client. It is safe for concurrent use.
type Client struct {
	// Jobs submits, lists, follows and cancels jobs.
	Jobs *JobsService
	// Clusters lists, describes and scales clusters.
	Clusters *ClustersService
	// Storage lists, uploads, downloads and deletes files.
	Storage *StorageService

	core *core
}

// NewClient returns a client for cfg. A configuration problem (no API key, a malformed
// BaseURL) is returned as a *errors.ValidationError by every call, before any request.
//
//	client := vantage.NewClient(vantage.Config{
//	    APIKey:  "your-api-key",
//	    Timeout: time.Minute,
//	})
func NewClient(cfg Config) *Client {
	c := &Client{core: newCore(cfg)}
	c.Jobs = &JobsService{core: c.core}
	c.Clusters = &ClustersService{core: c.core}
	c.Storage = &StorageService{core: c.core}
	return c
}

// String describes the client without its API key.
func (c *Client) String() string {
	return fmt.Sprintf("vantage.Client{BaseURL: %q, Organization: %q, APIKey: <redacted>}", c.core.baseURL, c.core.organization)
}

// core is what every service shares: settings, the generated client and the retry runner.
type core struct {
	apiKey       string
	baseURL      string
	organization string
	timeout      time.Duration
	maxRetries   int
	http         *http.Client
	api          *api.Client
	logger       *slog.Logger // nil unless Debug
	configErr    error
	retry        retryPolicy
	// Built once per client, so a call's first attempt adds its headers without allocating.
	authorization       string // "Bearer " + apiKey
	firstAttemptHeaders api.RequestEditorFn
}

func newCore(cfg Config) *core {
	c := &core{
		apiKey:       strings.TrimSpace(firstNonEmpty(cfg.APIKey, os.Getenv("VANTAGE_API_KEY"))),
		baseURL:      strings.TrimRight(strings.TrimSpace(firstNonEmpty(cfg.BaseURL, os.Getenv("VANTAGE_BASE_URL"), DefaultBaseURL)), "/"),
		organization: strings.TrimSpace(firstNonEmpty(cfg.Organization, os.Getenv("VANTAGE_ORGANIZATION"))),
		timeout:      cfg.Timeout,
		maxRetries:   cfg.MaxRetries,
		http:         cfg.HTTPClient,
		retry:        defaultRetryPolicy(),
	}
	if c.timeout <= 0 {
		c.timeout = defaultTimeout
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = defaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.http == nil {
		transport := http.DefaultTransport.(*http.Transport).Clone()
		transport.MaxIdleConnsPerHost = 32
		// Larger socket buffers: fewer system calls per byte for multi-megabyte parts and downloads.
		transport.WriteBufferSize, transport.ReadBufferSize = 256<<10, 256<<10
		c.http = &http.Client{Transport: transport}
	}
	if cfg.Debug {
		c.logger = cfg.Logger
		if c.logger == nil {
			c.logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
		}
	}
	c.authorization = "Bearer " + c.apiKey
	c.firstAttemptHeaders = func(_ context.Context, req *http.Request) error { return c.setHeaders(req, 0) }
	c.configErr = c.check()
	if c.configErr == nil {
		// The generated client only fails on a malformed server URL, which check() refused.
		c.api, c.configErr = api.NewClient(c.baseURL, api.WithHTTPClient(c.http))
	}
	return c
}

func (c *core) check() error {
	if c.apiKey == "" {
		return fieldError("APIKey", "is required (set Config.APIKey or VANTAGE_API_KEY)")
	}
	if strings.ContainsAny(c.apiKey, "\r\n") {
		return fieldError("APIKey", "must be one line")
	}
	u, err := url.Parse(c.baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fieldError("BaseURL", fmt.Sprintf("must be an http(s) URL such as %s, got %q", DefaultBaseURL, c.baseURL))
	}
	if u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(c.baseURL, "?") || strings.HasSuffix(c.baseURL, "#") {
		// Each operation's path is appended to BaseURL as written.
		return fieldError("BaseURL", fmt.Sprintf("must have no query or fragment, got %q", c.baseURL))
	}
	return nil
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// debugf logs when Config.Debug is set.
func (c *core) debug(msg string, args ...any) {
	if c.logger != nil {
		c.logger.Debug(msg, args...)
	}
}

// drain reads a little of a body before closing it, so its connection can be reused.
func drain(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 64<<10)
	_ = body.Close()
}
