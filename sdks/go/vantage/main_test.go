package vantage_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/omnivector-solutions/vantage-sdk-go/vantage"
)

// The tests run against a real emulator (the Python package's `vantage-emulator`), started
// here on a free port with a fresh data directory.

const emulatorKey = "emulator-key"

var (
	repoRoot = filepath.Join("..", "..", "..")
	listen   = regexp.MustCompile(`Vantage emulator listening on (http://\S+)`)
	// emulatorURL is the shared emulator's base URL.
	emulatorURL string
)

func TestMain(m *testing.M) {
	os.Exit(runWithEmulator(m))
}

func runWithEmulator(m *testing.M) int {
	emulator, err := startEmulator()
	if err != nil {
		fmt.Fprintln(os.Stderr, "vantage tests:", err)
		return 1
	}
	defer emulator.stop()
	emulatorURL = emulator.url
	// The seed's "custom configuration" client has no BaseURL: it reads the environment.
	os.Setenv("VANTAGE_BASE_URL", emulatorURL)
	os.Setenv("VANTAGE_API_KEY", emulatorKey)
	return m.Run()
}

type emulatorProcess struct {
	url     string
	cmd     *exec.Cmd
	dataDir string
}

func emulatorBin() string {
	if bin := os.Getenv("VANTAGE_EMULATOR_BIN"); bin != "" {
		return bin
	}
	return filepath.Join(repoRoot, ".venv", "bin", "vantage-emulator")
}

// startEmulator runs `vantage-emulator --port 0` with extra flags and waits for its address.
func startEmulator(flags ...string) (*emulatorProcess, error) {
	dataDir, err := os.MkdirTemp("", "vantage-go-emulator-")
	if err != nil {
		return nil, err
	}
	bin := emulatorBin()
	cmd := exec.Command(bin, append([]string{"--port", "0", "--data-dir", dataDir}, flags...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("cannot start the emulator %s (run `make venv`, or set VANTAGE_EMULATOR_BIN): %w", bin, err)
	}
	found := make(chan string, 1)
	go func() {
		scanner := bufio.NewScanner(stdout)
		sent := false
		for scanner.Scan() {
			if m := listen.FindStringSubmatch(scanner.Text()); m != nil && !sent {
				found <- m[1]
				sent = true
			}
		}
		if !sent {
			close(found)
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	process := &emulatorProcess{cmd: cmd, dataDir: dataDir}
	select {
	case url, ok := <-found:
		if !ok {
			process.stop()
			return nil, fmt.Errorf("the emulator exited without printing its address")
		}
		process.url = strings.TrimRight(url, "/")
		return process, nil
	case <-time.After(60 * time.Second):
		process.stop()
		return nil, fmt.Errorf("the emulator did not print its address within 60s")
	}
}

func (p *emulatorProcess) stop() {
	if p.cmd.Process != nil {
		_ = p.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = p.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = p.cmd.Process.Kill()
			<-done
		}
	}
	_ = os.RemoveAll(p.dataDir)
}

// startExtraEmulator runs another emulator (for fault knobs) for the length of a test.
func startExtraEmulator(t *testing.T, flags ...string) string {
	t.Helper()
	p, err := startEmulator(flags...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.stop)
	return p.url
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
	return vantage.NewClient(cfg)
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}
