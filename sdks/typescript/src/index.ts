/**
 * `@vantage/sdk` for browsers and other runtimes without a file system: every JSON operation, log
 * streams, and strings to and from storage. In Node, `@vantage/sdk` resolves to the Node entry
 * point, which adds local file transfers and `jobs.submitFromFile`.
 */
export { VantageClient } from './client.js';
export type { FieldError } from './core/errors.js';
export {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  AuthorizationError,
  ConflictError,
  IntegrityError,
  PayloadTooLargeError,
  RateLimitError,
  ResourceNotFoundError,
  ServerError,
  TransferError,
  UnexpectedResponseError,
  ValidationError,
  VantageAPIError,
  VantageError,
  WaitTimeoutError,
} from './core/errors.js';
export type { ClientOptions, IdempotentRequestOptions, RequestOptions } from './core/http.js';
export type { SubmitOverrides } from './core/templates.js';
export type { ClusterListOptions, ScaleOptions } from './resources/clusters.js';
export { Clusters } from './resources/clusters.js';
export type {
  CancelOptions,
  JobListOptions,
  JobPaginateOptions,
  LogsOptions,
  LogsStreamOptions,
  SubmitOptions,
  WaitOptions,
} from './resources/jobs.js';
export { JOB_STATUSES, Jobs, TERMINAL_STATUSES } from './resources/jobs.js';
export type {
  DeleteOptions,
  ProgressCallback,
  StorageListOptions,
  TransferOptions,
  Verify,
} from './resources/storage.js';
export { Storage } from './resources/storage.js';
export type * from './types.js';
