/**
 * Job templates: check a template client-side, merge submit overrides, build the wire request.
 *
 * Checks cover what the client can know without the server: required fields, unknown fields and
 * JSON types. Value rules that need the server (patterns, cluster existence) come back as a 422.
 */
import { ValidationError } from './errors.js';
import { toWire } from './shapes.js';

/** Overrides `jobs.submit` merges over a template. */
export interface SubmitOverrides {
  /** Run on this cluster instead of the template's. */
  cluster?: string;
  /** Higher runs first among queued jobs (-1000 to 1000). */
  priority?: number;
  /** Environment variables merged over the template's `env`. */
  env?: Record<string, string>;
  /** Labels merged over the template's. */
  labels?: Record<string, string>;
}

type Wire = Record<string, unknown>;

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function fail(field: string, problem: string, source?: string): ValidationError {
  return ValidationError.forField(field, problem, source);
}

function isRecord(value: unknown): value is Wire {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkString(where: string, value: unknown, source?: string): void {
  if (typeof value !== 'string') throw fail(where, `must be a string, got ${typeName(value)}`, source);
}

function checkInteger(where: string, value: unknown, source?: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw fail(where, `must be an integer, got ${typeName(value)} ${String(value)}`, source);
  }
}

function checkStringMap(where: string, value: unknown, source?: string): Record<string, string> {
  if (!isRecord(value)) throw fail(where, `must be a mapping of strings, got ${typeName(value)}`, source);
  for (const [key, item] of Object.entries(value)) checkString(`${where}.${key}`, item, source);
  return value as Record<string, string>;
}

function checkQuantity(where: string, resources: Wire, key: string, source?: string): void {
  const value = resources[key];
  if (value === undefined) return;
  // YAML reads `cpu: 2` as a number; the API wants the string "2".
  if (typeof value === 'number' && Number.isFinite(value)) resources[key] = String(value);
  else if (typeof value !== 'string')
    throw fail(`${where}.${key}`, `must be a string such as '2' or '4Gi', got ${typeName(value)}`, source);
}

function checkSpec(spec: unknown, source?: string): void {
  if (!isRecord(spec)) throw fail('spec', `must be a mapping, got ${typeName(spec)}`, source);
  const command = spec.command;
  if (command === undefined) throw fail('spec.command', 'is required', source);
  if (!Array.isArray(command))
    throw fail('spec.command', `must be a list of strings, got ${typeName(command)}`, source);
  if (command.length === 0) throw fail('spec.command', 'must not be empty', source);
  for (const [i, item] of command.entries()) checkString(`spec.command[${i}]`, item, source);
  for (const key of ['image', 'working_dir'] as const)
    if (spec[key] !== undefined) checkString(`spec.${key}`, spec[key], source);
  if (spec.timeout_seconds !== undefined) checkInteger('spec.timeout_seconds', spec.timeout_seconds, source);
  if (spec.env !== undefined) checkStringMap('spec.env', spec.env, source);
  if (spec.resources !== undefined) {
    const resources = spec.resources;
    if (!isRecord(resources)) throw fail('spec.resources', `must be a mapping, got ${typeName(resources)}`, source);
    checkQuantity('spec.resources', resources, 'cpu', source);
    checkQuantity('spec.resources', resources, 'memory', source);
    if (resources.gpu !== undefined) checkInteger('spec.resources.gpu', resources.gpu, source);
  }
}

/**
 * Check `template`, apply `overrides` and return the `JobSubmitRequest` body to send.
 *
 * @param source the file the template came from, named in errors
 * @example
 * ```ts
 * buildSubmitRequest({ name: 'my-job', spec: { command: ['echo', 'hi'] } }, { env: { A: '1' } }).env; // { A: '1' }
 * ```
 */
export function buildSubmitRequest(template: unknown, overrides: SubmitOverrides = {}, source?: string): Wire {
  if (!isRecord(template)) {
    throw new ValidationError(
      `${source ? `${source}: ` : ''}a job template must be an object with name and spec, got ${typeName(template)}`,
      { source: source ?? null },
    );
  }
  // structuredClone-free deep copy of plain JSON, so checks may normalise without touching the caller's object.
  const body = toWire('JobSubmitRequest', JSON.parse(JSON.stringify(template)), '', source) as Wire;
  if (body.name === undefined) throw fail('name', 'is required', source);
  checkString('name', body.name, source);
  if (body.spec === undefined) throw fail('spec', 'is required', source);
  checkSpec(body.spec, source);
  if (body.labels !== undefined) checkStringMap('labels', body.labels, source);
  if (body.env !== undefined) checkStringMap('env', body.env, source);
  if (body.cluster !== undefined) checkString('cluster', body.cluster, source);
  if (body.priority !== undefined) checkInteger('priority', body.priority, source);

  if (!isRecord(overrides)) throw fail('options', `must be an options object, got ${typeName(overrides)}`);
  const { cluster, priority, env, labels } = overrides as SubmitOverrides;
  if (cluster !== undefined) {
    checkString('cluster', cluster);
    body.cluster = cluster;
  }
  if (priority !== undefined) {
    checkInteger('priority', priority);
    if (priority < -1000 || priority > 1000) throw fail('priority', `must be between -1000 and 1000, got ${priority}`);
    body.priority = priority;
  }
  if (env !== undefined) body.env = { ...(body.env as Wire | undefined), ...checkStringMap('env', env) };
  if (labels !== undefined) body.labels = { ...(body.labels as Wire | undefined), ...checkStringMap('labels', labels) };
  return body;
}
