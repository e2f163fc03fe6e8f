/**
 * The client core shared by every resource: configuration, the generated openapi-fetch client, and
 * `call`, which runs one SDK call under the retry policy and turns its outcome into a value or a
 * typed error. Browser-safe: nothing here touches Node APIs.
 */
import createClient, { type Client, createQuerySerializer } from 'openapi-fetch';
import { type OperationId, operations } from '../generated/operations.js';
import type { paths } from '../generated/schema.js';
import {
  APIConnectionError,
  apiErrorFromResponse,
  scrub,
  unexpectedResponse,
  ValidationError,
  VantageAPIError,
  VantageError,
} from './errors.js';
import { AttemptSignal, DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelay, sleep } from './retry.js';
import { fromWire } from './shapes.js';
import { checkInt } from './validation.js';

export const DEFAULT_BASE_URL = 'https://api.vantage.omnivector.solutions';
export const DEFAULT_TIMEOUT_MS = 60_000;
/** JSON bodies larger than this are refused rather than buffered. */
export const MAX_JSON_RESPONSE_BYTES = 64 * 1024 * 1024;
export const SDK_VERSION = '0.1.0';

/** Options of `new VantageClient(...)`. */
export interface ClientOptions {
  /** The API key (default: the `VANTAGE_API_KEY` environment variable, in Node). */
  apiKey?: string;
  /** The API's base URL (default: `VANTAGE_BASE_URL`, else the production API). */
  baseURL?: string;
  /** The organization, for keys that belong to several (default: `VANTAGE_ORGANIZATION`). */
  organization?: string;
  /** Milliseconds one attempt may take, body included (default 60000; 0 disables it). */
  timeout?: number;
  /** Retries after the first attempt for retryable failures (default 2). */
  maxRetries?: number;
  /** Log each request's method, path, status and duration (never the key) to `console.debug`. */
  debug?: boolean;
  /**
   * A `fetch` to send every request through (for proxies, undici dispatchers or tests). Without it
   * Node sends over node:http with keep-alive, and other runtimes use `globalThis.fetch`.
   */
  fetch?: (request: Request) => Promise<Response>;
}

/** Per-call options every method accepts in its options object. */
export interface RequestOptions {
  /** Abort the call (no retry follows an abort). */
  signal?: AbortSignal;
  /** Milliseconds one attempt of this call may take (overrides the client's `timeout`). */
  timeout?: number;
  /** Retries for this call (overrides the client's `maxRetries`). */
  maxRetries?: number;
}

/** Options of calls that create something: the Idempotency-Key to send (default: a fresh one per call). */
export interface IdempotentRequestOptions extends RequestOptions {
  idempotencyKey?: string;
}

/** What one attempt passes to the generated client's method. */
export interface AttemptInit {
  signal: AbortSignal;
  headers: Record<string, string>;
  parseAs: 'text';
}

/** What the generated client returns for one attempt. */
export interface Sent {
  data?: unknown;
  error?: unknown;
  response: Response;
}

function environment(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name];
  return value?.trim() ? value.trim() : undefined;
}

/**
 * What the runtime provides beyond fetch. Web Crypto where present; the Node entry point installs
 * node:crypto, so Node 18 (which has no global `crypto`) gets strong keys and checksums too, and
 * `send`, which carries requests over node:http for clients not given a `fetch` of their own.
 */
export const platform: {
  randomUUID: (() => string) | null;
  sha256: ((bytes: Uint8Array) => Promise<string | null>) | null;
  send: ((url: string, init: RequestInit) => Promise<Response>) | null;
} = { randomUUID: null, sha256: null, send: null };

