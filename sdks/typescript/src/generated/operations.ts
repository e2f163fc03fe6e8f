// generated from openapi/vantage.yaml by `python -m generator`, do not edit
/** Each operation's method, path, SDK hints (overlays/) and JSON body schemas. */
export const operations = {
  abort_upload: {"method": "DELETE", "pagination": null, "path": "/v1/storage/uploads/{upload_id}", "requestShape": null, "responseShape": null, "retrySafe": true, "stream": null},
  cancel_job: {"method": "POST", "pagination": null, "path": "/v1/jobs/{job_id}/cancel", "requestShape": "CancelRequest", "responseShape": "Job", "retrySafe": true, "stream": null},
  cancel_jobs_batch: {"method": "POST", "pagination": null, "path": "/v1/jobs/cancel-batch", "requestShape": "BatchCancelRequest", "responseShape": "BatchCancelResult", "retrySafe": true, "stream": null},
  complete_upload: {"method": "POST", "pagination": null, "path": "/v1/storage/uploads/{upload_id}/complete", "requestShape": "CompleteUploadRequest", "responseShape": "FileInfo", "retrySafe": true, "stream": null},
  create_upload: {"method": "POST", "pagination": null, "path": "/v1/storage/uploads", "requestShape": "CreateUploadRequest", "responseShape": "UploadSession", "retrySafe": true, "stream": null},
  delete_file: {"method": "DELETE", "pagination": null, "path": "/v1/storage/files", "requestShape": null, "responseShape": null, "retrySafe": true, "stream": null},
  download_file: {"method": "GET", "pagination": null, "path": "/v1/storage/content", "requestShape": null, "responseShape": null, "retrySafe": true, "stream": "download"},
  get_cluster: {"method": "GET", "pagination": null, "path": "/v1/clusters/{cluster_name}", "requestShape": null, "responseShape": "Cluster", "retrySafe": true, "stream": null},
  get_file_metadata: {"method": "GET", "pagination": null, "path": "/v1/storage/metadata", "requestShape": null, "responseShape": "FileInfo", "retrySafe": true, "stream": null},
  get_job: {"method": "GET", "pagination": null, "path": "/v1/jobs/{job_id}", "requestShape": null, "responseShape": "Job", "retrySafe": true, "stream": null},
  get_job_logs: {"method": "GET", "pagination": null, "path": "/v1/jobs/{job_id}/logs", "requestShape": null, "responseShape": null, "retrySafe": true, "stream": null},
  get_upload: {"method": "GET", "pagination": null, "path": "/v1/storage/uploads/{upload_id}", "requestShape": null, "responseShape": "UploadSession", "retrySafe": true, "stream": null},
  list_clusters: {"method": "GET", "pagination": null, "path": "/v1/clusters", "requestShape": null, "responseShape": "ClusterList", "retrySafe": true, "stream": null},
  list_files: {"method": "GET", "pagination": {"hasMoreField": "has_next", "itemsField": "items", "nextTokenField": "next_page_token", "tokenParam": "page_token"}, "path": "/v1/storage/files", "requestShape": null, "responseShape": "FilePage", "retrySafe": true, "stream": null},
  list_jobs: {"method": "GET", "pagination": {"hasMoreField": "has_next", "itemsField": "items", "nextTokenField": "next_page_token", "tokenParam": "page_token"}, "path": "/v1/jobs", "requestShape": null, "responseShape": "JobPage", "retrySafe": true, "stream": null},
  scale_cluster: {"method": "POST", "pagination": null, "path": "/v1/clusters/{cluster_name}/scale", "requestShape": "ScaleRequest", "responseShape": "Cluster", "retrySafe": true, "stream": null},
  stream_job_logs: {"method": "GET", "pagination": null, "path": "/v1/jobs/{job_id}/logs/stream", "requestShape": null, "responseShape": null, "retrySafe": true, "stream": "sse"},
  submit_job: {"method": "POST", "pagination": null, "path": "/v1/jobs", "requestShape": "JobSubmitRequest", "responseShape": "Job", "retrySafe": true, "stream": null},
  upload_file: {"method": "PUT", "pagination": null, "path": "/v1/storage/content", "requestShape": null, "responseShape": "FileInfo", "retrySafe": true, "stream": "upload"},
  upload_part: {"method": "PUT", "pagination": null, "path": "/v1/storage/uploads/{upload_id}/parts/{part_number}", "requestShape": null, "responseShape": "UploadPart", "retrySafe": true, "stream": "upload"},
} as const;

export type OperationId = keyof typeof operations;
