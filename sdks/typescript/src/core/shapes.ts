/**
 * Renaming between the API's snake_case fields and the SDK's camelCase ones, driven by the generated
 * shape tables so only the API's own fields are renamed: the keys of free-form maps (env, labels,
 * metadata) are left exactly as they are, and a field the SDK does not know yet is kept as sent.
 */
import { type Shape, shapes } from '../generated/shapes.js';
import { ValidationError } from './errors.js';

/** `next_page_token` -> `nextPageToken`, at the type level. */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/**
 * A generated wire type as the SDK presents it: camelCase fields, and enums open to values added to
 * the API later (`'running' | 'pending' | (string & {})` still autocompletes the known ones).
 */
export type Camelize<T> = T extends string
  ? string extends T
    ? T
    : T | (string & {})
  : T extends readonly (infer Item)[]
    ? Camelize<Item>[]
    : T extends object
      ? { [K in keyof T as K extends string ? CamelCase<K> : K]: Camelize<T[K]> }
      : T;

function shapeOf(name: string): Shape {
  const shape = shapes[name];
  if (shape === undefined) throw new Error(`no generated shape named ${name}`);
  return shape;
}

/** An API response body in the SDK's camelCase form (unknown fields kept, under their wire name). */
export function fromWire(shapeName: string | null, value: unknown): unknown {
  if (shapeName === null || value === null || typeof value !== 'object') return value;
  return renamed(shapeOf(shapeName), value);
}

/**
 * `fromWire` for a known shape. A plain loop over own keys rather than `Object.entries`, which
 * allocated an array per field: this runs on every field of every response.
 */
function renamed(shape: Shape, value: object): unknown {
  if (Array.isArray(value)) {
    const items = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      items[i] = item === null || typeof item !== 'object' ? item : renamed(shape, item);
    }
    return items;
  }
  const out: Record<string, unknown> = {};
  const fields = value as Record<string, unknown>;
  for (const key in fields) {
    if (!Object.hasOwn(fields, key)) continue;
    const item = fields[key];
    const field = shape[key];
    if (field === undefined) out[key] = item;
    else out[field[0]] = fromWire(field[1], item);
  }
  return out;
}

const reverse = new Map<string, Map<string, readonly [string, string | null]>>();

function wireNames(shapeName: string): Map<string, readonly [string, string | null]> {
  let names = reverse.get(shapeName);
  if (names === undefined) {
    names = new Map();
    for (const [wire, [camel, child]] of Object.entries(shapeOf(shapeName))) {
      names.set(camel, [wire, child]);
      names.set(wire, [wire, child]);
    }
    reverse.set(shapeName, names);
  }
  return names;
}

/**
 * A request body in the API's snake_case form. Both spellings of a field are accepted (`workingDir`
 * and `working_dir`, so templates written for any SDK work); an unknown field is refused before any
 * request, naming where it is.
 */
export function toWire(shapeName: string | null, value: unknown, path = '', source?: string): unknown {
  if (shapeName === null || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item, i) => toWire(shapeName, item, `${path}[${i}]`, source));
  const names = wireNames(shapeName);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const field = names.get(key);
    const where = path ? `${path}.${key}` : key;
    if (field === undefined) {
      const known = [...new Set([...names.values()].map(([wire]) => wire))].join(', ');
      throw ValidationError.forField(where, `is not a known field (expected one of ${known})`, source);
    }
    out[field[0]] = toWire(field[1], item, where, source);
  }
  return out;
}
