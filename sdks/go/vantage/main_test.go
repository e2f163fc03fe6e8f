package vantage_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/omnivector-solutions/vantage-sdk-go/internal/emulator"
	"github.com/omnivector-solutions/vantage-sdk-go/vantage"
)

// The tests run against a real emulator (the Python package's `vantage-emulator`), started
// here on a free port with a fresh data directory.

const emulatorKey = "emulator-key"

var (
	repoRoot = filepath.Join("..", "..", "..")
	// emulatorURL is the shared emulator's base URL.
	emulatorURL string
)

func TestMain(m *testing.M) {
	os.Exit(runWithEmulator(m))
}

func runWithEmulator(m *testing.M) int {
	process, err := emulator.Start(emulator.Bin(repoRoot))
	if err != nil {
		fmt.Fprintln(os.Stderr, "vantage tests:", err)
		return 1
	}
	defer process.Stop()
	emulatorURL = process.URL
	// The seed's "custom configuration" client has no BaseURL: it reads the environment.
	os.Setenv("VANTAGE_BASE_URL", emulatorURL)
	os.Setenv("VANTAGE_API_KEY", emulatorKey)
	return m.Run()
}

// startExtraEmulator runs another emulator (for fault knobs) for the length of a test.
func startExtraEmulator(t *testing.T, flags ...string) string {
	t.Helper()
	p, err := emulator.Start(emulator.Bin(repoRoot), flags...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	return p.URL
}

// newClient returns a client on the shared emulator (or baseURL) whose every response is
// validated against the spec; a violation fails t.
func newClient(t *testing.T, cfg vantage.Config) *vantage.Client {
	t.Helper()
	if cfg.APIKey == "" {
		cfg.APIKey = emulatorKey
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = emulatorURL
	}
	cfg.HTTPClient = validatingHTTPClient(t)
	client := vantage.NewClient(cfg)
	client.Storage.JournalDir = t.TempDir() // upload journals stay out of the user's cache
	return client
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}
