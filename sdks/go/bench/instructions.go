package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"

	"github.com/omnivector-solutions/vantage-sdk-go/vantage"
)

// countEnv, when set to "<sdk|raw> <calls> <base URL> <job id>", makes this program a child that
// makes those calls under callgrind and exits.
const countEnv = "VANTAGE_BENCH_COUNT_CALLS"

// countWarmup is how many calls of each contender every child makes first, whichever it counts.
const countWarmup = 20

var collected = regexp.MustCompile(`Collected : (\d+)`)

// compareInstructions counts the instructions this program executes per Jobs.Get and per raw GET
// under valgrind's callgrind, which, unlike CPU time, does not move with the machine's load. Each
// count is a child process: the same warm-up (both contenders, one connection each), then calls of
// one contender; a child with the warm-up alone is the baseline subtracted from both.
func compareInstructions(baseURL, jobID string, calls, rounds int) {
	fmt.Printf("\nInstructions per call under callgrind, the client process alone (GODEBUG=asyncpreemptoff=1, which callgrind needs):\n")
	if _, err := exec.LookPath("valgrind"); err != nil {
		fmt.Println("  skipped: valgrind is not on PATH")
		return
	}
	fmt.Printf("  %d calls per child after %d warm-up calls of each contender; %d rounds (baseline, sdk, raw)\n", calls, countWarmup, rounds)
	var sdk, raw, ratios []float64
	for round := range rounds {
		base := countChild("sdk", 0, baseURL, jobID)
		order := []string{"sdk", "raw"}
		if round%2 == 1 {
			order = []string{"raw", "sdk"}
		}
		per := map[string]float64{}
		for _, side := range order {
			per[side] = (countChild(side, calls, baseURL, jobID) - base) / float64(calls)
		}
		sdk, raw = append(sdk, per["sdk"]), append(raw, per["raw"])
		ratios = append(ratios, per["sdk"]/per["raw"])
	}
	fmt.Printf("  sdk %.0f, raw %.0f instructions per call (medians) -> %.3fx; each round: %s\n",
		median(sdk), median(raw), median(ratios), list(ratios))
}

// countChild runs this program as a counting child under callgrind and returns its instruction count.
func countChild(side string, calls int, baseURL, jobID string) float64 {
	cmd := exec.Command("valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", os.Args[0])
	cmd.Env = append(os.Environ(), "GODEBUG=asyncpreemptoff=1",
		fmt.Sprintf("%s=%s %d %s %s", countEnv, side, calls, baseURL, jobID))
	out, err := cmd.CombinedOutput()
	match := collected.FindSubmatch(out)
	if err != nil || match == nil {
		check(fmt.Errorf("callgrind child (%s, %d calls): %v\n%s", side, calls, err, out))
	}
	count, err := strconv.ParseFloat(string(match[1]), 64)
	check(err)
	return count
}

// runCountChild is the child's side of countChild.
func runCountChild(spec string) {
	fields := strings.Fields(spec)
	if len(fields) != 4 {
		check(fmt.Errorf("%s: want \"<sdk|raw> <calls> <base URL> <job id>\", got %q", countEnv, spec))
	}
	calls, err := strconv.Atoi(fields[1])
	check(err)
	baseURL, jobID := fields[2], fields[3]
	ctx := context.Background()
	client := vantage.NewClient(vantage.Config{APIKey: apiKey, BaseURL: baseURL, MaxRetries: -1})
	rawClient := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	sides := map[string]func(){
		"sdk": func() {
			_, err := client.Jobs.Get(ctx, jobID)
			check(err)
		},
		"raw": func() { rawGet(rawClient, baseURL+"/v1/jobs/"+jobID) },
	}
	call, ok := sides[fields[0]]
	if !ok {
		check(fmt.Errorf("%s: unknown contender %q", countEnv, fields[0]))
	}
	for range countWarmup {
		sides["sdk"]()
		sides["raw"]()
	}
	for range calls {
		call()
	}
}
