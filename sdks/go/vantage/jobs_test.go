package vantage_test

import (
	stderrors "errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omnivector-solutions/vantage-sdk-go/vantage"
	"github.com/omnivector-solutions/vantage-sdk-go/vantage/errors"
)

func TestSubmitFromFile(t *testing.T) {
	client := newClient(t, vantage.Config{})
	ctx := testContext(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "job-template.yaml")
	writeFile(t, good, []byte("name: from-file\nspec:\n  command: [echo, hi]\n  working_dir: out\n  resources: {cpu: '1', memory: 1Gi}\nlabels: {team: go}\n"))
	job, err := client.Jobs.SubmitFromFile(ctx, good, &vantage.JobSubmitOptions{Priority: 5})
	if err != nil {
		t.Fatal(err)
	}
	if job.Name != "from-file" || job.Spec.WorkingDir != "out" || job.Spec.Resources.CPU != "1" || job.Labels["team"] != "go" || job.Priority != 5 {
		t.Fatalf("submitted %+v", job)
	}
	bad := filepath.Join(dir, "bad.yaml")
	writeFile(t, bad, []byte("name: x\nspec: {command: [true], comand: typo}\n"))
	_, err = client.Jobs.SubmitFromFile(ctx, bad)
	var invalid *errors.ValidationError
	if !stderrors.As(err, &invalid) || !strings.Contains(err.Error(), "comand") {
		t.Fatalf("an unknown field was not named: %v", err)
	}
}

func TestCancelBatchReportsEachJob(t *testing.T) {
	client := newClient(t, vantage.Config{})
	ctx := testContext(t)
	running := submitJob(t, client, "sleep", "60")
	finished := submitJob(t, client, "true")
	waitFinished(t, client, finished)
	results, err := client.Jobs.CancelBatchResults(ctx, []string{running, finished}, &vantage.CancelOptions{Reason: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 2 || !results[0].Ok || results[1].Ok || results[1].Error == nil {
		t.Fatalf("results %+v", results)
	}
	job, err := client.Jobs.Get(ctx, running)
	if err != nil || job.Status != vantage.JobStatusCancelled || job.StatusReason == nil || *job.StatusReason != "test" {
		t.Fatalf("the cancelled job: %+v, %v", job, err)
	}
}
