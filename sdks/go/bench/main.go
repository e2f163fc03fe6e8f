// Command bench measures the Go SDK against the emulator, side by side in one run:
//
//   - per-call overhead of Jobs.Get against a raw net/http + encoding/json loop to the same
//     endpoint (this process's CPU time per call, and wall time, interleaved rounds, medians);
//   - a 1 GiB upload and download against curl on loopback (interleaved rounds: the median of
//     each round's throughput ratio, the client's and the emulator's CPU seconds per GiB), with
//     this process's memory growth (peak RSS minus RSS before).
//
// Run from sdks/go: `go run ./bench` (make bench-go); -size and -rounds change the workload.
package main

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/omnivector-solutions/vantage-sdk-go/internal/emulator"
	"github.com/omnivector-solutions/vantage-sdk-go/vantage"
)

const apiKey = "emulator-key"

// backMemoryEnv, when set, makes this program a helper that touches that many GiB of memory and exits.
const backMemoryEnv = "VANTAGE_BENCH_BACK_MEMORY_GIB"

// backMemoryGiB is the -back-memory-gib flag.
var backMemoryGiB float64

func main() {
	if spec := os.Getenv(countEnv); spec != "" {
		runCountChild(spec)
		return
	}
	if value := os.Getenv(backMemoryEnv); value != "" {
		gib, err := strconv.ParseFloat(value, 64)
		check(err)
		touchMemory(gib)
		return
	}
	flag.Float64Var(&backMemoryGiB, "back-memory-gib", 4, "GiB of memory touched and released (in a child process) before each transfer; 0 turns it off")
	size := flag.Int64("size", 1<<30, "transfer size in bytes")
	calls := flag.Int("calls", 1000, "Jobs.Get calls of each contender per round")
	rounds := flag.Int("rounds", 31, "interleaved rounds of Jobs.Get")
	warmup := flag.Int("warmup", 500, "unmeasured Jobs.Get calls of each contender before the rounds")
	getProfile := flag.String("get-cpuprofile", "", "write a CPU profile of the Jobs.Get rounds (both contenders) to this file")
	transferRounds := flag.Int("transfer-rounds", 2, "interleaved rounds of each transfer")
	concurrency := flag.Int("concurrency", 0, "parts in flight (0: the SDK's default)")
	partSize := flag.Int64("part-size", 0, "upload part size in bytes (0: the SDK's default)")
	threshold := flag.Int64("threshold", 0, "size from which uploads use a session (0: the SDK's default)")
	skipGet := flag.Bool("skip-get", false, "skip the Jobs.Get comparison")
	instructions := flag.Bool("instructions", false, "also count instructions per Jobs.Get and raw GET under valgrind's callgrind")
	instructionRounds := flag.Int("instruction-rounds", 3, "rounds of the instruction count")
	skipTransfers := flag.Bool("skip-transfers", false, "skip the transfer comparisons")
	skipDownload := flag.Bool("skip-download", false, "skip the download comparison")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the transfers to this file")
	flag.Parse()
	process, err := emulator.Start(emulator.Bin(filepath.Join("..", "..")))
	check(err)
	stopEmulator = process.Stop
	defer process.Stop()
	client := vantage.NewClient(vantage.Config{APIKey: apiKey, BaseURL: process.URL, MaxRetries: -1})
	client.Storage.Concurrency = *concurrency
	client.Storage.PartSize = *partSize
	client.Storage.MultipartThreshold = *threshold
	ctx := context.Background()
	job, err := client.Jobs.Submit(ctx, &vantage.JobTemplate{Name: "bench", Spec: vantage.JobSpec{Command: []string{"true"}}})
	check(err)

	if !*skipGet {
		compareGet(ctx, client, job.ID, process.URL+"/v1/jobs/"+job.ID,
			getSettings{calls: *calls, rounds: *rounds, warmup: *warmup, cpuProfile: *getProfile})
		if *instructions {
			compareInstructions(process.URL, job.ID, *calls, *instructionRounds)
		}
	}
	if *skipTransfers {
		return
	}

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
	fmt.Printf("\n%d MiB transfers vs curl, %d interleaved rounds (load average before: %s)\n", *size>>20, *transferRounds, loadAverage())
	var upload, download [2][]sample // [0] the SDK, [1] curl
	for i := range *transferRounds {
		upload[0] = append(upload[0], run(process, cpuTime, func() {
			check(client.Storage.Upload(ctx, source, fmt.Sprintf("/bench/sdk-%d.bin", i), nil))
		}))
		upload[1] = append(upload[1], run(process, childCPUTime, func() {
			curl("-T", source, "-X", "PUT", process.URL+fmt.Sprintf("/v1/storage/content?path=/bench/curl-%d.bin", i))
		}))
		if *skipDownload {
			continue
		}
		download[0] = append(download[0], run(process, cpuTime, func() {
			check(client.Storage.Download(ctx, fmt.Sprintf("/bench/sdk-%d.bin", i), filepath.Join(dir, "sdk.out"), nil))
		}))
		download[1] = append(download[1], run(process, childCPUTime, func() {
			curl("-o", filepath.Join(dir, "curl.out"), process.URL+fmt.Sprintf("/v1/storage/content?path=/bench/curl-%d.bin", i))
		}))
	}
	gib := float64(*size) / (1 << 30)
	report("upload", upload, gib)
	if !*skipDownload {
		report("download", download, gib)
	}
	fmt.Printf("  memory growth (peak RSS - RSS before transfers): %.1f MiB\n", float64(peakRSS()-rssBefore)/(1<<20))
	fmt.Printf("  load average after: %s\n", loadAverage())
}

