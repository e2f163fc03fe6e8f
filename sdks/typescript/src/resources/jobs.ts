/** `client.jobs`: list, submit, get, logs, log streams, cancel. */
import {
  APIConnectionError,
  APIUserAbortError,
  UnexpectedResponseError,
  ValidationError,
  VantageAPIError,
  type VantageError,
  WaitTimeoutError,
} from '../core/errors.js';
import type { Core, IdempotentRequestOptions, RequestOptions } from '../core/http.js';
import { items, pages, tokenPage } from '../core/pagination.js';
import { isRetryable, retryDelay, StreamAttempt, sleep } from '../core/retry.js';
import { fromWire } from '../core/shapes.js';
import { SSEDecoder } from '../core/sse.js';
import { buildSubmitRequest, type SubmitOverrides } from '../core/templates.js';
import {
  checkBool,
  checkChoice,
  checkChoices,
  checkDateTime,
  checkInt,
  checkOptions,
  checkString,
} from '../core/validation.js';
import type { BatchCancelItem, BatchCancelResult, Job, JobInclude, JobPage, JobTemplate } from '../types.js';

export const JOB_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const JOB_INCLUDES: readonly JobInclude[] = ['logs', 'outputs', 'metrics', 'events'];
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled']);
const BATCH_LIMIT = 1000; // BatchCancelRequest.job_ids maxItems

/** Filters of `jobs.list`, `listPaginated` and `listAll`. */
export interface JobFilters extends RequestOptions {
  /** Only jobs in this status. */
  status?: (typeof JOB_STATUSES)[number];
  /** Only jobs on this cluster. */
  cluster?: string;
}

/** Options of `jobs.list`: one page. */
export interface JobListOptions extends JobFilters {
  /** Jobs per page (1-1000, server default 100). */
  limit?: number;
  /** Jobs to skip (ignored with `pageToken`). */
  offset?: number;
  /** The `nextPageToken` of the previous page. */
  pageToken?: string;
}

/** Options of `jobs.listPaginated` and `jobs.listAll`. */
export interface JobPaginateOptions extends JobFilters {
  /** Jobs per page (default 100). */
  pageSize?: number;
}

/** Options of `jobs.logs`. */
export interface LogsOptions extends RequestOptions {
  /** Only the last N lines. */
  tail?: number;
  /** Only lines written at or after this time. */
  since?: string | Date;
  /** Prefix each line with its RFC 3339 timestamp. */
  timestamps?: boolean;
}

/** Options of `jobs.logsStream`. `timeout` bounds connecting and any silence longer than it. */
export interface LogsStreamOptions extends RequestOptions {
  /** Offset of the first line to send (default 0). */
  offset?: number;
}

/** Options of `jobs.cancel` and `jobs.cancelBatch`. */
export interface CancelOptions extends IdempotentRequestOptions {
  /** Recorded as the job's `statusReason`. */
  reason?: string;
}

/** Options of `jobs.wait`: `timeout` is the whole wait in ms here; `pollInterval` the first pause in ms. */
export interface WaitOptions extends Omit<RequestOptions, 'timeout'> {
  timeout?: number;
  pollInterval?: number;
}

/** Options of `jobs.submit`. */
export interface SubmitOptions extends SubmitOverrides, IdempotentRequestOptions {}

function listQuery(options: JobFilters & { limit?: number }): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (options.status !== undefined) query.status = checkChoice('status', options.status, JOB_STATUSES);
  if (options.cluster !== undefined) query.cluster = checkString('cluster', options.cluster, 63);
  if (options.limit !== undefined) query.limit = checkInt('limit', options.limit, 1, 1000);
  return query;
}

/** Compute jobs (`client.jobs`). */
export class Jobs {
  /** Reads a YAML or JSON template file; set by the Node entry point. */
  static readTemplateFile: ((path: string) => Promise<unknown>) | null = null;

  constructor(private readonly core: Core) {}

