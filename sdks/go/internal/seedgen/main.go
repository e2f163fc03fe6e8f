// Command seedgen turns the Go blocks of the seed API reference into a test file: each
// fragment (a block's run of lines under one comment) becomes a function of its own, with
// only the API key, base URL, organization and example job ids replaced by the test
// fixture's. `go generate ./...` writes vantage/seed_fragments_test.go;
// TestSeedFragmentsAreCurrent fails when that file no longer matches the reference.
//
// Usage: seedgen [-o FILE] REFERENCE.md
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/omnivector-solutions/vantage-sdk-go/internal/seedgen/seed"
)

func main() {
	out := flag.String("o", "", "output file (default stdout)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: seedgen [-o FILE] REFERENCE.md")
		os.Exit(2)
	}
	reference, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "seedgen:", err)
		os.Exit(1)
	}
	source, err := seed.Generate(string(reference))
	if err != nil {
		fmt.Fprintln(os.Stderr, "seedgen:", err)
		os.Exit(1)
	}
	if *out == "" {
		os.Stdout.Write(source)
		return
	}
	if err := os.WriteFile(*out, source, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "seedgen:", err)
		os.Exit(1)
	}
}