/** A random UUID for Idempotency-Keys (the platform's, Web Crypto's, else Math.random). */
export function randomId(): string {
  if (platform.randomUUID) return platform.randomUUID();
  const webCrypto = (globalThis as { crypto?: Crypto }).crypto;
  if (webCrypto?.randomUUID) return webCrypto.randomUUID();
  const bytes = Array.from({ length: 16 }, () => Math.floor(Math.random() * 256));
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * What openapi-fetch builds a request into: the URL and init only. Building a real `Request` here and
 * then letting fetch build its own from it cost ~10% of a small call's CPU time; a real one is made
 * only for a caller-supplied fetch, which is promised one.
 */
class PendingRequest {
  readonly method: string;
  readonly headers: Headers;
  readonly signal: AbortSignal | null;

  constructor(
    readonly url: string,
    readonly init: RequestInit & { headers: Headers },
  ) {
    this.method = (init.method ?? 'GET').toUpperCase();
    this.headers = init.headers;
    this.signal = init.signal ?? null;
  }
}

/** The resolved configuration and the machinery every resource calls through. */
export class Core {
  readonly baseURL: string;
  readonly organization: string | null;
  readonly timeout: number;
  readonly policy: RetryPolicy;
  readonly debug: boolean;
  /** The generated, typed low-level client. */
  readonly api: Client<paths>;
  readonly #apiKey: string;
  readonly #fetch: ((request: Request) => Promise<Response>) | undefined;
  /** `headers()` without extras, built once: every attempt without extra headers sends this object. */
  readonly #fixedHeaders: Readonly<Record<string, string>>;

  constructor(options: ClientOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw ValidationError.forField('options', 'must be an options object');
    }
    const apiKey = options.apiKey ?? environment('VANTAGE_API_KEY');
    if (typeof apiKey !== 'string' || !apiKey.trim()) {
      throw ValidationError.forField('apiKey', 'is required: pass { apiKey } or set VANTAGE_API_KEY');
    }
    this.#apiKey = apiKey.trim();
    const baseURL = options.baseURL ?? environment('VANTAGE_BASE_URL') ?? DEFAULT_BASE_URL;
    if (typeof baseURL !== 'string' || !/^https?:\/\/[^/]/i.test(baseURL)) {
      throw ValidationError.forField('baseURL', `must be an http(s) URL, got ${JSON.stringify(baseURL)}`);
    }
    this.baseURL = baseURL.replace(/\/+$/, '');
    this.organization = options.organization ?? environment('VANTAGE_ORGANIZATION') ?? null;
    this.timeout = options.timeout === undefined ? DEFAULT_TIMEOUT_MS : checkInt('timeout', options.timeout, 0);
    this.policy = {
      ...DEFAULT_RETRY_POLICY,
      maxRetries:
        options.maxRetries === undefined
          ? DEFAULT_RETRY_POLICY.maxRetries
          : checkInt('maxRetries', options.maxRetries, 0, 100),
    };
    this.debug = options.debug === true;
    this.#fetch = options.fetch;
    this.#fixedHeaders = Object.freeze(this.headers());
    // globalThis.fetch (where it is used) is looked up per request, so a fetch installed later (a polyfill) is used.
    this.api = createClient<paths>({
      baseUrl: this.baseURL,
      fetch: (request: Request) => this.fetch(request as unknown as PendingRequest),
      Request: PendingRequest as unknown as typeof Request,
      // openapi-fetch's default, made once here rather than on every request.
      querySerializer: createQuerySerializer(),
    });
  }

  /** Whether the client was given its own `fetch`, which every request must then go through. */
  get hasCustomFetch(): boolean {
    return this.#fetch !== undefined;
  }

  /** Send one request: through the client's `fetch`, else the platform's sender, else the global fetch. */
  fetch(request: PendingRequest): Promise<Response> {
    if (this.#fetch) return this.#fetch(new Request(request.url, request.init));
    if (platform.send) return platform.send(request.url, request.init);
    return globalThis.fetch(request.url, request.init);
  }

  /** The headers every request carries: authorization, organization, client name. */
  headers(extra?: Record<string, string>): Record<string, string> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.#apiKey}`,
      'X-Vantage-Client': `vantage-sdk-typescript/${SDK_VERSION}`,
      ...extra,
    };
    if (this.organization) headers['X-Vantage-Organization'] = this.organization;
    return headers;
  }

  /** The typed error for an error response (the key scrubbed from its message). */
  apiError(response: Response, body: unknown): VantageAPIError {
    return apiErrorFromResponse(response, body ?? '', this.#apiKey);
  }

  /** Replace the API key wherever it appears in `text`. */
  scrub(text: string): string {
    return scrub(text, this.#apiKey);
  }

  /**
   * Run `attempt` until it succeeds, a failure is not retryable, or the policy gives up.
   *
   * @param what names the call in errors and debug lines, e.g. `GET /v1/jobs/{job_id}`
   * @param attempt performs one attempt with its AbortSignal and retry number
   */
  async retrying<T>(
    what: string,
    retrySafe: boolean,
    options: RequestOptions | undefined,
    attempt: (signal: AbortSignal, retryNumber: number) => Promise<T>,
  ): Promise<T> {
    const timeout = options?.timeout === undefined ? this.timeout : checkInt('timeout', options.timeout, 0);
    const policy =
      options?.maxRetries === undefined
        ? this.policy
        : { ...this.policy, maxRetries: checkInt('maxRetries', options.maxRetries, 0, 100) };
    for (let retryNumber = 0; ; retryNumber++) {
      const deadline = new AttemptSignal(options?.signal, timeout);
      const started = this.debug ? Date.now() : 0;
      let failure: unknown;
      try {
        const result = await attempt(deadline.signal, retryNumber);
        if (this.debug) this.log(`${what} ok in ${Date.now() - started} ms (attempt ${retryNumber + 1})`);
        return result;
      } catch (error) {
        // The SDK's own errors (typed API errors, integrity failures) pass through as they are.
        failure = error instanceof VantageError ? error : deadline.failure(error, what, timeout);
        if (failure instanceof APIConnectionError) failure.message = this.scrub(failure.message);
      } finally {
        deadline.dispose();
      }
      if (failure instanceof VantageAPIError || failure instanceof APIConnectionError) {
        failure.attempts = retryNumber + 1;
      }
      const delay = retryDelay(policy, failure, retryNumber, retrySafe);
      if (this.debug)
        this.log(
          `${what} failed (${String(failure)}); ${delay === null ? 'giving up' : `retrying in ${delay.toFixed(3)} s`}`,
        );
      if (delay === null) throw failure;
      await sleep(delay, options?.signal);
    }
  }

  /**
   * One JSON (or text) operation through the generated client: retries, Idempotency-Key on POST,
   * per-attempt deadline, typed errors, and the response renamed to camelCase.
   *
   * @param op the operation, for its method, path, retry safety and response schema
   * @param send calls the generated client's method with the attempt's init
   */
  call<T>(op: OperationId, send: (init: AttemptInit) => Promise<Sent>, options?: IdempotentRequestOptions): Promise<T> {
    const shape = operations[op].responseShape;
    return this.exchange(op, send, options, (sent) => this.decode(sent, shape) as T);
  }

  /**
   * Like `call`, but `read` turns each successful attempt's response into the value (for bodies that
   * are not JSON); an error status is thrown as its typed error before `read` runs.
   */
  async exchange<T>(
    op: OperationId,
    send: (init: AttemptInit) => Promise<Sent>,
    options: IdempotentRequestOptions | undefined,
    read: (sent: Sent) => T | Promise<T>,
  ): Promise<T> {
    const meta = operations[op];
    let fixed = this.#fixedHeaders;
    if (meta.method === 'POST') {
      const key = options?.idempotencyKey;
      fixed = { ...fixed, 'Idempotency-Key': key === undefined ? randomId() : checkIdempotencyKey(key) };
    }
    const what = `${meta.method} ${meta.path}`;
    return this.retrying(what, meta.retrySafe, options, async (signal, retryNumber) => {
      const headers = retryNumber === 0 ? fixed : { ...fixed, 'X-Retry-Count': String(retryNumber) };
      const sent = await send({ signal, headers, parseAs: 'text' });
      if (!sent.response.ok) throw apiErrorFromResponse(sent.response, sent.error ?? '', this.#apiKey);
      return read(sent);
    });
  }

  /** The value of a sent request: the renamed JSON body, the text, or a typed error. */
  decode(sent: Sent, shape: string | null): unknown {
    const { response } = sent;
    if (!response.ok) {
      throw apiErrorFromResponse(response, sent.error === undefined ? '' : sent.error, this.#apiKey);
    }
    const body = sent.data;
    if (body === undefined || shape === null) return body;
    const length = Number(response.headers.get('Content-Length') ?? 0);
    if (typeof body !== 'string' || length > MAX_JSON_RESPONSE_BYTES) {
      throw unexpectedResponse(response, '', new Error(`body of ${length} bytes is too large`), this.#apiKey);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      throw unexpectedResponse(response, body, error, this.#apiKey);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw unexpectedResponse(response, body, new TypeError(`expected a ${shape} object`), this.#apiKey);
    }
    return fromWire(shape, parsed);
  }

  /** Write a debug line (the key is scrubbed). */
  log(message: string): void {
    console.debug(`[vantage] ${this.scrub(message)}`);
  }
}

function checkIdempotencyKey(key: unknown): string {
  if (typeof key !== 'string' || key.length < 1 || key.length > 255) {
    throw ValidationError.forField('idempotencyKey', 'must be a string of 1 to 255 characters');
  }
  return key;
}
