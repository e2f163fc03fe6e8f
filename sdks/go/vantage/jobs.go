package vantage

import (
	"context"
	"fmt"
	"io"
	"iter"
	"net/http"
	"time"

	"github.com/omnivector-solutions/vantage-sdk-go/internal/api"
)

// JobsService submits, lists, follows and cancels jobs. Use it as client.Jobs.
type JobsService struct{ core *core }

// JobTemplate is a job to submit: a name and what to run.
type JobTemplate struct {
	Name   string            `json:"name"`
	Spec   JobSpec           `json:"spec"`
	Labels map[string]string `json:"labels,omitempty"`
}

// JobSubmitOptions are the overrides of one submission.
type JobSubmitOptions struct {
	// Cluster runs the job on this cluster instead of the default one.
	Cluster string
	// Priority orders queued jobs, higher first (-1000 to 1000; 0 is the default).
	Priority int
	// Env is merged over the template's spec.env.
	Env map[string]string
	// Labels are merged over the template's labels.
	Labels map[string]string
	// IdempotencyKey replaces the random key the SDK sends; a repeat of the call with the
	// same key and body returns the job created the first time.
	IdempotencyKey string
}

// JobListOptions filters and pages List, ListPaginated, ListAll and All.
type JobListOptions struct {
	Status  JobStatus
	Cluster string
	// Limit is the most jobs on one page (1 to 1000; default 100).
	Limit int
	// Offset skips this many jobs (ignored with PageToken).
	Offset int
	// PageSize is the page size of ListPaginated, ListAll and All (Limit when 0).
	PageSize int
	// PageToken is the NextPageToken of the previous page.
	PageToken string
}

// JobPage is one page of jobs.
type JobPage struct {
	Items []Job
	// HasNext says whether another page follows.
	HasNext bool
	// NextPageToken fetches the next page (empty on the last page).
	NextPageToken string
}

// JobGetOptions asks Get for related data: any of "logs", "outputs", "metrics", "events".
type JobGetOptions struct {
	Include []string
}

// LogsOptions selects part of a job's logs.
type LogsOptions struct {
	// Tail keeps only the last Tail lines (0: all).
	Tail int
	// Since keeps lines written at or after this RFC 3339 time.
	Since string
	// Timestamps prefixes each line with its RFC 3339 timestamp and a space.
	Timestamps bool
}

// CancelOptions gives a reason, recorded as the job's status_reason.
type CancelOptions struct {
	Reason string
	// IdempotencyKey replaces the random key the SDK sends.
	IdempotencyKey string
}

// List returns one page of jobs, newest first.
//
//	page, err := client.Jobs.List(ctx, &vantage.JobListOptions{Status: "running", Limit: 50})
func (s *JobsService) List(ctx context.Context, opts *JobListOptions) (*JobPage, error) {
	o := deref(opts)
	if err := checkRange("Limit", o.Limit, 0, 1000); err != nil {
		return nil, err
	}
	if err := checkRange("Offset", o.Offset, 0, 1<<62); err != nil {
		return nil, err
	}
	params := &api.ListJobsParams{
		Status:    nonZero(o.Status),
		Cluster:   nonZero(o.Cluster),
		Limit:     nonZero(o.Limit),
		Offset:    nonZero(o.Offset),
		PageToken: nonZero(o.PageToken),
	}
	page, err := callJSON(ctx, s.core, api.OpListJobs, func(ctx context.Context, edit api.RequestEditorFn) (*http.Response, error) {
		return s.core.api.ListJobs(ctx, params, edit)
	}, api.ParseListJobsResponse, func(r *api.ListJobsResponse) *api.JobPage { return r.JSON200 })
	if err != nil {
		return nil, err
	}
	return &JobPage{Items: page.Items, HasNext: page.HasNext, NextPageToken: deref(page.NextPageToken)}, nil
}

// ListPaginated calls fn with each page of jobs until the last page or an error; fn's error
// stops the listing and is returned.
//
//	err := client.Jobs.ListPaginated(ctx, &vantage.JobListOptions{PageSize: 20}, func(page *vantage.JobPage) error {
//	    fmt.Println(len(page.Items))
//	    return nil
//	})
func (s *JobsService) ListPaginated(ctx context.Context, opts *JobListOptions, fn func(page *JobPage) error) error {
	o := deref(opts)
	if o.PageSize != 0 {
		o.Limit = o.PageSize
	}
	for {
		page, err := s.List(ctx, &o)
		if err != nil {
			return err
		}
		if err := fn(page); err != nil {
			return err
		}
		if !page.HasNext || page.NextPageToken == "" {
			return nil
		}
		o.PageToken, o.Offset = page.NextPageToken, 0
	}
}

