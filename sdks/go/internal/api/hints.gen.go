// Code generated from openapi/vantage.yaml by `python -m generator`; DO NOT EDIT.

package api

// Operation is what the overlays say about one API operation.
type Operation struct {
	ID        string // the spec's operationId
	Method    string
	Path      string
	RetrySafe bool   // x-vantage-retry-safe: may be repeated after a lost response, a 429 or a 5xx
	Stream    string // x-vantage-stream: "sse", "download", "upload" or ""
}

// OpAbortUpload is DELETE /v1/storage/uploads/{upload_id}.
var OpAbortUpload = Operation{ID: "abort_upload", Method: "DELETE", Path: "/v1/storage/uploads/{upload_id}", RetrySafe: true, Stream: ""}

// OpCancelJob is POST /v1/jobs/{job_id}/cancel.
var OpCancelJob = Operation{ID: "cancel_job", Method: "POST", Path: "/v1/jobs/{job_id}/cancel", RetrySafe: true, Stream: ""}

// OpCancelJobsBatch is POST /v1/jobs/cancel-batch.
var OpCancelJobsBatch = Operation{ID: "cancel_jobs_batch", Method: "POST", Path: "/v1/jobs/cancel-batch", RetrySafe: true, Stream: ""}

// OpCompleteUpload is POST /v1/storage/uploads/{upload_id}/complete.
var OpCompleteUpload = Operation{ID: "complete_upload", Method: "POST", Path: "/v1/storage/uploads/{upload_id}/complete", RetrySafe: true, Stream: ""}

// OpCreateUpload is POST /v1/storage/uploads.
var OpCreateUpload = Operation{ID: "create_upload", Method: "POST", Path: "/v1/storage/uploads", RetrySafe: true, Stream: ""}

// OpDeleteFile is DELETE /v1/storage/files.
var OpDeleteFile = Operation{ID: "delete_file", Method: "DELETE", Path: "/v1/storage/files", RetrySafe: true, Stream: ""}

// OpDownloadFile is GET /v1/storage/content.
var OpDownloadFile = Operation{ID: "download_file", Method: "GET", Path: "/v1/storage/content", RetrySafe: true, Stream: "download"}

// OpGetCluster is GET /v1/clusters/{cluster_name}.
var OpGetCluster = Operation{ID: "get_cluster", Method: "GET", Path: "/v1/clusters/{cluster_name}", RetrySafe: true, Stream: ""}

// OpGetFileMetadata is GET /v1/storage/metadata.
var OpGetFileMetadata = Operation{ID: "get_file_metadata", Method: "GET", Path: "/v1/storage/metadata", RetrySafe: true, Stream: ""}

// OpGetJob is GET /v1/jobs/{job_id}.
var OpGetJob = Operation{ID: "get_job", Method: "GET", Path: "/v1/jobs/{job_id}", RetrySafe: true, Stream: ""}

// OpGetJobLogs is GET /v1/jobs/{job_id}/logs.
var OpGetJobLogs = Operation{ID: "get_job_logs", Method: "GET", Path: "/v1/jobs/{job_id}/logs", RetrySafe: true, Stream: ""}

// OpGetUpload is GET /v1/storage/uploads/{upload_id}.
var OpGetUpload = Operation{ID: "get_upload", Method: "GET", Path: "/v1/storage/uploads/{upload_id}", RetrySafe: true, Stream: ""}

// OpListClusters is GET /v1/clusters.
var OpListClusters = Operation{ID: "list_clusters", Method: "GET", Path: "/v1/clusters", RetrySafe: true, Stream: ""}

// OpListFiles is GET /v1/storage/files.
var OpListFiles = Operation{ID: "list_files", Method: "GET", Path: "/v1/storage/files", RetrySafe: true, Stream: ""}

// OpListJobs is GET /v1/jobs.
var OpListJobs = Operation{ID: "list_jobs", Method: "GET", Path: "/v1/jobs", RetrySafe: true, Stream: ""}

// OpScaleCluster is POST /v1/clusters/{cluster_name}/scale.
var OpScaleCluster = Operation{ID: "scale_cluster", Method: "POST", Path: "/v1/clusters/{cluster_name}/scale", RetrySafe: true, Stream: ""}

// OpStreamJobLogs is GET /v1/jobs/{job_id}/logs/stream.
var OpStreamJobLogs = Operation{ID: "stream_job_logs", Method: "GET", Path: "/v1/jobs/{job_id}/logs/stream", RetrySafe: true, Stream: "sse"}

// OpSubmitJob is POST /v1/jobs.
var OpSubmitJob = Operation{ID: "submit_job", Method: "POST", Path: "/v1/jobs", RetrySafe: true, Stream: ""}

// OpUploadFile is PUT /v1/storage/content.
var OpUploadFile = Operation{ID: "upload_file", Method: "PUT", Path: "/v1/storage/content", RetrySafe: true, Stream: "upload"}

// OpUploadPart is PUT /v1/storage/uploads/{upload_id}/parts/{part_number}.
var OpUploadPart = Operation{ID: "upload_part", Method: "PUT", Path: "/v1/storage/uploads/{upload_id}/parts/{part_number}", RetrySafe: true, Stream: "upload"}
