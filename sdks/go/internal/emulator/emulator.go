// Package emulator starts the Python package's `vantage-emulator` for tests and benchmarks.
package emulator

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var listen = regexp.MustCompile(`Vantage emulator listening on (http://\S+)`)

// Process is a running emulator with its own data directory.
type Process struct {
	URL     string
	cmd     *exec.Cmd
	dataDir string
}

// Bin is VANTAGE_EMULATOR_BIN, else .venv/bin/vantage-emulator under repoRoot.
func Bin(repoRoot string) string {
	if bin := os.Getenv("VANTAGE_EMULATOR_BIN"); bin != "" {
		return bin
	}
	return filepath.Join(repoRoot, ".venv", "bin", "vantage-emulator")
}

// Start runs `vantage-emulator --port 0 --data-dir <fresh temp dir> flags...` and waits for
// the address it prints.
func Start(bin string, flags ...string) (*Process, error) {
	dataDir, err := os.MkdirTemp("", "vantage-go-emulator-")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, append([]string{"--port", "0", "--data-dir", dataDir}, flags...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		_ = os.RemoveAll(dataDir)
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
	p := &Process{cmd: cmd, dataDir: dataDir}
	select {
	case url, ok := <-found:
		if !ok {
			p.Stop()
			return nil, fmt.Errorf("the emulator exited without printing its address")
		}
		p.URL = strings.TrimRight(url, "/")
		return p, nil
	case <-time.After(60 * time.Second):
		p.Stop()
		return nil, fmt.Errorf("the emulator did not print its address within 60s")
	}
}

// CPU is the CPU time (user + system, all threads) the emulator has used so far, from
// /proc/<pid>/stat; zero where that file cannot be read.
func (p *Process) CPU() time.Duration {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses and may hold spaces.
	fields := strings.Fields(string(raw[bytes.LastIndexByte(raw, ')')+1:]))
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat times: 100 on every Linux port.
const clockTicks = 100

// Stop interrupts the emulator (killing it after 10s) and removes its data directory.
func (p *Process) Stop() {
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
