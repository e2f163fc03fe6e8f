package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"time"

	"github.com/omnivector-solutions/vantage-sdk-go/vantage"
)

// getSettings is the shape of the Jobs.Get comparison.
type getSettings struct {
	calls, rounds, warmup int
	cpuProfile            string // a CPU profile of the measured rounds (both contenders)
}

// contender is one side of the comparison: a name and one call.
type contender struct {
	name string
	call func()
}

// getRound is one contender's round: per-call figures.
type getRound struct {
	cpu, wall      float64 // microseconds per call
	allocs, bytes  float64 // heap allocations and bytes per call
	gcPer1000Calls float64
}

// compareGet measures Jobs.Get against a raw net/http + encoding/json GET of the same URL. Both
// run in this process with the same GC settings, the same warm-up and the same rounds: each round
// runs both contenders back to back (which goes first alternates), each after a runtime.GC(),
// so a round's SDK/raw ratio shares that round's load.
func compareGet(ctx context.Context, client *vantage.Client, jobID, url string, s getSettings) {
	raw := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	sides := [2]contender{
		{"sdk", func() {
			_, err := client.Jobs.Get(ctx, jobID)
			check(err)
		}},
		{"raw", func() { rawGet(raw, url) }},
	}
	fmt.Printf("Jobs.Get vs raw net/http + encoding/json GET of the same URL: %d calls x %d interleaved rounds,\n", s.calls, s.rounds)
	fmt.Printf("  after %d warm-up calls each; GOMAXPROCS %d, GOGC %s, %s (load average before: %s)\n",
		s.warmup, runtime.GOMAXPROCS(0), gogc(), runtime.Version(), loadAverage())
	fmt.Println("  client CPU = this process's user+system CPU time (getrusage) over a round / calls: net/http's")
	fmt.Println("  goroutines and the GC included, the emulator (a child process) not")
	for _, side := range sides {
		for range s.warmup {
			side.call()
		}
	}
	if s.cpuProfile != "" {
		out, err := os.Create(s.cpuProfile)
		check(err)
		check(pprof.StartCPUProfile(out))
		defer func() { pprof.StopCPUProfile(); check(out.Close()) }()
	}
	var results [2][]getRound
	for round := range s.rounds {
		first := round % 2 // the SDK goes first in even rounds, raw in odd ones
		for _, i := range []int{first, 1 - first} {
			results[i] = append(results[i], measureRound(s.calls, sides[i].call))
		}
	}
	pick := func(side int, field func(getRound) float64) []float64 {
		values := make([]float64, 0, len(results[side]))
		for _, r := range results[side] {
			values = append(values, field(r))
		}
		return values
	}
	ratios := func(field func(getRound) float64) []float64 {
		sdk, raw := pick(0, field), pick(1, field)
		out := make([]float64, len(sdk))
		for i := range sdk {
			out[i] = sdk[i] / raw[i]
		}
		return out
	}
	cpu := func(r getRound) float64 { return r.cpu }
	wall := func(r getRound) float64 { return r.wall }
	fmt.Printf("  client CPU per call: sdk %s us, raw %s us (median [quartiles])\n", spread(pick(0, cpu)), spread(pick(1, cpu)))
	fmt.Printf("    sdk/raw per round: %s x; each round: %s\n", spread(ratios(cpu)), list(ratios(cpu)))
	fmt.Printf("  wall per call:       sdk %s us, raw %s us\n", spread(pick(0, wall)), spread(pick(1, wall)))
	fmt.Printf("    sdk/raw per round: %s x\n", spread(ratios(wall)))
	for i, side := range sides {
		fmt.Printf("  %s: %.1f heap allocations, %.0f bytes, %.2f GC cycles per 1000 calls (medians of the rounds; allocations do not move with load)\n",
			side.name, median(pick(i, func(r getRound) float64 { return r.allocs })),
			median(pick(i, func(r getRound) float64 { return r.bytes })),
			median(pick(i, func(r getRound) float64 { return r.gcPer1000Calls })))
	}
	fmt.Printf("  load average after: %s\n", loadAverage())
}

// measureRound runs calls calls after a runtime.GC().
func measureRound(calls int, call func()) getRound {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	cpu0, wall0 := cpuTime(), time.Now()
	for range calls {
		call()
	}
	cpu, wall := cpuTime()-cpu0, time.Since(wall0)
	runtime.ReadMemStats(&after)
	n := float64(calls)
	return getRound{
		cpu:            float64(cpu) / float64(time.Microsecond) / n,
		wall:           float64(wall) / float64(time.Microsecond) / n,
		allocs:         float64(after.Mallocs-before.Mallocs) / n,
		bytes:          float64(after.TotalAlloc-before.TotalAlloc) / n,
		gcPer1000Calls: float64(after.NumGC-before.NumGC) * 1000 / n,
	}
}

// rawGet is the baseline: one GET as a user of net/http would write it, decoded into the same
// model, the body read to its end so the connection is reused.
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

// spread is "median [first quartile - third quartile]".
func spread(values []float64) string {
	sorted := append([]float64(nil), values...)
	sort.Float64s(sorted)
	quartile := func(q float64) float64 { // linear interpolation between the nearest ranks
		at := q * float64(len(sorted)-1)
		low := int(at)
		if low+1 >= len(sorted) {
			return sorted[low]
		}
		return sorted[low] + (at-float64(low))*(sorted[low+1]-sorted[low])
	}
	return fmt.Sprintf("%.2f [%.2f-%.2f]", median(values), quartile(0.25), quartile(0.75))
}

func list(values []float64) string {
	out := ""
	for i, v := range values {
		if i > 0 {
			out += " "
		}
		out += fmt.Sprintf("%.2f", v)
	}
	return out
}

// gogc is the GC target percentage in effect (GOGC, or 100).
func gogc() string {
	percent := debug.SetGCPercent(100)
	debug.SetGCPercent(percent)
	if percent < 0 {
		return "off"
	}
	return fmt.Sprint(percent)
}