  /**
   * One page of jobs, newest first.
   *
   * @example
   * ```ts
   * const page = await client.jobs.list({ status: 'running', cluster: 'gpu-cluster', limit: 50 });
   * for (const job of page.items) console.log(job.id);
   * ```
   */
  async list(options?: JobListOptions): Promise<JobPage> {
    const opts = checkOptions('options', options);
    const query = listQuery(opts);
    if (opts.offset !== undefined) query.offset = checkInt('offset', opts.offset, 0);
    if (opts.pageToken !== undefined) query.page_token = checkString('pageToken', opts.pageToken, 512);
    const page = await this.core.call(
      'list_jobs',
      (init) => this.core.api.GET('/v1/jobs', { params: { query }, ...init }),
      opts,
    );
    return tokenPage<JobPage>('list_jobs', page);
  }

  /**
   * Pages of jobs, each fetched when the previous one is consumed.
   *
   * @example
   * ```ts
   * for await (const page of client.jobs.listPaginated({ pageSize: 20 })) console.log(page.items.length);
   * ```
   */
  listPaginated(options?: JobPaginateOptions): AsyncGenerator<JobPage, void, undefined> {
    const { pageSize, ...rest } = checkOptions('options', options);
    listQuery({ ...rest, limit: pageSize });
    return pages('list_jobs', (pageToken) => this.list({ ...rest, limit: pageSize, pageToken }));
  }

  /**
   * Every job across all pages, fetched lazily.
   *
   * @example
   * ```ts
   * for await (const job of client.jobs.listAll({ status: 'failed' })) console.log(job.id);
   * ```
   */
  listAll(options?: JobPaginateOptions): AsyncGenerator<Job, void, undefined> {
    const { pageSize, ...rest } = checkOptions('options', options);
    listQuery({ ...rest, limit: pageSize });
    return items<JobPage, Job>('list_jobs', (pageToken) => this.list({ ...rest, limit: pageSize, pageToken }));
  }

  /**
   * Submit a job from a template. The request carries an Idempotency-Key (yours, or a fresh one per
   * call) reused on every retry, so a retried submit never creates a second job.
   *
   * @example
   * ```ts
   * const job = await client.jobs.submit(jobTemplate, { cluster: 'local', priority: 10, env: { MY_VAR: 'value' } });
   * ```
   */
  async submit(template: JobTemplate | Record<string, unknown>, options?: SubmitOptions): Promise<Job> {
    const opts = checkOptions('options', options);
    const body = buildSubmitRequest(template, opts);
    return this.send(body, opts);
  }

  /**
   * Submit a job from a YAML or JSON template file (JSON by a `.json` suffix), checked before any
   * request. Node only.
   *
   * @example
   * ```ts
   * const job = await client.jobs.submitFromFile('job-template.yaml', { priority: 5 });
   * ```
   */
  async submitFromFile(path: string, options?: SubmitOptions): Promise<Job> {
    const file = checkString('path', path);
    const opts = checkOptions('options', options);
    const read = Jobs.readTemplateFile;
    if (read === null)
      throw new ValidationError('submitFromFile reads files and needs Node (import from @vantage/sdk in Node)');
    const template = await read(file);
    return this.send(buildSubmitRequest(template, opts, file), opts);
  }

  private send(body: Record<string, unknown>, options: SubmitOptions): Promise<Job> {
    return this.core.call(
      'submit_job',
      (init) => this.core.api.POST('/v1/jobs', { body: body as never, ...init }),
      options,
    );
  }

  /**
   * One job; `include` embeds its logs, outputs, metrics or events.
   *
   * @example
   * ```ts
   * const job = await client.jobs.get('job-3f9a1c2b7d4e', { include: ['logs', 'metrics'] });
   * ```
   */
  async get(jobId: string, options?: { include?: JobInclude[] | JobInclude } & RequestOptions): Promise<Job> {
    const job_id = checkString('jobId', jobId, 128);
    const opts = checkOptions('options', options);
    const query =
      opts.include === undefined ? undefined : { include: checkChoices('include', opts.include, JOB_INCLUDES) };
    return this.core.call(
      'get_job',
      (init) => this.core.api.GET('/v1/jobs/{job_id}', { params: { path: { job_id }, query }, ...init }),
      opts,
    );
  }

