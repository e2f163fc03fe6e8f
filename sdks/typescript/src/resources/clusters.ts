/** `client.clusters`: list, get and scale the clusters that run jobs. */
import { ValidationError } from '../core/errors.js';
import type { Core, IdempotentRequestOptions, RequestOptions } from '../core/http.js';
import { checkChoice, checkChoices, checkInt, checkNumber, checkOptions, checkString } from '../core/validation.js';
import type { Cluster, ClusterInclude } from '../types.js';

export const CLUSTER_STATUSES = ['provisioning', 'running', 'scaling', 'stopped', 'error'] as const;
export const CLUSTER_PROVIDERS = ['local', 'aws', 'gcp', 'azure', 'on-premises'] as const;
export const CLUSTER_INCLUDES: readonly ClusterInclude[] = ['metrics', 'nodes'];

/** Filters of `clusters.list`. */
export interface ClusterListOptions extends RequestOptions {
  status?: (typeof CLUSTER_STATUSES)[number];
  provider?: (typeof CLUSTER_PROVIDERS)[number];
  region?: string;
}

/** `clusters.scale`: either `nodes`, or `minNodes` and `maxNodes` with an optional `targetUtilization`. */
export interface ScaleOptions extends IdempotentRequestOptions {
  /** A fixed node count; turns autoscaling off. */
  nodes?: number;
  /** Autoscaling lower bound. */
  minNodes?: number;
  /** Autoscaling upper bound. */
  maxNodes?: number;
  /** Utilization the autoscaler aims for, in (0, 1] (server default 0.7). */
  targetUtilization?: number;
}

function scaleBody(options: Partial<ScaleOptions>): Record<string, number> {
  const { nodes, minNodes, maxNodes, targetUtilization } = options;
  const autoscaling = minNodes !== undefined || maxNodes !== undefined || targetUtilization !== undefined;
  if (nodes !== undefined) {
    if (autoscaling)
      throw ValidationError.forField('nodes', 'cannot be combined with minNodes, maxNodes or targetUtilization');
    return { nodes: checkInt('nodes', nodes, 0, 1000) };
  }
  if (minNodes === undefined || maxNodes === undefined) {
    throw ValidationError.forField(
      minNodes === undefined ? 'minNodes' : 'maxNodes',
      'is required: pass { nodes } or { minNodes, maxNodes, targetUtilization? }',
    );
  }
  const body: Record<string, number> = {
    min_nodes: checkInt('minNodes', minNodes, 0, 1000),
    max_nodes: checkInt('maxNodes', maxNodes, 1, 1000),
  };
  if (minNodes > maxNodes)
    throw ValidationError.forField('minNodes', `must not exceed maxNodes (${minNodes} > ${maxNodes})`);
  if (targetUtilization !== undefined)
    body.target_utilization = checkNumber('targetUtilization', targetUtilization, 0, 1);
  return body;
}

/** The clusters that run jobs (`client.clusters`). */
export class Clusters {
  constructor(private readonly core: Core) {}

  /**
   * The clusters, sorted by name, optionally filtered.
   *
   * @example
   * ```ts
   * const clusters = await client.clusters.list({ provider: 'aws', region: 'us-west-2' });
   * ```
   */
  async list(options?: ClusterListOptions): Promise<Cluster[]> {
    const opts = checkOptions('options', options);
    const query: Record<string, unknown> = {};
    if (opts.status !== undefined) query.status = checkChoice('status', opts.status, CLUSTER_STATUSES);
    if (opts.provider !== undefined) query.provider = checkChoice('provider', opts.provider, CLUSTER_PROVIDERS);
    if (opts.region !== undefined) query.region = checkString('region', opts.region, 64);
    const list = await this.core.call<{ items: Cluster[] }>(
      'list_clusters',
      (init) => this.core.api.GET('/v1/clusters', { params: { query }, ...init }),
      opts,
    );
    return list.items;
  }

  /**
   * One cluster; `include` embeds its metrics and nodes.
   *
   * @example
   * ```ts
   * const cluster = await client.clusters.get('my-cluster', { include: ['metrics', 'nodes'] });
   * ```
   */
  async get(
    name: string,
    options?: { include?: ClusterInclude[] | ClusterInclude } & RequestOptions,
  ): Promise<Cluster> {
    const cluster_name = checkString('name', name, 63);
    const opts = checkOptions('options', options);
    const query =
      opts.include === undefined ? undefined : { include: checkChoices('include', opts.include, CLUSTER_INCLUDES) };
    return this.core.call(
      'get_cluster',
      (init) =>
        this.core.api.GET('/v1/clusters/{cluster_name}', { params: { path: { cluster_name }, query }, ...init }),
      opts,
    );
  }

  /**
   * Set a fixed node count or autoscaling bounds; returns the cluster (status `scaling` until done).
   *
   * @example
   * ```ts
   * await client.clusters.scale('my-cluster', { nodes: 10 });
   * await client.clusters.scale('my-cluster', { minNodes: 2, maxNodes: 20, targetUtilization: 0.8 });
   * ```
   */
  async scale(name: string, options: ScaleOptions): Promise<Cluster> {
    const cluster_name = checkString('name', name, 63);
    const opts = checkOptions('options', options);
    const body = scaleBody(opts);
    return this.core.call(
      'scale_cluster',
      (init) =>
        this.core.api.POST('/v1/clusters/{cluster_name}/scale', { params: { path: { cluster_name } }, body, ...init }),
      opts,
    );
  }
}
