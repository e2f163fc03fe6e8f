/** The API's models as the SDK returns them: camelCase fields, enums open to values added later. */
import type { Camelize } from './core/shapes.js';
import type { components } from './generated/schema.js';

type Schemas = components['schemas'];

export type Job = Camelize<Schemas['Job']>;
/**
 * A page whose `nextPageToken` is `undefined` on the last page (the API's `null`), so it feeds
 * straight back into `list({ pageToken })`.
 */
export type TokenPage<P> = Omit<P, 'nextPageToken'> & { nextPageToken: string | undefined };
export type JobPage = TokenPage<Camelize<Schemas['JobPage']>>;
export type JobSpec = Camelize<Schemas['JobSpec']>;
export type JobResources = Camelize<Schemas['JobResources']>;
export type JobStatus = Camelize<Schemas['JobStatus']>;
export type JobInclude = Schemas['JobInclude'];
export type LogLine = Camelize<Schemas['LogLine']>;
export type JobOutput = Camelize<Schemas['JobOutput']>;
export type JobMetrics = Camelize<Schemas['JobMetrics']>;
export type JobEvent = Camelize<Schemas['JobEvent']>;
export type BatchCancelResult = Camelize<Schemas['BatchCancelResult']>;
export type BatchCancelItem = Camelize<Schemas['BatchCancelItem']>;
export type Cluster = Camelize<Schemas['Cluster']>;
export type ClusterStatus = Camelize<Schemas['ClusterStatus']>;
export type ClusterProvider = Camelize<Schemas['ClusterProvider']>;
export type ClusterInclude = Schemas['ClusterInclude'];
export type ClusterResources = Camelize<Schemas['ClusterResources']>;
export type ClusterNode = Camelize<Schemas['ClusterNode']>;
export type ClusterMetrics = Camelize<Schemas['ClusterMetrics']>;
export type Autoscaling = Camelize<NonNullable<Schemas['Autoscaling']>>;
export type FileInfo = Camelize<Schemas['FileInfo']>;
export type FilePage = TokenPage<Camelize<Schemas['FilePage']>>;
export type UploadSession = Camelize<Schemas['UploadSession']>;
export type UploadPart = Camelize<Schemas['UploadPart']>;
export type Problem = Camelize<Schemas['Problem']>;

/**
 * A job template: `name` and `spec` (with `command`), optionally `labels`, `cluster`, `priority` and
 * `env`. Fields may be written in camelCase (`workingDir`) or as in the API (`working_dir`).
 */
export interface JobTemplate {
  name: string;
  spec: {
    command: string[];
    image?: string;
    env?: Record<string, string>;
    resources?: { cpu?: string | number; memory?: string | number; gpu?: number };
    workingDir?: string;
    timeoutSeconds?: number;
    [wireName: string]: unknown;
  };
  labels?: Record<string, string>;
  cluster?: string;
  priority?: number;
  env?: Record<string, string>;
}