  /**
   * The job's log text so far.
   *
   * @example
   * ```ts
   * const logs = await client.jobs.logs('job-3f9a1c2b7d4e', { tail: 100, timestamps: true });
   * ```
   */
  async logs(jobId: string, options?: LogsOptions): Promise<string> {
    const job_id = checkString('jobId', jobId, 128);
    const opts = checkOptions('options', options);
    const query: { tail?: number; since?: string; timestamps?: boolean } = {};
    if (opts.tail !== undefined) query.tail = checkInt('tail', opts.tail, 1, 1_000_000);
    if (opts.since !== undefined) query.since = checkDateTime('since', opts.since);
    if (opts.timestamps !== undefined) query.timestamps = checkBool('timestamps', opts.timestamps);
    const text = await this.core.call<string | undefined>(
      'get_job_logs',
      (init) => this.core.api.GET('/v1/jobs/{job_id}/logs', { params: { path: { job_id }, query }, ...init }),
      opts,
    );
    return text ?? '';
  }

  /**
   * Follow the job's log lines live until it finishes. A dropped connection is resumed from the
   * next offset, so every line arrives exactly once; breaking out of the loop closes the connection.
   *
   * @example
   * ```ts
   * for await (const line of client.jobs.logsStream('job-3f9a1c2b7d4e')) console.log(line);
   * ```
   */
  logsStream(jobId: string, options?: LogsStreamOptions): AsyncGenerator<string, void, undefined> {
    const job_id = checkString('jobId', jobId, 128);
    const opts = checkOptions('options', options);
    const start = opts.offset === undefined ? 0 : checkInt('offset', opts.offset, 0);
    return this.follow(job_id, start, opts);
  }

  private async *follow(
    job_id: string,
    start: number,
    opts: LogsStreamOptions,
  ): AsyncGenerator<string, void, undefined> {
    const core = this.core;
    const policy =
      opts.maxRetries === undefined
        ? core.policy
        : { ...core.policy, maxRetries: checkInt('maxRetries', opts.maxRetries, 0, 100) };
    const idleMs = opts.timeout === undefined ? core.timeout : checkInt('timeout', opts.timeout, 0);
    const what = `log stream of ${job_id}`;
    let next = start;
    let failures = 0;
    for (;;) {
      const attempt = new StreamAttempt(opts.signal, idleMs);
      let failure: VantageError;
      try {
        const headers = core.headers(failures ? { 'X-Retry-Count': String(failures) } : undefined);
        const sent = await core.api.GET('/v1/jobs/{job_id}/logs/stream', {
          params: { path: { job_id }, query: { offset: next } },
          headers,
          signal: attempt.signal,
          parseAs: 'stream',
        });
        if (!sent.response.ok) throw core.apiError(sent.response, sent.error);
        const body = sent.data as ReadableStream<Uint8Array> | null | undefined;
        if (!body) throw new APIConnectionError(`${what}: the response has no body`);
        const decoder = new SSEDecoder();
        const reader = body.getReader();
        try {
          for (;;) {
            attempt.arm();
            const { done, value } = await reader.read();
            if (done) break;
            for (const event of decoder.push(value)) {
              if (event.event === 'end') return;
              if (event.event !== 'log') continue;
              const line = parseLogLine(event.data, what, sent.response);
              if (line.offset < next) continue; // already yielded before a reconnect
              next = line.offset + 1;
              failures = 0;
              yield line.line;
            }
          }
        } finally {
          reader.releaseLock();
        }
        failure = new APIConnectionError(`${what}: the connection ended before the end event`);
      } catch (error) {
        failure = attempt.failure(error, what, (text) => core.scrub(text));
        if (failure instanceof APIUserAbortError || failure instanceof UnexpectedResponseError) throw failure;
      } finally {
        attempt.close(); // also closes the connection when the caller stops early
      }
      failures += 1;
      const delay = isRetryable(failure, true) ? retryDelay(policy, failure, failures - 1, true) : null;
      if (delay === null) {
        if (failure instanceof APIConnectionError || failure instanceof VantageAPIError) failure.attempts = failures;
        throw failure;
      }
      if (core.debug)
        core.log(`${what} dropped (${String(failure)}); resuming at offset ${next} in ${delay.toFixed(3)} s`);
      await sleep(delay, opts.signal);
    }
  }

