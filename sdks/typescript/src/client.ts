/** `VantageClient`: the entry to every resource. */
import { type ClientOptions, Core } from './core/http.js';
import { Clusters } from './resources/clusters.js';
import { Jobs } from './resources/jobs.js';
import { Storage } from './resources/storage.js';

/**
 * A client of the Vantage API.
 *
 * @example
 * ```ts
 * import { VantageClient } from '@vantage/sdk';
 *
 * const client = new VantageClient({ apiKey: 'your-api-key', timeout: 60000, maxRetries: 3 });
 * const job = await client.jobs.get('job-3f9a1c2b7d4e');
 * ```
 */
export class VantageClient {
  readonly jobs: Jobs;
  readonly clusters: Clusters;
  readonly storage: Storage;
  readonly #core: Core;

  /**
   * @param options `apiKey`, `baseURL`, `organization` (else `VANTAGE_API_KEY`, `VANTAGE_BASE_URL`,
   *   `VANTAGE_ORGANIZATION` in Node), `timeout` in ms per attempt, `maxRetries`, `debug`, `fetch`.
   */
  constructor(options: ClientOptions = {}) {
    this.#core = new Core(options);
    this.jobs = new Jobs(this.#core);
    this.clusters = new Clusters(this.#core);
    this.storage = new Storage(this.#core);
  }

  /** The API's base URL in use. */
  get baseURL(): string {
    return this.#core.baseURL;
  }

  /** The organization in use, if any. */
  get organization(): string | null {
    return this.#core.organization;
  }

  /** Never shows the API key. */
  toString(): string {
    return `VantageClient(baseURL=${this.#core.baseURL})`;
  }

  /** What `console.log(client)` shows in Node: no API key. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  toJSON(): { baseURL: string; organization: string | null } {
    return { baseURL: this.#core.baseURL, organization: this.#core.organization };
  }
}
