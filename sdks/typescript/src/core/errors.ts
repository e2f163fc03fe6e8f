/**
 * The SDK's errors, and the one place that turns HTTP failures into them.
 *
 * ```text
 * VantageError                      root of everything the SDK throws
 * ├── VantageAPIError               the server answered with an error status
 * │   ├── ValidationError           400 / 422, or bad input caught before any request (statusCode null)
 * │   ├── AuthenticationError       401
 * │   ├── AuthorizationError        403
 * │   ├── ResourceNotFoundError     404
 * │   ├── ConflictError             409
 * │   ├── PayloadTooLargeError      413
 * │   ├── RateLimitError            429 (retryAfter in seconds)
 * │   ├── ServerError               5xx (retryAfter in seconds)
 * │   └── UnexpectedResponseError   a success status whose body is not what the API describes
 * ├── APIConnectionError            no response at all (refused, reset, DNS, TLS, ...)
 * │   ├── APITimeoutError           the call's timeout elapsed
 * │   └── APIUserAbortError         the caller's AbortSignal fired
 * ├── WaitTimeoutError              `jobs.wait` gave up before the job finished
 * └── TransferError                 a file transfer could not be completed
 *     └── IntegrityError            transferred bytes do not match their checksum
 * ```
 *
 * @example
 * ```ts
 * try {
 *   await client.jobs.get('job-000000000000');
 * } catch (error) {
 *   if (error instanceof ResourceNotFoundError) console.log(error.statusCode, error.message, error.requestId);
 * }
 * ```
 */

/** One field-level problem, such as `{ field: 'spec.command', message: 'must not be empty' }`. */
export interface FieldError {
  field: string;
  message: string;
}

const REDACTED = '***';

/** Root of every error the SDK throws. */
export class VantageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Everything a {@link VantageAPIError} is built from. */
export interface APIErrorInit {
  statusCode?: number | null;
  details?: readonly FieldError[];
  code?: string | null;
  requestId?: string | null;
  attempts?: number;
  retryAfter?: number | null;
  source?: string | null;
  cause?: unknown;
}

/**
 * The API answered with an error status (or bad input was refused before any request).
 *
 * `statusCode` is the HTTP status (null for a client-side refusal), `message` what went wrong,
 * `details` the field errors, `code` the problem's stable code, `requestId` the server's request id
 * (quote it when reporting a problem) and `attempts` how many requests the SDK made.
 */
export class VantageAPIError extends VantageError {
  readonly statusCode: number | null;
  readonly details: FieldError[];
  readonly code: string | null;
  readonly requestId: string | null;
  attempts: number;

  constructor(message: string, init: APIErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.statusCode = init.statusCode ?? null;
    this.details = [...(init.details ?? [])];
    this.code = init.code ?? null;
    this.requestId = init.requestId ?? null;
    this.attempts = init.attempts ?? 1;
  }

  /** `404 Job 'x' does not exist. (code=not_found, requestId=req-...)`. */
  override toString(): string {
    const head = this.statusCode === null ? this.message : `${this.statusCode} ${this.message}`;
    const fields = this.details.map((d) => `${d.field}: ${d.message}`).join('; ');
    const extras = [
      ...(this.code ? [`code=${this.code}`] : []),
      ...(this.requestId ? [`requestId=${this.requestId}`] : []),
      ...(this.attempts > 1 ? [`attempts=${this.attempts}`] : []),
    ];
    const suffix = fields && !this.message.includes(fields) ? ` [${fields}]` : '';
    return `${this.name}: ${head}${suffix}${extras.length ? ` (${extras.join(', ')})` : ''}`;
  }
}

/** 400/422 from the server, or bad input refused before any request (`statusCode` null). */
export class ValidationError extends VantageAPIError {
  /** The file the input came from, if any. */
  readonly source: string | null;

  constructor(message: string, init: APIErrorInit = {}) {
    super(message, init);
    this.source = init.source ?? null;
  }

  /**
   * A client-side error about one field.
   *
   * @example
   * ```ts
   * throw ValidationError.forField('spec.command', 'is required', 'job.yaml');
   * ```
   */
  static forField(field: string, problem: string, source?: string): ValidationError {
    const where = source ? `${source}: ` : '';
    return new ValidationError(`${where}${field}: ${problem}`, {
      details: [{ field, message: problem }],
      source: source ?? null,
    });
  }
}

/** 401: the API key is missing or invalid. */
export class AuthenticationError extends VantageAPIError {}
/** 403: the API key may not act for this organization or resource. */
export class AuthorizationError extends VantageAPIError {}
/** 404: no such resource in this organization. */
export class ResourceNotFoundError extends VantageAPIError {}
/** 409: the request conflicts with the resource's state or an earlier use of its idempotency key. */
export class ConflictError extends VantageAPIError {}
/** 413: the request body is larger than the operation accepts. */
export class PayloadTooLargeError extends VantageAPIError {}

/** 429: too many requests; `retryAfter` is the seconds the server asked to wait, or null. */
export class RateLimitError extends VantageAPIError {
  readonly retryAfter: number | null;
  constructor(message: string, init: APIErrorInit = {}) {
    super(message, init);
    this.retryAfter = init.retryAfter ?? null;
  }
}