  /**
   * Poll until the job is finished (succeeded, failed or cancelled) and return it. Polls start at
   * `pollInterval` ms and grow by half each time up to 10 s; past `timeout` ms (default one hour) a
   * `WaitTimeoutError` names the job and its last status.
   *
   * @example
   * ```ts
   * const job = await client.jobs.wait('job-3f9a1c2b7d4e', { timeout: 600000 });
   * ```
   */
  async wait(jobId: string, options?: WaitOptions): Promise<Job> {
    checkString('jobId', jobId, 128);
    const opts = checkOptions('options', options);
    const { timeout: waitTimeout, pollInterval, ...request } = opts;
    const limit = waitTimeout === undefined ? 3_600_000 : checkInt('timeout', waitTimeout, 1);
    let interval = pollInterval === undefined ? 1000 : checkInt('pollInterval', pollInterval, 1, 3_600_000);
    const deadline = Date.now() + limit;
    for (;;) {
      const job = await this.get(jobId, request);
      if (TERMINAL_STATUSES.has(job.status)) return job;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new WaitTimeoutError(jobId, job.status, limit);
      await sleep(Math.min(interval, remaining) / 1000, request.signal);
      interval = Math.min(interval * 1.5, Math.max(interval, 10_000));
    }
  }

  /**
   * Cancel a pending or running job (cancelling a cancelled job returns it unchanged).
   *
   * @example
   * ```ts
   * await client.jobs.cancel('job-3f9a1c2b7d4e', { reason: 'User requested cancellation' });
   * ```
   */
  async cancel(jobId: string, options?: CancelOptions): Promise<Job> {
    const job_id = checkString('jobId', jobId, 128);
    const opts = checkOptions('options', options);
    const body = opts.reason === undefined ? undefined : { reason: checkString('reason', opts.reason, 1024) };
    return this.core.call(
      'cancel_job',
      (init) => this.core.api.POST('/v1/jobs/{job_id}/cancel', { params: { path: { job_id } }, body, ...init }),
      opts,
    );
  }

  /**
   * Cancel several jobs; one result per job, in order (a finished or missing job gets `ok: false`).
   * More than 1000 ids are sent as several requests.
   *
   * @example
   * ```ts
   * const { results } = await client.jobs.cancelBatch(['job-12345', 'job-67890']);
   * ```
   */
  async cancelBatch(jobIds: string[], options?: CancelOptions): Promise<BatchCancelResult> {
    if (!Array.isArray(jobIds) || jobIds.length === 0) {
      throw ValidationError.forField('jobIds', 'must be a non-empty array of job ids');
    }
    const ids = jobIds.map((id, i) => checkString(`jobIds[${i}]`, id, 128));
    const opts = checkOptions('options', options);
    const reason = opts.reason === undefined ? undefined : checkString('reason', opts.reason, 1024);
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += BATCH_LIMIT) chunks.push(ids.slice(i, i + BATCH_LIMIT));
    const results: BatchCancelItem[] = [];
    for (const [n, job_ids] of chunks.entries()) {
      const idempotencyKey =
        opts.idempotencyKey === undefined || chunks.length === 1 ? opts.idempotencyKey : `${opts.idempotencyKey}-${n}`;
      const result = await this.core.call<BatchCancelResult>(
        'cancel_jobs_batch',
        (init) => this.core.api.POST('/v1/jobs/cancel-batch', { body: { job_ids, reason }, ...init }),
        { ...opts, idempotencyKey },
      );
      results.push(...result.results);
    }
    return { results };
  }
}

function parseLogLine(data: string, what: string, response: Response): { offset: number; line: string } {
  try {
    const parsed = fromWire('LogLine', JSON.parse(data)) as { offset?: unknown; line?: unknown };
    if (typeof parsed.offset === 'number' && typeof parsed.line === 'string')
      return { offset: parsed.offset, line: parsed.line };
    throw new TypeError('a log event needs a numeric offset and a string line');
  } catch (error) {
    throw new UnexpectedResponseError(
      `${what}: an event is not what the API describes (${String(error)}): ${data.slice(0, 200)}`,
      {
        statusCode: response.status,
        code: 'unexpected_response',
        requestId: response.headers.get('X-Request-ID'),
        cause: error,
      },
    );
  }
}
