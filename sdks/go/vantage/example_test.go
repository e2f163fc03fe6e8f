package vantage_test

import (
	"context"
	stderrors "errors"
	"fmt"

	"github.com/omnivector-solutions/vantage-sdk-go/vantage"
	"github.com/omnivector-solutions/vantage-sdk-go/vantage/errors"
)

// The examples run against the test emulator: VANTAGE_API_KEY and VANTAGE_BASE_URL are set.

func ExampleNewClient() {
	client := vantage.NewClient(vantage.Config{}) // the key and URL come from VANTAGE_* variables
	cluster, err := client.Clusters.Get(context.Background(), "local")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cluster.Name, cluster.Provider)
	// Output: local local
}

func ExampleJobsService_Submit() {
	ctx := context.Background()
	client := vantage.NewClient(vantage.Config{})
	job, err := client.Jobs.Submit(ctx, &vantage.JobTemplate{
		Name: "my-job",
		Spec: vantage.JobSpec{Image: "ubuntu:22.04", Command: []string{"echo", "hello"}},
	}, &vantage.JobSubmitOptions{Env: map[string]string{"MY_VAR": "value"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(job.Name, job.Spec.Command)
	// Output: my-job [echo hello]
}

func ExampleJobsService_LogsStream() {
	ctx := context.Background()
	client := vantage.NewClient(vantage.Config{})
	job, err := client.Jobs.Submit(ctx, &vantage.JobTemplate{Name: "greet", Spec: vantage.JobSpec{Command: []string{"echo", "hello"}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	logStream, err := client.Jobs.LogsStream(ctx, job.ID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer logStream.Close()
	for line := range logStream.Lines() {
		fmt.Println(line)
	}
	fmt.Println(logStream.Err(), logStream.End().Status)
	// Output:
	// hello
	// <nil> succeeded
}

func ExampleJobsService_All() {
	ctx := context.Background()
	client := vantage.NewClient(vantage.Config{})
	for job, err := range client.Jobs.All(ctx, &vantage.JobListOptions{Status: vantage.JobStatusRunning}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(job.ID, job.Status)
	}
}

func ExampleStorageService_UploadString() {
	ctx := context.Background()
	client := vantage.NewClient(vantage.Config{})
	if err := client.Storage.UploadString(ctx, "Hello World!", "/examples/hello.txt"); err != nil {
		fmt.Println(err)
		return
	}
	content, err := client.Storage.DownloadToString(ctx, "/examples/hello.txt")
	fmt.Println(content, err)
	// Output: Hello World! <nil>
}

func ExampleStorageService_Upload() {
	ctx := context.Background()
	client := vantage.NewClient(vantage.Config{})
	err := client.Storage.Upload(ctx, "large-file.tar.gz", "/datasets/large-file.tar.gz", &vantage.UploadOptions{
		ProgressCallback: func(done, total int64) { fmt.Printf("%d of %d bytes\n", done, total) },
	})
	if err != nil {
		fmt.Println(err)
	}
}

func Example_errors() {
	client := vantage.NewClient(vantage.Config{})
	_, err := client.Jobs.Get(context.Background(), "job-does-not-exist")
	switch e := err.(type) {
	case *errors.ResourceNotFoundError:
		fmt.Println("not found:", e.StatusCode, e.RequestID != "")
	case *errors.VantageAPIError:
		fmt.Println("API error", e.StatusCode)
	}
	var apiErr *errors.VantageAPIError
	fmt.Println(stderrors.As(err, &apiErr), apiErr.Code)
	// Output:
	// not found: 404 true
	// true not_found
}