// sample is one transfer: wall seconds, and CPU seconds of the client and of the emulator.
type sample struct{ wall, client, server float64 }

// run times one transfer; clock reads the client's CPU time (this process, or curl's).
func run(process *emulator.Process, clock func() time.Duration, transfer func()) sample {
	backFreeMemory(backMemoryGiB)
	client0, server0, wall0 := clock(), process.CPU(), time.Now()
	transfer()
	return sample{time.Since(wall0).Seconds(), (clock() - client0).Seconds(), (process.CPU() - server0).Seconds()}
}

// backFreeMemory touches gib GiB of memory in a child process, which then exits, so the transfer
// that follows writes its page cache into memory the VM already backs. On the 2-core VM these
// figures come from, writing into page cache the guest has not used before costs about 3 s of
// kernel CPU per GiB (dd included) against 0.22 s for pages used and freed, and which contender
// met such pages depended on what ran before it. A child, because the memory-growth figure reads
// this process's peak RSS.
func backFreeMemory(gib float64) {
	if gib <= 0 {
		return
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%g", backMemoryEnv, gib))
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	check(cmd.Run())
}

func touchMemory(gib float64) {
	size := int(gib * (1 << 30))
	memory, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	check(err)
	for i := 0; i < size; i += 4096 {
		memory[i] = 1
	}
	check(syscall.Munmap(memory))
}

// report prints the SDK's throughput as a share of curl's: the median of each round's ratio
// (the SDK and curl ran back to back, so a round's ratio shares its load), then each round's
// ratio, then CPU seconds per GiB of the client and of the emulator (medians).
func report(name string, runs [2][]sample, gib float64) {
	var ratios []float64
	rounds := ""
	for i := range runs[0] {
		ratios = append(ratios, runs[1][i].wall/runs[0][i].wall)
		rounds += fmt.Sprintf(" %.2f", ratios[i])
	}
	pick := func(kind int, field func(sample) float64) float64 {
		var values []float64
		for _, s := range runs[kind] {
			values = append(values, field(s))
		}
		return median(values)
	}
	wall := func(s sample) float64 { return s.wall }
	fmt.Printf("  %-8s  %.2fx of curl (median of rounds:%s); sdk %.0f MiB/s, curl %.0f MiB/s\n",
		name+":", median(ratios), rounds, gib*1024/pick(0, wall), gib*1024/pick(1, wall))
	fmt.Printf("            CPU s/GiB: client sdk %.2f, curl %.2f; emulator under sdk %.2f, under curl %.2f\n",
		pick(0, func(s sample) float64 { return s.client })/gib, pick(1, func(s sample) float64 { return s.client })/gib,
		pick(0, func(s sample) float64 { return s.server })/gib, pick(1, func(s sample) float64 { return s.server })/gib)
}

// loadAverage is the 1, 5 and 15 minute load averages, from /proc/loadavg.
func loadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(raw))[:3], " ")
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

func childCPUTime() time.Duration {
	var usage syscall.Rusage
	check(syscall.Getrusage(syscall.RUSAGE_CHILDREN, &usage))
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
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
	middle := len(sorted) / 2
	if len(sorted)%2 == 0 {
		return (sorted[middle-1] + sorted[middle]) / 2
	}
	return sorted[middle]
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
