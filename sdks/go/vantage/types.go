package vantage

import "github.com/omnivector-solutions/vantage-sdk-go/internal/api"

// The API's models, generated from its OpenAPI contract. Unknown fields in a response are
// ignored and an enum value this SDK does not know reads as the plain string, so a newer
// server never makes a read fail.
type (
	// Job is a submitted job.
	Job = api.Job
	// JobSpec is what a job runs: image, command, environment, resources.
	JobSpec = api.JobSpec
	// Resources is what a job asks of a node (CPU "2" or "500m", Memory "4Gi", GPU).
	Resources = api.JobResources
	// JobStatus is where a job is in its life: pending, running, succeeded, failed, cancelled.
	JobStatus = api.JobStatus
	// LogLine is one line of a job's output with its offset, time and stream.
	LogLine = api.LogLine
	// JobOutput is a file a job wrote, stored so it can be downloaded.
	JobOutput = api.JobOutput
	// JobMetrics is what a job used.
	JobMetrics = api.JobMetrics
	// JobEvent is something that happened to a job.
	JobEvent = api.JobEvent
	// BatchCancelItem is the outcome of cancelling one job of a batch.
	BatchCancelItem = api.BatchCancelItem
	// Cluster is a cluster that runs jobs.
	Cluster = api.Cluster
	// ClusterStatus is a cluster's state.
	ClusterStatus = api.ClusterStatus
	// ClusterResources is the resources summed over a cluster's nodes.
	ClusterResources = api.ClusterResources
	// Autoscaling is a cluster's autoscaling bounds.
	Autoscaling = api.Autoscaling
	// ClusterNode is one node of a cluster.
	ClusterNode = api.ClusterNode
	// ClusterMetrics is a cluster's current load.
	ClusterMetrics = api.ClusterMetrics
	// FileInfo is a stored file or folder.
	FileInfo = api.FileInfo
)

// Job statuses.
const (
	JobStatusPending   = api.JobStatusPending
	JobStatusRunning   = api.JobStatusRunning
	JobStatusSucceeded = api.JobStatusSucceeded
	JobStatusFailed    = api.JobStatusFailed
	JobStatusCancelled = api.JobStatusCancelled
)

func ptr[T any](v T) *T { return &v }

// nonZero returns a pointer to v, or nil for the zero value (an option left unset).
func nonZero[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}