/** 5xx: the server failed (retried before thrown); `retryAfter` from a 503's `Retry-After`, or null. */
export class ServerError extends VantageAPIError {
  readonly retryAfter: number | null;
  constructor(message: string, init: APIErrorInit = {}) {
    super(message, init);
    this.retryAfter = init.retryAfter ?? null;
  }
}

/** A success status with a body the SDK cannot read as the API describes it (e.g. a proxy's HTML page). */
export class UnexpectedResponseError extends VantageAPIError {}

/** No response arrived: the connection failed or was reset, or the body could not be read. */
export class APIConnectionError extends VantageError {
  attempts: number;
  constructor(message: string, options: { cause?: unknown; attempts?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.attempts = options.attempts ?? 1;
  }
}

/** The call's timeout elapsed before a response (or the whole body) arrived. */
export class APITimeoutError extends APIConnectionError {}

/** The caller's AbortSignal fired; never retried. */
export class APIUserAbortError extends APIConnectionError {}

/** `jobs.wait` reached its deadline before the job finished. */
export class WaitTimeoutError extends VantageError {
  constructor(
    readonly jobId: string,
    readonly lastStatus: string,
    readonly timeout: number,
  ) {
    super(`job ${jobId} still ${lastStatus} after waiting ${timeout} ms`);
  }
}

/** A file transfer could not be completed. */
export class TransferError extends VantageError {}

/** Transferred bytes do not match the checksum they should have. */
export class IntegrityError extends TransferError {}

type APIErrorClass = new (message: string, init?: APIErrorInit) => VantageAPIError;

const STATUS_CLASSES: Readonly<Record<number, APIErrorClass>> = {
  400: ValidationError,
  401: AuthenticationError,
  403: AuthorizationError,
  404: ResourceNotFoundError,
  409: ConflictError,
  413: PayloadTooLargeError,
  422: ValidationError,
  429: RateLimitError,
};

/**
 * Read a `Retry-After` header as seconds (delta-seconds or an HTTP date); null when absent or unreadable.
 *
 * @example
 * ```ts
 * parseRetryAfter('2'); // 2
 * ```
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || !value.trim()) return null;
  let seconds = Number(value);
  if (Number.isNaN(seconds)) {
    const when = Date.parse(value);
    if (Number.isNaN(when)) return null;
    seconds = (when - now) / 1000;
  }
  return Number.isFinite(seconds) ? Math.max(0, seconds) : null;
}

/** Replace the API key wherever it appears in `text`. */
export function scrub(text: string, secret: string | null | undefined): string {
  return secret ? text.split(secret).join(REDACTED) : text;
}

function fieldErrors(raw: unknown, secret: string | null): FieldError[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
    .map((item) => ({
      field: scrub(String(item.field ?? ''), secret),
      message: scrub(String(item.message ?? ''), secret),
    }));
}

function problemOf(body: unknown): Record<string, unknown> {
  try {
    const parsed: unknown = typeof body === 'string' ? JSON.parse(body) : body;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/**
 * The typed error for an error response (RFC 9457 problem+json or anything else).
 *
 * @param response the failed response (its body already read into `body`)
 * @param body the response body, as text or already parsed from JSON
 * @param secret the API key, scrubbed from every message
 */
export function apiErrorFromResponse(response: Response, body: unknown, secret: string | null): VantageAPIError {
  const status = response.status;
  const problem = problemOf(body);
  const detail = problem.detail ?? problem.title;
  let message = typeof detail === 'string' && detail ? detail : response.statusText || `HTTP ${status}`;
  const text = typeof body === 'string' ? body.trim() : '';
  if (Object.keys(problem).length === 0 && text) message = `${message}: ${text.slice(0, 200)}`;
  const requestId = problem.request_id ?? response.headers.get('X-Request-ID');
  const Class = STATUS_CLASSES[status] ?? (status >= 500 ? ServerError : VantageAPIError);
  return new Class(scrub(message, secret), {
    statusCode: status,
    details: fieldErrors(problem.errors, secret),
    code: typeof problem.code === 'string' ? problem.code : null,
    requestId: typeof requestId === 'string' ? requestId : null,
    retryAfter: parseRetryAfter(response.headers.get('Retry-After')),
  });
}

/** `UnexpectedResponseError` for a success response whose body could not be read as the API describes. */
export function unexpectedResponse(
  response: Response,
  body: string,
  problem: unknown,
  secret: string | null,
): UnexpectedResponseError {
  const contentType = response.headers.get('Content-Type') ?? 'no Content-Type';
  const reason = problem instanceof Error ? `${problem.name}: ${problem.message}` : String(problem);
  const quote = body.trim() ? `: ${body.trim().slice(0, 200)}` : '';
  return new UnexpectedResponseError(
    scrub(`the response is not what the API describes (${contentType}; ${reason})${quote}`, secret),
    {
      statusCode: response.status,
      code: 'unexpected_response',
      requestId: response.headers.get('X-Request-ID'),
      cause: problem,
    },
  );
}
