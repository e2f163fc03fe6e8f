// Command bench measures the Go SDK against the emulator, side by side in one run:
//
//   - per-call overhead of Jobs.Get against a raw net/http + encoding/json loop to the same
//     endpoint (this process's CPU time per call, and wall time, interleaved rounds, medians);
//   - a 1 GiB upload and download against curl on loopback (wall time, interleaved rounds),
//     with this process's memory growth (peak RSS minus RSS before).
//
// Run from sdks/go: `go run ./bench` (make bench-go); -size and -rounds change the workload.
package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"syscall"
	"time"

	"github.com/omnivector-solutions/vantage-sdk-go/internal/emulator"
	"github.com/omnivector-solutions/vantage-sdk-go/vantage"
)

const apiKey = "emulator-key"

func main() {
	size := flag.Int64("size", 1<<30, "transfer size in bytes")
	calls := flag.Int("calls", 500, "Jobs.Get calls per round")
	rounds := flag.Int("rounds", 5, "interleaved rounds of Jobs.Get")
	transferRounds := flag.Int("transfer-rounds", 2, "interleaved rounds of each transfer")
	concurrency := flag.Int("concurrency", 0, "parts in flight (0: the SDK's default)")
	skipGet := flag.Bool("skip-get", false, "skip the Jobs.Get comparison")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the transfers to this file")
	flag.Parse()
	process, err := emulator.Start(emulator.Bin(filepath.Join("..", "..")))
	check(err)
	stopEmulator = process.Stop
	defer process.Stop()
	client := vantage.NewClient(vantage.Config{APIKey: apiKey, BaseURL: process.URL, MaxRetries: -1})
	client.Storage.Concurrency = *concurrency
	ctx := context.Background()
	job, err := client.Jobs.Submit(ctx, &vantage.JobTemplate{Name: "bench", Spec: vantage.JobSpec{Command: []string{"true"}}})
	check(err)

	fmt.Printf("Jobs.Get vs raw net/http + encoding/json, %d calls x %d interleaved rounds\n", *calls, *rounds)
	raw := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	url := process.URL + "/v1/jobs/" + job.ID
	var sdkCPU, rawCPU, sdkWall, rawWall []float64
	for range *rounds * boolToInt(!*skipGet) {
		cpu, wall := measure(*calls, func() {
			_, err := client.Jobs.Get(ctx, job.ID)
			check(err)
		})
		sdkCPU, sdkWall = append(sdkCPU, cpu), append(sdkWall, wall)
		cpu, wall = measure(*calls, func() { rawGet(raw, url) })
		rawCPU, rawWall = append(rawCPU, cpu), append(rawWall, wall)
	}
	if *skipGet {
		sdkCPU, rawCPU, sdkWall, rawWall = []float64{0}, []float64{1}, []float64{0}, []float64{1}
	}
	fmt.Printf("  client CPU per call: sdk %.1f us, raw %.1f us -> %.2fx\n", median(sdkCPU), median(rawCPU), median(sdkCPU)/median(rawCPU))
	fmt.Printf("  wall per call:       sdk %.1f us, raw %.1f us -> %.2fx\n", median(sdkWall), median(rawWall), median(sdkWall)/median(rawWall))

	dir, err := os.MkdirTemp("", "vantage-go-bench-")
	check(err)
	defer os.RemoveAll(dir)
	source := filepath.Join(dir, "source.bin")
	writeRandom(source, *size)
	rssBefore := currentRSS()
	if *cpuProfile != "" {
		out, err := os.Create(*cpuProfile)
		check(err)
		check(pprof.StartCPUProfile(out))
		defer pprof.StopCPUProfile()
	}
	fmt.Printf("\n%d MiB transfers vs curl, %d interleaved rounds (MiB/s, median)\n", *size>>20, *transferRounds)
	var sdkUp, curlUp, sdkDown, curlDown []float64
	var cpu [4][]float64 // CPU seconds of the client (this process, or curl) per transfer
	mib := float64(*size) / (1 << 20)
	for i := range *transferRounds {
		sdkUp = append(sdkUp, mib/timedCPU(&cpu[0], cpuTime, func() {
			check(client.Storage.Upload(ctx, source, fmt.Sprintf("/bench/sdk-%d.bin", i), nil))
		}))
		curlUp = append(curlUp, mib/timedCPU(&cpu[1], childCPUTime, func() {
			curl("-T", source, "-X", "PUT", process.URL+fmt.Sprintf("/v1/storage/content?path=/bench/curl-%d.bin", i))
		}))
		sdkDown = append(sdkDown, mib/timedCPU(&cpu[2], cpuTime, func() {
			check(client.Storage.Download(ctx, fmt.Sprintf("/bench/sdk-%d.bin", i), filepath.Join(dir, "sdk.out"), nil))
		}))
		curlDown = append(curlDown, mib/timedCPU(&cpu[3], childCPUTime, func() {
			curl("-o", filepath.Join(dir, "curl.out"), process.URL+fmt.Sprintf("/v1/storage/content?path=/bench/curl-%d.bin", i))
		}))
	}
	fmt.Printf("  upload:   sdk %.0f, curl %.0f -> %.2fx of curl (client CPU: sdk %.2f s, curl %.2f s)\n",
		median(sdkUp), median(curlUp), median(sdkUp)/median(curlUp), median(cpu[0]), median(cpu[1]))
	fmt.Printf("  download: sdk %.0f, curl %.0f -> %.2fx of curl (client CPU: sdk %.2f s, curl %.2f s)\n",
		median(sdkDown), median(curlDown), median(sdkDown)/median(curlDown), median(cpu[2]), median(cpu[3]))
	fmt.Printf("  memory growth (peak RSS - RSS before transfers): %.1f MiB\n", float64(peakRSS()-rssBefore)/(1<<20))
}

func boolToInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func rawGet(client *http.Client, url string) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	check(err)
	req.Header.Set("Authorization", "Bearer "+apiKey)
	resp, err := client.Do(req)
	check(err)
	defer resp.Body.Close()
	var job vantage.Job
	check(json.NewDecoder(resp.Body).Decode(&job))
	_, _ = io.Copy(io.Discard, resp.Body)
}

// measure returns this process's CPU time and the wall time per call, in microseconds.
func measure(calls int, call func()) (float64, float64) {
	runtime.GC()
	cpu0, wall0 := cpuTime(), time.Now()
	for range calls {
		call()
	}
	return float64(cpuTime()-cpu0) / float64(time.Microsecond) / float64(calls),
		float64(time.Since(wall0)) / float64(time.Microsecond) / float64(calls)
}

func cpuTime() time.Duration {
	var usage syscall.Rusage
	check(syscall.Getrusage(syscall.RUSAGE_SELF, &usage))
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}

func peakRSS() int64 {
	var usage syscall.Rusage
	check(syscall.Getrusage(syscall.RUSAGE_SELF, &usage))
	return usage.Maxrss * 1024
}

func currentRSS() int64 {
	raw, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return peakRSS()
	}
	var pages, resident int64
	_, _ = fmt.Sscan(string(raw), &pages, &resident)
	return resident * int64(os.Getpagesize())
}

// timedCPU runs run, appends the CPU seconds clock measured to cpu, and returns the wall seconds.
func timedCPU(cpu *[]float64, clock func() time.Duration, run func()) float64 {
	before := clock()
	seconds := timed(run)
	*cpu = append(*cpu, (clock() - before).Seconds())
	return seconds
}

func childCPUTime() time.Duration {
	var usage syscall.Rusage
	check(syscall.Getrusage(syscall.RUSAGE_CHILDREN, &usage))
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}

func timed(run func()) float64 {
	start := time.Now()
	run()
	return time.Since(start).Seconds()
}

func curl(args ...string) {
	cmd := exec.Command("curl", append([]string{"-sS", "--fail", "-H", "Authorization: Bearer " + apiKey, "-H", "Content-Type: application/octet-stream"}, args...)...)
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	check(cmd.Run())
}

func writeRandom(path string, size int64) {
	f, err := os.Create(path)
	check(err)
	defer f.Close()
	_, err = io.CopyN(f, rand.Reader, size)
	check(err)
}

func median(values []float64) float64 {
	sorted := append([]float64(nil), values...)
	sort.Float64s(sorted)
	return sorted[len(sorted)/2]
}

// stopEmulator stops the emulator before a failure exits the program.
var stopEmulator = func() {}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		stopEmulator()
		os.Exit(1)
	}
}