// All iterates over every job matching opts, fetching pages as it goes; a failure is
// yielded once as the error and ends the iteration.
//
//	for job, err := range client.Jobs.All(ctx, nil) {
//	    if err != nil {
//	        return err
//	    }
//	    fmt.Println(job.ID)
//	}
func (s *JobsService) All(ctx context.Context, opts *JobListOptions) iter.Seq2[Job, error] {
	return func(yield func(Job, error) bool) {
		stopped := fmt.Errorf("stopped")
		err := s.ListPaginated(ctx, opts, func(page *JobPage) error {
			for _, job := range page.Items {
				if !yield(job, nil) {
					return stopped
				}
			}
			return nil
		})
		if err != nil && err != stopped {
			yield(Job{}, err)
		}
	}
}

// ListAll calls fn with every job matching the optional opts, page after page; fn's error
// stops the listing and is returned. [JobsService.All] is the same as a range-over-func iterator.
//
//	err := client.Jobs.ListAll(ctx, func(job *vantage.Job) error {
//	    fmt.Printf("Job: %s\n", job.ID)
//	    return nil
//	})
func (s *JobsService) ListAll(ctx context.Context, fn func(job *Job) error, opts ...*JobListOptions) error {
	for job, err := range s.All(ctx, optional(opts)) {
		if err != nil {
			return err
		}
		if err := fn(&job); err != nil {
			return err
		}
	}
	return nil
}

// Submit submits a job; the optional opts override its cluster, priority and environment.
//
//	job, err := client.Jobs.Submit(ctx, &vantage.JobTemplate{
//	    Name: "my-job",
//	    Spec: vantage.JobSpec{Image: "ubuntu:22.04", Command: []string{"echo", "hello"}},
//	}, &vantage.JobSubmitOptions{Priority: 10})
func (s *JobsService) Submit(ctx context.Context, template *JobTemplate, opts ...*JobSubmitOptions) (*Job, error) {
	body, key, err := submitRequest(template, optional(opts))
	if err != nil {
		return nil, err
	}
	params := &api.SubmitJobParams{IdempotencyKey: &key}
	return callJSON(ctx, s.core, api.OpSubmitJob, func(ctx context.Context, edit api.RequestEditorFn) (*http.Response, error) {
		return s.core.api.SubmitJob(ctx, params, body, edit)
	}, api.ParseSubmitJobResponse, func(r *api.SubmitJobResponse) *api.Job { return r.JSON201 })
}

// SubmitFromFile submits the job template in a YAML or JSON file (name, spec, labels).
//
//	job, err := client.Jobs.SubmitFromFile(ctx, "job-template.yaml")
func (s *JobsService) SubmitFromFile(ctx context.Context, path string, opts ...*JobSubmitOptions) (*Job, error) {
	template, err := loadTemplateFile(path)
	if err != nil {
		return nil, err
	}
	return s.Submit(ctx, template, opts...)
}

// Get returns a job; the optional opts embed its logs, outputs, metrics or events.
//
//	job, err := client.Jobs.Get(ctx, "job-12345", &vantage.JobGetOptions{Include: []string{"metrics"}})
func (s *JobsService) Get(ctx context.Context, jobID string, opts ...*JobGetOptions) (*Job, error) {
	if err := checkID("jobID", jobID); err != nil {
		return nil, err
	}
	include, err := enumList("Include", deref(optional(opts)).Include, api.JobInclude.Valid)
	if err != nil {
		return nil, err
	}
	params := &api.GetJobParams{Include: include}
	return callJSON(ctx, s.core, api.OpGetJob, func(ctx context.Context, edit api.RequestEditorFn) (*http.Response, error) {
		return s.core.api.GetJob(ctx, jobID, params, edit)
	}, api.ParseGetJobResponse, func(r *api.GetJobResponse) *api.Job { return r.JSON200 })
}

// Logs returns the job's log text so far, one line per log line.
//
//	logs, err := client.Jobs.Logs(ctx, "job-12345", &vantage.LogsOptions{Tail: 100})
func (s *JobsService) Logs(ctx context.Context, jobID string, opts *LogsOptions) (string, error) {
	if err := checkID("jobID", jobID); err != nil {
		return "", err
	}
	o := deref(opts)
	if err := checkRange("Tail", o.Tail, 0, 1000000); err != nil {
		return "", err
	}
	params := &api.GetJobLogsParams{Tail: nonZero(o.Tail), Timestamps: nonZero(o.Timestamps)}
	if o.Since != "" {
		since, err := time.Parse(time.RFC3339Nano, o.Since)
		if err != nil {
			return "", fieldError("Since", fmt.Sprintf("must be an RFC 3339 time such as 2024-01-01T00:00:00Z, got %q", o.Since))
		}
		params.Since = &since
	}
	resp, err := s.core.send(ctx, api.OpGetJobLogs, func(ctx context.Context, edit api.RequestEditorFn) (*http.Response, error) {
		return s.core.api.GetJobLogs(ctx, jobID, params, edit)
	})
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	capBody(resp, maxJSONBody)
	text, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", connectionError(err, 1)
	}
	return string(text), nil
}

