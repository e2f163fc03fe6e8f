package vantage_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/omnivector-solutions/vantage-sdk-go/internal/seedgen/seed"
	"github.com/omnivector-solutions/vantage-sdk-go/vantage"
)

//go:generate go run ../internal/seedgen -o seed_fragments_test.go ../../../../shared/seed/api-reference.md

// seedFixture is what a seed fragment may use: a context and client on the emulator, a job
// template, and the values that replace the reference's key, URL, organization and job ids.
type seedFixture struct {
	Ctx          context.Context
	Client       *vantage.Client
	JobTemplate  *vantage.JobTemplate
	APIKey       string
	BaseURL      string
	Organization string
	JobID        string
	OtherJobID   string
}

type seedFragment struct {
	section, comment string
	run              func(*seedFixture) error
}

func seedReference(t *testing.T) string {
	candidates := []string{filepath.Join(repoRoot, "..", "shared", "seed", "api-reference.md"), "/work/shared/seed/api-reference.md"}
	if path := os.Getenv("VANTAGE_SEED_REFERENCE"); path != "" {
		candidates = []string{path}
	}
	for _, path := range candidates {
		if _, err := os.Stat(path); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("seed reference not found (looked at %v)", candidates)
	}
	t.Skipf("seed reference not found (looked at %v)", candidates)
	return ""
}

// TestSeedFragmentsAreCurrent fails when seed_fragments_test.go is not what the reference
// generates (run `go generate ./...`).
func TestSeedFragmentsAreCurrent(t *testing.T) {
	reference, err := os.ReadFile(seedReference(t))
	if err != nil {
		t.Fatal(err)
	}
	want, err := seed.Generate(string(reference))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("seed_fragments_test.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("seed_fragments_test.go is out of date with the seed reference; run `go generate ./...` in sdks/go")
	}
}

// TestSeedFragments runs every Go fragment of the reference against the emulator.
func TestSeedFragments(t *testing.T) {
	if len(seedFragments) < 30 {
		t.Fatalf("only %d seed fragments: the generator lost some", len(seedFragments))
	}
	for _, fragment := range seedFragments {
		t.Run(fragment.section+"/"+fragment.comment, func(t *testing.T) {
			fx := newSeedFixture(t, fragment.section == "Cancel Job")
			if err := fragment.run(fx); err != nil {
				t.Fatalf("seed fragment failed: %v", err)
			}
		})
	}
}

func newSeedFixture(t *testing.T, runningJobs bool) *seedFixture {
	ctx := testContext(t)
	client := newClient(t, vantage.Config{})
	// Small parts, so the reference's "large" file goes through an upload session.
	client.Storage.PartSize, client.Storage.MultipartThreshold = 1<<20, 1<<20
	template := &vantage.JobTemplate{Name: "seed-job", Spec: vantage.JobSpec{Command: []string{"echo", "hello"}}}
	fx := &seedFixture{Ctx: ctx, Client: client, JobTemplate: template, APIKey: emulatorKey,
		BaseURL: emulatorURL, Organization: "default"}
	if runningJobs {
		fx.JobID, fx.OtherJobID = submitJob(t, client, "sleep", "60"), submitJob(t, client, "sleep", "60")
	} else {
		fx.JobID, fx.OtherJobID = submitJob(t, client, "echo", "hello"), submitJob(t, client, "echo", "world")
		waitFinished(t, client, fx.JobID)
		waitFinished(t, client, fx.OtherJobID)
	}
	work := t.TempDir()
	t.Chdir(work)
	writeFile(t, "local-file.txt", []byte("local file\n"))
	writeFile(t, "large-file.tar.gz", randomBytes(t, 3<<20+123))
	writeFile(t, filepath.Join("local-dir", "x.txt"), []byte("x\n"))
	writeFile(t, filepath.Join("local-dir", "nested", "y.txt"), []byte("y\n"))
	for remote, content := range map[string]string{
		"/datasets/remote-file.txt":      "remote file\n",
		"/datasets/small-file.txt":       "small\n",
		"/datasets/remote-dir/a.txt":     "a\n",
		"/datasets/remote-dir/sub/b.txt": "b\n",
	} {
		if err := client.Storage.UploadString(ctx, content, remote); err != nil {
			t.Fatal(err)
		}
	}
	if err := client.Storage.Upload(ctx, "large-file.tar.gz", "/datasets/large-file.tar.gz", nil); err != nil {
		t.Fatal(err)
	}
	return fx
}

func submitJob(t *testing.T, client *vantage.Client, command ...string) string {
	t.Helper()
	job, err := client.Jobs.Submit(testContext(t), &vantage.JobTemplate{Name: "fixture", Spec: vantage.JobSpec{Command: command}})
	if err != nil {
		t.Fatal(err)
	}
	if command[0] == "sleep" {
		t.Cleanup(func() { _ = client.Jobs.Cancel(context.Background(), job.ID, nil) })
	}
	return job.ID
}

func waitFinished(t *testing.T, client *vantage.Client, id string) *vantage.Job {
	t.Helper()
	ctx := testContext(t)
	for {
		job, err := client.Jobs.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		switch job.Status {
		case vantage.JobStatusSucceeded, vantage.JobStatusFailed, vantage.JobStatusCancelled:
			return job
		}
		select {
		case <-ctx.Done():
			t.Fatalf("job %s did not finish", id)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func writeFile(t *testing.T, path string, content []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
}

func randomBytes(t *testing.T, n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}
