/**
 * The retry policy: what is retried, how long to wait, and the per-attempt deadline.
 *
 * Retried: connection failures and timeouts (no response), 408, 429 and 5xx, for operations the
 * overlays mark retry-safe (every POST carries an Idempotency-Key reused on its retries). A 429 is
 * retried even otherwise, since the server did nothing. Between attempts the wait is exponential
 * backoff with full jitter, or exactly the server's `Retry-After`; a `Retry-After` longer than
 * `maxRetryAfter` is thrown at once rather than slept through.
 */
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  RateLimitError,
  ServerError,
  VantageAPIError,
  VantageError,
} from './errors.js';

/** How many times and how long to wait. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Upper bound of the first jittered wait, in seconds; doubles per retry. */
  initialBackoff: number;
  /** Cap of the jittered wait, in seconds. */
  maxBackoff: number;
  /** The longest `Retry-After` honoured, in seconds. */
  maxRetryAfter: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxRetries: 2,
  initialBackoff: 0.5,
  maxBackoff: 8,
  maxRetryAfter: 60,
};

const RETRYABLE_STATUSES = new Set([408, 429]);

/** The largest wait before retry `retryNumber` (0-based), in seconds, before jitter. */
export function backoffCeiling(policy: RetryPolicy, retryNumber: number): number {
  return Math.min(policy.maxBackoff, policy.initialBackoff * 2 ** retryNumber);
}

/** Whether `error` may be retried for an operation of the given safety. */
export function isRetryable(error: unknown, retrySafe: boolean): boolean {
  if (error instanceof APIUserAbortError) return false;
  if (error instanceof APIConnectionError) return retrySafe;
  if (error instanceof VantageAPIError && error.statusCode !== null) {
    const status = error.statusCode;
    return status === 429 || (retrySafe && (RETRYABLE_STATUSES.has(status) || status >= 500));
  }
  return false;
}

/** Seconds to wait before the next attempt, or null to give up and throw `error`. */
export function retryDelay(
  policy: RetryPolicy,
  error: unknown,
  retryNumber: number,
  retrySafe: boolean,
  jitter: () => number = Math.random,
): number | null {
  if (retryNumber >= policy.maxRetries || !isRetryable(error, retrySafe)) return null;
  const retryAfter = error instanceof RateLimitError || error instanceof ServerError ? error.retryAfter : null;
  if (retryAfter !== null) return retryAfter > policy.maxRetryAfter ? null : retryAfter;
  return jitter() * backoffCeiling(policy, retryNumber);
}

/**
 * One attempt's AbortSignal: fires when the caller's signal does, or when `timeoutMs` elapses.
 * (Hand-made rather than `AbortSignal.any`, which Node 18 lacks.) The timer callback is one shared
 * function given the attempt as its argument, and a listener is made only when the caller passed a
 * signal, so an attempt costs its AbortController, a timer, and nothing else.
 */
export class AttemptSignal {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout> | undefined;
  private timedOut = false;
  private readonly onAbort: (() => void) | undefined;

  constructor(
    private readonly user: AbortSignal | undefined,
    timeoutMs: number | undefined,
  ) {
    this.signal = this.controller.signal;
    if (user?.aborted) this.controller.abort(user.reason);
    else if (user !== undefined) {
      this.onAbort = () => this.controller.abort(user.reason);
      user.addEventListener('abort', this.onAbort, { once: true });
    }
    if (timeoutMs !== undefined && timeoutMs > 0 && Number.isFinite(timeoutMs)) {
      this.timer = setTimeout(AttemptSignal.expire, timeoutMs, this);
    }
  }

  private static expire(attempt: AttemptSignal): void {
    attempt.timedOut = true;
    attempt.controller.abort(new Error('timeout'));
  }

  /** Stop the timer and forget the caller's signal. */
  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.onAbort !== undefined) this.user?.removeEventListener('abort', this.onAbort);
  }

  /**
   * The SDK error for a failure of this attempt with no response: the caller's abort, the timeout,
   * or a connection failure.
   */
  failure(cause: unknown, what: string, timeoutMs: number | undefined): APIConnectionError {
    if (this.user?.aborted) return new APIUserAbortError(`${what}: aborted by the caller's AbortSignal`, { cause });
    if (this.timedOut) return new APITimeoutError(`${what}: timed out after ${timeoutMs} ms`, { cause });
    return new APIConnectionError(`${what}: ${describeCause(cause)}`, { cause });
  }
}

/**
 * One attempt of a streamed exchange (a log stream, a download): aborted by the caller's signal, or
 * after `idleMs` without data; `arm()` restarts the idle clock at each chunk, `close()` ends the
 * connection (also when the caller stops reading early).
 */
export class StreamAttempt {
  private readonly controller = new AbortController();
  readonly signal = this.controller.signal;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timedOut = false;
  private readonly onAbort = (): void => this.controller.abort();

  constructor(
    private readonly user: AbortSignal | undefined,
    private readonly idleMs: number,
  ) {
    if (user?.aborted) this.controller.abort();
    else user?.addEventListener('abort', this.onAbort, { once: true });
    this.arm();
  }

  arm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.idleMs > 0 && Number.isFinite(this.idleMs)) {
      this.timer = setTimeout(() => {
        this.timedOut = true;
        this.controller.abort();
      }, this.idleMs);
    }
  }

  /** The error to act on: the caller's abort, the SDK's own errors as they are, else a connection failure. */
  failure(cause: unknown, what: string, scrubText: (text: string) => string): VantageError {
    if (this.user?.aborted) return new APIUserAbortError(`${what}: aborted by the caller's AbortSignal`, { cause });
    if (cause instanceof VantageError) return cause;
    const why = this.timedOut ? `no data for ${this.idleMs} ms` : scrubText(describeCause(cause));
    return new (this.timedOut ? APITimeoutError : APIConnectionError)(`${what}: ${why}`, { cause });
  }

  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.user?.removeEventListener('abort', this.onAbort);
    this.controller.abort();
  }
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = (cause as { cause?: unknown }).cause;
  const code = typeof inner === 'object' && inner !== null ? (inner as { code?: unknown }).code : undefined;
  const innerMessage = inner instanceof Error ? inner.message : '';
  return [cause.message, typeof code === 'string' ? code : '', innerMessage].filter(Boolean).join(': ');
}

/** Resolve after `seconds`, or reject with APIUserAbortError as soon as `signal` fires. */
export function sleep(seconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new APIUserAbortError("aborted by the caller's AbortSignal while waiting to retry"));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new APIUserAbortError("aborted by the caller's AbortSignal while waiting to retry"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, seconds * 1000);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