// Cancel stops a pending or running job; cancelling a cancelled job is not an error, one
// that already succeeded or failed is a *errors.ConflictError.
//
//	err := client.Jobs.Cancel(ctx, "job-12345", &vantage.CancelOptions{Reason: "no longer needed"})
func (s *JobsService) Cancel(ctx context.Context, jobID string, opts *CancelOptions) error {
	_, err := s.CancelJob(ctx, jobID, opts)
	return err
}

// CancelJob is Cancel returning the cancelled job.
func (s *JobsService) CancelJob(ctx context.Context, jobID string, opts *CancelOptions) (*Job, error) {
	if err := checkID("jobID", jobID); err != nil {
		return nil, err
	}
	o := deref(opts)
	key := firstNonEmpty(o.IdempotencyKey, newIdempotencyKey())
	params := &api.CancelJobParams{IdempotencyKey: &key}
	body := api.CancelRequest{Reason: o.Reason}
	return callJSON(ctx, s.core, api.OpCancelJob, func(ctx context.Context, edit api.RequestEditorFn) (*http.Response, error) {
		return s.core.api.CancelJob(ctx, jobID, params, body, edit)
	}, api.ParseCancelJobResponse, func(r *api.CancelJobResponse) *api.Job { return r.JSON200 })
}

// CancelBatch cancels several jobs. A job that cannot be cancelled (missing or finished)
// does not stop the others; CancelBatchResults reports each one.
//
//	err := client.Jobs.CancelBatch(ctx, []string{"job-12345", "job-67890"})
func (s *JobsService) CancelBatch(ctx context.Context, jobIDs []string, opts ...*CancelOptions) error {
	_, err := s.CancelBatchResults(ctx, jobIDs, opts...)
	return err
}

// CancelBatchResults is CancelBatch returning one result per job, in order.
func (s *JobsService) CancelBatchResults(ctx context.Context, jobIDs []string, opts ...*CancelOptions) ([]BatchCancelItem, error) {
	if len(jobIDs) == 0 {
		return nil, fieldError("jobIDs", "must name at least one job")
	}
	for i, id := range jobIDs {
		if err := checkID(fmt.Sprintf("jobIDs[%d]", i), id); err != nil {
			return nil, err
		}
	}
	o := deref(optional(opts))
	var results []BatchCancelItem
	for start := 0; start < len(jobIDs); start += 1000 { // the API takes 1000 per request
		ids := jobIDs[start:min(start+1000, len(jobIDs))]
		key := newIdempotencyKey()
		if o.IdempotencyKey != "" {
			key = fmt.Sprintf("%s-%d", o.IdempotencyKey, start/1000)
		}
		params := &api.CancelJobsBatchParams{IdempotencyKey: &key}
		body := api.BatchCancelRequest{JobIds: ids, Reason: o.Reason}
		result, err := callJSON(ctx, s.core, api.OpCancelJobsBatch, func(ctx context.Context, edit api.RequestEditorFn) (*http.Response, error) {
			return s.core.api.CancelJobsBatch(ctx, params, body, edit)
		}, api.ParseCancelJobsBatchResponse, func(r *api.CancelJobsBatchResponse) *api.BatchCancelResult { return r.JSON200 })
		if err != nil {
			return results, err
		}
		results = append(results, result.Results...)
	}
	return results, nil
}

func submitRequest(t *JobTemplate, o *JobSubmitOptions) (api.JobSubmitRequest, string, error) {
	if t == nil {
		return api.JobSubmitRequest{}, "", fieldError("template", "is required")
	}
	if t.Name == "" {
		return api.JobSubmitRequest{}, "", fieldError("name", "is required")
	}
	if len(t.Spec.Command) == 0 {
		return api.JobSubmitRequest{}, "", fieldError("spec.command", "must name a program to run")
	}
	opts := deref(o)
	if err := checkRange("Priority", opts.Priority, -1000, 1000); err != nil {
		return api.JobSubmitRequest{}, "", err
	}
	body := api.JobSubmitRequest{Name: t.Name, Spec: t.Spec, Cluster: opts.Cluster, Priority: opts.Priority, Env: opts.Env}
	if labels := mergeMaps(t.Labels, opts.Labels); labels != nil {
		body.Labels = ptr(api.Labels(labels))
	}
	return body, firstNonEmpty(opts.IdempotencyKey, newIdempotencyKey()), nil
}

func mergeMaps(base, over map[string]string) map[string]string {
	if base == nil && over == nil {
		return nil
	}
	merged := make(map[string]string, len(base)+len(over))
	for k, v := range base {
		merged[k] = v
	}
	for k, v := range over {
		merged[k] = v
	}
	return merged
}
